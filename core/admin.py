"""The administration (/admin/): its titles, one search that ignores diacritics, and the history pages, shared by
every app's admin.

Search (`FoldedSearchMixin`): the term is folded as the app folds it (core.text.fold: lower case, no diacritics,
đ→d), so "Hỗ trợ sinh sản" and "ho tro sinh san" find the same rows. Each word of the term must match one of the
admin's `search_fields`, which say how:

- a field whose name ends in `_search` (`name_search`, `organization__name_search`) is a stored folded key: the word
  must begin one of its words (core.text.search_q, as the app's own search);
- `^field` / `=field`: the word as typed, at the start of / equal to the field (codes, user names, citizen IDs);
- any other field is folded in Python over the rows being searched: keep these to small tables (configuration,
  user accounts), a large table needs a folded column.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import Q
from django.utils.encoding import force_str
from django.utils.translation import gettext, gettext_noop, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import RevisionField
from .history import stamp
from .models import CalendarYear, Holiday
from .services import (
    calendar_year_change,
    calendar_year_enter,
    calendar_year_remove,
    holiday_add,
    holiday_change,
    holiday_remove,
)
from .text import fold, search_q
from .versions import Versioned, carry_version, stale_edit

admin.site.site_header = _("Party building: administration")
admin.site.site_title = _("Party building: administration")
admin.site.index_title = _("Configuration, accounts and roles")

FOLDED_SUFFIX = "_search"
WEEKDAYS = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))


def _split(search_fields) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """(folded key fields, (lookup, field) of the fields matched as typed, fields folded in Python)."""
    folded, typed, python = [], [], []
    for name in map(str, search_fields):
        if name.startswith("^"):
            typed.append(("istartswith", name[1:]))
        elif name.startswith("="):
            typed.append(("iexact", name[1:]))
        elif name.startswith("@"):
            python.append(name[1:])
        elif name.endswith(FOLDED_SUFFIX):
            folded.append(name)
        else:
            python.append(name)
    return folded, typed, python


def folded_search(queryset, search_fields, term: str) -> tuple[object, bool]:
    """`queryset` narrowed to the rows where every word of `term` matches one of `search_fields` (see the module's
    docstring), and whether the result may hold a row twice (a search across a to-many relation)."""
    words = fold(term).split()
    raw_words = term.split()
    if not words or not search_fields:
        return queryset, False
    folded, typed, python = _split(search_fields)
    python_rows: list[tuple[object, str]] = []
    if python:
        texts: dict[object, list[str]] = {}
        for pk, *values in queryset.order_by().values_list("pk", *python):
            texts.setdefault(pk, []).extend(fold(force_str(v)) for v in values if v not in (None, ""))
        python_rows = [(pk, " | ".join(values)) for pk, values in texts.items()]
    condition = Q()
    for index, word in enumerate(words):
        either = Q()
        for name in folded:
            either |= search_q(word, name)
        raw = raw_words[index] if len(raw_words) == len(words) else term.strip()
        for lookup, name in typed:
            either |= Q(**{f"{name}__{lookup}": raw})
        if python:
            either |= Q(pk__in=[pk for pk, text in python_rows if word in text])
        condition &= either
    opts = queryset.model._meta
    paths = folded + [name for _lookup, name in typed] + python
    duplicates = any(lookup_spawns_duplicates(opts, path) for path in paths)
    return queryset.filter(condition), duplicates


class FoldedSearchMixin:
    """The admin's search (list and autocomplete) with or without diacritics, as the app searches."""

    search_help_text = _("Type with or without diacritics: “Hỗ trợ sinh sản” and “ho tro sinh san” find the same.")

    def get_search_results(self, request, queryset, search_term):
        return folded_search(queryset, self.get_search_fields(request), search_term)


class Admin(FoldedSearchMixin, admin.ModelAdmin):
    """A configuration model without a history."""


class RevisionAdminForm(forms.ModelForm):
    """An administration form of a Versioned record carries the revision it was drawn from (core.versions): a save
    over someone else's newer one is refused with what changed, and the field moves to the current revision so that
    saving again, having looked, replaces it. (Not named `revision`: the admin refuses a form field named like a
    non-editable model field.)"""

    read_revision = RevisionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["read_revision"].initial = self.instance.revision

    def clean(self):
        data = super().clean()
        read = data.get("read_revision")
        if self.instance.pk is not None and read:
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk) \
                .values_list("revision", flat=True).first()
            if current is not None and current != read:
                error = stale_edit(self.instance, read)
                self.data = self.data.copy()
                self.data[self.add_prefix("read_revision")] = str(error.current)
                raise error
        return data


