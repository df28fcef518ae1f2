"""Reads about party dues, always through the user's scope: the cells a user collects for and how far each month is
collected, a cell's sheet for a month, a member's dues by year, the members a cell should consider for unpaid
months."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.scope import DUES, scope_for
from members.choices import TransferKind
from members.models import Member
from organizations.models import Organization
from organizations.selectors import organization_choices, organization_get
from rules.codes import DUES_UNPAID_MONTHS_FLAG
from rules.selectors import rule_book
from rules.usage import applies

from .models import DuesBasis, Payment, Relief, Remittance
from .reckoning import Due, first_of, month_end, reckon


def may_collect(user, scope=None) -> bool:
    return (scope or scope_for(user)).can(DUES)


def cell_get(user, pk, action: str = DUES) -> Organization:
    """A cell (an organisation that holds members) the user may collect dues for, or 404."""
    organization = organization_get(user, pk, action)
    if not organization.kind.holds_members:
        raise Http404
    return organization


def level_get(user, pk, action: str = DUES) -> Organization:
    """Any organisation whose dues the user handles (a cell, a grassroots committee, the Bloc), or 404."""
    return organization_get(user, pk, action)


def remittance_get(user, pk, action: str = DUES) -> Remittance:
    """A remittance the user may confirm: one sent to an organisation they handle the dues of; 404 otherwise."""
    try:
        remittance = Remittance.objects.select_related("organization__kind", "recipient").get(pk=pk)
    except (Remittance.DoesNotExist, ValueError):
        raise Http404
    if remittance.recipient_id is None or not scope_for(user).covers(remittance.recipient_id, action):
        raise Http404
    return remittance


def level_roots(user) -> list[Organization]:
    """The highest organisations whose dues the user handles (each one's parent is outside their scope), by name:
    where their dues levels start."""
    scope = scope_for(user)
    qs = organization_choices(user, DUES)
    if scope.sees_everything(DUES):
        return list(qs.filter(parent__isnull=True))
    ids = scope.org_ids(DUES) or frozenset()
    return [o for o in qs.filter(Q(parent__isnull=True) | ~Q(parent_id__in=sorted(ids)))]


def collecting_cells(user):
    """The active cells whose dues the user collects (or oversees), by name."""
    return organization_choices(user, DUES, holds_members=True)


def cells_month(cells, month: datetime.date) -> dict[int, dict]:
    """{cell id: {"members": registered that month, "paid": members who paid, "due": sum due, "collected": sum paid,
    "extra": sum voluntary}} for the cells given (a page of them), in two grouped queries."""
    month = first_of(month)
    ids = [c.pk for c in cells]
    registered = dict(_registered(month).filter(organization_id__in=ids).values_list("organization_id")
                      .annotate(n=Count("member_id", distinct=True)).values_list("organization_id", "n"))
    sums = {row["organization_id"]: row for row in Payment.objects.filter(organization_id__in=ids, month=month)
            .values("organization_id").annotate(owed=Sum("due"), collected=Sum("paid"), voluntary=Sum("extra"),
                                                settled=Count("id", filter=Q(paid__gte=1) | Q(due=0)))}
    out = {}
    for pk in ids:
        row = sums.get(pk, {})
        out[pk] = {"members": registered.get(pk, 0), "paid": row.get("settled", 0), "due": row.get("owed") or 0,
                   "collected": row.get("collected") or 0, "extra": row.get("voluntary") or 0}
    return out


def _registered(month: datetime.date):
    """The permanent membership periods that overlap the month."""
    from members.models import Membership

    return Membership.objects.filter(kind=TransferKind.PERMANENT, started_on__lte=month_end(month)).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=month))


def sheet_members(organization: Organization, month: datetime.date) -> list[Member]:
    """The members officially registered in the cell at some time in the month, by name."""
    month = first_of(month)
    ids = _registered(month).filter(organization=organization).values("member_id")
    return list(Member.objects.filter(pk__in=ids).order_by("name_sort", "id"))


@dataclass
class SheetRow:
    member: Member
    due: Due
    payment: Payment | None
    organization_id: int = 0

    @property
    def elsewhere(self) -> bool:
        """The member's month was recorded by another cell's sheet (a member transferred during the month is on
        both cells' sheets; the month is paid once, to whichever cell took it): shown, not changed here."""
        return self.payment is not None and self.payment.organization_id != self.organization_id


@dataclass
class Sheet:
    organization: Organization
    month: datetime.date
    rows: list[SheetRow] = field(default_factory=list)

    @property
    def own(self) -> list[SheetRow]:
        """The rows this cell collects: not the months another cell's sheet recorded."""
        return [r for r in self.rows if not r.elsewhere]

    @property
    def due(self) -> int:
        return sum(r.payment.due if r.payment else r.due.amount for r in self.own)

    @property
    def collected(self) -> int:
        return sum(r.payment.paid for r in self.own if r.payment)

    @property
    def extra(self) -> int:
        return sum(r.payment.extra for r in self.own if r.payment)

    @property
    def paid_count(self) -> int:
        return sum(1 for r in self.own if r.payment and r.payment.paid)

    @property
    def missing(self) -> list[SheetRow]:
        return [r for r in self.own if r.due.missing]


def cell_sheet(organization: Organization, month: datetime.date) -> Sheet:
    """The cell's members for the month, each with the due reckoned now and the payment recorded (whose kept due
    wins once recorded): five queries whatever the number of members."""
    month = first_of(month)
    members = sheet_members(organization, month)
    ids = [m.pk for m in members]
    book = rule_book()
    bases, reliefs = rows_by_member(DuesBasis, ids), rows_by_member(Relief, ids)
    payments = {p.member_id: p for p in Payment.objects.filter(member_id__in=ids, month=month)
                .select_related("organization")}
    rows = [SheetRow(m, reckon(m, month, bases=bases.get(m.pk, []), reliefs=reliefs.get(m.pk, []), book=book),
                     payments.get(m.pk), organization.pk) for m in members]
    return Sheet(organization, month, rows)


def rows_by_member(model, ids) -> dict[int, list]:
    """{member id: the member's rows of `model` (bases, reliefs), newest first} in one query."""
    rows = {}
    for row in model.objects.filter(member_id__in=ids).order_by("member_id", "-starts_on"):
        rows.setdefault(row.member_id, []).append(row)
    return rows


@dataclass
class MonthLine:
    month: datetime.date
    due: Due
    payment: Payment | None
    collected: bool  # the cell the member was registered in recorded its sheet for the month

    @property
    def unpaid(self) -> bool:
        """Owed and not paid, without a reason given: a month the member's cell has not collected yet is not."""
        if self.payment is not None:
            return self.payment.paid < self.payment.due and not self.payment.excuse
        return self.collected and self.due.amount > 0


def year_lines(members: list[Member], year: int, *, today: datetime.date | None = None) -> dict[int, list[MonthLine]]:
    """{member id: the member's months of `year` up to this month}: due, payment, whether unpaid. Six queries
    whatever the number of members."""
    today = today or timezone.localdate()
    months = [datetime.date(year, m, 1) for m in range(1, 13) if datetime.date(year, m, 1) <= first_of(today)]
    ids = [m.pk for m in members]
    if not months or not ids:
        return {pk: [] for pk in ids}
    from members.models import Membership

    book = rule_book()
    bases, reliefs = rows_by_member(DuesBasis, ids), rows_by_member(Relief, ids)
    payments = {(p.member_id, p.month): p for p in Payment.objects.filter(member_id__in=ids, month__year=year)}
    periods = {}
    for period in (Membership.objects.filter(member_id__in=ids, kind=TransferKind.PERMANENT,
                                             organization__isnull=False, started_on__lte=month_end(months[-1]))
                   .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=months[0]))
                   .values_list("member_id", "organization_id", "started_on", "ended_on")):
        periods.setdefault(period[0], []).append(period[1:])
    cells = {cell for spans in periods.values() for cell, *_ in spans}
    collected = set(Payment.objects.filter(organization_id__in=cells, month__in=months)
                    .values_list("organization_id", "month").distinct())

    def registered_in(member_id, month):
        end = month_end(month)
        return {cell for cell, start, stop in periods.get(member_id, ()) if start <= end and (stop is None or
                                                                                            stop >= month)}

    return {m.pk: [MonthLine(month, reckon(m, month, bases=bases.get(m.pk, []), reliefs=reliefs.get(m.pk, []),
                                           book=book),
                             payments.get((m.pk, month)),
                             any((cell, month) in collected for cell in registered_in(m.pk, month)))
                   for month in months] for m in members}


