"""The app's URLs plus a Django admin changelist of the members, as Django gives it with the filters the member list
benchmark uses (gender, status) and the same order and page size: what a user could pick instead of the app's list,
measured side by side with it (bench/run.py). Used only by the benchmark (settings.ROOT_URLCONF there)."""

from django.contrib import admin
from django.urls import path

from dangbo.urls import urlpatterns as app_urlpatterns
from members.models import Member


class MemberChangeList(admin.ModelAdmin):
    list_display = ("full_name", "date_of_birth", "gender", "organization", "temporary_organization", "status")
    list_filter = ("gender", "status")
    list_select_related = ("organization", "temporary_organization")
    ordering = ("name_sort", "id")
    list_per_page = 25


site = admin.AdminSite(name="bench_admin")
site.register(Member, MemberChangeList)

urlpatterns = [path("bench-admin/", site.urls), *app_urlpatterns]
