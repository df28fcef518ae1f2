from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def filter_select(bound_field) -> SafeString:
    """A filter's `<select>` written in Python with its choices read once: each option through the widget
    templates (or a template loop) cost more than the list page's queries (the ethnic groups alone are 54)."""
    field = bound_field.field
    choices = field.choices if hasattr(field, "choices") else field.widget.choices
    value = bound_field.value()
    current = "" if value is None else str(value)
    options = "".join(
        f'<option value="{escape(key)}"{" selected" if str(key) == current else ""}>{escape(label)}</option>'
        for key, label in choices
    )
    return mark_safe(  # noqa: S308 - names, values and labels are escaped
        f'<select name="{escape(bound_field.html_name)}" id="{escape(bound_field.id_for_label)}"'
        f' class="form-select form-select-sm">{options}</select>'
    )
