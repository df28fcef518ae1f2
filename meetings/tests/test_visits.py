"""Working groups, their visits to cell meetings, the visit counter and the meeting to-do."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings import selectors, services
from meetings.models import MeetingKind
from meetings.selectors import meeting_todo
from rules.models import Rule

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def group(actor, tree, make_member):
    leader = make_member(tree.gcell)
    return services.working_group_create(actor=actor, organization=tree.bloc, name="Tổ công tác số 1", leader=leader,
                                       require_deputy=False,
                                       members=[make_member(tree.gcell)], established_on=D(2016, 1, 10),
                                       decision_number="05-QĐ/ĐUK")


def _visit(actor, group, cell, on):
    visit = services.visit_plan(actor=actor, group=group, organization=cell, planned_on=on)
    return services.visit_record(actor=actor, visit=visit, visited_on=on, attendees=[group.leader],
                               observations="Chi bộ chuẩn bị chu đáo.", assessment="good",
                               recommendations="Tăng thời lượng thảo luận.")


def test_the_counter_counts_recorded_visits_since_the_chosen_date_in_scope(actor, group, tree, user_khoi,
                                                                           user_coso, user_other):
    _visit(actor, group, tree.cell_a1, D(2016, 12, 20))  # before the Bloc's chosen date
    _visit(actor, group, tree.cell_a1, D(2017, 3, 9))
    _visit(actor, group, tree.cell_b1, D(2018, 4, 12))
    services.visit_plan(actor=actor, group=group, organization=tree.cell_a2, planned_on=D(2018, 5, 3))  # not held yet
    assert selectors.visits_counted_since() == D(2017, 1, 1)
    assert selectors.visit_count(user_khoi) == 2
    assert selectors.visit_count(user_khoi, since=D(2016, 1, 1)) == 3
    assert (selectors.visit_count(user_coso), selectors.visit_count(user_other)) == (1, 1)
    Rule.objects.filter(code="working_group_visits_counted_since").update(value="2018-01-01")
    assert selectors.visit_count(user_khoi) == 1


def test_a_visit_is_to_a_cell_and_records_who_attended(actor, group, tree):
    with pytest.raises(ValidationError) as error:
        services.visit_plan(actor=actor, group=group, organization=tree.gc_a, planned_on=D(2020, 1, 1))
    assert "organization" in error.value.error_dict
    visit = services.visit_plan(actor=actor, group=group, organization=tree.cell_a1, planned_on=D(2020, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.visit_record(actor=actor, visit=visit, visited_on=D(2020, 1, 1), attendees=[])
    assert "attendees" in error.value.error_dict
    recorded = _visit(actor, group, tree.cell_a1, D(2020, 1, 2))
    assert list(recorded.attendees.all()) == [group.leader] and recorded.history.first().history_user == actor


def test_the_dashboard_shows_the_counter(client, actor, group, tree, user_khoi):
    _visit(actor, group, tree.cell_a1, D(2017, 3, 9))
    client.force_login(user_khoi)
    body = client.get("/").content.decode()
    assert 'data-figure="visits">1<' in body and "01/01/2017" in body


def test_the_secretary_to_do(actor, user_chibo, tree, make_member):
    members = [make_member(tree.cell_a1) for _ in range(3)]
    todo = meeting_todo(user_chibo, today=TODAY)
    assert [(t.organization.pk, t.code) for t in todo["items"]] == [(tree.cell_a1.pk, "not_planned")]
    meeting = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                    planned_on=TODAY.replace(day=1))
    todo = meeting_todo(user_chibo, today=TODAY)
    codes = [t.code for t in todo["items"]]
    assert "not_planned" not in codes
    assert codes == (["past_planned"] if meeting.planned_on < TODAY else [])
    services.meeting_take_attendance(actor=actor, meeting=meeting,
                                     presences={m.pk: ("present", "") for m in selectors.meeting_roster(meeting)})
    services.meeting_record(actor=actor, meeting=meeting, held_on=meeting.planned_on, started_at=datetime.time(14),
                            ended_at=datetime.time(16), resolution="Nghị quyết", votes_for=len(members))
    assert [t.code for t in meeting_todo(user_chibo, today=TODAY)["items"]] == ["minutes_missing"]
    services.meeting_close(actor=actor, meeting=meeting)
    assert meeting_todo(user_chibo, today=TODAY)["items"] == []


def test_someone_running_many_cells_gets_the_counts(client, user_khoi, user_coso, tree, make_org):
    for i in range(8):
        make_org("cell", tree.gc_a, name=f"Chi bộ Phòng số {i}")
    many = meeting_todo(user_khoi, today=TODAY)  # 13 cells, none planned
    assert many["items"] == [] and many["counts"] == [
        {"code": "not_planned", "n": 13, "url": "/meetings/compliance/todo/?code=not_planned"}]
    few = meeting_todo(user_coso, today=TODAY)  # gc_a's 10 cells: listed one by one
    assert len(few["items"]) == 10 and few["counts"] == []
    client.force_login(user_khoi)
    body = client.get("/").content.decode()
    assert 'id="todo-summary"' in body and 'id="todo"' not in body



def test_someone_running_many_cells_whose_plans_are_nearly_all_made_gets_the_few_left(user_khoi, tree, make_org,
                                                                                       actor):
    """The cells without this month's plan counted from the kept figures (the cells less those planned) for a wide
    scope: when few are left, they are listed one by one, as for a committee of a few cells."""
    from organizations.models import Organization

    for i in range(8):
        make_org("cell", tree.gc_a, name=f"Chi bộ Phòng số {i}")
    cells = list(Organization.objects.filter(kind__holds_members=True).order_by("name_sort"))
    month_end = (TODAY.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    for cell in cells[2:]:  # planned this month, the members given notice
        services.meeting_notify(actor=actor, meeting=services.meeting_plan(
            actor=actor, organization=cell, kind=MeetingKind.REGULAR, planned_on=month_end))
    todo = meeting_todo(user_khoi, today=TODAY)
    assert todo["counts"] == [] and sorted(t.organization.pk for t in todo["items"] if t.code == "not_planned") == \
        sorted(c.pk for c in cells[:2])
    counts, owing = selectors.todo_counts(user_khoi, today=TODAY)
    assert counts["not_planned"] == 2 and owing == 2


# ---- notice to members, and the week's to-do ----------------------------------------------------------------

def test_notice_is_given_of_a_planned_meeting_only(actor, tree):
    meeting = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                    planned_on=TODAY + datetime.timedelta(days=3))
    notified = services.meeting_notify(actor=actor, meeting=meeting)
    assert notified.notice_sent_on == TODAY and notified.history.first().history_user == actor
    with pytest.raises(ValidationError):
        services.meeting_notify(actor=actor, meeting=meeting, on=TODAY + datetime.timedelta(days=4))


def test_the_weeks_meetings_need_notice_and_a_review_of_the_last_resolution(actor, tree, make_member,
                                                                            user_chibo):
    make_member(tree.cell_a1)
    last = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                 planned_on=TODAY - datetime.timedelta(days=35))
    services.meeting_take_attendance(actor=actor, meeting=last, presences={
        m.pk: ("present", "") for m in selectors.meeting_roster(last)})
    services.meeting_record(actor=actor, meeting=last, held_on=last.planned_on, started_at=datetime.time(14),
                            ended_at=datetime.time(16), resolution="Nghị quyết tháng trước", votes_for=1)
    services.meeting_close(actor=actor, meeting=last)
    coming = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.THEMATIC,
                                   planned_on=TODAY + datetime.timedelta(days=2), topic="Chuyển đổi số")
    codes = {(t.code, t.meeting.pk if t.meeting else None) for t in meeting_todo(user_chibo)["items"]}
    assert ("notice_due", coming.pk) in codes and ("resolution_followup", coming.pk) in codes
    followup = next(t for t in meeting_todo(user_chibo)["items"] if t.code == "resolution_followup")
    assert followup.previous == last
    services.meeting_notify(actor=actor, meeting=coming)
    assert "notice_due" not in {t.code for t in meeting_todo(user_chibo)["items"]}