def member_year(member: Member, year: int, *, today: datetime.date | None = None) -> list[MonthLine]:
    return year_lines([member], year, today=today)[member.pk]


@dataclass
class BookRow:
    member: Member
    lines: list[MonthLine]

    @property
    def owed(self) -> int:
        """The months recorded, and those the cell collected without this member."""
        return sum(line.payment.due if line.payment else line.due.amount for line in self.lines
                   if line.payment or line.unpaid)

    @property
    def paid(self) -> int:
        return sum(line.payment.paid for line in self.lines if line.payment)

    @property
    def extra(self) -> int:
        return sum(line.payment.extra for line in self.lines if line.payment)


def cell_book(organization: Organization, year: int, *, today: datetime.date | None = None) -> list[BookRow]:
    """The cell's dues book for a year (sổ thu nộp đảng phí): every member registered in it at some time of the year,
    by name, with each month. Seven queries."""
    from members.models import Membership

    ids = (Membership.objects.filter(organization=organization, kind=TransferKind.PERMANENT,
                                     started_on__lte=datetime.date(year, 12, 31))
           .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1))).values("member_id"))
    members = list(Member.objects.filter(pk__in=ids).order_by("name_sort", "id"))
    lines = year_lines(members, year, today=today)
    return [BookRow(m, lines[m.pk]) for m in members]


