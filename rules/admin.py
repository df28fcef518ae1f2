from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import Admin, RevisionAdminForm
from core.forms import bound_field
from core.versions import carry_version

from .display import shown_value
from .models import Rule


class RuleForm(RevisionAdminForm):
    """The rule as the administrator edits it, with the revision it was read at (core.versions), and the bounds every
    form applies (core.forms.bound_field: its dates within the bounds of every date, its note within the longest free
    text)."""

    class Meta:
        model = Rule
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.JSONField):  # a JSON value is bounded by what it parses to, not its length
                bound_field(name, field)


@admin.register(Rule)
class RuleAdmin(Admin):
    form = RuleForm
    list_display = ("label", "shown_value", "regulation", "effective_from", "effective_to", "unconfirmed", "code")
    list_filter = ("unconfirmed",)
    search_fields = ("^code", "label", "regulation", "note")

    @admin.display(description=_("value"))
    def shown_value(self, rule):
        return shown_value(rule).text

    def save_model(self, request, obj, form, change):
        if change:  # the save itself is checked against the revision read, not only the form's clean()
            carry_version(obj, form.cleaned_data.get("read_revision"))
        super().save_model(request, obj, form, change)
