"""The dues pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

Every member of the test world's cells has a salary basis from 01/2026; each cell with members has this month's
sheet recorded (everyone paid but the first member, left unpaid); one member per cell (the probationary one where
there is one) has a hardship reduction. cell_a1, cell_b1 and gcell remitted the month, not confirmed yet, then took
a voluntary payment (so each has something new to remit); cell_a2 and cell_b2 remitted and their grassroots
committees confirmed it (so gc_a and gc_b have something to remit). Dues are collected by whoever holds the dues
action over the cell (staff of its committees, its secretary); a plain member reads their own dues only.
"""

import datetime

from django.utils import timezone

from core.testing import STAFF, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import doc

D = datetime.date
CELLS = ("cell_a1", "cell_a2", "cell_b1", "cell_b2", "gcell")
COLLECTORS = STAFF | {"chibo"}
SALARY = 9_000_000


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def snapshot() -> dict:
    from dues.models import DuesBasis, Payment, Relief, Remittance

    return {
        "bases": list(DuesBasis.objects.order_by("pk").values_list("pk", "member_id", "category", "amount",
                                                                   "starts_on")),
        "reliefs": list(Relief.objects.order_by("pk").values_list("pk", "member_id", "kind", "percent", "starts_on",
                                                                  "ends_on")),
        "payments": list(Payment.objects.order_by("pk").values_list("pk", "member_id", "month", "due", "paid",
                                                                    "extra", "paid_on", "excuse")),
        "remittances": list(Remittance.objects.order_by("pk").values_list(
            "pk", "organization_id", "recipient_id", "month", "received", "kept", "remitted", "confirmed_on")),
        "history": (DuesBasis.history.count(), Relief.history.count(), Payment.history.count(),
                    Remittance.history.count()),
    }


def _cell_members(cell):
    """The cell's sheet of the month, less the members registered elsewhere now: from the 8th of a month, members'
    builder has transferred a member between cells of gc_a on the 1st, so both sheets list them, and the month the
    first cell records is refused on the second's (dues_collect: the month is paid once, to the cell that took it)."""
    from dues.selectors import sheet_members

    return [m for m in sheet_members(cell, this_month()) if m.organization_id == cell.pk]


def build(w) -> None:
    from dues import services

    w.dues_relief, w.dues_member = {}, {}
    month = this_month()
    for key in CELLS:
        cell = w.orgs[key]
        members = _cell_members(cell)
        for member in members:
            services.dues_basis_set(actor=w.actor, member=member, category="salary", amount=SALARY,
                                    starts_on=D(2026, 1, 1), reason="Lương đóng bảo hiểm xã hội")
        relieved = next((m for m in members if m.status == "probationary"), members[-1])
        w.dues_relief[key] = services.dues_relief_grant(
            actor=w.actor, member=relieved, kind="reduction", percent=50, ground="hardship",
            starts_on=D(2026, 7, 1), ends_on=D(2027, 6, 1), decision_number=f"05-QĐ/{key}", decided_on=D(2026, 7, 1))
        w.dues_member[key] = next((m for m in members if m != relieved), relieved)
        services.dues_collect(actor=w.actor, organization=cell, month=month,
                              rows=[{"member": m.pk, "paid": True} for m in members[1:]])
    w.dues_remittance = {}
    today = timezone.localdate()
    for key, recipient in (("cell_a1", "gc_a"), ("cell_b1", "gc_b"), ("gcell", "bloc")):
        cell = w.orgs[key]
        _pay_one_more(w, cell, extra=0)
        w.dues_remittance[recipient] = services.dues_remit(actor=w.actor, organization=cell, month=month,
                                                           remitted_on=today, channel="portal")
        _pay_one_more(w, cell, extra=50_000)
    for key in ("cell_a2", "cell_b2"):
        _pay_one_more(w, w.orgs[key], extra=0)
        sent = services.dues_remit(actor=w.actor, organization=w.orgs[key], month=month, remitted_on=today,
                                   channel="bank")
        services.dues_remittance_confirm(actor=w.actor, remittance=sent, confirmed_on=today)


