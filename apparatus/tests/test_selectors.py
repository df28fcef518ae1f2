"""apparatus.selectors: scoped look-ups, a member's seats, and an organisation's bodies with their seats."""

from types import SimpleNamespace

import pytest
from django.http import Http404

from apparatus import selectors, services
from apparatus.models import Body, Position, Seat
from core.scope import APPARATUS, VIEW

from .conftest import D, main_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cells(open_term, assign, make_member, cell_a1, cell_b1):
    a = main_body(open_term(cell_a1, congress_on=D(2024, 1, 10)))
    b = main_body(open_term(cell_b1, congress_on=D(2024, 1, 10)))
    return SimpleNamespace(a=assign(a, make_member(cell_a1), Position.SECRETARY),
                           b=assign(b, make_member(cell_b1), Position.SECRETARY))


class TestScopedLookups:
    def test_seat_body_and_term_of_another_subtree_are_not_found(self, two_cells, user_coso):
        a, b = two_cells.a, two_cells.b
        assert selectors.seat_get(user_coso, a.pk) == a
        assert selectors.body_get(user_coso, a.body_id) == a.body
        assert selectors.term_get(user_coso, a.body.term_id) == a.body.term
        for call in (lambda: selectors.seat_get(user_coso, b.pk), lambda: selectors.body_get(user_coso, b.body_id),
                     lambda: selectors.term_get(user_coso, b.body.term_id),
                     lambda: selectors.seat_get(user_coso, "x"), lambda: selectors.body_get(user_coso, 10**9)):
            with pytest.raises(Http404):
                call()
        assert set(selectors.seat_list_qs(user_coso)) == {a}

    def test_committee_staff_manage_their_cells_not_their_own_committee(self, open_term, two_cells, user_coso, gc_a):
        """A grassroots committee's own committee is approved by its superior (BELOW_ONLY in the scope)."""
        executive = main_body(open_term(gc_a, congress_on=D(2025, 10, 1)))
        assert selectors.body_get(user_coso, two_cells.a.body_id, APPARATUS) == two_cells.a.body
        assert selectors.body_get(user_coso, executive.pk, VIEW) == executive
        with pytest.raises(Http404):
            selectors.body_get(user_coso, executive.pk, APPARATUS)

    def test_a_member_sees_no_seat(self, two_cells, user_dangvien):
        assert not selectors.seat_list_qs(user_dangvien).exists()
        with pytest.raises(Http404):
            selectors.seat_get(user_dangvien, two_cells.a.pk)


class TestOrganizationBodies:
    def test_current_bodies_with_seats_in_reading_order(self, actor, open_term, assign, make_members, gc_a, cell_a1):
        a, b, c, d = make_members(cell_a1, 4)
        term = open_term(gc_a, congress_on=D(2025, 10, 1))
        executive = main_body(term)
        inspection = services.body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE)
        standing = services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE)
        assign(executive, d, Position.COMMITTEE_MEMBER)
        assign(executive, c, Position.DEPUTY_SECRETARY)
        assign(executive, a, Position.SECRETARY)
        services.seat_end(actor=actor, seat=assign(executive, b, Position.COMMITTEE_MEMBER), ended_on=D(2026, 1, 1),
                          end_reason=Seat.EndReason.RESIGNED)
        assign(standing, a, Position.SECRETARY)
        bodies = selectors.organization_bodies(gc_a)
        assert bodies == [executive, standing, inspection]
        assert [s.member for s in bodies[0].active_seats] == [a, c, d]
        assert [s.member for s in bodies[0].past_seats] == [b]

    def test_past_terms_on_request(self, open_term, gc_a):
        old = main_body(open_term(gc_a, congress_on=D(2020, 10, 1)))
        new = main_body(open_term(gc_a, congress_on=D(2025, 10, 1)))
        assert selectors.organization_bodies(gc_a) == [new]
        assert selectors.organization_bodies(gc_a, include_past=True) == [new, old]
        assert list(selectors.organization_terms(gc_a)) == [new.term, old.term]

    def test_organization_apparatus_only_for_kinds_that_elect(self, make_org, cell_a1):
        group = make_org("party_group", cell_a1)
        assert selectors.organization_apparatus(None, group) is None
        # an empty cell: no term, and fewer than the 3 full members a cell needs
        assert [p.code for p in selectors.organization_apparatus(None, cell_a1).problems] == ["cell_below_minimum",
                                                                                             "no_term"]


def test_member_seats_newest_first(actor, open_term, assign, make_member, cell_a1):
    member = make_member(cell_a1)
    first = assign(main_body(open_term(cell_a1, congress_on=D(2017, 10, 1))), member, Position.SECRETARY)
    second = assign(main_body(open_term(cell_a1, congress_on=D(2021, 1, 10))), member, Position.SECRETARY)
    current = assign(main_body(open_term(cell_a1, congress_on=D(2024, 1, 10))), member, Position.SECRETARY)
    # Open seats first, then by end, newest first (the same on SQLite and PostgreSQL, whose NULLs sort last).
    assert list(selectors.member_seats(member)) == [current, second, first]
