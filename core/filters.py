"""Filters shared by the lists (django-filter), all strict: a value a filter does not know is refused, never ignored
(core.views.ListPage answers 400 naming it)."""

import django_filters
from django.utils.translation import gettext_lazy as _


class YesNoFilter(django_filters.ChoiceFilter):
    """true / false; django-filter's BooleanFilter would take any other value as "no filter"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", _("Yes")), ("false", _("No"))])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return super().filter(qs, value == "true")
