"""The organisations' kept figures (organizations.figures) equal a recount from scratch after each service that
changes what they count: admission, transfer, end of membership, exemption, restructuring (move, merge, split,
transfer out), committee seats; and the dashboard that reads them says what plain counts of the rows say.
(Every other test of the suite is checked the same way at its end: conftest._figures_kept.)"""

import datetime

import pytest

from apparatus import services as apparatus
from apparatus.models import Body, Position, Seat
from dashboard.selectors import dashboard_figures
from members import services as members
from members.choices import ACTIVE_STATUSES, Status, TransferKind
from members.models import Member
from organizations import services as tree_services
from organizations.figures import (
    figures_batch,
    figures_rebuild,
    figures_recount,
    figures_refresh,
    figures_stored,
)
from organizations.models import Organization, OrganizationFigures
from organizations.selectors import subtree_ids

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 3, 2)


def assert_kept():
    stored, fresh = figures_stored(), figures_recount()
    assert stored == fresh
    return stored


def total(org):
    return OrganizationFigures.objects.get(pk=org.pk).total


@pytest.fixture
def people(tree, make_member):
    return {
        "a1": [make_member(tree.cell_a1) for _ in range(3)],
        "b1": [make_member(tree.cell_b1) for _ in range(2)],
        "gcell": [make_member(tree.gcell, status=Status.PROBATIONARY)],
    }


def test_every_organisation_has_its_row_and_the_totals_add_up(tree, people):
    stored = assert_kept()
    assert set(stored) == set(Organization.objects.values_list("pk", flat=True))
    assert total(tree.bloc)["members"] == 6
    assert total(tree.gc_a)["members"] == 3 and total(tree.gc_a)["org:cell"] == 2
    assert total(tree.bloc)[f"status:{Status.PROBATIONARY}"] == 1


def test_admission_and_transfer_and_end(actor, tree, people):
    members.member_admit(actor=actor, organization=tree.cell_a2, admitted_on=ON, decision_number="12-QĐ/ĐU",
                         full_name="Ngô Thị Mai", gender="female", date_of_birth=datetime.date(1995, 3, 4))
    assert_kept()
    assert total(tree.gc_a)["members"] == 4 and total(tree.gc_a)["gender:female"] >= 1
    moved = people["a1"][0]
    members.member_transfer(actor=actor, member=moved, kind=TransferKind.PERMANENT, effective_on=ON,
                            reason="Chuyển công tác", to_organization=tree.cell_b2)
    assert_kept()
    assert total(tree.gc_a)["members"] == 3 and total(tree.gc_b)["members"] == 3
    members.member_end(actor=actor, member=Member.objects.get(pk=people["b1"][0].pk), status=Status.DECEASED,
                       effective_on=ON, reason="Từ trần")
    assert_kept()
    assert total(tree.gc_b)["members"] == 2 and total(tree.bloc)[f"status:{Status.DECEASED}"] == 1


def test_exemption_and_temporary_absence(actor, tree, people):
    members.member_exempt(actor=actor, member=people["a1"][1], effective_on=ON, reason="Tuổi cao, sức yếu")
    assert_kept()
    assert total(tree.bloc)["exempted"] == 1
    members.member_transfer(actor=actor, member=Member.objects.get(pk=people["a1"][2].pk),
                            kind=TransferKind.TEMPORARY, effective_on=ON, reason="Đi học", to_external="Học viện",
                            until=ON.replace(year=ON.year + 1), for_study=True)
    assert_kept()
    assert total(tree.bloc)["temporary_away"] == 1


def test_restructuring_moves_the_totals(actor, tree, people):
    tree_services.organization_move(actor=actor, organization=tree.cell_a1, new_parent=tree.gc_b, effective_on=ON,
                                    decision_number="20-QĐ/ĐUK")
    assert_kept()
    assert total(tree.gc_a).get("members", 0) == 0 and total(tree.gc_b)["members"] == 5
    tree_services.organization_merge(actor=actor, sources=[Organization.objects.get(pk=tree.cell_b1.pk)],
                                     target=Organization.objects.get(pk=tree.cell_b2.pk), effective_on=ON,
                                     decision_number="21-QĐ/ĐUK")
    assert_kept()
    assert total(tree.cell_b2)["members"] == 2 and "org:cell" not in OrganizationFigures.objects.get(
        pk=tree.cell_b1.pk).own
    parts = tree_services.organization_split(
        actor=actor, source=Organization.objects.get(pk=tree.gc_b.pk), effective_on=ON, decision_number="22-QĐ/ĐUK",
        keep_source=True, parts=[{"code": "TACH", "name": "Đảng bộ Tách", "children": [tree.cell_a1.pk]}])
    assert_kept()
    assert total(parts[0])["members"] == 3
    tree_services.organization_transfer_out(actor=actor, organization=Organization.objects.get(pk=tree.gcell.pk),
                                            to_committee="Đảng ủy Khối Doanh nghiệp", effective_on=ON,
                                            decision_number="23-QĐ/ĐUK")
    assert_kept()
    assert "org:grassroots_cell" not in total(tree.bloc)


