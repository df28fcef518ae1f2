"""When an organisation's next congress falls due, from the rule data in force at its last congress."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.dates import add_months
from organizations.models import OrganizationKind
from rules.codes import (
    CELL_CONGRESS_POSTPONEMENT_MONTHS,
    CELL_CONGRESSES_PER_FIVE_YEARS,
    CONGRESS_NOTICE_MONTHS,
    GRASSROOTS_COMMITTEE_TERM_YEARS,
    SUPERIOR_COMMITTEE_TERM_YEARS,
)
from rules.selectors import rule_value


@dataclass(frozen=True)
class CongressDue:
    due_on: datetime.date
    latest_on: datetime.date  # with the postponement the superior may approve (subordinate cells only)
    status: str  # "ok", "due", "overdue"

    OK, DUE, OVERDUE = "ok", "due", "overdue"
    LABELS = {"ok": _("On schedule"), "due": _("Congress due soon"), "overdue": _("Congress overdue")}

    @property
    def label(self):
        return self.LABELS[self.status]


def interval_months(tier: str, on: datetime.date, value=rule_value) -> int:
    """Months between congresses: grassroots and superior committees hold one per term; subordinate cells
    and sub-committees hold `cell_congresses_per_five_years` in five years."""
    if tier == OrganizationKind.Tier.BELOW_GRASSROOTS:
        return 60 // value(CELL_CONGRESSES_PER_FIVE_YEARS, on=on)
    code = SUPERIOR_COMMITTEE_TERM_YEARS if tier == OrganizationKind.Tier.SUPERIOR else GRASSROOTS_COMMITTEE_TERM_YEARS
    return 12 * value(code, on=on)


def congress_due(tier: str, last_congress_on: datetime.date, today: datetime.date, value=rule_value) -> CongressDue:
    """`value` looks a rule up (rule_value, or a RuleBook's when judging many organisations at once)."""
    interval = interval_months(tier, last_congress_on, value)
    due_on = latest_on = add_months(last_congress_on, interval)
    if tier == OrganizationKind.Tier.BELOW_GRASSROOTS:
        # Counted from the congress itself, so that a due date cut short at a month's end does not shorten it.
        latest_on = add_months(last_congress_on,
                               interval + value(CELL_CONGRESS_POSTPONEMENT_MONTHS, on=last_congress_on))
    notice = value(CONGRESS_NOTICE_MONTHS, on=today)
    # Past the due date is overdue: the postponement needs the superior's approval, which is not presumed.
    if today > due_on:
        status = CongressDue.OVERDUE
    elif today >= add_months(due_on, -notice):
        status = CongressDue.DUE
    else:
        status = CongressDue.OK
    return CongressDue(due_on=due_on, latest_on=latest_on, status=status)
