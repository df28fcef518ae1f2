from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import Admin

from .display import shown_value
from .models import Rule


@admin.register(Rule)
class RuleAdmin(Admin):
    list_display = ("label", "shown_value", "regulation", "effective_from", "effective_to", "unconfirmed", "code")
    list_filter = ("unconfirmed",)
    search_fields = ("^code", "label", "regulation", "note")

    @admin.display(description=_("value"))
    def shown_value(self, rule):
        return shown_value(rule).text
