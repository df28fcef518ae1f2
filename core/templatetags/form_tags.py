from html import escape as esc  # the stdlib's, for texts: Django's, lazy-aware, costs 5× more per call

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.filter
def filter_select(bound_field) -> SafeString:
    """A filter's `<select>` written in Python with its choices read once: each option through the widget
    templates (or a template loop) cost more than the list page's queries (the ethnic groups alone are 54)."""
    field = bound_field.field
    value = bound_field.value()
    current = "" if value is None else str(value)
    kept = getattr(field, "options_by_language", None)  # fixed choices: written once per language (core.filters)
    written = kept.get(get_language()) if kept is not None else None
    if written is None:
        choices = field.choices if hasattr(field, "choices") else field.widget.choices
        written = [(key, f'<option value="{esc(key)}">{esc(str(label))}</option>',
                    f'<option value="{esc(key)}" selected>{esc(str(label))}</option>')
                   for key, label in ((str(key), label) for key, label in choices)]
        if kept is not None:
            kept[get_language()] = written
    options = "".join(selected if key == current else plain for key, plain, selected in written)
    return mark_safe(  # noqa: S308 - names, values and labels are escaped
        f'<select name="{esc(bound_field.html_name)}" id="{esc(bound_field.id_for_label)}"'
        f' class="form-select form-select-sm">{options}</select>'
    )


@register.simple_tag
def filter_fields(form) -> SafeString:
    """A list's filters, each a column with its label: a `<select>` (filter_select), an organisation picker (its
    widget) or a search box. Written in Python: through the template engine, a form of sixteen filters cost the
    member list about a fifth of its page (members/tests/test_list_rows.py holds it to the template it replaced)."""
    out = []
    for field in form:
        widget = field.field.widget
        ident = esc(field.id_for_label)
        if getattr(widget, "is_picker", False):
            control = str(field)
        elif getattr(widget, "input_type", None) == "select":
            control = filter_select(field)
        else:
            value = field.value()
            control = (f'<input name="{esc(field.html_name)}" id="{ident}" value="{esc(str(localize(value or "")))}"'
                       ' class="form-control form-control-sm" type="search">')
        out.append(f'<div class="col-sm-6 col-md-4 col-xl">\n      <label class="form-label small mb-0" for="{ident}">'
                   f"{esc(str(field.label))}</label>\n      {control}\n    </div>")
    return mark_safe("\n    ".join(out))  # noqa: S308 - names, values and labels are escaped; widgets escape their own
