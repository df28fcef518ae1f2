"""meetings.services against the real database: plan from the Bloc's process, roster, attendance, minutes,
closing and cancelling, documents and guests, and one meeting from planning to its quality benchmark.

Every refusal is checked for its field (or non-field), its message in English, and for having written
nothing (`db_snapshot` plus the meeting tables and their history).
"""

import datetime

import pytest
from django.utils.translation import override

from core.testing.pages import assert_refused
from meetings import selectors, services
from meetings.models import (
    AgendaEntry,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    ProcessStep,
    ProcessTemplate,
    StepCode,
)
from meetings.quality import excused_run, is_combined, judge
from members.choices import Status, TransferKind
from members.services import member_end, member_exempt, member_recognise_full, member_transfer, member_transfer_in
from organizations.models import Cluster
from organizations.services import organization_dissolve, organization_update
from rules.selectors import RuleBook

pytestmark = pytest.mark.django_db
D = datetime.date
T = datetime.time
TODAY = datetime.date.today()
HELD = D(2026, 11, 10)  # a past day of the current month (today is 29/11/2026)
V2_PUBLISHED = D(2026, 6, 1)
V2_STEPS = [
    (StepCode.GUESTS, "Giới thiệu đại biểu"),
    (StepCode.ATTENDANCE, "Điểm danh"),
    (StepCode.NEWS, "Thông tin thời sự"),
    (StepCode.DISCUSSION, "Thảo luận, liên hệ nhiệm vụ cơ quan"),
    (StepCode.VOTE, "Biểu quyết nghị quyết"),
    (StepCode.MINUTES, "Thông qua biên bản"),
]


# ---- helpers ---------------------------------------------------------------------------------------

def meeting_tables():
    """The meeting tables and their history: equal before and after means nothing was written."""
    return {
        "meetings": list(Meeting.objects.order_by("pk").values_list(
            "pk", "status", "template_id", "held_on", "started_at", "ended_at", "chair_id", "minute_taker_id",
            "resolution", "votes_for", "votes_against", "votes_abstain", "cancelled_reason")),
        "meeting_history": Meeting.history.count(),
        "entries": list(AgendaEntry.objects.order_by("pk").values_list("pk", "meeting_id", "order", "title", "content")),
        "entry_history": AgendaEntry.history.count(),
        "attendance": list(Attendance.objects.order_by("pk").values_list("pk", "member_id", "presence", "reason")),
        "attendance_history": Attendance.history.count(),
        "guests": list(Guest.objects.order_by("pk").values_list("pk", "name")),
        "documents": list(MeetingDocument.objects.order_by("pk").values_list("pk", "title", "available_on")),
        "templates": ProcessTemplate.objects.count(),
    }


def refused(db_snapshot, call, *, field=None, contains=None):
    """Run `call` in English; assert a ValidationError (on `field`, or non-field) and no write at all."""
    return assert_refused(call, snapshot=lambda: (db_snapshot(), meeting_tables()), field=field, contains=contains)


def last_history(instance):
    return instance.history.order_by("-history_id").first()


def everyone(meeting, presence="present", **overrides):
    """A complete `presences` dict for the meeting's roster: `presence` for all, `overrides` by member."""
    presences = {m.pk: (presence, "") for m in selectors.meeting_roster(meeting)}
    for member, value in overrides.get("by_member", {}).items():
        presences[member.pk] = value
    return presences


def judge_meeting(meeting):
    """The quality benchmark from what was recorded, as a page would compute it."""
    meeting.refresh_from_db()
    presences = dict(meeting.attendance.values_list("member_id", "presence"))
    runs = {}
    for member_id in presences:
        history = list(Attendance.objects.filter(
            member_id=member_id, meeting__organization=meeting.organization, meeting__held_on__isnull=False)
            .order_by("meeting__held_on").values_list("meeting__held_on", "presence"))
        runs[member_id] = excused_run(history, meeting.held_on)
    return judge(held_on=meeting.held_on, minutes=meeting.minutes,
                 combined=is_combined(meeting.kind, meeting.topic), presences=presences,
                 excused_runs=runs, documents_available_on=list(meeting.documents.values_list("available_on", flat=True)),
                 value=RuleBook().value)


# ---- fixtures --------------------------------------------------------------------------------------

