"""How much a member owes for a month: the basis in force, the rule in force that month, the exemption by years of
membership, a relief granted. Pure functions over rows already read, so that a cell's sheet or a member's year is
reckoned without a query per month."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months
from rules.codes import DUES_EXEMPT_MEMBERSHIP_YEARS, DUES_RATES
from rules.display import quantity
from rules.usage import applies

from .models import DuesBasis, Relief


def first_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(first_of(month), 1) - datetime.timedelta(days=1)


@dataclass
class Due:
    """A month's dues: `amount` is what is owed; `full` before relief; `how` says how it was reckoned, in words;
    `missing` when the member has no basis recorded (the sheet asks for it)."""

    month: datetime.date
    amount: int = 0
    full: int = 0
    how: str = ""
    basis: DuesBasis | None = None
    relief: Relief | None = None
    exempt_by_years: bool = False
    missing: bool = False


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _in_force(rows, on: datetime.date):
    """The latest row starting on or before `on` (rows: newest first)."""
    return next((row for row in rows if row.starts_on <= on), None)


def _relief_on(reliefs, month: datetime.date) -> Relief | None:
    return next((r for r in reliefs if r.starts_on <= month and (r.ends_on is None or r.ends_on >= month)), None)


@applies(DUES_RATES, DUES_EXEMPT_MEMBERSHIP_YEARS,
         where=gettext_lazy("Party dues: each member's monthly amount on the cell's collection sheet and in their dues history"),
         page="dues:home")
def reckon(member, month: datetime.date, *, bases: list[DuesBasis], reliefs: list[Relief], book) -> Due:
    """`bases` and `reliefs`: the member's rows, newest first; `book`: a rules.selectors.RuleBook."""
    month = first_of(month)
    due = Due(month=month)
    years = book.value(DUES_EXEMPT_MEMBERSHIP_YEARS, on=month)
    if years and member.admitted_on and add_months(member.admitted_on, 12 * int(years)) <= month_end(month):
        due.exempt_by_years = True
        due.how = _("Exempt: %(years)s years of Party membership") % {"years": years}
        return due
    basis = _in_force(bases, month)
    due.basis = basis
    if basis is None:
        due.missing = True
        due.how = _("No dues basis recorded")
        return due
    rate = book.value(DUES_RATES, on=month).get(basis.category) or {}
    if "percent" in rate:
        base = basis
        if rate.get("of") == "previous_month":
            earlier = _in_force(bases, add_months(month, -1))
            # the previous month's salary when the member was already on it; a first month has only this one
            base = earlier if earlier is not None and earlier.category == basis.category else basis
        if base.amount is None:
            due.missing = True
            due.how = _("No amount on the dues basis")
            return due
        percent = Decimal(str(rate["percent"]))
        due.full = _round(Decimal(base.amount) * percent / 100)
        number = f"{percent.normalize():f}".replace(".", ",")
        words = (_("%(percent)s %% of %(amount)s, the previous month's") if rate.get("of") == "previous_month"
                 else _("%(percent)s %% of %(amount)s"))
        due.how = words % {"percent": number, "amount": quantity(base.amount, "đ")}
    elif "amount" in rate:
        due.full = int(rate["amount"])
        due.how = _("Fixed amount for the category")
    else:  # set by the cell on the member's basis
        if basis.amount is None:
            due.missing = True
            due.how = _("No amount on the dues basis")
            return due
        due.full = int(basis.amount)
        due.how = _("Amount set by the cell")
    due.amount = due.full
    relief = _relief_on(reliefs, month)
    if relief is not None:
        due.relief = relief
        if relief.kind == Relief.Kind.EXEMPT:
            due.amount = 0
            due.how = _("Exempt (decision %(number)s)") % {"number": relief.decision_number}
        else:
            due.amount = _round(Decimal(due.full) * (100 - (relief.percent or 0)) / 100)
            due.how = _("%(how)s, reduced by %(percent)s %% (decision %(number)s)") % {
                "how": due.how, "percent": relief.percent, "number": relief.decision_number}
    return due
