"""apparatus.selectors: staffing_analysis (per grassroots organisation) and committee_member_figures (the
grassroots committee members now in office), both scoped to the user."""

from types import SimpleNamespace

import pytest

from apparatus import selectors, services
from apparatus.models import Body, Position, Seat

from .conftest import TODAY, D, main_body

pytestmark = pytest.mark.django_db
FT, CC = Seat.Engagement.FULL_TIME, Seat.Engagement.CONCURRENT


@pytest.fixture
def staffing(actor, open_term, assign, make_member, make_members, make_org, tree):
    """gc_a: 6 active members (one probationary) in its two cells, an executive committee of 4 (1 full-time),
    a standing committee of 2, an inspection committee of 1; gcell: 4 members, a secretary; gc_b: 3 members
    (two of them in a cell under a sub-committee), a secretary; the Bloc's and cell_a1's committees have seats
    that are not "the grassroots committee"."""
    from members.services import member_end

    t = tree
    a1 = make_members(t.cell_a1, 3) + [make_member(t.cell_a1, status="probationary")]
    a2 = make_members(t.cell_a2, 3)
    member_end(actor=actor, member=a2[2], status="deceased", effective_on=D(2024, 1, 1), reason="Từ trần")
    term = open_term(t.gc_a, congress_on=D(2025, 10, 1))
    executive = main_body(term)
    standing = services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE)
    inspection = services.body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE)
    assign(executive, a1[0], Position.SECRETARY, engagement=FT)
    assign(executive, a1[1], Position.DEPUTY_SECRETARY)
    assign(executive, a2[0], Position.COMMITTEE_MEMBER)
    assign(executive, a2[1], Position.COMMITTEE_MEMBER)
    services.seat_end(actor=actor, seat=assign(executive, a1[2], Position.COMMITTEE_MEMBER), ended_on=D(2026, 2, 1),
                      end_reason=Seat.EndReason.RESIGNED)
    assign(standing, a1[0], Position.SECRETARY, engagement=FT)
    assign(standing, a1[1], Position.DEPUTY_SECRETARY)
    assign(inspection, a1[2], Position.INSPECTION_CHAIR)
    assign(main_body(open_term(t.cell_a1, congress_on=D(2025, 10, 1))), a1[1], Position.SECRETARY)

    gcell = make_members(t.gcell, 4)
    assign(main_body(open_term(t.gcell, congress_on=D(2025, 10, 1))), gcell[0], Position.SECRETARY)

    sub = make_org("sub_committee", t.gc_b)
    deep = make_org("cell", sub)
    b = make_members(t.cell_b1, 1) + make_members(deep, 2)
    assign(main_body(open_term(t.gc_b, congress_on=D(2025, 10, 1))), b[1], Position.SECRETARY)

    bloc_exec = main_body(open_term(t.bloc, congress_on=D(2025, 8, 1)))
    assign(bloc_exec, a1[0], Position.SECRETARY, engagement=FT)
    assign(bloc_exec, gcell[1], Position.COMMITTEE_MEMBER)
    return SimpleNamespace(tree=t, executive=executive, sub=sub, deep=deep)


def rows(result):
    return {r.organization.code: (r.members, r.committee_size, r.standing_size, r.full_time, r.concurrent, r.eligible)
            for r in result["rows"]}