class HistoryAdmin(FoldedSearchMixin, SimpleHistoryAdmin):
    """A model with a history: its history page in the administration's language, each change kept with the acting
    user and a reason, like the app's own services."""

    object_history_template = "admin/simple_history/object_history.html"
    object_history_list_template = "admin/simple_history/object_history_list.html"
    object_history_form_template = "admin/simple_history/object_history_form.html"
    change_reason = _("Changed in the administration")

    def history_view_title(self, request, obj):
        return gettext("History of changes: %s") % force_str(obj)

    def history_form_view_title(self, request, obj):
        return gettext("Version of %s") % force_str(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and isinstance(obj, Versioned) and not issubclass(self.form, RevisionAdminForm):
            kwargs["form"] = type(f"Revision{self.form.__name__}", (RevisionAdminForm, self.form), {})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and isinstance(obj, Versioned) and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets = [(name, {**options, "fields": [*options["fields"], "read_revision"]}), *fieldsets[1:]]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change:
            carry_version(obj, form.cleaned_data.get("read_revision"))
        stamp(obj, actor=request.user, reason=str(self.change_reason))
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            stamp(inline_form.instance, actor=request.user, reason=str(self.change_reason))
        super().save_formset(request, form, formset, change)


class ReadOnlyAdmin(HistoryAdmin):
    """A record that changes only through the app's dated services (rule checks, history with a reason): the
    administration shows it and its history, and changes nothing."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CalendarAdmin(HistoryAdmin):
    """The calendar's days and years are written by core.services (history with the user, the petitions' deadlines
    recomputed through the hook calendar_changed): the administration's save and delete go through them."""

    fields: tuple = ()
    add_reason = _("Added in the administration")
    delete_reason = _("Removed in the administration")

    def service_data(self, form) -> dict:
        return {name: form.cleaned_data.get(name) for name in self.fields}

    def add(self, request, data):
        raise NotImplementedError

    def change(self, request, obj, data):
        raise NotImplementedError

    def remove(self, request, obj):
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        if change:
            carry_version(obj, form.cleaned_data.get("read_revision"))
            self.change(request, obj, self.service_data(form))
            return
        created = self.add(request, self.service_data(form))
        obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db

    def delete_model(self, request, obj):
        self.remove(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.remove(request, obj)


@admin.register(Holiday)
class HolidayAdmin(CalendarAdmin):
    fields = ("date", "kind", "name", "unconfirmed", "note")
    list_display = ("date", "weekday", "kind", "name", "unconfirmed", "note")
    list_filter = ("kind", "unconfirmed")
    date_hierarchy = "date"
    search_fields = ("name", "note")

    @admin.display(description=_("day of the week"), ordering="date")
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]

    def add(self, request, data):
        return holiday_add(actor=request.user, reason=str(self.add_reason), **data)

    def change(self, request, obj, data):
        return holiday_change(actor=request.user, holiday=obj, reason=str(self.change_reason), **data)

    def remove(self, request, obj):
        holiday_remove(actor=request.user, holiday=obj, reason=str(self.delete_reason))


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarAdmin):
    fields = ("year", "source", "published_on", "unconfirmed", "note")
    list_display = ("year", "source", "published_on", "unconfirmed")
    list_filter = ("unconfirmed",)
    search_fields = ("source", "note")

    def add(self, request, data):
        return calendar_year_enter(actor=request.user, reason=str(self.add_reason), **data)

    def change(self, request, obj, data):
        return calendar_year_change(actor=request.user, calendar_year=obj, reason=str(self.change_reason), **data)

    def remove(self, request, obj):
        calendar_year_remove(actor=request.user, calendar_year=obj, reason=str(self.delete_reason))


# Strings of Django's own administration that its Vietnamese catalogue lacks (Django 5.2): listed here so that
# `makemessages` puts them in ours, which is searched before Django's own (LOCALE_PATHS). Nothing reads this tuple.
DJANGO_ADMIN_STRINGS = (
    gettext_noop("History"),  # Django's Vietnamese says "Bản ghi nhớ" (a memo): ours can say "Lịch sử thay đổi"
    gettext_noop("Add link"),
    gettext_noop("Added:"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Change or view list link"),
    gettext_noop("Changed:"),
    gettext_noop("Deleted:"),
    gettext_noop("Error:"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Hide counts"),
    gettext_noop("Show counts"),
    gettext_noop("Model name"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Sidebar"),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    ngettext_lazy("%(counter)s result", "%(counter)s results", "counter"),
    ngettext_lazy("%(total_count)s selected", "All %(total_count)s selected", "total_count"),
    ngettext_lazy("%(count)s %(name)s was changed successfully.", "%(count)s %(name)s were changed successfully.",
                  "count"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
)
