"""Working-group pages: the groups and the counter, a new group led by a deputy secretary of the Bloc, a visit planned
to a cell and recorded; who may see and do what."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apparatus.models import Position
from apparatus.services import seat_assign, term_open
from core.testing.pages import doc, field_classes, form_errors
from meetings import services
from meetings.models import MeetingKind, Visit, WorkingGroup

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def bloc_leaders(actor, tree, make_member):
    """The Bloc's executive committee: a standing deputy and a member (both registered in the grassroots cell)."""
    term = term_open(actor=actor, organization=tree.bloc, label="2025–2030", congress_on=D(2025, 9, 20))
    body = term.bodies.get()
    deputy = make_member(tree.gcell, full_name="Trần Quốc Hưng")
    member = make_member(tree.gcell, full_name="Lê Thị Mai")
    seat_assign(actor=actor, body=body, member=deputy, position=Position.STANDING_DEPUTY_SECRETARY,
                started_on=body.started_on)
    seat_assign(actor=actor, body=body, member=member, position=Position.COMMITTEE_MEMBER, started_on=body.started_on)
    return deputy, member


@pytest.fixture
def group(actor, tree, bloc_leaders):
    deputy, member = bloc_leaders
    return services.working_group_create(actor=actor, organization=tree.bloc, name="Tổ công tác số 1", leader=deputy,
                                       members=[member], established_on=D(2025, 10, 1), decision_number="12-QĐ/ĐUK")


def test_the_leader_must_be_a_deputy_secretary_of_the_bloc(actor, tree, bloc_leaders):
    deputy, member = bloc_leaders
    with pytest.raises(ValidationError) as refused:
        services.working_group_create(actor=actor, organization=tree.bloc, name="Tổ 2", leader=member,
                                    established_on=D(2025, 10, 1))
    assert list(refused.value.message_dict) == ["leader"]
    assert not WorkingGroup.objects.exists()


def test_a_visit_is_to_a_cell_under_the_group_and_attended_by_its_members(actor, tree, group, make_member,
                                                                          make_org, kinds):
    with pytest.raises(ValidationError) as refused:
        services.visit_plan(actor=actor, group=group, organization=tree.cell_a1, planned_on=D(2025, 9, 1))
    assert "01/10/2025" in refused.value.message_dict["planned_on"][0]
    visit = services.visit_plan(actor=actor, group=group, organization=tree.cell_a1, planned_on=D(2025, 11, 5))
    stranger = make_member(tree.cell_a1)
    with pytest.raises(ValidationError) as refused:
        services.visit_record(actor=actor, visit=visit, visited_on=D(2025, 11, 5), attendees=[group.leader, stranger])
    assert stranger.full_name in refused.value.message_dict["attendees"][0]
    visit.refresh_from_db()
    assert visit.visited_on is None


def test_khoi_plans_and_records_a_visit_through_the_pages(client_for, user_khoi, actor, tree, group):
    client = client_for(user_khoi)
    page = doc(client.get(reverse("meetings:groups")))
    assert page.xpath('//*[@id="visit-count"]')[0].text_content().strip() == "0"
    url = reverse("meetings:group", args=[group.pk])
    refused = client.post(url, {"organization": tree.gc_a.pk, "planned_on": "05/12/2026"})
    assert refused.status_code == 200 and "is-invalid" in field_classes(refused, "organization")
    assert client.post(url, {"organization": tree.cell_a1.pk, "planned_on": TODAY.strftime("%d/%m/%Y")}
                       ).status_code == 302
    visit = Visit.objects.get()
    meeting = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                    planned_on=TODAY)
    visit_url = reverse("meetings:visit", args=[visit.pk])
    future = client.post(visit_url, {"visited_on": (TODAY + datetime.timedelta(days=2)).strftime("%d/%m/%Y"),
                                     "attendees": [group.leader_id], "observations": "Chuẩn bị chu đáo"})
    assert future.status_code == 200 and "is-invalid" in field_classes(future, "visited_on")
    assert "Chuẩn bị chu đáo" in future.content.decode()
    done = client.post(visit_url, {"visited_on": TODAY.strftime("%d/%m/%Y"), "meeting": meeting.pk,
                                   "attendees": [group.leader_id], "assessment": "good",
                                   "observations": "Chuẩn bị chu đáo", "recommendations": "Tăng thảo luận"})
    assert done.status_code == 302, form_errors(done)
    visit.refresh_from_db()
    assert (visit.visited_on, visit.meeting, visit.assessment) == (TODAY, meeting, "good")
    assert doc(client.get(reverse("meetings:groups"))).xpath('//*[@id="visit-count"]')[0].text_content().strip() == "1"
    detail = doc(client.get(visit_url))
    assert detail.xpath('//*[@id="history"]//*[contains(@class, "history-entry")]')


