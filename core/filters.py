"""Filters shared by the lists (django-filter), all strict: a value a filter does not know is refused, never ignored
(core.views.ListPage answers 400 naming it)."""

import copy

import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.filters import FilterMethod

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


def _filter_copy(filter_: django_filters.Filter) -> django_filters.Filter:
    """The filter with its own attributes, its own `extra` and no form field yet; a filter by a method of its
    filterset gets its own proxy of that method (django-filter's points back at the filter it was made for)."""
    copied = copy.copy(filter_)
    copied.extra = filter_.extra.copy()
    copied.__dict__.pop("_field", None)
    if isinstance(copied.__dict__.get("filter"), FilterMethod):
        copied.filter = FilterMethod(copied)
    return copied


def _kept_options(base: django_filters.Filter | None, filter_: django_filters.Filter) -> dict | None:
    """Where the filter's `<select>` options, as written out, are kept per language for every request
    (core.templatetags.form_tags.filter_select): on the filter the class declared, when this filterset's copy offers
    exactly its choices (fixed ones, none set for this request). None when they may differ from one request to
    another (a queryset, choices made per user or per call, a filter added for this request only)."""
    if not isinstance(base, django_filters.ChoiceFilter) or callable(base.extra.get("choices")):
        return None
    if filter_.extra.keys() != base.extra.keys() or any(filter_.extra[k] is not v for k, v in base.extra.items()):
        return None
    return base.__dict__.setdefault("_options_by_language", {})


class FilterSet(django_filters.FilterSet):
    """A filterset whose `defaults` apply when the request gives no value (the list's usual view: active members,
    seats held now); a value given that the filter cannot accept is refused, never replaced by the default."""

    defaults: dict[str, str] = {}

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        data = data.copy() if data is not None else {}
        for name, value in self.defaults.items():
            if not data.get(name):
                data[name] = value
        # django-filter's own __init__, but each filter copied alone rather than deep-copied with all it holds
        # (labels, choices, querysets: a thousand copies per page of the member list). A filterset changes its
        # filters' attributes (its model, itself as parent, a queryset or choices set for the user in `extra`),
        # never an object they share, so a copy of each filter and of its `extra` is enough.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = True
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {}
        for name, filter_ in self.base_filters.items():
            filter_ = _filter_copy(filter_)
            filter_.model = queryset.model
            filter_.parent = self
            self.filters[name] = filter_

    @property
    def form(self):
        """django-filter's form without its second deep copy of every field: the fields are this filterset's own
        (made by its filters, themselves copied for it), so the form takes them as they are. django-filter makes a
        form class per request whose fields the form then copies again: 0.9 ms of the member list's page."""
        if not hasattr(self, "_form"):
            form = self._meta.form(self.data if self.is_bound else None, prefix=self.form_prefix)
            for name, filter_ in self.filters.items():
                field = form.fields[name] = filter_.field
                options = _kept_options(self.base_filters.get(name), filter_)
                if options is not None:
                    field.options_by_language = options
            self._form = form
        return self._form