@pytest.fixture
def plan(actor):
    """plan(cell, on=HELD, kind=regular, **kwargs) -> a planned meeting through meeting_plan."""
    def _plan(cell, on=HELD, kind=MeetingKind.REGULAR, **kwargs):
        return services.meeting_plan(actor=actor, organization=cell, kind=kind, planned_on=on, **kwargs)

    return _plan


def publish_v2():
    """Version 2 of the regular process, published 01/06/2026 with fewer, reworded steps."""
    template = ProcessTemplate.objects.create(kind=MeetingKind.REGULAR, version=2, title="Quy trình định kỳ (sửa đổi)",
                                              decision_number="15-HD/ĐUK", published_on=V2_PUBLISHED)
    for order, (code, title) in enumerate(V2_STEPS, start=1):
        ProcessStep.objects.create(template=template, order=order, code=code, title=title)
    return template


@pytest.fixture
def regular_v2(db):
    return publish_v2()


@pytest.fixture
def trio(cell_a1, make_member):
    """Three members of cell_a1: two full, one probationary."""
    return (make_member(cell_a1, full_name="Nguyễn Văn An"), make_member(cell_a1, full_name="Lê Thị Bình"),
            make_member(cell_a1, full_name="Trần Văn Cường", status=Status.PROBATIONARY))


@pytest.fixture
def attended(actor, plan, cell_a1, trio):
    """A regular meeting of cell_a1 (trio all present), not yet recorded."""
    meeting = plan(cell_a1)
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=everyone(meeting))
    return meeting


def record(actor, meeting, **overrides):
    data = dict(held_on=HELD, started_at=T(14, 0), ended_at=T(15, 35))
    data.update(overrides)
    return services.meeting_record(actor=actor, meeting=meeting, **data)


# ---- meeting_plan ----------------------------------------------------------------------------------

def test_plan_copies_the_agenda_of_the_current_process_in_order(actor, plan, cell_a1):
    meeting = plan(cell_a1, on=D(2026, 11, 5), planned_at=T(14, 0), place="Phòng họp  tầng 2",
                   reason="Kế hoạch tháng 11")
    v1 = ProcessTemplate.objects.get(kind=MeetingKind.REGULAR, version=1)
    assert meeting.template == v1
    assert (meeting.status, meeting.period, meeting.place) == (Meeting.Status.PLANNED, D(2026, 11, 1), "Phòng họp tầng 2")
    assert meeting.created_by == actor
    steps = list(v1.steps.values_list("order", "code", "title"))
    assert len(steps) == 13
    assert list(meeting.entries.values_list("order", "code", "title")) == steps
    assert list(meeting.entries.values_list("step__template", flat=True)) == [v1.pk] * 13
    planned = last_history(meeting)
    assert (planned.history_type, planned.history_user, planned.history_change_reason) == ("+", actor, "Kế hoạch tháng 11")
    # The copied agenda is part of the audit trail too.
    rows = AgendaEntry.history.filter(meeting_id=meeting.pk)
    assert rows.count() == 13
    assert set(rows.values_list("history_type", "history_user", "history_change_reason")) == {
        ("+", actor.pk, "Kế hoạch tháng 11")}


def test_plan_without_a_reason_names_the_process(actor, plan, cell_a1):
    with override("en"):
        meeting = plan(cell_a1)
    assert last_history(meeting).history_change_reason == f"Planned from {meeting.template}"


def test_the_process_is_the_latest_version_published_by_the_planned_date(plan, cell_a1, regular_v2):
    ProcessTemplate.objects.create(kind=MeetingKind.REGULAR, version=3, title="Dự thảo", published_on=None)
    before = plan(cell_a1, on=D(2026, 5, 31))
    on_the_day = plan(cell_a1, on=V2_PUBLISHED)
    after = plan(cell_a1, on=D(2026, 7, 8))
    assert before.template.version == 1 and before.entries.count() == 13
    assert on_the_day.template == regular_v2 and after.template == regular_v2  # the draft v3 is not used
    assert list(after.entries.values_list("order", "code", "title")) == [
        (order, code, title) for order, (code, title) in enumerate(V2_STEPS, start=1)]
    # Other kinds keep their own process.
    thematic = plan(cell_a1, on=D(2026, 7, 20), kind=MeetingKind.THEMATIC, topic="Học tập Nghị quyết")
    assert (thematic.template.kind, thematic.template.version) == (MeetingKind.THEMATIC, 1)


