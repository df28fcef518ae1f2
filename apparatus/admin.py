from django import forms
from django.contrib import admin
from django.db import models

from core.admin import HistoryAdmin, ReadOnlyAdmin

from .models import AllowanceCategory, AllowanceRate, Body, Seat, Term


class AllowanceRateInline(admin.TabularInline):
    model = AllowanceRate
    extra = 1
    fields = ("monthly_amount", "effective_from", "effective_to", "regulation", "unconfirmed", "note")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}}


@admin.register(AllowanceCategory)
class AllowanceCategoryAdmin(HistoryAdmin):
    """Configuration: the categories and their dated monthly amounts."""

    list_display = ("label", "code", "sort_order")
    search_fields = ("label", "^code")
    inlines = [AllowanceRateInline]

    def has_delete_permission(self, request, obj=None):
        return False  # seats keep pointing at the category they were paid under


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ("organization", "label", "kind", "congress_on", "started_on", "ended_on")
    list_filter = ("kind",)
    list_select_related = ("organization",)
    search_fields = ("organization__name_search", "^label")


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ("organization", "kind", "term", "started_on", "ended_on")
    list_filter = ("kind",)
    list_select_related = ("organization", "term")
    search_fields = ("organization__name_search",)


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ("member", "position", "body", "started_on", "ended_on", "engagement", "allowance_category")
    list_filter = ("position", "engagement", "body__kind")
    list_select_related = ("member", "body__organization", "body__term", "allowance_category")
    search_fields = ("member__name_search", "body__organization__name_search")
