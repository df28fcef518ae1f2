"""apparatus.selectors: the state of each organisation's apparatus, its problems, and the health report
(scoped to the user, in a fixed number of queries)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from apparatus import selectors, services
from apparatus.models import Body, Position, Seat, Term
from members.models import Member
from organizations.models import Organization

from .conftest import TODAY, D, main_body

pytestmark = pytest.mark.django_db
RECENT = D(2025, 10, 1)  # a congress that leaves every kind on schedule on TODAY


STRUCTURE = selectors.Problem.STRUCTURE


def problems(organization, today=TODAY, *, structure=False):
    """The codes of the organisation's problems; those of its shape (a cell's size: tested below) only when asked."""
    states = selectors.apparatus_states(Organization.objects.filter(pk=organization.pk), today=today)
    if organization.pk not in states:
        return None
    return [p.code for p in states[organization.pk].problems if structure or p.code not in STRUCTURE]


def messages(organization, today=TODAY, *, structure=False):
    with override("en"):  # the messages are written when the state is judged
        states = selectors.apparatus_states(Organization.objects.filter(pk=organization.pk), today=today)
    return {p.code: p.message for p in states[organization.pk].problems if structure or p.code not in STRUCTURE}


@pytest.fixture
def staffed(open_term, assign, make_member, make_members):
    """staffed(org, congress_on=RECENT) -> the term, with a secretary on its main body (a cell: one of its three full
    members, the least a cell has)."""
    def _staffed(organization, congress_on=RECENT, **kwargs):
        term = open_term(organization, congress_on=congress_on, **kwargs)
        if organization.kind.holds_members:
            assign(main_body(term), make_members(organization, 3)[0], Position.SECRETARY)
            return term
        holder = Organization.objects.descendants(organization, include_self=True).filter(
            kind__holds_members=True, status=Organization.Status.ACTIVE).order_by("pk").first()
        assign(main_body(term), make_member(holder), Position.SECRETARY)
        return term

    return _staffed


class TestStates:
    def test_no_term(self, gc_a):
        assert problems(gc_a) == ["no_term"]

    def test_healthy_organisations_have_no_problem(self, staffed, tree):
        for organization in (tree.bloc, tree.gc_a, tree.cell_a1, tree.gcell):
            staffed(organization)
            assert problems(organization, structure=True) == [], organization

    def test_vacancy_without_secretary(self, actor, open_term, assign, make_member, gc_a, cell_a1):
        term = open_term(gc_a, congress_on=RECENT)
        assert problems(gc_a) == ["no_secretary"]
        seat = assign(main_body(term), make_member(cell_a1), Position.SECRETARY)
        assign(main_body(term), make_member(cell_a1), Position.DEPUTY_SECRETARY)
        assert problems(gc_a) == []
        services.seat_end(actor=actor, seat=seat, ended_on=D(2026, 5, 1), end_reason=Seat.EndReason.DECEASED)
        assert problems(gc_a) == ["no_secretary"]
        assert messages(gc_a)["no_secretary"] == "The Executive committee of the term 2025–2030 has no secretary."

    def test_vacancy_without_a_main_body(self, open_term, cell_a1, gc_b):
        open_term(cell_a1, congress_on=RECENT, create_main_body=False)
        open_term(gc_b, congress_on=RECENT, create_main_body=False)
        assert messages(cell_a1) == {"no_secretary": "The Cell committee of the term 2025–2030 has no secretary."}
        assert messages(gc_b) == {"no_secretary": "The Executive committee of the term 2025–2030 has no secretary."}

    def test_standing_secretary_does_not_fill_the_main_body(self, actor, open_term, assign, make_member, gc_a, cell_a1):
        term = open_term(gc_a, congress_on=RECENT)
        standing = services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE)
        member = make_member(cell_a1)
        assign(main_body(term), member, Position.COMMITTEE_MEMBER)
        assign(standing, member, Position.SECRETARY)
        assert problems(gc_a) == ["no_secretary"]

    @pytest.mark.parametrize("org, congress_on, code, due", [
        ("gc_a", D(2020, 10, 1), "congress_overdue", "01/10/2025"),
        ("gc_a", D(2021, 12, 1), "congress_due", "01/12/2026"),
        ("gcell", D(2021, 12, 1), "congress_due", "01/12/2026"),
        ("bloc", D(2020, 10, 1), "congress_overdue", "01/10/2025"),
        ("cell_a1", D(2023, 1, 15), "congress_overdue", "15/07/2025"),  # 30 months; the postponement has passed too
        ("cell_a1", D(2024, 1, 15), "congress_overdue", "15/01/2027"),  # due 15/07/2026; approval could allow this
        ("cell_a1", D(2024, 11, 29), "congress_due", "29/05/2027"),  # six months' notice from today
    ])
    def test_congress(self, tree, staffed, org, congress_on, code, due):
        organization = getattr(tree, org)
        staffed(organization, congress_on=congress_on)
        assert problems(organization) == [code]
        assert f"{due}." in messages(organization)[code]

    def test_cell_on_schedule_just_before_the_notice(self, staffed, cell_a1):
        staffed(cell_a1, congress_on=D(2024, 12, 1))
        assert problems(cell_a1, today=D(2026, 11, 30)) == []

    def test_designated_term_counts_from_its_start(self, actor, assign, make_member, gc_a, cell_a1):
        term = services.term_open(actor=actor, organization=gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED,
                                  started_on=D(2020, 6, 1), decision_number="1-QĐ")
        assign(main_body(term), make_member(cell_a1), Position.SECRETARY)
        assert problems(gc_a) == ["congress_overdue"]

    def test_congress_follows_rule_data(self, staffed, set_rule, gc_a):
        staffed(gc_a, congress_on=D(2022, 1, 1))  # due 01/01/2027
        assert problems(gc_a) == ["congress_due"]
        set_rule("congress_notice_months", 1, D(2026, 1, 1))
        assert problems(gc_a) == []

    def test_committee_missing(self, open_term, assign, make_members, cell_a1):
        members = make_members(cell_a1, 9)
        body = main_body(open_term(cell_a1, congress_on=RECENT))
        assign(body, members[0], Position.SECRETARY)
        assert problems(cell_a1) == ["committee_missing"]
        assert messages(cell_a1)["committee_missing"] == ("9 full members: the cell elects a cell committee "
                                                          "(at least 3), it has 1.")
        assign(body, members[1], Position.DEPUTY_SECRETARY)
        assert problems(cell_a1) == ["committee_missing"]
        assign(body, members[2], Position.COMMITTEE_MEMBER)
        assert problems(cell_a1) == []

    def test_no_committee_expected_below_nine_full_members(self, open_term, assign, make_members, make_member,
                                                          cell_a1):
        members = make_members(cell_a1, 8)
        make_member(cell_a1, status="probationary")
        assign(main_body(open_term(cell_a1, congress_on=RECENT)), members[0], Position.SECRETARY)
        assert problems(cell_a1) == []

    def test_committee_missing_in_a_grassroots_cell(self, open_term, assign, make_members, gcell):
        members = make_members(gcell, 9)
        assign(main_body(open_term(gcell, congress_on=RECENT)), members[0], Position.SECRETARY)
        assert problems(gcell) == ["committee_missing"]

    def test_committee_minimum_follows_rule_data(self, open_term, assign, make_members, set_rule, cell_a1):
        members = make_members(cell_a1, 9)
        body = main_body(open_term(cell_a1, congress_on=RECENT))
        assign(body, members[0], Position.SECRETARY)
        assign(body, members[1], Position.DEPUTY_SECRETARY)
        set_rule("cell_committee_min_size", 2, D(2026, 1, 1))
        assert problems(cell_a1) == []
        assert problems(cell_a1, today=D(2025, 12, 31)) == ["committee_missing"]

    def test_committee_oversized_after_the_rule_changed(self, open_term, assign, make_members, set_rule, cell_a1):
        members = make_members(cell_a1, 9)
        body = main_body(open_term(cell_a1, congress_on=RECENT))
        assign(body, members[0], Position.SECRETARY)
        for member in members[1:7]:
            assign(body, member, Position.COMMITTEE_MEMBER)
        assert problems(cell_a1) == []
        set_rule("cell_committee_max_size", 5, D(2026, 1, 1))
        assert problems(cell_a1) == ["committee_oversized"]
        assert messages(cell_a1)["committee_oversized"] == "The cell committee has 7 members; at most 5."
        assert problems(cell_a1, today=D(2025, 12, 31)) == []

    def test_committee_not_expected_once_the_cell_shrinks(self, actor, open_term, assign, make_members, cell_a1):
        from members.services import member_transfer

        members = make_members(cell_a1, 9)
        body = main_body(open_term(cell_a1, congress_on=RECENT))
        for member, position in zip(members, (Position.SECRETARY, Position.DEPUTY_SECRETARY,
                                              Position.COMMITTEE_MEMBER), strict=False):
            assign(body, member, position)
        assert problems(cell_a1) == []
        member_transfer(actor=actor, member=members[8], kind="permanent", effective_on=D(2026, 6, 1), reason="x",
                        to_external="Đảng bộ tỉnh Phú Thọ")
        assert problems(cell_a1) == ["committee_not_expected"]
        assert messages(cell_a1)["committee_not_expected"].startswith("8 full members (fewer than 9)")

    @pytest.mark.figures_unkept  # a status written around the services
    def test_two_deputies_not_expected_in_a_small_cell(self, actor, open_term, assign, make_members, cell_a1):
        members = make_members(cell_a1, 9)
        body = main_body(open_term(cell_a1, congress_on=RECENT))
        assign(body, members[0], Position.SECRETARY)
        assign(body, members[1], Position.DEPUTY_SECRETARY)
        assign(body, members[2], Position.DEPUTY_SECRETARY)
        Member.objects.filter(pk=members[8].pk).update(status="probationary", full_on=None)
        assert problems(cell_a1) == ["committee_not_expected"]

    @pytest.mark.figures_unkept  # a status written around the services
    def test_probationary_seat(self, open_term, assign, make_member, gc_a, cell_a1):
        term = open_term(gc_a, congress_on=RECENT)
        assign(main_body(term), make_member(cell_a1), Position.SECRETARY)
        member = make_member(cell_a1)
        assign(main_body(term), member, Position.COMMITTEE_MEMBER)
        assert problems(gc_a) == []
        # Only inconsistent data can produce it: the services never seat a probationary member.
        Member.objects.filter(pk=member.pk).update(status="probationary", full_on=None)
        assert problems(gc_a) == ["probationary_seat"]
        assert messages(gc_a)["probationary_seat"].startswith("1 seat(s) held by probationary members")

    def test_ended_seats_and_past_terms_do_not_count(self, actor, open_term, assign, make_members, cell_a1):
        members = make_members(cell_a1, 9)
        old = main_body(open_term(cell_a1, congress_on=D(2023, 1, 10)))
        for member, position in zip(members, (Position.SECRETARY, Position.DEPUTY_SECRETARY,
                                              Position.COMMITTEE_MEMBER), strict=False):
            assign(old, member, position)
        Member.objects.filter(pk=members[2].pk).update(status="probationary")
        new = main_body(open_term(cell_a1, congress_on=RECENT))
        assign(new, members[0], Position.SECRETARY)
        state = selectors.apparatus_states(Organization.objects.filter(pk=cell_a1.pk), today=TODAY)[cell_a1.pk]
        assert state.term.started_on == RECENT and state.committee_size == 1 and state.has_secretary
        assert state.full_members == 8
        assert [p.code for p in state.problems] == []

    def test_only_active_organisations_that_elect_a_committee(self, actor, make_org, tree):
        group = make_org("party_group", tree.cell_a1)
        gone = make_org("cell", tree.gc_a)
        from organizations.services import organization_dissolve

        organization_dissolve(actor=actor, organization=gone, effective_on=D(2024, 1, 1), decision_number="1")
        states = selectors.apparatus_states(Organization.objects.all(), today=TODAY)
        assert set(states) == {o.pk for o in tree.all}
        assert group.pk not in states and gone.pk not in states

    def test_state_figures(self, actor, open_term, assign, make_members, gc_a, cell_a1):
        members = make_members(cell_a1, 4)
        term = open_term(gc_a, congress_on=RECENT)
        standing = services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE)
        body = main_body(term)
        assign(body, members[0], Position.SECRETARY, engagement=Seat.Engagement.FULL_TIME)
        assign(body, members[1], Position.DEPUTY_SECRETARY)
        assign(body, members[2], Position.COMMITTEE_MEMBER)
        assign(standing, members[0], Position.SECRETARY, engagement=Seat.Engagement.FULL_TIME)
        state = selectors.organization_apparatus(None, gc_a, today=TODAY)
        assert state.main_body.pk == body.pk and state.committee_size == 3
        assert state.size(Body.Kind.STANDING_COMMITTEE) == 1 and state.size(Body.Kind.INSPECTION_COMMITTEE) == 0
        assert state.full_time == 2 and state.has_secretary
        assert state.congress.status == "ok" and state.congress.due_on == D(2030, 10, 1)


# ---- the health report -------------------------------------------------------------------------------------------

@pytest.fixture
def troubled(open_term, staffed, make_members, tree):
    """gc_a: congress overdue; cell_a1: no secretary; gc_b: on schedule; cell_b1: no term; gcell: congress due.
    Every cell has at least its three full members."""
    for cell in (tree.cell_a1, tree.cell_b1):
        make_members(cell, 3)
    staffed(tree.gc_a, congress_on=D(2020, 10, 1))
    open_term(tree.cell_a1, congress_on=RECENT)
    staffed(tree.gc_b)
    staffed(tree.gcell, congress_on=D(2021, 12, 1))
    staffed(tree.bloc)
    staffed(tree.cell_a2)
    staffed(tree.cell_b2)
    return tree


class TestHealthReport:
    def test_whole_bloc_worst_first(self, troubled, user_khoi):
        report = selectors.health_report(user_khoi, today=TODAY)
        t = troubled
        assert [(p.organization, p.code, p.severity) for p in report["problems"]] == [
            (t.cell_a1, "no_secretary", "danger"),
            (t.gc_a, "congress_overdue", "danger"),
            (t.cell_b1, "no_term", "warning"),
            (t.gcell, "congress_due", "info"),
        ]
        assert report["organizations"] == 8
        counts = {c["code"]: c["n"] for c in report["counts"]}
        assert counts == {"no_secretary": 1, "congress_overdue": 1, "congress_due": 1, "no_term": 1,
                          "committee_missing": 0, "committee_oversized": 0, "committee_not_expected": 0,
                          "probationary_seat": 0, "cell_below_minimum": 0, "grassroots_cell_too_large": 0}

    def test_filter_by_code_keeps_the_counts(self, troubled, user_khoi):
        report = selectors.health_report(user_khoi, today=TODAY, code="no_term")
        assert [(p.organization, p.code) for p in report["problems"]] == [(troubled.cell_b1, "no_term")]
        assert sum(c["n"] for c in report["counts"]) == 4

    def test_scoped_to_the_users_subtree(self, troubled, user_other, user_coso):
        other = selectors.health_report(user_other, today=TODAY)
        assert [(p.organization, p.code) for p in other["problems"]] == [(troubled.cell_b1, "no_term")]
        assert other["organizations"] == 3
        coso = selectors.health_report(user_coso, today=TODAY)
        assert {(p.organization, p.code) for p in coso["problems"]} == {
            (troubled.cell_a1, "no_secretary"), (troubled.gc_a, "congress_overdue")}
        assert set(coso["states"]) == {troubled.gc_a.pk, troubled.cell_a1.pk, troubled.cell_a2.pk}

    def test_nothing_without_a_role(self, troubled, make_user):
        report = selectors.health_report(make_user("khong_vai_tro"), today=TODAY)
        assert report["problems"] == [] and report["organizations"] == 0

    def test_default_today_is_today(self, staffed, user_khoi, gc_a):
        staffed(gc_a, congress_on=D(2020, 10, 1))
        assert "congress_overdue" in [p.code for p in selectors.health_report(user_khoi)["problems"]]


# ---- a fixed number of queries -----------------------------------------------------------------------------------

def build_units(n, *, make_org, make_members, open_term, assign, bloc):
    """n grassroots committees, each with two cells, terms, members and seats (with some problems)."""
    for _ in range(n):
        gc = make_org("grassroots_committee", bloc)
        cells = [make_org("cell", gc), make_org("cell", gc)]
        members = make_members(cells[0], 3) + make_members(cells[1], 1)
        executive = main_body(open_term(gc, congress_on=D(2021, 12, 1)))
        assign(executive, members[0], Position.SECRETARY, engagement=Seat.Engagement.FULL_TIME)
        assign(executive, members[3], Position.COMMITTEE_MEMBER)
        assign(main_body(open_term(cells[0], congress_on=RECENT)), members[1], Position.SECRETARY)
        open_term(cells[1], congress_on=D(2022, 1, 1))


def queries(call):
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


@pytest.mark.parametrize("selector", [
    lambda user: selectors.health_report(user, today=TODAY),
    lambda user: selectors.staffing_analysis(user, today=TODAY),
    lambda user: selectors.committee_member_figures(user),
    lambda user: selectors.allowance_list(user, month=D(2026, 10, 1)),
], ids=["health_report", "staffing_analysis", "committee_member_figures", "allowance_list"])
@pytest.mark.parametrize("role_user", ["user_khoi", "user_coso_of_first"])
def test_query_count_does_not_grow_with_the_data(request, make_org, make_members, open_term, assign, make_user, bloc,
                                                selector, role_user):
    from accounts.models import Role

    build = dict(make_org=make_org, make_members=make_members, open_term=open_term, assign=assign, bloc=bloc)
    build_units(1, **build)
    first_gc = Organization.objects.filter(kind__code="grassroots_committee").order_by("pk").first()
    if role_user == "user_khoi":
        user = make_user("khoi", Role.BLOC_STANDING, bloc)
    else:
        user = make_user("coso", Role.COMMITTEE_STAFF, first_gc)

    def fresh():  # a new user object each time, so the scope is computed (and counted) every time
        return get_user_model().objects.get(pk=user.pk)

    small = queries(lambda: selector(fresh()))
    build_units(2, **build)
    large = queries(lambda: selector(fresh()))
    assert small == large, (small, large)
    assert large <= 11  # with the scope's own-record query, asked for every user since issue 12


def test_a_cell_past_due_is_overdue_and_told_how_long_approval_may_stretch(user_khoi, open_term, assign, make_member,
                                                                           cell_a1):
    term = open_term(cell_a1, congress_on=D(2024, 3, 1))  # due 01/09/2026; with approval until 01/03/2027
    assign(main_body(term), make_member(cell_a1), Position.SECRETARY)
    report = selectors.health_report(user_khoi, today=D(2026, 11, 29))
    found = [p for p in report["problems"] if p.organization.pk == cell_a1.pk and p.code not in STRUCTURE]
    assert [p.code for p in found] == ["congress_overdue"]
    assert "01/09/2026" in found[0].message and "01/03/2027" in found[0].message