def test_a_meeting_keeps_its_process_and_agenda_when_the_process_changes(plan, cell_a1):
    under_v1 = plan(cell_a1, on=D(2026, 7, 8))  # planned before v2 is published
    v1 = under_v1.template
    v1_titles = list(under_v1.entries.values_list("title", flat=True))
    regular_v2 = publish_v2()
    under_v2 = plan(cell_a1, on=D(2026, 8, 4))
    assert (v1.version, under_v2.template) == (1, regular_v2)
    # The Bloc rewords a step of v2 and adds one; then publishes v3 from 01/09/2026.
    ProcessStep.objects.filter(template=regular_v2, order=4).update(title="Thảo luận (bản mới)")
    ProcessStep.objects.create(template=regular_v2, order=7, code=StepCode.DUES, title="Thu đảng phí")
    v3 = ProcessTemplate.objects.create(kind=MeetingKind.REGULAR, version=3, title="v3", published_on=D(2026, 9, 1))
    ProcessStep.objects.create(template=v3, order=1, code=StepCode.OTHER, title="Một bước")
    for meeting, template, titles in ((under_v1, v1, v1_titles),
                                      (under_v2, regular_v2, [title for _code, title in V2_STEPS])):
        meeting.refresh_from_db()
        assert meeting.template == template
        assert list(meeting.entries.values_list("title", flat=True)) == titles
    assert "Thảo luận, liên hệ nhiệm vụ cơ quan" in under_v2.entries.values_list("title", flat=True)
    assert plan(cell_a1, on=D(2026, 9, 3)).template == v3


def test_a_grassroots_cell_holds_meetings_too(plan, gcell):
    assert plan(gcell).organization == gcell


@pytest.mark.parametrize("case, field, message", [
    ("grassroots_committee", "organization", "Meetings are held by a cell."),
    ("dissolved_cell", "organization", "is no longer active"),
    ("unknown_kind", "kind", "Choose the kind of meeting."),
    ("no_process_yet", "kind", "No process is published"),
    ("thematic_without_topic", "topic", "A thematic meeting needs its topic."),
    ("pilot_of_a_regular_meeting", "is_pilot", "Only a thematic meeting is piloted"),
    ("pilot_without_cluster", "is_pilot", "belongs to no cluster"),
    ("second_regular_of_the_month", "planned_on", "already has its regular meeting for 11/2026"),
])
def test_plan_refusals(actor, plan, tree, db_snapshot, case, field, message):
    plan(tree.cell_a1, on=D(2026, 11, 3))  # the regular meeting of November
    organization_dissolve(actor=actor, organization=tree.cell_b2, effective_on=D(2026, 1, 1),
                          decision_number="99-QĐ/ĐUK")
    calls = {
        "grassroots_committee": lambda: plan(tree.gc_a),
        "dissolved_cell": lambda: plan(tree.cell_b2),
        "unknown_kind": lambda: plan(tree.cell_a2, kind="monthly"),
        "no_process_yet": lambda: plan(tree.cell_a2, kind=MeetingKind.EXTRAORDINARY),
        "thematic_without_topic": lambda: plan(tree.cell_a2, kind=MeetingKind.THEMATIC, topic="   "),
        "pilot_of_a_regular_meeting": lambda: plan(tree.cell_a2, is_pilot=True, topic="Chuyển đổi số"),
        "pilot_without_cluster": lambda: plan(tree.cell_a2, kind=MeetingKind.THEMATIC, topic="Chuyển đổi số",
                                              is_pilot=True),
        "second_regular_of_the_month": lambda: plan(tree.cell_a1, on=D(2026, 11, 24)),
    }
    if case == "no_process_yet":  # every version of the process still a draft
        ProcessTemplate.objects.filter(kind=MeetingKind.EXTRAORDINARY).update(published_on=None)
    refused(db_snapshot, calls[case], field=field, contains=message)
    assert Meeting.objects.count() == 1 and AgendaEntry.objects.count() == 13


def test_a_meeting_older_than_every_version_is_entered_under_the_first(plan, cell_a2):
    meeting = plan(cell_a2, on=D(2017, 12, 20))  # v1 was published on 18/01/2018
    assert meeting.template.version == 1 and meeting.entries.count() == 13


def test_a_cluster_pilot_is_a_thematic_meeting_of_a_cell_in_a_cluster(actor, plan, cell_a2):
    cluster = Cluster.objects.create(code="cum-1", name="Cụm số 1")
    organization_update(actor=actor, organization=cell_a2, cluster=cluster, reason="Phân cụm")
    meeting = plan(cell_a2, kind=MeetingKind.THEMATIC, topic="  Chuyển  đổi số ", is_pilot=True)
    assert meeting.is_pilot and meeting.topic == "Chuyển đổi số"
    assert StepCode.TOPIC in meeting.entries.values_list("code", flat=True)