def member_years(member: Member) -> list[int]:
    """The years the member's dues pages offer: from the first month recorded for them to this year."""
    this_year = timezone.localdate().year
    first = Payment.objects.filter(member=member).order_by("month").values_list("month", flat=True).first()
    start = min(first.year if first else this_year, this_year)
    return list(range(this_year, start - 1, -1))


@applies(DUES_UNPAID_MONTHS_FLAG,
         where=gettext_lazy("Party dues: members unpaid for this many months of a year without a reason are listed "
                            "for their cell to consider (never struck off automatically)"),
         page="dues:home")
def unpaid_members(organization: Organization, year: int, *, today: datetime.date | None = None) -> list[dict]:
    """The cell's members with at least the rule's number of months unpaid without a reason in `year` (the rule in
    force in the year's last month judged): a to-do for the cell, never a decision. Eight queries."""
    today = today or timezone.localdate()
    last = min(datetime.date(year, 12, 1), first_of(today))
    threshold = rule_book().value(DUES_UNPAID_MONTHS_FLAG, on=last)
    if not threshold:
        return []
    members = sheet_members(organization, last)
    lines = year_lines(members, year, today=today)
    out = []
    for member in members:
        unpaid = [line.month for line in lines[member.pk] if line.unpaid]
        if len(unpaid) >= int(threshold):
            out.append({"member": member, "months": unpaid})
    return out



def member_dues_panel(request, member) -> dict:
    """The member page's dues block: this year's months unpaid and the link to the history."""
    year = timezone.localdate().year
    lines = member_year(member, year)
    return {"year": year, "unpaid": [line.month for line in lines if line.unpaid],
            "paid": sum(1 for line in lines if line.payment and line.payment.paid),
            "url": reverse("dues:member", args=[member.pk])}
