"""Choosing an organisation without listing them all: a province has thousands, the country tens of thousands.

A field with this widget renders a plain `<select>` while the user's choices are few (a cell secretary's two or a
committee's dozen) and, above `SELECT_MAX`, a search box that asks `organizations:pick` for the names that match
what is typed (static/js/picker.js), so a page never carries more than the one organisation already chosen. The
search answers from the same selector as the field's queryset (`organization_choices`), so it offers nothing the
form would refuse for scope.
"""

import functools
from urllib.parse import urlencode

import django_filters
from django import forms
from django.urls import reverse

from core.scope import VIEW

from .models import Organization
from .selectors import choices_at_least, organization_choices, transfer_destinations

SELECT_MAX = 100  # a select up to this many choices: scrolling beats typing for a short list


def _short_list(widget, select, name, value, attrs, *, empty: bool):
    """The widget drawn as its plain `select` (the Django widget it extends) when its choices are few (one bounded
    query decides the shape and, when short, fills it), else None: the picker's context is the caller's."""
    at_least = getattr(widget, "at_least", None)
    if at_least is not None and at_least() > SELECT_MAX:
        return None  # a search box, known from the scope or the kept figures: nothing to read
    iterator = widget.choices
    field = iterator.field
    queryset = iterator.queryset
    if queryset.model is Organization and _labels_by_name(field):
        # the ids and names alone, as tuples: a wide scope (a province's thousands) reads a hundred and one
        # organisations only to learn it needs the search box (as model instances, 1.2 ms of the member list's page)
        rows = list(queryset.select_related(None).values_list("pk", "name")[: SELECT_MAX + 1])
        choices = rows
    else:
        rows = list(queryset[: SELECT_MAX + 1])
        choices = [iterator.choice(row) for row in rows[:SELECT_MAX]]
    if len(rows) > SELECT_MAX:
        return None
    first = [("", field.empty_label)] if empty and field.empty_label is not None else []
    widget.choices = first + choices
    try:
        context = select.get_context(widget, name, value, attrs)
    finally:
        widget.choices = iterator
    context["picker"] = None
    return context


def _labels_by_name(field) -> bool:
    """Whether the field's choices are labelled by the organisation's name (its __str__), as by default."""
    return ("label_from_instance" not in vars(field)
            and type(field).label_from_instance is forms.ModelChoiceField.label_from_instance)


def _searchable(url: str) -> str:
    """picker.js appends `&q=<words>` to the search's address."""
    return url if "?" in url else f"{url}?"


class OrganizationPicker(forms.Select):
    """`url`: a search of the form's own (a page whose choices are not a scope's, such as the organisations under
    an inspection's authority); it must offer what the field's queryset accepts and nothing else."""

    template_name = "organizations/widgets/picker.html"
    is_picker = True
    at_least = None  # () -> how many choices there are at least (choices_at_least), when its field knows

    def __init__(self, attrs=None, *, action: str = VIEW, active_only: bool = True, holds_members: bool | None = None,
                 anywhere: bool = False, small: bool = False, url: str = ""):
        if small:
            attrs = {"class": "form-select form-select-sm", **(attrs or {})}
        super().__init__(attrs)
        self.action, self.active_only, self.holds_members, self.small = action, active_only, holds_members, small
        self.anywhere, self.url = anywhere, url

    def search_url(self) -> str:
        if self.url:
            return _searchable(self.url)
        if self.anywhere:
            return f"{reverse('organizations:pick')}?anywhere=1"
        params = {"action": self.action}
        if not self.active_only:
            params["ended"] = "1"
        if self.holds_members is not None:
            params["cells"] = "1" if self.holds_members else "0"
        return f"{reverse('organizations:pick')}?{urlencode(params)}"

    def id_for_label(self, id_):
        return id_  # the label names the search box, which carries the field's id

    def get_context(self, name, value, attrs):
        short = _short_list(self, forms.Select, name, value, attrs, empty=True)
        if short is not None:
            return short
        queryset, field = self.choices.queryset, self.choices.field
        context = forms.Widget.get_context(self, name, value, attrs)
        current = str(getattr(value, "pk", value) if value not in (None, "") else "")
        chosen = queryset.filter(pk=current).first() if current.isdigit() else None
        context["picker"] = {
            # what was sent stays in the form even when refused (the error says why); its name only when allowed
            "value": current,
            "label": field.label_from_instance(chosen) if chosen else "",
            "url": self.search_url(),
            "small": self.small,
        }
        return context


