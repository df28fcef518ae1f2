"""apparatus.selectors.allowance_list: concurrent cadres below the superior level with an allowance during a month,
one row per person at their highest allowance, at the rate in force that month, scoped to the user."""

from types import SimpleNamespace

import pytest

from apparatus import selectors, services
from apparatus.models import AllowanceRate, Position, Seat

from .conftest import D, main_body

pytestmark = pytest.mark.django_db
OCTOBER_2024, JUNE_2024 = D(2024, 10, 1), D(2024, 6, 1)
# The seeded amounts: a coefficient times the base salary (2,340,000 đ from 1/7/2024, 1,800,000 đ before).
NEW = {"grassroots_secretary": 702_000, "grassroots_deputy": 585_000, "grassroots_member": 468_000,
       "cell_secretary": 351_000, "cell_deputy": 234_000, "inspection_member": 234_000}
OLD = {"grassroots_secretary": 540_000, "grassroots_deputy": 450_000, "grassroots_member": 360_000,
       "cell_secretary": 270_000, "cell_deputy": 180_000, "inspection_member": 180_000}


@pytest.fixture
def paid(actor, open_term, assign, make_member, category, tree):
    t = tree
    start = D(2020, 10, 1)
    gc_a = main_body(open_term(t.gc_a, congress_on=start))
    cell_a1 = main_body(open_term(t.cell_a1, congress_on=start))
    gcell = main_body(open_term(t.gcell, congress_on=start))
    gc_b = main_body(open_term(t.gc_b, congress_on=start))
    bloc = main_body(open_term(t.bloc, congress_on=D(2020, 8, 1)))
    p = SimpleNamespace(**{name: make_member(org) for name, org in [
        ("secretary", t.cell_a1), ("mid_october", t.cell_a2), ("september", t.cell_a2), ("november", t.cell_a2),
        ("full_time", t.cell_a1), ("two_posts", t.cell_a1), ("bloc_only", t.cell_a2), ("gcell", t.gcell),
        ("no_category", t.cell_a2), ("gc_b", t.cell_b1), ("late_start", t.cell_a2)]})

    def seat(body, member, position, code, started_on=start, **kwargs):
        return assign(body, member, position, started_on=started_on, allowance_category=category(code), **kwargs)

    def ended(s, on):
        services.seat_end(actor=actor, seat=s, ended_on=on, end_reason=Seat.EndReason.RESIGNED)

    seat(gc_a, p.secretary, Position.SECRETARY, "grassroots_secretary")
    ended(seat(gc_a, p.mid_october, Position.COMMITTEE_MEMBER, "grassroots_member"), D(2024, 10, 15))
    ended(seat(gc_a, p.september, Position.COMMITTEE_MEMBER, "grassroots_member"), D(2024, 9, 30))
    seat(gc_a, p.november, Position.DEPUTY_SECRETARY, "grassroots_deputy", started_on=D(2024, 11, 1))
    seat(gc_a, p.late_start, Position.COMMITTEE_MEMBER, "grassroots_member", started_on=D(2024, 10, 31))
    seat(gc_a, p.full_time, Position.COMMITTEE_MEMBER, "grassroots_member", engagement=Seat.Engagement.FULL_TIME)
    seat(cell_a1, p.two_posts, Position.SECRETARY, "cell_secretary")
    seat(gc_a, p.two_posts, Position.COMMITTEE_MEMBER, "grassroots_member")
    seat(bloc, p.bloc_only, Position.COMMITTEE_MEMBER, "grassroots_member")
    seat(gcell, p.gcell, Position.SECRETARY, "grassroots_secretary")
    assign(gc_a, p.no_category, Position.COMMITTEE_MEMBER)
    seat(gc_b, p.gc_b, Position.COMMITTEE_MEMBER, "grassroots_member")
    return p


def paid_rows(result):
    return {row.member.pk: (row.amount, row.category.code, row.organization.code, len(row.seats))
            for row in result["rows"]}


def test_seeded_rates():
    for code, amount in NEW.items():
        assert AllowanceRate.objects.get(category__code=code, effective_from=D(2024, 7, 1)).monthly_amount == amount
    for code, amount in OLD.items():
        assert AllowanceRate.objects.get(category__code=code, effective_from=D(2023, 7, 1)).monthly_amount == amount


