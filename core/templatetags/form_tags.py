from django import template

register = template.Library()


@register.filter
def option_list(bound_field) -> list[tuple[str, str]]:
    """(value, label) of a select as strings, read in one query: a province has thousands of
    organisations, and rendering each option through the widget templates costs more than the query."""
    field = bound_field.field
    choices = field.choices if hasattr(field, "choices") else field.widget.choices
    return [(str(value), str(label)) for value, label in choices]
