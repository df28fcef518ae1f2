"""Reads about the dues as they travel up the tree: what reached an organisation in a month (its own members'
payments, what its subordinates remitted and it confirmed), the share it keeps (rule dues_kept_percent, by its
tier), what it remitted upward and what is still to remit; the same month by month for a year (the level's dues
book). Callers check the user's scope on the organisation first (selectors.level_get)."""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy

from organizations.models import Organization
from rules.codes import DUES_KEPT_PERCENT
from rules.selectors import RuleBook, rule_book
from rules.usage import applies

from .models import Payment, Remittance
from .reckoning import first_of


@applies(DUES_KEPT_PERCENT, where=gettext_lazy("Party dues: the share each level keeps of what reaches it before it "
                                               "remits the rest upward"), page="dues:home")
def kept_percent(organization: Organization, month: datetime.date, *, book: RuleBook | None = None) -> Decimal:
    """The share (%) the organisation keeps of the month's dues that reach it, by the tier of its kind."""
    shares = (book or rule_book()).value(DUES_KEPT_PERCENT, on=first_of(month)) or {}
    return Decimal(str(shares.get(organization.kind.tier, 0)))


def split(amount: int, percent: Decimal) -> tuple[int, int]:
    """(kept, remitted) of `amount` đồng: the share kept rounded to the đồng, the rest remitted, so both add up."""
    kept = int((Decimal(amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return kept, amount - kept


@dataclass
class ChildLine:
    """A subordinate organisation's remittances of the month to this one."""

    organization: Organization
    remittances: list[Remittance] = field(default_factory=list)

    @property
    def remitted(self) -> int:
        return sum(r.remitted for r in self.remittances)

    @property
    def confirmed(self) -> int:
        return sum(r.remitted for r in self.remittances if r.confirmed_on)

    @property
    def awaiting(self) -> list[Remittance]:
        return [r for r in self.remittances if not r.confirmed_on]


@dataclass
class LevelMonth:
    organization: Organization
    month: datetime.date
    percent: Decimal
    collected: int = 0  # the organisation's own members' dues, paid to it (a cell)
    voluntary: int = 0  # of which voluntary, above the dues
    children: list[ChildLine] = field(default_factory=list)
    sent: list[Remittance] = field(default_factory=list)  # its own remittances upward

    @property
    def from_below(self) -> int:
        """What its subordinates remitted and it confirmed receiving."""
        return sum(c.confirmed for c in self.children)

    @property
    def reached(self) -> int:
        return self.collected + self.from_below

    @property
    def accounted(self) -> int:
        return sum(r.received for r in self.sent)

    @property
    def pending(self) -> int:
        """What reached it since its last remittance of the month; negative when payments were taken back after."""
        return self.reached - self.accounted

    @property
    def overaccounted(self) -> int:
        return max(-self.pending, 0)

    @property
    def pending_split(self) -> tuple[int, int]:
        return split(max(self.pending, 0), self.percent)

    @property
    def kept(self) -> int:
        return sum(r.kept for r in self.sent)

    @property
    def remitted(self) -> int:
        return sum(r.remitted for r in self.sent)

    @property
    def awaiting(self) -> list[Remittance]:
        """Subordinates' remittances not confirmed yet."""
        return [r for c in self.children for r in c.awaiting]


def _own_collection(organizations: list[Organization], months: list[datetime.date]) -> dict:
    """{(organisation id, month): (paid, voluntary)} for the organisations that hold members, in one query."""
    ids = [o.pk for o in organizations if o.kind.holds_members]
    if not ids:
        return {}
    rows = (Payment.objects.filter(organization_id__in=ids, month__in=months).values("organization_id", "month")
            .annotate(paid=Sum("paid"), extra=Sum("extra")).values_list("organization_id", "month", "paid", "extra"))
    return {(org, month): (paid or 0, extra or 0) for org, month, paid, extra in rows}


def level_months(organization: Organization, months: list[datetime.date]) -> list[LevelMonth]:
    """The organisation's months (first days, in order): four queries whatever the number of months and children.
    Its subordinates are its active children and any organisation that remitted to it in those months."""
    book = rule_book()
    received = list(Remittance.objects.filter(recipient=organization, month__in=months)
                    .select_related("organization__kind", "confirmed_by").order_by("remitted_on", "id"))
    children = {o.pk: o for o in Organization.objects.filter(
        Q(parent=organization, status=Organization.Status.ACTIVE) | Q(pk__in={r.organization_id for r in received}))
        .select_related("kind").order_by("name_sort", "id")}
    sent = {}
    for remittance in Remittance.objects.filter(organization=organization, month__in=months).select_related(
            "recipient", "confirmed_by").order_by("remitted_on", "id"):
        sent.setdefault(remittance.month, []).append(remittance)
    own = _own_collection([organization], months)
    out = []
    for month in months:
        lines = {pk: ChildLine(child) for pk, child in children.items()}
        for remittance in received:
            if remittance.month == month:
                lines[remittance.organization_id].remittances.append(remittance)
        paid, extra = own.get((organization.pk, month), (0, 0))
        out.append(LevelMonth(organization, month, kept_percent(organization, month, book=book), collected=paid + extra,
                              voluntary=extra, children=list(lines.values()), sent=sent.get(month, [])))
    return out


def level_month(organization: Organization, month: datetime.date) -> LevelMonth:
    return level_months(organization, [first_of(month)])[0]


def level_year(organization: Organization, year: int, *, last: datetime.date) -> list[LevelMonth]:
    """The level's dues book for a year: its months up to `last` (this month for the current year)."""
    months = [datetime.date(year, m, 1) for m in range(1, 13) if datetime.date(year, m, 1) <= first_of(last)]
    return level_months(organization, months) if months else []


def awaiting_confirmation(scope, action: str):
    """The remittances sent to organisations the scope covers for `action` and not confirmed yet (the top level's,
    sent outside dangbo, are confirmed by nobody here)."""
    return Remittance.objects.filter(scope.org_q("recipient_id", action), recipient__isnull=False,
                                     confirmed_on__isnull=True)
