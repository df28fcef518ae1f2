"""Date arithmetic for regulated deadlines, over the working-day calendar (core.models: the days off that fall on a
weekday, the Saturdays and Sundays worked in exchange for a bridge day off, and each year's official schedule)."""

import calendar
import datetime
from dataclasses import dataclass


def dmy(day: datetime.date) -> str:
    """A date as the UI and the messages show it: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day of the month `months` later (the last day when the month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class WorkingCalendar(frozenset):
    """The calendar's exceptions to Monday-to-Friday, as read once by holidays_from(): the set itself holds the days
    off (`day in holidays`, as callers have always asked), `worked` the substituted working days (a Saturday worked
    in exchange for a bridge day off). A plain set of dates is still accepted wherever a calendar is: it has no
    worked days."""

    worked: frozenset

    def __new__(cls, days_off=(), worked=()):
        self = super().__new__(cls, days_off)
        self.worked = frozenset(worked)
        return self

    def __repr__(self) -> str:
        return f"WorkingCalendar(off={sorted(self)!r}, worked={sorted(self.worked)!r})"


def _worked(holidays) -> frozenset:
    return getattr(holidays, "worked", frozenset())


def holidays_from(day: datetime.date) -> WorkingCalendar:
    """The calendar after `day`: its days off, and its substituted working days as `.worked` (one small query: the
    calendar holds a dozen days a year)."""
    from core.models import Holiday

    rows = Holiday.objects.filter(date__gt=day).values_list("date", "kind")
    off, worked = [], []
    for date, kind in rows:
        (worked if kind == Holiday.Kind.WORKING_DAY else off).append(date)
    return WorkingCalendar(off, worked)


def _is_working(day: datetime.date, holidays, worked) -> bool:
    return day in worked or (day.weekday() < 5 and day not in holidays)


def add_working_days(day: datetime.date, days: int, *, holidays=None) -> datetime.date:
    """`days` working days after `day`: Monday to Friday, days off (core.Holiday: Tết…) not counted, substituted
    working days (a Saturday worked for a bridge day off) counted.

    `holidays` (holidays_from(), or a plain set of days off) lets a caller that computes many deadlines read the
    calendar once.
    """
    if holidays is None:
        holidays = holidays_from(day)
    worked = _worked(holidays)
    current = day
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if _is_working(current, holidays, worked):
            remaining -= 1
    return current


def is_working_day(day: datetime.date, *, holidays=None) -> bool:
    if holidays is None:
        holidays = holidays_from(day - datetime.timedelta(days=1))
    return _is_working(day, holidays, _worked(holidays))


def covered_through(years) -> int | None:
    """The last year the calendar covers, from the years whose official schedule is entered: the end of the run of
    consecutive years from the first one (a year missing stops it). None when no year is entered."""
    last = None
    for year in sorted(set(years)):
        if last is not None and year != last + 1:
            break
        last = year
    return last


def calendar_end_of(last: datetime.date | int | None) -> datetime.date | None:
    """31 December of the last year the calendar covers (a year, as calendar_year_subquery() annotates it, or a day
    of that year). None when the calendar covers no year."""
    if last is None:
        return None
    year = last if isinstance(last, int) else last.year
    return datetime.date(year, 12, 31)


def holiday_calendar_end() -> datetime.date | None:
    """The last day the calendar covers (one query): 31/12 of the last year whose official schedule is entered,
    without a gap since the first. A working-day deadline after it ignores the days off and substituted working
    days not yet entered, so it is provisional."""
    from core.models import CalendarYear

    return calendar_end_of(covered_through(CalendarYear.objects.values_list("year", flat=True)))


def calendar_year_subquery():
    """The last year the calendar covers (covered_through) as a scalar subquery, for annotating a list without an
    extra query; calendar_end_of() turns it into the last day."""
    from django.db.models import Exists, OuterRef, Subquery

    from core.models import CalendarYear

    followed = CalendarYear.objects.filter(year=OuterRef("year") + 1)
    return Subquery(CalendarYear.objects.filter(~Exists(followed)).order_by("year").values("year")[:1])


def last_holiday_subquery():
    """Kept for older callers: now the last year the calendar covers (calendar_year_subquery), which
    calendar_end_of() reads as before."""
    return calendar_year_subquery()


def beyond_calendar(day: datetime.date | None, calendar_end: datetime.date | None) -> bool:
    """Whether a working-day deadline falls after the last day the calendar covers."""
    return bool(day) and (calendar_end is None or day > calendar_end)


@dataclass(frozen=True)
class Deadline:
    """A working-day deadline and whether it is provisional: it falls in a year whose official schedule of holidays
    and substituted working days has not been entered yet, so it moves when that schedule is entered."""

    on: datetime.date
    provisional: bool = False

    def __str__(self) -> str:
        return dmy(self.on)


def working_deadline(day: datetime.date, days: int, *, holidays=None, calendar_end=...) -> Deadline:
    """`days` working days after `day`, marked provisional beyond the calendar entered so far. A caller computing
    many deadlines passes `holidays` and `calendar_end` (read once)."""
    on = add_working_days(day, days, holidays=holidays)
    if calendar_end is ...:
        calendar_end = holiday_calendar_end()
    return Deadline(on, beyond_calendar(on, calendar_end))
