from django.contrib import admin

from core.admin import Admin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(Admin):
    """Read-only: the log is read, filtered and exported on its own page (/audit/) and never edited. Its search
    matches as typed (a user name's start, a request id): the table is large, nothing is folded in Python."""

    list_display = ("when", "kind", "username", "ip_address", "method", "path", "detail")
    list_filter = ("kind",)
    search_fields = ("^username", "=request_id")
    date_hierarchy = "when"
    list_select_related = ("target_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