def test_one_regular_meeting_a_month_unless_cancelled(actor, plan, cell_a1, cell_a2, db_snapshot):
    first = plan(cell_a1, on=D(2026, 11, 3))
    # Other months, other cells and other kinds are not concerned.
    plan(cell_a1, on=D(2026, 10, 30))
    plan(cell_a2, on=D(2026, 11, 3))
    plan(cell_a1, on=D(2026, 11, 17), kind=MeetingKind.THEMATIC, topic="Học tập Nghị quyết")
    plan(cell_a1, on=D(2026, 11, 20), kind=MeetingKind.EXTRAORDINARY)
    refused(db_snapshot, lambda: plan(cell_a1, on=D(2026, 11, 24)), field="planned_on")
    services.meeting_cancel(actor=actor, meeting=first, reason="Trùng lịch họp của Sở")
    again = plan(cell_a1, on=D(2026, 11, 24))
    assert again.period == first.period and again.pk != first.pk
    assert Meeting.objects.filter(organization=cell_a1, kind=MeetingKind.REGULAR, period=D(2026, 11, 1)).count() == 2


# ---- meeting_roster --------------------------------------------------------------------------------

def test_the_roster_is_who_attends_this_cell(actor, plan, cell_a1, cell_a2, make_member):
    stays = make_member(cell_a1, full_name="Nguyễn Văn An")
    exempt = make_member(cell_a1, full_name="Lê Văn Bảy")
    member_exempt(actor=actor, member=exempt, effective_on=D(2026, 1, 5), reason="Tuổi cao, sức yếu")
    probationary = make_member(cell_a1, full_name="Phạm Thị Cúc", status=Status.PROBATIONARY)
    away_here = make_member(cell_a1, full_name="Đỗ Văn Dũng")
    member_transfer(actor=actor, member=away_here, kind=TransferKind.TEMPORARY, effective_on=D(2026, 9, 1),
                    until=D(2027, 3, 1), to_organization=cell_a2, reason="Biệt phái sang Văn phòng Sở")
    away_outside = make_member(cell_a1, full_name="Hồ Thị Em")
    member_transfer(actor=actor, member=away_outside, kind=TransferKind.TEMPORARY, effective_on=D(2026, 9, 1),
                    until=D(2027, 3, 1), to_external="Chi bộ Trường Chính trị tỉnh", reason="Đi học trung cấp")
    dead = make_member(cell_a1, full_name="Võ Văn Giang")
    member_end(actor=actor, member=dead, status=Status.DECEASED, effective_on=D(2026, 10, 2), reason="Từ trần")
    left = make_member(cell_a1, full_name="Bùi Văn Hải")
    member_transfer(actor=actor, member=left, kind=TransferKind.PERMANENT, effective_on=D(2026, 10, 1),
                    to_external="Đảng bộ tỉnh Quảng Nam", reason="Chuyển công tác")
    visitor = make_member(cell_a2, full_name="Đặng Thị Kim")
    member_transfer(actor=actor, member=visitor, kind=TransferKind.TEMPORARY, effective_on=D(2026, 9, 1),
                    until=D(2027, 3, 1), to_organization=cell_a1, reason="Tăng cường cho Phòng Ngân sách")
    from_outside = member_transfer_in(
        actor=actor, organization=cell_a1, from_external="Đảng bộ Sở Tài chính tỉnh Quảng Trị",
        kind=TransferKind.TEMPORARY, effective_on=D(2026, 8, 1), until=D(2027, 2, 1), status=Status.FULL,
        admitted_on=D(2012, 5, 19), full_on=D(2013, 5, 19), full_name="Lương Văn Long", gender="male",
        date_of_birth=D(1980, 4, 4), citizen_id="045080001111", hometown="Quảng Trị", position="Chuyên viên",
    )
    meeting = plan(cell_a1)
    roster = selectors.meeting_roster(meeting)
    assert set(roster) == {stays, exempt, probationary, visitor, from_outside}
    assert [m.name_sort for m in roster] == sorted(m.name_sort for m in roster)
    # The one on loan to cell_a2 attends there instead, and not the visitor who came from there.
    assert set(selectors.meeting_roster(plan(cell_a2))) == {away_here}


