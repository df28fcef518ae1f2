from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Holiday


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """A record that changes only through the app's dated services (rule checks, history with a reason): the
    administration shows it and its history, and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "name", "unconfirmed", "note")
    list_filter = ("unconfirmed",)
    date_hierarchy = "date"
    search_fields = ("name",)
