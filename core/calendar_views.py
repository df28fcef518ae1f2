"""The working-day calendar page (/calendar/): each year's official schedule, its days off and substituted working
days, who entered it and when, and which years are not entered yet (their working-day deadlines are provisional).
Open to every logged-in user, like the rules page; the administrator keeps the data (/admin/, core.services)."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.dates import calendar_end_of, covered_through
from core.models import CalendarYear, Holiday
from core.views import Page


@dataclass
class Stamp:
    when: datetime.datetime
    user: object  # None: the initial data, or a change made outside a request


@dataclass
class YearBlock:
    year: int
    schedule: CalendarYear | None = None
    covered: bool = False  # entered, and every year since the first entered too
    days_off: list = field(default_factory=list)
    worked: list = field(default_factory=list)
    entered: Stamp | None = None
    updated: Stamp | None = None

    def touch(self, stamp: Stamp) -> None:
        if self.updated is None or stamp.when > self.updated.when:
            self.updated = stamp


def calendar_years(user, *, today: datetime.date) -> dict:
    """The calendar year by year, newest first (the reader: any logged-in user; the calendar is public). Four
    queries whatever the number of years: the schedules, the days, and the two histories (who entered a year,
    who last changed it or one of its days)."""
    schedules = {row.year: row for row in CalendarYear.objects.all()}
    covered_to = covered_through(schedules)
    years: dict[int, YearBlock] = {}

    def block(year: int) -> YearBlock:
        if year not in years:
            years[year] = YearBlock(year, schedules.get(year), covered_to is not None and year <= covered_to
                                    and year in schedules)
        return years[year]

    for year in [*schedules, today.year, today.year + 1]:
        block(year)
    for day in Holiday.objects.all():
        target = block(day.date.year)
        (target.worked if day.kind == Holiday.Kind.WORKING_DAY else target.days_off).append(day)
    for row in CalendarYear.history.select_related("history_user").order_by("history_date", "history_id"):
        if row.year not in schedules:
            continue  # a schedule removed since, or an old number of a year corrected
        target = block(row.year)
        stamp = Stamp(row.history_date, row.history_user)
        if target.entered is None or row.history_type == "+":
            target.entered = stamp
        target.touch(stamp)
    for row in Holiday.history.select_related("history_user").only(
            "date", "history_date", "history_user__username", "history_user__first_name",
            "history_user__last_name"):
        if row.date.year in years:
            years[row.date.year].touch(Stamp(row.history_date, row.history_user))
    return {"years": sorted(years.values(), key=lambda b: -b.year), "calendar_end": calendar_end_of(covered_to)}


class CalendarYearList(Page):
    """Every year of the working-day calendar, as a person reads it: open to every logged-in user."""

    needs = None
    title = _("Working-day calendar")
    template_name = "core/calendar.html"

    def context(self, **extra):
        return super().context(**calendar_years(self.user, today=datetime.date.today()), **extra)
