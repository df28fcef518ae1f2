"""The members' regulated dates: the age counted in months, the end of probation, and the working-day deadlines that
follow it and a permanent transfer. Each reads the rule in force on the day the regulation says (services refuse or
note with them; selectors list what is due with them, reading the rule data once through a RuleBook)."""

import datetime

from django.utils.translation import gettext_lazy

from core.dates import Deadline, add_months, working_deadline
from rules.codes import (
    FULL_MEMBERSHIP_REVIEW_WORKING_DAYS,
    PERMANENT_TRANSFER_PAPERWORK_WORKING_DAYS,
    PERMANENT_TRANSFER_PRESENT_WORKING_DAYS,
    PROBATION_MONTHS,
)
from rules.selectors import rule_value
from rules.usage import applies


def age_in_months(born: datetime.date, on: datetime.date) -> int:
    """Completed months of age on `on`: the most months m with add_months(born, m) <= on. A period of months ends
    on the same day of the last month, or on that month's last day when it has no such day (Civil Code art. 148):
    someone born on 31/03 has completed a month on 30/04."""
    months = (on.year - born.year) * 12 + on.month - born.month
    if add_months(born, months) > on:
        months -= 1
    return months



@applies(PROBATION_MONTHS, where=gettext_lazy("Full membership: the day probation ends (from the induction ceremony, "
                                             "else the admission decision)"), page="members:due")
def probation_end(admitted_on: datetime.date, inducted_on: datetime.date | None, *, book=None) -> datetime.date:
    """Probation runs from the induction ceremony (or, when it is not recorded, the decision). `book` (a
    rules.selectors.RuleBook) lets a page judging many members read the rule data once."""
    start = inducted_on or admitted_on
    months = book.value(PROBATION_MONTHS, on=start) if book else rule_value(PROBATION_MONTHS, on=start)
    return add_months(start, months)


@applies(FULL_MEMBERSHIP_REVIEW_WORKING_DAYS,
         where=gettext_lazy("Full membership: to be considered by the cell within this many working days after "
                            "probation ends (due and overdue on the members' to-do page and the cell's home page; a "
                            "late decision says so in the history)"), page="members:due")
def full_membership_deadline(probation_end: datetime.date, *, book=None, holidays=None,
                             calendar_end=...) -> tuple[int, Deadline]:
    """(working days, deadline) for the cell to consider full membership, by the rule in force on the day probation
    ends."""
    code = FULL_MEMBERSHIP_REVIEW_WORKING_DAYS
    days = book.value(code, on=probation_end) if book else rule_value(code, on=probation_end)
    return days, working_deadline(probation_end, days, holidays=holidays, calendar_end=calendar_end)


@applies(PERMANENT_TRANSFER_PAPERWORK_WORKING_DAYS,
         where=gettext_lazy("Permanent transfer: the sending organisation issues the transfer papers within this "
                            "many working days of the decision (due and overdue on the members' to-do page; a late "
                            "issue says so in the history)"), page="members:due")
def papers_deadline(decided_on: datetime.date, *, book=None, holidays=None, calendar_end=...) -> tuple[int, Deadline]:
    """(working days, deadline) for the sending organisation to issue the papers of a permanent transfer decided
    (taking effect) on `decided_on`, by the rule in force that day."""
    code = PERMANENT_TRANSFER_PAPERWORK_WORKING_DAYS
    days = book.value(code, on=decided_on) if book else rule_value(code, on=decided_on)
    return days, working_deadline(decided_on, days, holidays=holidays, calendar_end=calendar_end)


@applies(PERMANENT_TRANSFER_PRESENT_WORKING_DAYS,
         where=gettext_lazy("Permanent transfer: the member presents the introduction letter to the receiving cell "
                            "within this many working days of the letter's date (awaited letters on the members' "
                            "to-do page; a late presentation is noted on the record, never refused)"),
         page="members:due")
def letter_deadline(issued_on: datetime.date, *, book=None, holidays=None, calendar_end=...) -> tuple[int, Deadline]:
    """(working days, deadline) for the member to present the introduction letter dated `issued_on`, by the rule in
    force that day."""
    code = PERMANENT_TRANSFER_PRESENT_WORKING_DAYS
    days = book.value(code, on=issued_on) if book else rule_value(code, on=issued_on)
    return days, working_deadline(issued_on, days, holidays=holidays, calendar_end=calendar_end)
