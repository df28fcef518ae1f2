from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin

from .models import AllowanceCategory, AllowanceRate, Body, Seat, Term


class AllowanceRateInline(admin.TabularInline):
    model = AllowanceRate
    extra = 1
    fields = ("monthly_amount", "effective_from", "effective_to", "regulation", "unconfirmed", "note")


@admin.register(AllowanceCategory)
class AllowanceCategoryAdmin(SimpleHistoryAdmin):
    """Configuration: the categories and their dated monthly amounts."""

    list_display = ("code", "label", "sort_order")
    inlines = [AllowanceRateInline]

    def has_delete_permission(self, request, obj=None):
        return False  # seats keep pointing at the category they were paid under


@admin.register(Term)
class TermAdmin(ReadOnlyAdmin):
    list_display = ("organization", "label", "kind", "congress_on", "started_on", "ended_on")
    list_filter = ("kind",)
    search_fields = ("organization__name_search", "label")


@admin.register(Body)
class BodyAdmin(ReadOnlyAdmin):
    list_display = ("organization", "kind", "term", "started_on", "ended_on")
    list_filter = ("kind",)


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ("member", "position", "body", "started_on", "ended_on", "engagement", "allowance_category")
    list_filter = ("position", "engagement", "body__kind")
    search_fields = ("member__name_search",)
