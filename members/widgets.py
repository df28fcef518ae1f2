"""Choosing a member without listing them all: the members a form may name can be a whole organisation's thousands.

The field renders a plain `<select>` while the choices are few and, above organizations.widgets.SELECT_MAX, the
organisation picker's search box (static/js/picker.js) asking the form's own search (`url`), which must answer from
the field's queryset with members/_pick_results.html: the page never carries more than the member already chosen.
"""

from django import forms

from organizations.widgets import OrganizationPicker


class MemberPicker(OrganizationPicker):
    """The organisation picker with a search of the form's own: nothing in its drawing is an organisation's."""

    def __init__(self, attrs=None, *, url: str = ""):
        super().__init__(attrs, url=url)


class MemberField(forms.ModelChoiceField):
    """A ModelChoiceField whose widget is the member picker; the form gives it its queryset and its search
    (`widget.url`), which must offer the same members."""

    def __init__(self, *, url: str = "", queryset=None, **kwargs):
        kwargs.setdefault("widget", MemberPicker(url=url))
        super().__init__(queryset=queryset, **kwargs)
