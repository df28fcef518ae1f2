"""The periods of the periodic reports, read from the rule periodic_report_periods (reports/migrations/0002):

    {kind: {"months": how many months a period covers, "numbers": how many periods of the kind a year has,
            "due_days": days after the period's last day the report is due, "required": [the numbers each
            grassroots organisation and superior committee owes]}}

Period n of a kind covers the months (n-1)·months+1 … n·months of the year: "half_year" and "nine_months" have one
period each, from January. Which rule is used: the one in force on the period's last day."""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months
from rules.codes import PERIODIC_REPORT_PERIODS
from rules.selectors import RuleBook, RuleMissing, rule_book
from rules.usage import applies

# how many days before its due date a report owed appears on the to-do (and on the home page); overdue ones stay
REMIND_DAYS = 20
# how far back an overdue report still shows on the to-do
OVERDUE_LOOKBACK_DAYS = 366


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int
    starts_on: datetime.date
    ends_on: datetime.date
    due_on: datetime.date
    months: int

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.year, self.number)


def _bounds(year: int, number: int, months: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, (number - 1) * months + 1, 1)
    last_month = add_months(first, months - 1)
    return first, last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])


@applies(PERIODIC_REPORT_PERIODS, where=gettext_lazy("Periodic reports: the periods a report may cover, the day each "
                                                     "is due and the to-do before it"), page="reports:periodic")
def period_of(kind: str, year: int, number: int, *, book: RuleBook | None = None, field: str = "kind") -> Period:
    """The period (its months and due date) by the rule in force on its last day; refused on `field` otherwise."""
    book = book or rule_book()
    try:
        year, number = int(year), int(number)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choose the period.")}) from None
    if not 1930 <= year <= 9998:
        raise ValidationError({"year": _("Enter a year.")})
    # the rule of the year's end decides how long the kind's periods are, then the period's own last day
    try:
        spec = book.value(PERIODIC_REPORT_PERIODS, on=datetime.date(year, 12, 31)).get(kind)
    except RuleMissing:
        spec = None
    if not spec:
        raise ValidationError({field: _("This kind of period is not reported in %(year)s.") % {"year": year}})
    if not 1 <= number <= int(spec["numbers"]):
        raise ValidationError({"number": _("Choose a number from 1 to %(n)s.") % {"n": spec["numbers"]}})
    starts_on, ends_on = _bounds(year, number, int(spec["months"]))
    spec = book.value(PERIODIC_REPORT_PERIODS, on=ends_on).get(kind, spec)
    return Period(kind, year, number, starts_on, ends_on, ends_on + datetime.timedelta(days=int(spec["due_days"])),
                  int(spec["months"]))


def periods_owed(today: datetime.date, *, book: RuleBook | None = None) -> list[Period]:
    """The periods every reporting organisation owes whose due date is at most REMIND_DAYS away or past (within
    OVERDUE_LOOKBACK_DAYS), of this year and the last, by the rule in force on each period's last day."""
    book = book or rule_book()
    found = []
    for year in (today.year - 1, today.year):
        try:
            specs = book.value(PERIODIC_REPORT_PERIODS, on=datetime.date(year, 12, 31))
        except RuleMissing:
            continue
        for kind, spec in specs.items():
            for number in spec.get("required", []):
                period = period_of(kind, year, number, book=book)
                days = (period.due_on - today).days
                if -OVERDUE_LOOKBACK_DAYS <= days <= REMIND_DAYS and period.starts_on <= today:
                    found.append(period)
    return sorted(found, key=lambda p: (p.due_on, p.kind))


def kinds_in_force(on: datetime.date, *, book: RuleBook | None = None) -> dict[str, dict]:
    book = book or rule_book()
    try:
        return dict(book.value(PERIODIC_REPORT_PERIODS, on=on))
    except RuleMissing:
        return {}
