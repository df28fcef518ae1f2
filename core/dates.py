"""Date arithmetic for regulated deadlines."""

import calendar
import datetime


def dmy(day: datetime.date) -> str:
    """A date as the UI and the messages show it: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day of the month `months` later (the last day when the month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def holidays_from(day: datetime.date) -> frozenset[datetime.date]:
    """The public holidays after `day` (one small query: the calendar holds a dozen days a year)."""
    from core.models import Holiday

    return frozenset(Holiday.objects.filter(date__gt=day).values_list("date", flat=True))


def add_working_days(day: datetime.date, days: int, *, holidays=None) -> datetime.date:
    """`days` working days after `day`: Monday to Friday, public holidays (core.Holiday: Tết…) not counted.

    `holidays` (a set of dates) lets a caller that computes many deadlines read the calendar once.
    """
    if holidays is None:
        holidays = holidays_from(day)
    current = day
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def is_working_day(day: datetime.date, *, holidays=None) -> bool:
    if holidays is None:
        holidays = holidays_from(day - datetime.timedelta(days=1))
    return day.weekday() < 5 and day not in holidays


def calendar_end_of(last_holiday: datetime.date | None) -> datetime.date | None:
    """The last day the holiday calendar covers, from its last holiday: 31 December of that year (the calendar is
    entered a year at a time). None when the calendar is empty."""
    return datetime.date(last_holiday.year, 12, 31) if last_holiday else None


def holiday_calendar_end() -> datetime.date | None:
    """The last day the holiday calendar covers (one query). A working-day deadline after it ignores holidays not
    yet entered, so it is provisional."""
    from django.db.models import Max

    from core.models import Holiday

    return calendar_end_of(Holiday.objects.aggregate(last=Max("date"))["last"])


def last_holiday_subquery():
    """The last holiday's date as a scalar subquery, for annotating a list without an extra query."""
    from django.db.models import Subquery

    from core.models import Holiday

    return Subquery(Holiday.objects.order_by("-date").values("date")[:1])


def beyond_calendar(day: datetime.date | None, calendar_end: datetime.date | None) -> bool:
    """Whether a working-day deadline falls after the last day the holiday calendar covers."""
    return bool(day) and (calendar_end is None or day > calendar_end)
