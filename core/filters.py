"""Filters shared by the lists (django-filter), all strict: a value a filter does not know is refused, never ignored
(core.views.ListPage answers 400 naming it)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.text import search_q


class YesNoFilter(django_filters.ChoiceFilter):
    """true / false; django-filter's BooleanFilter would take any other value as "no filter"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No"))])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")


class SearchFilter(django_filters.CharFilter):
    """Every typed word begins a word of the folded name, diacritics and case ignored (core.text.search_q)."""

    def __init__(self, *args, search_field: str = "name_search", **kwargs):
        kwargs.setdefault("label", _("Search"))
        self.search_field = search_field
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(search_q(value, field=self.search_field)) if value else qs


class FilterSet(django_filters.FilterSet):
    """A filterset whose `defaults` apply when the request gives no value (the list's usual view: active members,
    seats held now); a value given that the filter cannot accept is refused, never replaced by the default."""

    defaults: dict[str, str] = {}

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        for name, value in self.defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, *args, **kwargs)

    @property
    def form(self):
        """django-filter's form without its second deep copy of every field: the fields are this filterset's own
        (made by its filters, themselves copied for it), so the form takes them as they are. django-filter makes a
        form class per request whose fields the form then copies again: 0.9 ms of the member list's page."""
        if not hasattr(self, "_form"):
            form = self._meta.form(self.data if self.is_bound else None, prefix=self.form_prefix)
            form.fields.update((name, filter_.field) for name, filter_ in self.filters.items())
            self._form = form
        return self._form