# ---- meeting_take_attendance -----------------------------------------------------------------------

def test_attendance_must_mark_everyone(actor, plan, cell_a1, trio, db_snapshot):
    an, binh, cuong = trio
    meeting = plan(cell_a1)
    messages = refused(db_snapshot, lambda: services.meeting_take_attendance(
        actor=actor, meeting=meeting, presences={an.pk: ("present", "")}), field="presences")
    assert messages == ["Mark everyone: Lê Thị Bình, Trần Văn Cường."]
    refused(db_snapshot, lambda: services.meeting_take_attendance(actor=actor, meeting=meeting, presences={}),
            field="presences", contains="Nguyễn Văn An")


def test_attendance_refuses_people_not_expected(actor, plan, cell_a1, cell_a2, trio, make_member, db_snapshot):
    outsider = make_member(cell_a2)
    meeting = plan(cell_a1)
    presences = everyone(meeting) | {outsider.pk: ("present", "")}
    refused(db_snapshot, lambda: services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences),
            field="presences", contains="1 of the people marked are not expected")


def test_an_excused_absence_needs_its_reason(actor, plan, cell_a1, trio, db_snapshot):
    an, binh, cuong = trio
    meeting = plan(cell_a1)
    presences = everyone(meeting, by_member={binh: ("excused", "  "), cuong: ("absent", "")})
    refused(db_snapshot, lambda: services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences),
            field=f"reason_{binh.pk}", contains="Lê Thị Bình")
    presences[binh.pk] = ("excused", "Ốm,  nằm viện")
    rows = services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences)
    assert {r.member: (r.presence, r.reason) for r in rows} == {
        an: ("present", ""), binh: ("excused", "Ốm, nằm viện"), cuong: ("absent", "")}


def test_exempt_only_for_an_exempt_member_and_presence_must_be_known(actor, plan, cell_a1, trio, db_snapshot):
    an, binh, cuong = trio
    member_exempt(actor=actor, member=binh, effective_on=D(2026, 2, 1), reason="Bệnh hiểm nghèo")
    meeting = plan(cell_a1)
    wrong = everyone(meeting, by_member={an: ("exempt", "")})
    refused(db_snapshot, lambda: services.meeting_take_attendance(actor=actor, meeting=meeting, presences=wrong),
            field=f"presence_{an.pk}", contains="Nguyễn Văn An is not exempt")
    unknown = everyone(meeting, by_member={cuong: ("late", "")})
    refused(db_snapshot, lambda: services.meeting_take_attendance(actor=actor, meeting=meeting, presences=unknown),
            field=f"presence_{cuong.pk}", contains="Choose present, excused or absent.")
    rows = services.meeting_take_attendance(actor=actor, meeting=meeting,
                                            presences=everyone(meeting, by_member={binh: ("exempt", "")}))
    assert {r.member: r.presence for r in rows}[binh] == Attendance.Presence.EXEMPT


def test_attendance_records_membership_and_temporary_transfer(actor, plan, cell_a1, cell_a2, trio, make_member):
    an, binh, cuong = trio
    visitor = make_member(cell_a2, full_name="Đặng Thị Kim")
    member_transfer(actor=actor, member=visitor, kind=TransferKind.TEMPORARY, effective_on=D(2026, 9, 1),
                    until=D(2027, 3, 1), to_organization=cell_a1, reason="Tăng cường")
    meeting = plan(cell_a1)
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=everyone(meeting), reason="Điểm danh")
    rows = {a.member_id: a for a in meeting.attendance.all()}
    assert set(rows) == {an.pk, binh.pk, cuong.pk, visitor.pk}
    assert rows[visitor.pk].temporary and not rows[an.pk].temporary
    assert (rows[an.pk].member_status, rows[cuong.pk].member_status) == (Status.FULL, Status.PROBATIONARY)
    assert {(h.history_user, h.history_change_reason) for h in Attendance.history.all()} == {(actor, "Điểm danh")}