class TestStaffingAnalysis:
    def test_rows_and_totals(self, staffing, user_khoi):
        result = selectors.staffing_analysis(user_khoi, today=TODAY)
        assert [r.organization.code for r in result["rows"]] == ["STC", "BDT", "SYT"]  # most members first
        assert rows(result) == {
            "STC": (6, 4, 2, 1, 3, False),
            "BDT": (4, 1, 0, 0, 1, False),
            "SYT": (3, 1, 0, 0, 1, False),
        }
        assert result["threshold"].value == 200 and result["eligible"] == []
        assert (result["members"], result["committee_total"], result["concurrent_total"], result["full_time_total"]) \
            == (13, 6, 5, 1)
        assert result["concurrent_share"] == round(100 * 5 / 6, 1)
        assert [r.concurrent_share for r in result["rows"]] == [75.0, 100.0, 100.0]

    def test_threshold_is_rule_data(self, staffing, user_khoi, set_rule):
        set_rule("full_time_post_member_threshold", 4, D(2026, 1, 1))
        result = selectors.staffing_analysis(user_khoi, today=TODAY)
        assert result["threshold"].value == 4
        # gc_a has 6 members; the grassroots cell has 4 but a grassroots cell is never eligible; gc_b has 3.
        assert [r.organization.code for r in result["eligible"]] == ["STC"]
        assert {code for code, row in rows(result).items() if row[5]} == {"STC"}
        assert selectors.staffing_analysis(user_khoi, today=D(2025, 12, 31))["eligible"] == []
        set_rule("full_time_post_member_threshold", 3, D(2026, 6, 1))
        assert [r.organization.code for r in selectors.staffing_analysis(user_khoi, today=TODAY)["eligible"]] == [
            "STC", "SYT"]

    def test_scoped_to_the_user(self, staffing, user_coso, user_other):
        assert rows(selectors.staffing_analysis(user_coso, today=TODAY)) == {"STC": (6, 4, 2, 1, 3, False)}
        other = selectors.staffing_analysis(user_other, today=TODAY)
        assert rows(other) == {"SYT": (3, 1, 0, 0, 1, False)}
        assert other["members"] == 3 and other["concurrent_share"] == 100.0

    def test_a_cell_secretary_sees_no_grassroots_row(self, staffing, user_chibo):
        assert selectors.staffing_analysis(user_chibo, today=TODAY)["rows"] == []

    def test_ended_organisations_leave_the_analysis(self, actor, staffing, user_khoi):
        from organizations.services import organization_merge

        t = staffing.tree
        organization_merge(actor=actor, sources=[t.gc_b], target=t.gc_a, effective_on=D(2026, 6, 1),
                           decision_number="70-QĐ/ĐUK")
        result = rows(selectors.staffing_analysis(user_khoi, today=TODAY))
        # gc_b's cells (and their 3 members) now count under gc_a; gc_b's committee has ended.
        assert result == {"STC": (9, 4, 2, 1, 3, False), "BDT": (4, 1, 0, 0, 1, False)}

    def test_empty(self, tree, user_khoi):
        result = selectors.staffing_analysis(user_khoi, today=TODAY)
        assert rows(result) == {"STC": (0, 0, 0, 0, 0, False), "SYT": (0, 0, 0, 0, 0, False),
                                "BDT": (0, 0, 0, 0, 0, False)}
        assert result["concurrent_share"] is None and result["rows"][0].concurrent_share is None


class TestCommitteeMemberFigures:
    def test_counts_only_the_grassroots_committees(self, staffing, user_khoi):
        # gc_a's executive committee (4 now: 1 full-time), gcell's secretary, gc_b's secretary; not the standing
        # or inspection committee, not cell_a1's committee, not the Bloc's, not the ended seat.
        assert selectors.committee_member_figures(user_khoi) == {"total": 6, "concurrent": 5,
                                                                 "share": round(100 * 5 / 6, 1)}

    def test_scoped_to_the_user(self, staffing, user_coso, user_other, user_chibo):
        assert selectors.committee_member_figures(user_coso) == {"total": 4, "concurrent": 3, "share": 75.0}
        assert selectors.committee_member_figures(user_other) == {"total": 1, "concurrent": 1, "share": 100.0}
        assert selectors.committee_member_figures(user_chibo) == {"total": 0, "concurrent": 0, "share": None}

    def test_nothing_without_a_role(self, staffing, make_user):
        assert selectors.committee_member_figures(make_user("khach")) == {"total": 0, "concurrent": 0,
                                                                           "share": None}

    def test_follows_engagement_changes_and_term_ends(self, actor, staffing, open_term, user_khoi):
        seat = staffing.executive.seats.get(position=Position.DEPUTY_SECRETARY)
        services.seat_update(actor=actor, seat=seat, reason="Chuyên trách", engagement=FT)
        assert selectors.committee_member_figures(user_khoi)["concurrent"] == 4
        open_term(staffing.tree.gc_a, congress_on=D(2026, 10, 1))  # a new committee, not yet filled
        assert selectors.committee_member_figures(user_khoi) == {"total": 2, "concurrent": 2, "share": 100.0}
