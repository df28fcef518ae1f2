from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Holiday


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "name", "unconfirmed", "note")
    list_filter = ("unconfirmed",)
    date_hierarchy = "date"
    search_fields = ("name",)