def test_taking_attendance_again_replaces_the_earlier_record(actor, plan, cell_a1, trio):
    an, binh, cuong = trio
    meeting = plan(cell_a1)
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=everyone(meeting))
    services.meeting_take_attendance(actor=actor, meeting=meeting, reason="Sửa điểm danh",
                                     presences=everyone(meeting, by_member={cuong: ("excused", "Con ốm")}))
    assert sorted(meeting.attendance.values_list("member_id", "presence", "reason")) == sorted([
        (an.pk, "present", ""), (binh.pk, "present", ""), (cuong.pk, "excused", "Con ốm")])
    deleted = Attendance.history.filter(history_type="-")
    assert deleted.count() == 3
    assert {(h.history_user, h.history_change_reason) for h in deleted} == {(actor, "Sửa điểm danh")}


# ---- meeting_record --------------------------------------------------------------------------------

@pytest.mark.parametrize("times, field, message", [
    ((T(14, 0), T(14, 0)), "ended_at", "The meeting ends after it starts."),
    ((T(14, 0), T(13, 30)), "ended_at", "The meeting ends after it starts."),
    ((T(14, 0), None), "ended_at", "Enter the time."),
    ((None, T(15, 0)), "started_at", "Enter the time."),
])
def test_record_needs_an_end_after_the_start(actor, attended, db_snapshot, times, field, message):
    started_at, ended_at = times
    refused(db_snapshot, lambda: record(actor, attended, started_at=started_at, ended_at=ended_at),
            field=field, contains=message)
    assert Meeting.objects.get(pk=attended.pk).status == Meeting.Status.PLANNED


def test_record_refuses_a_date_in_the_future(actor, attended, db_snapshot):
    refused(db_snapshot, lambda: record(actor, attended, held_on=TODAY + datetime.timedelta(days=1)),
            field="held_on", contains="cannot be in the future")
    assert record(actor, attended, held_on=TODAY).held_on == TODAY


def test_chair_and_minute_taker_must_be_present(actor, plan, cell_a1, trio, db_snapshot):
    an, binh, cuong = trio
    meeting = plan(cell_a1)
    refused(db_snapshot, lambda: record(actor, meeting, chair=an), field="chair",
            contains="Nguyễn Văn An is not marked present")  # no attendance yet
    services.meeting_take_attendance(actor=actor, meeting=meeting,
                                     presences=everyone(meeting, by_member={binh: ("excused", "Đi công tác")}))
    refused(db_snapshot, lambda: record(actor, meeting, chair=an, minute_taker=binh), field="minute_taker",
            contains="Lê Thị Bình is not marked present")
    recorded = record(actor, meeting, chair=an, minute_taker=cuong)
    assert (recorded.chair, recorded.minute_taker) == (an, cuong)


def test_votes_cannot_exceed_the_full_members_present(actor, attended, db_snapshot):
    # Present: two full members and one probationary, who does not vote.
    refused(db_snapshot, lambda: record(actor, attended, resolution="Nghị quyết", votes_for=2, votes_abstain=1),
            field="votes_for", contains="3 votes, but 2 full members present")
    recorded = record(actor, attended, resolution="Nghị quyết", votes_for=1, votes_against=0, votes_abstain=1)
    assert (recorded.votes_for, recorded.votes_against, recorded.votes_abstain) == (1, 0, 1)


@pytest.mark.parametrize("change", ["recognised_full_afterwards", "moved_out_afterwards"])
def test_voters_are_counted_as_on_the_day_of_the_meeting(actor, attended, trio, db_snapshot, change):
    """The minutes are often written up later: what counts is the membership recorded with the attendance."""
    an, binh, cuong = trio
    if change == "recognised_full_afterwards":
        member_recognise_full(actor=actor, member=cuong, decided_on=D(2026, 11, 20), decision_number="12-QĐ/ĐUSTC")
        refused(db_snapshot, lambda: record(actor, attended, resolution="Nghị quyết", votes_for=3),
                field="votes_for", contains="3 votes, but 2 full members present")
    else:
        member_transfer(actor=actor, member=binh, kind=TransferKind.PERMANENT, effective_on=D(2026, 11, 20),
                        to_external="Đảng bộ tỉnh Quảng Nam", reason="Chuyển công tác")
    assert record(actor, attended, resolution="Nghị quyết", votes_for=2).votes_for == 2