def test_committee_seats(actor, tree, people):
    term = apparatus.term_open(actor=actor, organization=tree.gc_a, label="2025–2030", congress_on=ON)
    body = Body.objects.get(term=term, kind=Body.Kind.EXECUTIVE_COMMITTEE)
    seat = apparatus.seat_assign(actor=actor, body=body, member=people["a1"][0], position=Position.SECRETARY,
                                 started_on=ON)
    apparatus.seat_assign(actor=actor, body=body, member=people["a1"][1], position=Position.COMMITTEE_MEMBER,
                          started_on=ON, engagement=Seat.Engagement.FULL_TIME)
    assert_kept()
    assert total(tree.bloc)["seats:committee"] == 2 and total(tree.bloc)["seats:committee_concurrent"] == 1
    apparatus.seat_end(actor=actor, seat=seat, ended_on=ON, end_reason=Seat.EndReason.RESIGNED)
    assert_kept()
    assert total(tree.bloc)["seats:committee"] == 1


def test_a_batch_counts_once_at_its_end_and_a_rebuild_repairs(actor, tree, people, django_assert_max_num_queries):
    with figures_batch():
        for member in people["a1"]:
            members.member_exempt(actor=actor, member=member, effective_on=ON, reason="Tuổi cao")
        assert total(tree.bloc).get("exempted", 0) == 0  # not yet
    assert total(tree.bloc)["exempted"] == 3
    Member.objects.filter(pk=people["b1"][0].pk).update(status=Status.LEFT)  # around the services
    assert figures_rebuild() == 3  # the cell, its grassroots committee, the Bloc
    assert_kept()
    with django_assert_max_num_queries(18):  # a cell counted again (its apparatus judged), the totals above it
        figures_refresh(organization_ids=[tree.cell_a1.pk])


@pytest.mark.parametrize("username", ["khoi", "coso", "other", "chibo"])
def test_the_dashboard_says_what_plain_counts_say(request, tree, people, username):
    user = request.getfixturevalue(f"user_{username}")
    figures = dashboard_figures(user)
    orgs = set().union(*(subtree_ids(a.organization_id) for a in user.role_assignments.all()))
    rows = Member.objects.filter(organization_id__in=orgs)
    active = rows.filter(status__in=ACTIVE_STATUSES)
    assert figures["members"] == active.count()
    assert figures["probationary"] == rows.filter(status=Status.PROBATIONARY).count()
    assert [g["n"] for g in figures["by_gender"]] == [active.filter(gender=g["code"]).count()
                                                       for g in figures["by_gender"]]
    assert sum(a["n"] for a in figures["by_age"]) == active.count()
    active_orgs = Organization.objects.filter(pk__in=orgs, status=Organization.Status.ACTIVE)
    assert figures["grassroots"] == active_orgs.filter(kind__tier="grassroots").count()


@pytest.fixture
def guests(actor, tree, people):
    """A member of gc_a's cell hosted for a while by gc_b's cell: listed in both, counted in gc_a's figures."""
    return members.member_transfer(actor=actor, member=people["a1"][0], kind=TransferKind.TEMPORARY, effective_on=ON,
                                   reason="Biệt phái", to_organization=tree.cell_b1, until=ON.replace(month=9))


@pytest.mark.parametrize("username", ["khoi", "coso", "other", "chibo", "dangvien"])
@pytest.mark.parametrize("query", [{}, {"status": "all"}, {"status": "full"}, {"status": "exempted"},
                                   {"gender": "female"}, {"theory_level": "advanced"}, {"registration": "official"},
                                   {"status": "temporary"}, {"organization": "gc_b"}, {"organization": "cell_b1",
                                                                                     "gender": "male"}])
def test_the_member_list_counts_what_it_lists(request, client_for, tree, guests, username, query):
    """The list's count read from the kept figures (members.figures.member_list_count) is its number of rows."""
    user = request.getfixturevalue(f"user_{username}")
    if "organization" in query:
        query = {**query, "organization": getattr(tree, query["organization"]).pk}
    response = client_for(user).get("/members/", query)
    if response.status_code != 200:  # a member is sent to their own file; an organisation outside the scope refused
        assert response.status_code in (302, 400)
        return
    table, filterset = response.context["table"], response.context["filter"]
    assert table.paginator.count == filterset.qs.count()