class OrganizationField(forms.ModelChoiceField):
    """A ModelChoiceField whose widget is the picker; `action`, `active_only` and `holds_members` say which
    organisations the search offers and must match the queryset the form gives it (`for_user` does both);
    `anywhere`: every active cell of the installation (a transfer's destination), for a user who manages members."""

    def __init__(self, *, action: str = VIEW, active_only: bool = True, holds_members: bool | None = None,
                 anywhere: bool = False, small: bool = False, url: str = "", queryset=None, at_least=None, **kwargs):
        kwargs.setdefault("widget", OrganizationPicker(action=action, active_only=active_only,
                                                       holds_members=holds_members, anywhere=anywhere, small=small,
                                                       url=url))
        super().__init__(queryset=queryset, **kwargs)
        self.widget.at_least = at_least

    def for_user(self, user, *, action: str | None = None):
        """The organisations the user may choose here (the same the search offers); `action` when a form's
        action is known only when it is drawn (an import's kind)."""
        widget = self.widget
        if action is not None:
            widget.action = action
        if widget.anywhere:
            self.queryset = transfer_destinations()
        else:
            self.queryset = organization_choices(user, widget.action, active_only=widget.active_only,
                                                 holds_members=widget.holds_members)
            widget.at_least = functools.partial(choices_at_least, user, widget.action, active_only=widget.active_only,
                                                holds_members=widget.holds_members)
        return self.queryset


class OrganizationFilter(django_filters.ModelChoiceFilter):
    """The list filters' organisation: the picker, with the sizes of a filter form."""

    field_class = OrganizationField

    def __init__(self, *args, action: str = VIEW, active_only: bool = False, holds_members: bool | None = None,
                 **kwargs):
        kwargs.update(action=action, active_only=active_only, holds_members=holds_members, small=True)
        super().__init__(*args, **kwargs)

    def for_user(self, user):
        extra = self.extra
        self.queryset = organization_choices(user, extra["action"], active_only=extra["active_only"],
                                             holds_members=extra["holds_members"])
        extra["at_least"] = functools.partial(choices_at_least, user, extra["action"],
                                              active_only=extra["active_only"], holds_members=extra["holds_members"])
        return self.queryset


class OrganizationMultiPicker(forms.SelectMultiple):
    """The picker for several organisations (a merge's sources, an inspection's subjects): a list while the choices
    are few, else the organisations chosen, each with a button that takes it out, and the search box that adds one
    more (static/js/picker.js, `data-picker-multiple`)."""

    template_name = "organizations/widgets/multi_picker.html"
    is_picker = True
    anywhere = False
    exclude = None  # an organisation the search leaves out (a merge's survivor)

    def __init__(self, attrs=None, *, action: str = VIEW, active_only: bool = True, holds_members: bool | None = None,
                 url: str = ""):
        super().__init__(attrs)
        self.action, self.active_only, self.holds_members, self.url = action, active_only, holds_members, url

    def search_url(self) -> str:
        url = OrganizationPicker.search_url(self)
        return f"{url}&exclude={self.exclude}" if self.exclude else url

    def id_for_label(self, id_):
        return id_

    def get_context(self, name, value, attrs):
        short = _short_list(self, forms.SelectMultiple, name, value, attrs, empty=False)
        if short is not None:
            return short
        queryset, field = self.choices.queryset, self.choices.field
        context = forms.Widget.get_context(self, name, value, attrs)
        wanted = [str(getattr(v, "pk", v)) for v in (value or []) if v not in (None, "")]
        found = {str(o.pk): o for o in queryset.filter(pk__in=[v for v in wanted if v.isdigit()])}
        context["picker"] = {
            # what was sent stays in the form even when refused (the error says why); a name only when allowed
            "chosen": [(v, field.label_from_instance(found[v]) if v in found else v) for v in dict.fromkeys(wanted)],
            "url": self.search_url(),
        }
        return context


class OrganizationMultipleField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose widget is the multiple picker; the form gives it its queryset (what may be
    chosen), which must lie within what the search offers for `action`."""

    def __init__(self, *, action: str = VIEW, active_only: bool = True, holds_members: bool | None = None,
                 url: str = "", queryset=None, **kwargs):
        kwargs.setdefault("widget", OrganizationMultiPicker(action=action, active_only=active_only,
                                                            holds_members=holds_members, url=url))
        super().__init__(queryset=queryset, **kwargs)