def test_record_saves_the_minutes_by_step_and_marks_the_meeting_held(actor, attended, trio):
    an, binh, cuong = trio
    recorded = record(actor, attended, chair=an, minute_taker=binh, resolution="  Hoàn thành  dự toán ",
                      votes_for=2, self_assessment="Đạt yêu cầu", reason="Biên bản tháng 11",
                      entries={5: "Thông tin  về Nghị quyết Trung ương", 7: "Ý kiến của các đồng chí", 99: "?"})
    attended.refresh_from_db()
    assert attended.status == Meeting.Status.HELD
    assert (attended.held_on, attended.minutes, attended.resolution) == (HELD, 95, "Hoàn thành dự toán")
    assert recorded.pk == attended.pk
    contents = dict(attended.entries.values_list("order", "content"))
    assert contents[5] == "Thông tin về Nghị quyết Trung ương" and contents[7] == "Ý kiến của các đồng chí"
    assert [order for order, content in contents.items() if content] == [5, 7]
    assert (last_history(attended).history_user, last_history(attended).history_change_reason) == (
        actor, "Biên bản tháng 11")
    changed = AgendaEntry.history.filter(meeting_id=attended.pk, history_type="~")
    assert sorted(changed.values_list("order", "history_change_reason")) == [
        (5, "Biên bản tháng 11"), (7, "Biên bản tháng 11")]
    # Recording again (a correction) changes only what differs.
    record(actor, attended, chair=an, minute_taker=binh, resolution="Hoàn thành dự toán", votes_for=2,
           entries={5: "Thông tin về Nghị quyết Trung ương", 7: "Ý kiến đã sửa"})
    assert AgendaEntry.history.filter(meeting_id=attended.pk, history_type="~").count() == 3
    assert attended.entries.get(order=7).content == "Ý kiến đã sửa"


# ---- meeting_close, meeting_cancel ----------------------------------------------------------------

def test_close_lists_everything_still_missing(actor, plan, cell_a1, trio, db_snapshot):
    meeting = plan(cell_a1)

    def close():
        return services.meeting_close(actor=actor, meeting=meeting)

    messages = refused(db_snapshot, close)
    assert messages == ["Before closing: record the meeting (date, times) first; take attendance; "
                        "record the resolution and its vote."]
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=everyone(meeting))
    record(actor, meeting, resolution="Nghị quyết tháng 11")  # no vote
    assert refused(db_snapshot, close) == ["Before closing: record the resolution and its vote."]
    record(actor, meeting, votes_for=2)  # a vote without the resolution
    assert refused(db_snapshot, close) == ["Before closing: record the resolution and its vote."]
    record(actor, meeting, resolution="Nghị quyết tháng 11", votes_for=2)
    closed = services.meeting_close(actor=actor, meeting=meeting, reason="Biên bản đã thông qua")
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CLOSED == closed.status
    assert (last_history(meeting).history_user, last_history(meeting).history_change_reason) == (
        actor, "Biên bản đã thông qua")


def test_a_recorded_meeting_without_attendance_cannot_close(actor, plan, cell_a1, trio, db_snapshot):
    meeting = plan(cell_a1)
    record(actor, meeting, resolution="Nghị quyết", votes_for=0)
    assert refused(db_snapshot, lambda: services.meeting_close(actor=actor, meeting=meeting)) == [
        "Before closing: take attendance."]


def test_nothing_changes_after_closing(actor, attended, trio, db_snapshot):
    an = trio[0]
    record(actor, attended, chair=an, resolution="Nghị quyết", votes_for=2)
    services.meeting_close(actor=actor, meeting=attended)
    meeting = Meeting.objects.get(pk=attended.pk)  # a fresh copy, as a later request would load it
    calls = [
        lambda: services.meeting_take_attendance(actor=actor, meeting=meeting, presences=everyone(meeting)),
        lambda: record(actor, meeting, resolution="Sửa nghị quyết", votes_for=2),
        lambda: services.meeting_cancel(actor=actor, meeting=meeting, reason="Nhầm"),
        lambda: services.meeting_close(actor=actor, meeting=meeting),
        lambda: services.meeting_add_document(actor=actor, meeting=meeting, title="Phụ lục", available_on=HELD),
        lambda: services.meeting_add_guest(actor=actor, meeting=meeting, name="Nguyễn Văn Khách"),
    ]
    for call in calls:
        refused(db_snapshot, call, contains="This meeting is closed (minutes approved): it can no longer change.")


