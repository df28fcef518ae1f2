from django.contrib import admin

from .models import Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ("code", "value", "unit", "regulation", "effective_from", "effective_to", "unconfirmed")
    list_filter = ("unconfirmed", "code")
    search_fields = ("code", "label", "regulation")
