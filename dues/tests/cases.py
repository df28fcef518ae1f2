"""The dues pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

Every member of the test world's cells has a salary basis from 01/2026; each cell with members has this month's
sheet recorded (everyone paid but the first member, left unpaid); one member per cell (the probationary one where
there is one) has a hardship reduction. Dues are collected by whoever holds the dues action over the cell (staff of
its committees, its secretary); a plain member reads their own dues only.
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
    from dues.models import DuesBasis, Payment, Relief

    return {
        "bases": list(DuesBasis.objects.order_by("pk").values_list("pk", "member_id", "category", "amount",
                                                                   "starts_on")),
        "reliefs": list(Relief.objects.order_by("pk").values_list("pk", "member_id", "kind", "percent", "starts_on",
                                                                  "ends_on")),
        "payments": list(Payment.objects.order_by("pk").values_list("pk", "member_id", "month", "due", "paid",
                                                                    "extra", "paid_on", "excuse")),
        "history": (DuesBasis.history.count(), Relief.history.count(), Payment.history.count()),
    }


def _cell_members(cell):
    from dues.selectors import sheet_members

    return sheet_members(cell, this_month())


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


MEMBER_PLACES = ("cell_a1", "cell_b1", "gcell")

SCOPE_CASES = [
    ScopeCase("dues:home", COLLECTORS, opened=(200, 302)),  # a secretary of one cell goes straight to its sheet
    ScopeCase("dues:sheet", COLLECTORS, at=MEMBER_PLACES, args=cell_args, payload=sheet_payload),
    ScopeCase("dues:sheet", COLLECTORS, at=MEMBER_PLACES, args=cell_args, name="last month",
              query=f"month={(this_month() - datetime.timedelta(days=1)):%Y-%m}"),
    ScopeCase("dues:book", COLLECTORS, at=MEMBER_PLACES, args=cell_args),
    ScopeCase("dues:book", COLLECTORS, at=MEMBER_PLACES, args=cell_args, query="export=xlsx", name="xlsx"),
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


QUERY_CASES = [
    QueryCase("dues_home", "/dues/", 9, rows=cell_rows),
    QueryCase("dues_sheet", lambda w: f"/dues/cells/{w.cell_a1.pk}/", 20, rows=sheet_rows),
    QueryCase("dues_book", lambda w: f"/dues/cells/{w.cell_a1.pk}/book/", 13, rows=book_rows),
    QueryCase("dues_member", lambda w: f"/dues/members/{w.dues_grown['member'].pk}/", 15, rows=month_rows),
]
