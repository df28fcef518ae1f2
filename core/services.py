"""Every write to the working-day calendar: a year's official schedule entered, changed or removed; a day off or a
substituted working day added, changed or removed. Keyword-only, one transaction each, full_clean(), history with
the actor and the reason. Each change calls the hook core.hooks.calendar_changed inside its transaction, from the
first day it touches, so the apps above recompute what they store (the petitions' deadlines) in the same commit.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from core.dates import dmy
from core.history import save_with_history, stamp
from core.hooks import calendar_changed
from core.models import CalendarYear, Holiday
from core.validation import require_date, require_text


def _years(*days: datetime.date) -> str:
    return ", ".join(str(year) for year in sorted({day.year for day in days}))


def _changed(*, from_day: datetime.date, years: str, change: str, actor) -> None:
    calendar_changed(from_day=from_day, actor=actor,
                     reason=_("the calendar of %(years)s was updated: %(change)s") % {"years": years,
                                                                                      "change": change})


# -- a year's official schedule ---------------------------------------------------------------------------------

def _fill_year(row: CalendarYear, *, year, source, published_on, unconfirmed, note) -> CalendarYear:
    row.year = year
    row.source = require_text(source, "source", _("Enter the announcement the schedule comes from (its number, "
                                                  "date and issuing body)."))
    row.published_on = published_on
    row.unconfirmed = bool(unconfirmed)
    row.note = (note or "").strip()
    return row


@transaction.atomic
def calendar_year_enter(*, actor, year: int, source: str, published_on: datetime.date | None = None,
                        unconfirmed: bool = False, note: str = "", reason: str = "") -> CalendarYear:
    """Enter a year's official schedule: from now on the calendar covers that year (once every year before it since
    the first is entered too), so its working-day deadlines are no longer provisional."""
    row = _fill_year(CalendarYear(), year=year, source=source, published_on=published_on, unconfirmed=unconfirmed,
                     note=note)
    save_with_history(row, actor=actor, reason=reason or _("Official schedule entered"))
    _changed(from_day=datetime.date(row.year, 1, 1), years=str(row.year), actor=actor,
             change=_("official schedule entered (%(source)s)") % {"source": row.source})
    return row


@transaction.atomic
def calendar_year_change(*, actor, calendar_year: CalendarYear, year: int, source: str,
                         published_on: datetime.date | None = None, unconfirmed: bool = False, note: str = "",
                         reason: str = "") -> CalendarYear:
    """Correct a year's schedule record (its source, the announcement's date, a note; or the year itself)."""
    before = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk).year
    row = _fill_year(calendar_year, year=year, source=source, published_on=published_on, unconfirmed=unconfirmed,
                     note=note)
    save_with_history(row, actor=actor, reason=reason or _("Official schedule changed"))
    _changed(from_day=datetime.date(min(before, row.year), 1, 1),
             years=", ".join(str(y) for y in sorted({before, row.year})), actor=actor,
             change=_("official schedule changed (%(source)s)") % {"source": row.source})
    return row


@transaction.atomic
def calendar_year_remove(*, actor, calendar_year: CalendarYear, reason: str = "") -> None:
    """Remove a schedule entered by mistake: the calendar no longer covers that year (nor the years after it)."""
    year = calendar_year.year
    stamp(calendar_year, actor=actor, reason=reason or _("Official schedule removed"))
    calendar_year.delete()
    _changed(from_day=datetime.date(year, 1, 1), years=str(year), actor=actor,
             change=_("official schedule removed"))


# -- days off and substituted working days ----------------------------------------------------------------------

def _fill_day(row: Holiday, *, date, kind, name, unconfirmed, note) -> Holiday:
    row.date = require_date(date, "date")
    row.kind = kind or ""
    row.name = require_text(name, "name", _("Enter the name of the day: the holiday, or what the day is worked "
                                            "for."))
    row.unconfirmed = bool(unconfirmed)
    row.note = (note or "").strip()
    return row


def _day_label(row: Holiday) -> str:
    return _("%(kind)s %(date)s (%(name)s)") % {"kind": row.get_kind_display(), "date": dmy(row.date),
                                                "name": row.name}


@transaction.atomic
def holiday_add(*, actor, date: datetime.date, kind: str = Holiday.Kind.DAY_OFF, name: str, unconfirmed: bool = False,
                note: str = "", reason: str = "") -> Holiday:
    """Add a day off (a weekday) or a substituted working day (a Saturday or Sunday worked)."""
    row = _fill_day(Holiday(), date=date, kind=kind, name=name, unconfirmed=unconfirmed, note=note)
    save_with_history(row, actor=actor, reason=reason or _("Added to the calendar"))
    _changed(from_day=row.date, years=_years(row.date), actor=actor,
             change=_("%(day)s added") % {"day": _day_label(row)})
    return row


@transaction.atomic
def holiday_change(*, actor, holiday: Holiday, date: datetime.date, kind: str, name: str, unconfirmed: bool = False,
                   note: str = "", reason: str = "") -> Holiday:
    """Correct a day of the calendar (moved, renamed, confirmed, or turned from a day off into a working day)."""
    before = Holiday.objects.select_for_update().get(pk=holiday.pk).date
    row = _fill_day(holiday, date=date, kind=kind, name=name, unconfirmed=unconfirmed, note=note)
    save_with_history(row, actor=actor, reason=reason or _("Changed in the calendar"))
    change = (_("%(day)s changed") % {"day": _day_label(row)} if before == row.date else
              _("%(day)s moved from %(before)s") % {"day": _day_label(row), "before": dmy(before)})
    _changed(from_day=min(before, row.date), years=_years(before, row.date), actor=actor, change=change)
    return row


@transaction.atomic
def holiday_remove(*, actor, holiday: Holiday, reason: str = "") -> None:
    """Remove a day entered by mistake (or cancelled by a later announcement)."""
    label, day = _day_label(holiday), holiday.date
    stamp(holiday, actor=actor, reason=reason or _("Removed from the calendar"))
    holiday.delete()
    _changed(from_day=day, years=_years(day), actor=actor, change=_("%(day)s removed") % {"day": label})