def test_khoi_establishes_a_group(client_for, user_khoi, tree, bloc_leaders):
    deputy, member = bloc_leaders
    client = client_for(user_khoi)
    url = reverse("meetings:group_create")
    refused = client.post(url, {"name": "Tổ 3", "leader": member.pk, "established_on": "01/10/2025"})
    assert refused.status_code == 200 and "is-invalid" in field_classes(refused, "leader")
    created = client.post(url, {"name": "Tổ 3", "leader": deputy.pk, "members": [member.pk],
                                "established_on": "01/10/2025", "decision_number": "15-QĐ/ĐUK"})
    assert created.status_code == 302
    group = WorkingGroup.objects.get()
    assert set(group.members.all()) == {deputy, member}


def test_who_sees_and_changes_what(client_for, user_khoi, user_coso, user_chibo, user_other, actor, tree, group):
    visit = services.visit_plan(actor=actor, group=group, organization=tree.cell_a1, planned_on=D(2025, 11, 5))
    group_url, visit_url = reverse("meetings:group", args=[group.pk]), reverse("meetings:visit", args=[visit.pk])
    # The Bloc's group is the Bloc's: committee staff and cell secretaries below do not see the group page...
    for user in (user_coso, user_chibo, user_other):
        client = client_for(user)
        assert client.get(group_url).status_code == 404
        assert not doc(client.get(reverse("meetings:groups"))).xpath('//table[@id="groups"]//a')
        assert client.get(reverse("meetings:group_create")).status_code == 403
    # ...but the visited cell's people see the visit to their cell, read-only; another subtree does not.
    for user in (user_coso, user_chibo):
        response = client_for(user).get(visit_url)
        assert response.status_code == 200 and not doc(response).xpath('//*[@id="record-visit"]')
        assert client_for(user).post(visit_url, {"visited_on": "05/11/2025", "attendees": [group.leader_id]}
                                     ).status_code == 403
    assert client_for(user_other).get(visit_url).status_code == 404
    visit.refresh_from_db()
    assert visit.visited_on is None
    assert doc(client_for(user_khoi).get(visit_url)).xpath('//*[@id="record-visit"]')


def test_a_visit_is_recorded_after_the_group_was_formed_and_not_at_a_cancelled_meeting(actor, tree, group):
    visit = services.visit_plan(actor=actor, group=group, organization=tree.cell_a1, planned_on=D(2025, 11, 5))
    with pytest.raises(ValidationError) as refused:
        services.visit_record(actor=actor, visit=visit, visited_on=D(2025, 9, 30), attendees=[group.leader])
    assert list(refused.value.message_dict) == ["visited_on"]
    cancelled = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                      planned_on=D(2025, 11, 5))
    services.meeting_cancel(actor=actor, meeting=cancelled, reason="Trùng lịch")
    with pytest.raises(ValidationError) as refused:
        services.visit_record(actor=actor, visit=visit, visited_on=D(2025, 11, 5), attendees=[group.leader],
                            meeting=cancelled)
    assert list(refused.value.message_dict) == ["meeting"]
    visit.refresh_from_db()
    assert visit.visited_on is None and visit.meeting is None
