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
