from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Member


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    """Only the login account is set here (for the "member" role); the file changes through the app's services."""

    list_display = ("full_name", "date_of_birth", "organization", "status", "user")
    list_filter = ("status",)
    search_fields = ("name_search", "citizen_id")
    list_select_related = ("organization", "user")
    fields = ("full_name", "date_of_birth", "citizen_id", "organization", "status", "user")
    readonly_fields = ("full_name", "date_of_birth", "citizen_id", "organization", "status")
    autocomplete_fields = ("user",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
