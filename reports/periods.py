"""The periods of the periodic reports, read from the rule periodic_report_periods (reports/migrations/0002):

    {kind: {"months": how many months a period covers, "numbers": how many periods of the kind a year has,
            "due_days": days after the period's last day the report is due, "required": [the numbers each
            grassroots organisation and superior committee owes]}}

Period n of a kind covers the months (n-1)·months+1 … n·months of the year: "half_year" and "nine_months" have one
period each, from January. Which rule is used: the one in force on the period's last day."""

import calendar
import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months, dmy
from rules.codes import PERIODIC_REPORT_PERIODS
from rules.selectors import RuleBook, RuleMissing, rule_book
from rules.usage import applies

from .models import PeriodKind, period_label

logger = logging.getLogger(__name__)

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

    @property
    def label(self) -> str:
        return period_label(self.kind, self.year, self.number)


def _bounds(year: int, number: int, months: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, (number - 1) * months + 1, 1)
    last_month = add_months(first, months - 1)
    return first, last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])


# the bounds of each number of a kind's spec: (key, lowest, highest)
SPEC_NUMBERS = (("months", 1, 12), ("numbers", 1, 12), ("due_days", 0, 366))


def _whole(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_periods_value(value) -> None:
    """The value of periodic_report_periods as period_of and periods_owed read it (registered with rules.checks:
    refused when the rule is saved): each kind of period (models.PeriodKind) with its months, periods in a year and
    due days as whole numbers within their bounds, the periods fitting in a year, the numbers owed among them."""
    if not isinstance(value, dict) or not value:
        raise ValidationError(_("The value maps each kind of period to its months, periods in a year, days to send "
                                "it and the periods owed."))
    errors = []
    for kind, spec in value.items():
        if kind not in PeriodKind.values:
            errors.append(_("“%(kind)s” is not a kind of period.") % {"kind": kind})
            continue
        if not isinstance(spec, dict):
            errors.append(_("%(kind)s: give its months, periods in a year, days to send it and the periods owed.")
                          % {"kind": kind})
            continue
        numbers = {}
        for key, low, high in SPEC_NUMBERS:
            number = _whole(spec.get(key))
            if number is None or not low <= number <= high:
                errors.append(_("%(kind)s: “%(key)s” must be a whole number from %(low)s to %(high)s.")
                              % {"kind": kind, "key": key, "low": low, "high": high})
            numbers[key] = number
        if numbers["months"] and numbers["numbers"] and numbers["months"] * numbers["numbers"] > 12:
            errors.append(_("%(kind)s: %(numbers)s periods of %(months)s months do not fit in a year.")
                          % {"kind": kind, "numbers": numbers["numbers"], "months": numbers["months"]})
        required = spec.get("required", [])
        if not isinstance(required, list) or any(
                _whole(n) is None or not 1 <= n <= (numbers["numbers"] or 0) for n in required):
            errors.append(_("%(kind)s: the periods owed must be a list of numbers from 1 to its periods in a year.")
                          % {"kind": kind})
    if errors:
        raise ValidationError(errors)


def _spec_numbers(spec) -> tuple[int, int, int]:
    """(months, numbers, due days) of a kind's spec; ValueError when it holds no such numbers (bad rule data)."""
    try:
        months, numbers, due_days = int(spec["months"]), int(spec["numbers"]), int(spec["due_days"])
    except (KeyError, TypeError, ValueError):
        raise ValueError(spec) from None
    if not (1 <= months <= 12 and 1 <= numbers and months * numbers <= 12 and due_days >= 0):
        raise ValueError(spec)
    return months, numbers, due_days


@applies(PERIODIC_REPORT_PERIODS, where=gettext_lazy("Periodic reports: the periods a report may cover, the day each "
                                                     "is due and the to-do before it"), page="reports:periodic")
def period_of(kind: str, year: int, number: int, *, book: RuleBook | None = None, field: str = "kind") -> Period:
    """The period (its months and due date) by the rule in force on its last day; refused on `field` otherwise (on
    the year when no rule was in force then, on `field` when the rule's value cannot be read)."""
    book = book or rule_book()
    try:
        year, number = int(year), int(number)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Choose the period.")}) from None
    if not 1930 <= year <= 9998:
        raise ValidationError({"year": _("Enter a year.")})
    unusable = ValidationError({field: _("The rule of the report periods cannot be read for this period: ask the "
                                         "administrator to correct it.")})
    # the rule of the year's end decides how long the kind's periods are, then the period's own last day
    try:
        specs = book.value(PERIODIC_REPORT_PERIODS, on=datetime.date(year, 12, 31))
        spec = specs.get(kind) if isinstance(specs, dict) else None
    except RuleMissing:
        spec = None
    if not spec:
        raise ValidationError({field: _("This kind of period is not reported in %(year)s.") % {"year": year}})
    try:
        months, numbers, _due = _spec_numbers(spec)
    except ValueError:
        raise unusable from None
    if not 1 <= number <= numbers:
        raise ValidationError({"number": _("Choose a number from 1 to %(n)s.") % {"n": numbers}})
    starts_on, ends_on = _bounds(year, number, months)
    try:
        in_force = book.value(PERIODIC_REPORT_PERIODS, on=ends_on)
    except RuleMissing:
        # before the first rule (the rules start on the Party's founding day): nothing says when it was due
        raise ValidationError({"year": _("No rule “%(code)s” is in force on %(date)s: check the date.") % {
            "code": PERIODIC_REPORT_PERIODS, "date": dmy(ends_on)}}) from None
    spec = (in_force.get(kind) if isinstance(in_force, dict) else None) or spec
    try:
        _months, _numbers, due_days = _spec_numbers(spec)
    except ValueError:
        raise unusable from None
    return Period(kind, year, number, starts_on, ends_on, ends_on + datetime.timedelta(days=due_days), months)


def periods_owed(today: datetime.date, *, book: RuleBook | None = None) -> list[Period]:
    """The periods every reporting organisation owes whose due date is at most REMIND_DAYS away or past (within
    OVERDUE_LOOKBACK_DAYS), of this year and the last, by the rule in force on each period's last day. A kind or a
    number the rule's value does not let be read (data saved before rules.checks refused it) is left out, never the
    page that shows the to-do."""
    book = book or rule_book()
    found = []
    for year in (today.year - 1, today.year):
        try:
            specs = book.value(PERIODIC_REPORT_PERIODS, on=datetime.date(year, 12, 31))
        except RuleMissing:
            continue
        if not isinstance(specs, dict):
            logger.warning("periodic_report_periods in force on 31/12/%s is not a mapping: no period owed", year)
            continue
        for kind, spec in specs.items():
            required = spec.get("required", []) if isinstance(spec, dict) else None
            if not isinstance(required, list):
                logger.warning("periodic_report_periods: %s has no list of the periods owed in %s", kind, year)
                continue
            for number in required:
                try:
                    period = period_of(kind, year, number, book=book)
                except ValidationError:
                    logger.warning("periodic_report_periods: %s %s of %s cannot be read", kind, number, year)
                    continue
                days = (period.due_on - today).days
                if -OVERDUE_LOOKBACK_DAYS <= days <= REMIND_DAYS and period.starts_on <= today:
                    found.append(period)
    return sorted(found, key=lambda p: (p.due_on, p.kind))
