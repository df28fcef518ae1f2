"""When an organisation's next congress falls due, from the rule data in force at its last congress.

Grassroots and superior committees hold one congress per term. Subordinate cells and sub-committees hold
`cell_congresses_per_five_years` in five years; a kind marked as in the QĐ 294 pilot
(OrganizationKind.cell_congress_pilot) follows `cell_congresses_per_five_years_pilot` instead, which is 2 before
01/07/2025 and 1 from then: each judged on the day the term began, so a term begun before 01/07/2025 keeps the old
interval."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.dates import add_months
from organizations.models import OrganizationKind
from rules.codes import (
    CELL_CONGRESS_POSTPONEMENT_MONTHS,
    CELL_CONGRESSES_PER_FIVE_YEARS,
    CELL_CONGRESSES_PER_FIVE_YEARS_PILOT,
    CONGRESS_NOTICE_MONTHS,
    GRASSROOTS_COMMITTEE_TERM_YEARS,
    SUPERIOR_COMMITTEE_TERM_YEARS,
    Code,
)
from rules.selectors import rule_value
from rules.usage import applies


@dataclass(frozen=True)
class Interval:
    """The months between two congresses and the rule they come from (the rule in force on `on`)."""

    months: int
    code: Code
    on: datetime.date


@dataclass(frozen=True)
class CongressDue:
    due_on: datetime.date
    latest_on: datetime.date  # with the postponement the superior may approve (subordinate cells only)
    status: str  # "ok", "due", "overdue"
    interval: Interval | None = field(default=None, compare=False)  # where the due date comes from

    OK, DUE, OVERDUE = "ok", "due", "overdue"
    LABELS = {"ok": _("On schedule"), "due": _("Congress due soon"), "overdue": _("Congress overdue")}

    @property
    def label(self):
        return self.LABELS[self.status]


@applies(CELL_CONGRESSES_PER_FIVE_YEARS, CELL_CONGRESSES_PER_FIVE_YEARS_PILOT,
         where=_("Apparatus health and the organisation's apparatus: when a subordinate cell's next congress is due "
                 "(the pilot rule for the kinds marked as in the QĐ 294 pilot), by the rule in force when its term "
                 "began"), page="apparatus:health")
@applies(GRASSROOTS_COMMITTEE_TERM_YEARS, SUPERIOR_COMMITTEE_TERM_YEARS,
         where=_("Apparatus health and the organisation's apparatus: when a committee's next congress is due, by the "
                 "rule in force when its term began"), page="apparatus:health")
def congress_interval(tier: str, on: datetime.date, value=rule_value, *, pilot: bool = False) -> Interval:
    """The interval for an organisation of `tier` whose term began `on`; `pilot`: its kind is in the QĐ 294 pilot
    (only subordinate cells and sub-committees have a pilot)."""
    if tier == OrganizationKind.Tier.BELOW_GRASSROOTS:
        code = CELL_CONGRESSES_PER_FIVE_YEARS_PILOT if pilot else CELL_CONGRESSES_PER_FIVE_YEARS
        return Interval(60 // value(code, on=on), code, on)
    code = SUPERIOR_COMMITTEE_TERM_YEARS if tier == OrganizationKind.Tier.SUPERIOR else GRASSROOTS_COMMITTEE_TERM_YEARS
    return Interval(12 * value(code, on=on), code, on)


def interval_months(tier: str, on: datetime.date, value=rule_value, *, pilot: bool = False) -> int:
    """Months between congresses (see congress_interval)."""
    return congress_interval(tier, on, value, pilot=pilot).months


@applies(CELL_CONGRESS_POSTPONEMENT_MONTHS, CONGRESS_NOTICE_MONTHS,
         where=_("Apparatus health: a congress due soon (the notice before it) or overdue (a cell's postponement "
                 "with the superior's approval)"), page="apparatus:health")
def congress_due(tier: str, last_congress_on: datetime.date, today: datetime.date, value=rule_value, *,
                 pilot: bool = False) -> CongressDue:
    """`value` looks a rule up (rule_value, or a RuleBook's when judging many organisations at once); `pilot`: the
    organisation's kind is in the QĐ 294 pilot."""
    interval = congress_interval(tier, last_congress_on, value, pilot=pilot)
    due_on = latest_on = add_months(last_congress_on, interval.months)
    if tier == OrganizationKind.Tier.BELOW_GRASSROOTS:
        # Counted from the congress itself, so that a due date cut short at a month's end does not shorten it.
        latest_on = add_months(last_congress_on,
                               interval.months + value(CELL_CONGRESS_POSTPONEMENT_MONTHS, on=last_congress_on))
    notice = value(CONGRESS_NOTICE_MONTHS, on=today)
    # Past the due date is overdue: the postponement needs the superior's approval, which is not presumed.
    if today > due_on:
        status = CongressDue.OVERDUE
    elif today >= add_months(due_on, -notice):
        status = CongressDue.DUE
    else:
        status = CongressDue.OK
    return CongressDue(due_on=due_on, latest_on=latest_on, status=status, interval=interval)