def _pay_one_more(w, cell, *, extra: int) -> None:
    """Something new reaches the cell: with `extra`, a voluntary payment on top of a paid month; without, the month
    of a member who has not paid it yet (or, everyone paid, a small voluntary payment)."""
    from dues import services
    from dues.models import Payment

    month = this_month()
    paid = set(Payment.objects.filter(organization=cell, month=month, paid__gt=0).values_list("member_id", flat=True))
    members = _cell_members(cell)
    if not extra:
        unpaid = [m for m in members if m.pk not in paid]
        member, extra = (unpaid[0], 0) if unpaid else (members[0], 10_000)
    else:
        member = next((m for m in members if m.pk in paid), members[0])
    services.dues_collect(actor=w.actor, organization=cell, month=month,
                          rows=[{"member": member.pk, "paid": True, "extra": extra}])


def grow(w, factor: int) -> None:
    """`factor` slices of three members in cell_a1 and one in cell_b1, each with a basis and this month paid."""
    from dues import services
    from members import services as ms

    state = w.__dict__.setdefault("dues_grown", {"n": 0})
    for _ in range(factor):
        state["n"] += 1
        n = state["n"]
        for i, cell in enumerate((w.cell_a1, w.cell_a1, w.cell_a1, w.cell_b1)):
            member = ms.member_register(
                actor=w.actor, organization=cell, full_name=f"Trần Văn Đóng {n}-{i}", gender="male",
                date_of_birth=D(1980, 1 + i, 1 + n % 27), citizen_id=f"0029{n:03d}{i:05d}",
                card_number=f"P{n:03d}{i:05d}", hometown="Phú Thọ", position="Chuyên viên", agency="Văn phòng",
                status="full", admitted_on=D(2012, 5, 1), full_on=D(2013, 5, 1))
            services.dues_basis_set(actor=w.actor, member=member, category=["salary", "pension"][i % 2],
                                    amount=SALARY + i, starts_on=D(2026, 1, 1), reason="Mới")
            services.dues_collect(actor=w.actor, organization=cell, month=this_month(),
                                  rows=[{"member": member.pk, "paid": True}])
            state.setdefault("member", member)
        # cell_a1 remits what it took, its grassroots committee confirms it and remits in turn
        today = timezone.localdate()
        sent = services.dues_remit(actor=w.actor, organization=w.cell_a1, month=this_month(), remitted_on=today,
                                   channel="cash")
        services.dues_remittance_confirm(actor=w.actor, remittance=sent, confirmed_on=today)
        services.dues_remit(actor=w.actor, organization=w.orgs["gc_a"], month=this_month(), remitted_on=today,
                            channel="portal")


def cell_args(w, place):
    return [w.orgs[place].pk]


def member_args(w, place):
    return [w.members["dangvien"].pk if place == "own" else w.dues_member[place].pk]


def relief_args(w, place):
    return [w.dues_relief[place].pk]


def sheet_payload(w, place):
    return {f"row_{m.pk}": "on" for m in _cell_members(w.orgs[place])}


def basis_payload(w, place):
    return {"category": "pension", "amount": "6000000", "starts_on": "2026-11", "reason": "Nghỉ hưu"}


def relief_payload(w, place):
    return {"kind": "exempt", "ground": "serious_illness", "starts_on": "2027-07", "ends_on": "2027-12",
            "decision_number": "09-QĐ/CB", "decided_on": "01/09/2026"}


def relief_end_payload(w, place):
    return {"last_month": this_month().strftime("%Y-%m"), "reason": "Hết khó khăn"}


def level_args(w, place):
    return [w.orgs[place].pk]


def remittance_args(w, place):
    return [w.dues_remittance[place].pk]


def remit_payload(w, place):
    return {"remitted_on": timezone.localdate().strftime("%d/%m/%Y"), "channel": "portal", "note": "Nộp qua cổng"}


