"""The badges pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

In cell_a1, cell_b1 and gcell one member reaches 30 years of Party age exactly on the next presentation date (so the
list shows them by default whatever day the tests run); the badge list, its export and its awards belong to whoever
holds the badges action over the cell (its committees' staff, its secretary); a plain member reads their own page.
"""

import datetime

from django.utils import timezone

from core.dates import add_months
from core.testing import STAFF, QueryCase, ScopeCase
from core.testing.pages import doc

D = datetime.date
COLLECTORS = STAFF | {"chibo"}
PLACES = ("cell_a1", "cell_b1", "gcell")
NAMES = {"cell_a1": "Nguyễn Văn Thâm", "cell_b1": "Trần Văn Lâu", "gcell": "Đỗ Thị Niên"}


def next_date() -> datetime.date:
    from badges.reckoning import Calendar
    from rules.selectors import RuleBook

    return Calendar(RuleBook()).on_or_after(timezone.localdate())


def _register(w, cell, name, number, *, admitted):
    from members import services as ms

    return ms.member_register(
        actor=w.actor, organization=cell, full_name=name, gender="female" if "Thị" in name else "male",
        date_of_birth=add_months(admitted, -12 * 26), citizen_id=f"0019{number:08d}", card_number=f"HH{number:06d}",
        hometown="Vĩnh Phúc", position="Chuyên viên", agency="Văn phòng", status="full", admitted_on=admitted,
        full_on=add_months(admitted, 12), joined_on=D(2016, 1, 1))


def snapshot() -> dict:
    from badges.models import BadgeAward, Illness, Interruption

    return {
        "awards": list(BadgeAward.objects.order_by("pk").values_list("pk", "member_id", "milestone",
                                                                     "presentation_date", "decision_number")),
        "interruptions": list(Interruption.objects.order_by("pk").values_list("pk", "member_id", "starts_on",
                                                                              "ends_on")),
        "illnesses": list(Illness.objects.order_by("pk").values_list("pk", "member_id", "certified_on")),
        "history": (BadgeAward.history.count(), Interruption.history.count(), Illness.history.count()),
    }


def build(w) -> None:
    admitted = add_months(next_date(), -12 * 30)
    w.badge_due = {place: _register(w, w.orgs[place], NAMES[place], n, admitted=admitted)
                   for n, place in enumerate(PLACES, 1)}


def grow(w, factor: int) -> None:
    """`factor` slices of members due on the next date: two in cell_a1 (one with an interruption, one seriously ill
    and due early), one in cell_b1."""
    from badges import services

    state = w.__dict__.setdefault("badges_grown", {"n": 0})
    day = next_date()
    for _ in range(factor):
        state["n"] += 1
        n = state["n"]
        plain = _register(w, w.cell_a1, f"Lê Văn Mốc {n}", 1000 + 3 * n, admitted=add_months(day, -12 * 30))
        gapped = _register(w, w.cell_a1, f"Phạm Văn Gián {n}", 1001 + 3 * n, admitted=add_months(day, -12 * 31))
        services.interruption_record(actor=w.actor, member=gapped, starts_on=add_months(day, -12 * 20),
                                     ends_on=add_months(day, -12 * 19), reason="Xóa tên, kết nạp lại")
        ill = _register(w, w.cell_b1, f"Vũ Thị Ốm {n}", 1002 + 3 * n, admitted=add_months(day, -12 * 29 - 6))
        services.illness_record(actor=w.actor, member=ill, certified_on=timezone.localdate(), reason="Ung thư",
                                evidence="Giấy xác nhận của bệnh viện")
        state.setdefault("member", plain)


def marks(w, place):
    return [NAMES[place]]


def member_args(w, place):
    return [w.badge_due[place].pk]


def award_payload(w, place):
    return {"members": [w.badge_due[place].pk], "decision_number": "125-QĐ/TU",
            "decided_on": timezone.localdate().strftime("%d/%m/%Y")}


def interruption_payload(w, place):
    return {"starts_on": "01/03/2000", "ends_on": "01/03/2001", "reason": "Xóa tên, kết nạp lại",
            "decision_number": "12-QĐ/ĐU"}


def illness_payload(w, place):
    return {"certified_on": timezone.localdate().strftime("%d/%m/%Y"), "reason": "Ung thư giai đoạn cuối",
            "evidence": "Giấy ra viện số 123"}


SCOPE_CASES = [
    ScopeCase("badges:home", COLLECTORS, marks=marks),
    ScopeCase("badges:home", COLLECTORS, marks=marks, query="export=xlsx", name="xlsx"),
    # the awards: a member outside the user's organisations is not offered, so ticking one is refused on the field
    ScopeCase("badges:home", COLLECTORS, at=PLACES, payload=award_payload, target="payload", name="award",
              post_refusal=(200, 403)),
    ScopeCase("badges:interruption", COLLECTORS, at=PLACES, args=member_args, payload=interruption_payload),
    ScopeCase("badges:illness", COLLECTORS, at=PLACES, args=member_args, payload=illness_payload),
]


def list_rows(response) -> list:
    return doc(response).xpath('//table[contains(@class, "badge-rows")]/tbody/tr[@data-member]')


QUERY_CASES = [
    # +1 (issue 16): the members recorded with an interruption, an illness or an award for the date, read before the
    # candidates so that their query is one an index answers
    QueryCase("badges_home", "/badges/", 11, rows=list_rows),
    # the member page with every app's panel (the reviews' rating history among them)
    QueryCase("badges_member", lambda w: f"/members/{w.badges_grown['member'].pk}/", 24,
              rows=lambda r: doc(r).xpath('//*[@id="member-next-badge"]')),
]
