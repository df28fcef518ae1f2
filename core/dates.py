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


def add_working_days(day: datetime.date, days: int) -> datetime.date:
    """`days` working days after `day`, counting Monday to Friday.

    Public holidays (Tết…) are not yet counted out: the configurable holiday calendar arrives with
    the petitions module; until then a deadline computed here can be a few days early, never late
    for the person who must act.
    """
    current = day
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
