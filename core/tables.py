"""The apps' tables' base and the columns they share (django-tables2)."""

import copy
import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.formats import date_format


class DateColumn(tables.DateColumn):
    """A date as text in `format` (dd/mm/yyyy by default). django-tables2's own compiles a template for every cell:
    on a page of the member list that was a fifth of the rendering; this formats the value directly, the same way
    the template's `date` filter does (an aware datetime in local time first). Exports keep the date itself."""

    empty_values = (None, "")  # the column's default shown for them, as for any column (its parent renders all)

    def __init__(self, format="d/m/Y", short=True, *args, **kwargs):
        super().__init__(format, short, *args, **kwargs)
        self.date_format = format

    def render(self, value, **kwargs):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, self.date_format)


class _Columns(dict):
    """A table class's columns, copied for each table one by one: django-tables2 deep-copies them per table (each
    column's attributes, labels and accessors, recursively: 1,600 copies per page of the member list). A table
    changes its columns' own attributes (shown or hidden, the row being drawn), never what they hold, so a copy of
    each column is enough."""

    def __deepcopy__(self, memo):
        return {name: copy.copy(column) for name, column in self.items()}


class Table(tables.Table):
    """The apps' tables: django-tables2's, with the columns copied per table as `_Columns` says."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.base_columns = _Columns(cls.base_columns)