def test_october_2024_whole_bloc(paid, user_khoi):
    result = selectors.allowance_list(user_khoi, month=D(2024, 10, 17))
    p = paid
    assert (result["first"], result["last"]) == (D(2024, 10, 1), D(2024, 10, 31))
    assert paid_rows(result) == {
        p.secretary.pk: (702_000, "grassroots_secretary", "STC", 1),
        p.mid_october.pk: (468_000, "grassroots_member", "STC", 1),  # ended mid-month: still paid this month
        p.late_start.pk: (468_000, "grassroots_member", "STC", 1),  # started on the last day
        p.two_posts.pk: (468_000, "grassroots_member", "STC", 2),  # the higher of two, once
        p.gcell.pk: (702_000, "grassroots_secretary", "BDT", 1),
        p.gc_b.pk: (468_000, "grassroots_member", "SYT", 1),
    }
    # Not there: ended in September, starts in November, full-time, only a Bloc seat, no category.
    assert result["total"] == 702_000 * 2 + 468_000 * 4
    assert result["missing_rates"] == []
    assert {r.category.code: r.monthly_amount for r in result["rates"]} == NEW
    assert [r.category.code for r in result["rates"]] == list(NEW)  # in the categories' order
    # Ordered by organisation, then highest amount.
    assert [r.organization.code for r in result["rows"]] == ["BDT", "STC", "STC", "STC", "STC", "SYT"]
    assert result["rows"][1].member == p.secretary


def test_june_2024_uses_the_older_rate(paid, user_khoi):
    p = paid
    result = selectors.allowance_list(user_khoi, month=JUNE_2024)
    assert paid_rows(result) == {
        p.secretary.pk: (540_000, "grassroots_secretary", "STC", 1),
        p.mid_october.pk: (360_000, "grassroots_member", "STC", 1),
        p.september.pk: (360_000, "grassroots_member", "STC", 1),
        p.two_posts.pk: (360_000, "grassroots_member", "STC", 2),
        p.gcell.pk: (540_000, "grassroots_secretary", "BDT", 1),
        p.gc_b.pk: (360_000, "grassroots_member", "SYT", 1),
    }
    assert {r.category.code: r.monthly_amount for r in result["rates"]} == OLD
    assert selectors.allowance_list(user_khoi, month=D(2024, 7, 1))["total"] == 702_000 * 2 + 468_000 * 4


def test_months_without_a_rate_are_reported(paid, user_khoi):
    result = selectors.allowance_list(user_khoi, month=D(2023, 6, 1))
    assert {row.amount for row in result["rows"]} == {0} and result["total"] == 0
    assert len(result["rows"]) == 6
    assert [c.code for c in result["missing_rates"]] == ["grassroots_secretary", "grassroots_member", "cell_secretary"]


def test_the_higher_post_decides_the_organisation(actor, paid, user_khoi, category):
    """A cell secretary whose cell allowance is the higher one is listed under the cell."""
    seat = paid.two_posts.seats.get(body__organization__code="STC")
    services.seat_update(actor=actor, seat=seat, reason="Hạ mức", allowance_category=category("cell_deputy"))
    row = next(r for r in selectors.allowance_list(user_khoi, month=OCTOBER_2024)["rows"] if r.member == paid.two_posts)
    assert (row.amount, row.category.code, row.organization.code) == (351_000, "cell_secretary", "STC-NS")


def test_a_new_rate_applies_from_its_month(paid, user_khoi, category):
    old = AllowanceRate.objects.get(category__code="grassroots_member", effective_to__isnull=True)
    AllowanceRate.objects.filter(pk=old.pk).update(effective_to=D(2026, 1, 1))
    AllowanceRate.objects.create(category=category("grassroots_member"), monthly_amount=500_000,
                                 effective_from=D(2026, 1, 1), regulation="Quy định mới (thử)")
    amounts = lambda month: {r.member.pk: r.amount for r in selectors.allowance_list(user_khoi, month=month)["rows"]}  # noqa: E731
    assert amounts(D(2025, 12, 1))[paid.gc_b.pk] == 468_000
    assert amounts(D(2026, 1, 1))[paid.gc_b.pk] == 500_000


def test_scoped_to_the_user(paid, user_coso, user_other, make_user):
    p = paid
    assert set(paid_rows(selectors.allowance_list(user_coso, month=OCTOBER_2024))) == {
        p.secretary.pk, p.mid_october.pk, p.late_start.pk, p.two_posts.pk}
    assert set(paid_rows(selectors.allowance_list(user_other, month=OCTOBER_2024))) == {p.gc_b.pk}
    assert selectors.allowance_list(make_user("khach"), month=OCTOBER_2024)["rows"] == []


def test_scope_is_by_the_seats_organisation(paid, user_chibo):
    """A cell secretary sees the cell's allowances only, at the cell's amount."""
    result = selectors.allowance_list(user_chibo, month=OCTOBER_2024)
    assert paid_rows(result) == {paid.two_posts.pk: (351_000, "cell_secretary", "STC-NS", 1)}