def test_cancel_needs_a_reason_and_ends_the_meeting(actor, plan, cell_a1, trio, db_snapshot):
    meeting = plan(cell_a1)
    for reason in ("", "   "):
        refused(db_snapshot, lambda why=reason: services.meeting_cancel(actor=actor, meeting=meeting, reason=why),
                field="reason", contains="Say why the meeting is cancelled.")
    services.meeting_cancel(actor=actor, meeting=meeting, reason="Bão  số 13")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_reason) == (Meeting.Status.CANCELLED, "Bão số 13")
    assert (last_history(meeting).history_user, last_history(meeting).history_change_reason) == (actor, "Bão số 13")
    refused(db_snapshot, lambda: record(actor, meeting), contains="This meeting is cancelled")
    refused(db_snapshot, lambda: services.meeting_take_attendance(actor=actor, meeting=meeting,
                                                                  presences=everyone(meeting)),
            contains="This meeting is cancelled")


# ---- documents and guests --------------------------------------------------------------------------

def test_a_document_cannot_be_dated_in_the_future(actor, plan, cell_a1, db_snapshot):
    meeting = plan(cell_a1)
    refused(db_snapshot, lambda: services.meeting_add_document(
        actor=actor, meeting=meeting, title="Dự thảo", available_on=TODAY + datetime.timedelta(days=1)),
        field="available_on", contains="cannot be in the future")
    refused(db_snapshot, lambda: services.meeting_add_document(actor=actor, meeting=meeting, title="Dự thảo",
                                                               available_on=None), field="available_on")
    document = services.meeting_add_document(actor=actor, meeting=meeting, title="Dự thảo  nghị quyết",
                                             available_on=TODAY, link="https://sotay.dangbo.vn/tl/1")
    assert (document.title, document.available_on, document.meeting) == ("Dự thảo nghị quyết", TODAY, meeting)
    assert (last_history(document).history_type, last_history(document).history_user) == ("+", actor)


def test_guests_are_named_or_members_or_observers(actor, plan, cell_a1, cell_a2, gc_a, make_member, db_snapshot):
    meeting = plan(cell_a1)
    cadre = make_member(cell_a2, full_name="Phan Văn Quang")
    refused(db_snapshot, lambda: services.meeting_add_guest(actor=actor, meeting=meeting, name="  "),
            field="name", contains="Enter the guest's name.")
    named = services.meeting_add_guest(actor=actor, meeting=meeting, name="Trần  Thị Mai", role="Đảng ủy viên",
                                       observer_from=gc_a)
    visiting = services.meeting_add_guest(actor=actor, meeting=meeting, name="", member=cadre)
    assert list(meeting.guests.values_list("name", "role", "observer_from", "member")) == [
        ("Trần Thị Mai", "Đảng ủy viên", gc_a.pk, None), ("Phan Văn Quang", "", None, cadre.pk)]
    assert (named.meeting, visiting.meeting) == (meeting, meeting)


# ---- end to end ------------------------------------------------------------------------------------

@pytest.mark.parametrize("ended_at, good, failed", [
    (T(15, 35), True, []),  # 95 minutes
    (T(15, 20), False, ["duration"]),  # 80 minutes: under the 90 of HD 42
])
def test_plan_attend_record_judge_and_close(actor, plan, cell_a1, make_member, ended_at, good, failed):
    members = [make_member(cell_a1, full_name=f"Đảng viên Số {i:02d}") for i in range(10)]
    meeting = plan(cell_a1, on=HELD, planned_at=T(14, 0), place="Hội trường Sở")
    services.meeting_add_document(actor=actor, meeting=meeting, title="Dự thảo nghị quyết tháng 11",
                                  available_on=HELD - datetime.timedelta(days=2))
    services.meeting_add_guest(actor=actor, meeting=meeting, name="Đại diện Đảng ủy Sở")
    presences = everyone(meeting, by_member={members[9]: ("excused", "Đi công tác Hà Nội")})
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences)
    record(actor, meeting, ended_at=ended_at, chair=members[0], minute_taker=members[1],
           entries={9: "Nhất trí thông qua"}, resolution="Nghị quyết tháng 11/2026", votes_for=9, votes_against=0,
           votes_abstain=0, self_assessment="Tốt")

    quality = judge_meeting(meeting)
    assert (quality.present, quality.expected, quality.rate) == (9, 10, 90.0)
    assert quality.good is good
    assert [c.code for c in quality.failed()] == failed

    services.meeting_close(actor=actor, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED
    assert meeting.entries.get(order=9).content == "Nhất trí thông qua"
    # planned, attendance (it moves the meeting's revision: core.versions), recorded, closed
    assert [h.history_type for h in meeting.history.order_by("history_id")] == ["+", "~", "~", "~"]
    assert {h.history_user for h in meeting.history.all()} == {actor}