def confirm_payload(w, place):
    return {"confirmed_on": timezone.localdate().strftime("%d/%m/%Y")}


MEMBER_PLACES = ("cell_a1", "cell_b1", "gcell")
REMITTING = ("cell_a1", "cell_b1", "gcell", "gc_a", "gc_b")
RECEIVING = ("gc_a", "gc_b", "bloc")

SCOPE_CASES = [
    ScopeCase("dues:home", COLLECTORS, opened=(200, 302)),  # a secretary of one cell goes straight to its sheet
    ScopeCase("dues:sheet", COLLECTORS, at=MEMBER_PLACES, args=cell_args, payload=sheet_payload),
    ScopeCase("dues:sheet", COLLECTORS, at=MEMBER_PLACES, args=cell_args, name="last month",
              query=f"month={(this_month() - datetime.timedelta(days=1)):%Y-%m}"),
    ScopeCase("dues:book", COLLECTORS, at=MEMBER_PLACES, args=cell_args),
    ScopeCase("dues:book", COLLECTORS, at=MEMBER_PLACES, args=cell_args, query="export=xlsx", name="xlsx"),
    ScopeCase("dues:level", COLLECTORS, at=(*RECEIVING, "cell_a1"), args=level_args),
    ScopeCase("dues:level_book", COLLECTORS, at=(*RECEIVING, "cell_a1"), args=level_args),
    ScopeCase("dues:level_book", COLLECTORS, at=(*RECEIVING, "cell_a1"), args=level_args, query="export=xlsx",
              name="xlsx"),
    ScopeCase("dues:remit", COLLECTORS, at=REMITTING, args=level_args, payload=remit_payload),
    ScopeCase("dues:confirm", COLLECTORS, at=RECEIVING, args=remittance_args, payload=confirm_payload),
    ScopeCase("dues:member", VIEWERS | {"dangvien"}, at=(*MEMBER_PLACES, "own"), args=member_args),
    ScopeCase("dues:basis", COLLECTORS, at=MEMBER_PLACES, args=member_args, payload=basis_payload),
    ScopeCase("dues:relief", COLLECTORS, at=MEMBER_PLACES, args=member_args, payload=relief_payload),
    ScopeCase("dues:relief_end", COLLECTORS, at=MEMBER_PLACES, args=relief_args, payload=relief_end_payload),
]


def sheet_rows(response) -> list:
    return doc(response).xpath('//div[@id="dues-sheet"]/div[@data-member]')


def cell_rows(response) -> list:
    return doc(response).xpath('//table[@id="dues-cells"]/tbody/tr[@data-cell]')


def book_rows(response) -> list:
    return doc(response).xpath('//table[@id="dues-book"]/tbody/tr[@data-member]')


def month_rows(response) -> list:
    return doc(response).xpath('//table[@id="dues-months"]/tbody/tr[@data-month]')


def remittance_rows(response) -> list:
    return doc(response).xpath('//ul[@id="level-children"]//span[@data-remittance]')


def level_book_rows(response) -> list:
    return doc(response).xpath('//table[@id="level-book"]/tbody//span[@data-remittance]')


QUERY_CASES = [
    QueryCase("dues_level", lambda w: f"/dues/levels/{w.orgs['gc_a'].pk}/", 11, rows=remittance_rows),
    QueryCase("dues_level_book", lambda w: f"/dues/levels/{w.orgs['gc_a'].pk}/book/", 10, rows=level_book_rows),
    QueryCase("dues_home", "/dues/", 10, rows=cell_rows),
    QueryCase("dues_sheet", lambda w: f"/dues/cells/{w.cell_a1.pk}/", 21, rows=sheet_rows),
    QueryCase("dues_book", lambda w: f"/dues/cells/{w.cell_a1.pk}/book/", 13, rows=book_rows),
    QueryCase("dues_member", lambda w: f"/dues/members/{w.dues_grown['member'].pk}/", 15, rows=month_rows),
]
