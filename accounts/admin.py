from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import RoleAssignment


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "organization", "started_on", "ended_on")
    list_filter = ("role",)
    autocomplete_fields = ("user",)
    raw_id_fields = ("organization",)
