"""No lost updates on meetings (core.versions): two people open the same form, the first saves, the second's save is
refused with what changed meanwhile and what they typed kept; saving again, having looked, goes through. The
meeting (record, reschedule, attendance grid, closing), a document (withdrawal), a draft of the process (edit,
publish) and a working group's visit (record)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from core.testing.pages import form_errors, form_values
from core.testing.stale import both_open, english, refused_stale
from meetings import services
from meetings.models import Meeting, MeetingKind
from meetings.selectors import meeting_roster

from .cases import PLANNED_ON, T, pdf, presences_for, snapshot

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def editors(client_for, user_khoi, user_coso):
    return english(client_for(user_khoi)), english(client_for(user_coso))


@pytest.fixture
def publishers(client_for, user_khoi, user_admin):
    return english(client_for(user_khoi)), english(client_for(user_admin))


@pytest.fixture
def planned(world, actor):
    return services.meeting_plan(actor=actor, organization=world.cell_a1, kind=MeetingKind.REGULAR,
                                 planned_on=PLANNED_ON, planned_at=T(14, 0), place="Phòng họp tầng 2")


@pytest.fixture
def attended(planned, actor):
    services.meeting_take_attendance(actor=actor, meeting=planned, presences=presences_for(planned))
    return planned


def test_a_stale_meeting_record_is_refused(editors, attended):
    first, second = editors
    url = reverse("meetings:record", args=[attended.pk])
    mine, theirs = both_open(first, second, url)
    base = {"started_at": "14:00", "ended_at": "15:30"}
    response = first.post(url, {**mine, **base, "resolution": "Nghị quyết của người thứ nhất"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, **base, "resolution": "Nghị quyết của người thứ hai", "self_assessment": "Tốt"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=["resolution", "Nghị quyết của người thứ nhất"],
                          kept={"resolution": "Nghị quyết của người thứ hai", "self_assessment": "Tốt"})
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    attended.refresh_from_db()
    assert (attended.resolution, attended.self_assessment) == ("Nghị quyết của người thứ hai", "Tốt")


def test_a_stale_reschedule_is_refused(editors, planned):
    first, second = editors
    url = reverse("meetings:reschedule", args=[planned.pk])
    mine, theirs = both_open(first, second, url)
    response = first.post(url, {**mine, "place": "Hội trường A", "reason": "Đổi phòng"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, "place": "Hội trường B", "planned_at": "08:00", "reason": "Đổi giờ"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=["place", "Hội trường A"],
                          kept={"place": "Hội trường B", "planned_at": "08:00"})
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    planned.refresh_from_db()
    assert (planned.place, planned.planned_at) == ("Hội trường B", T(8, 0))


def test_a_stale_attendance_grid_is_refused(editors, planned):
    first, second = editors
    url = reverse("meetings:attendance", args=[planned.pk])
    mine, theirs = both_open(first, second, url)
    roster = [m for m in meeting_roster(planned) if not m.exempted_since]
    absent, excused = roster[0], roster[1]
    response = first.post(url, {**mine, f"presence_{absent.pk}": "absent"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, f"presence_{excused.pk}": "excused", f"reason_{excused.pk}": "Đi công tác"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=[absent.full_name, "Absent without reason"],
                          kept={f"presence_{excused.pk}": "excused", f"reason_{excused.pk}": "Đi công tác",
                                f"presence_{absent.pk}": "present"})
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    presences = dict(planned.attendance.values_list("member_id", "presence"))
    assert (presences[absent.pk], presences[excused.pk]) == ("present", "excused")


def test_closing_minutes_changed_meanwhile_is_refused(editors, attended, actor):
    first, second = editors
    services.meeting_record(actor=actor, meeting=attended, held_on=PLANNED_ON, started_at=T(14, 0),
                            ended_at=T(15, 30), resolution="Nghị quyết tháng", votes_for=1)
    detail = reverse("meetings:detail", args=[attended.pk])
    close = reverse("meetings:close", args=[attended.pk])
    shown = form_values(second.get(detail), "//form[contains(@action, '/close/')]")
    url = reverse("meetings:record", args=[attended.pk])
    response = first.post(url, {**form_values(first.get(url)), "resolution": "Nghị quyết đã sửa"})
    assert response.status_code == 302, form_errors(response)
    before = snapshot()
    response = second.post(close, shown)
    assert response.status_code == 302
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "While you were editing" in said and "Nghị quyết đã sửa" in said, said
    assert snapshot() == before
    assert Meeting.objects.get(pk=attended.pk).status == Meeting.Status.HELD
    response = second.post(close, form_values(second.get(detail), "//form[contains(@action, '/close/')]"))
    assert response.status_code == 302
    assert Meeting.objects.get(pk=attended.pk).status == Meeting.Status.CLOSED


def test_a_document_withdrawn_meanwhile_is_not_withdrawn_again(editors, planned, actor):
    first, second = editors
    document = services.meeting_add_document(actor=actor, meeting=planned, title="Chương trình", file=pdf(),
                                             available_on=TODAY)
    url = reverse("meetings:document_withdraw", args=[document.pk])
    mine, theirs = both_open(first, second, url)
    assert mine["revision"] == str(document.revision)
    response = first.post(url, {**mine, "reason": "Gửi nhầm"})
    assert response.status_code == 302, form_errors(response)
    before = snapshot()
    response = second.post(url, {**theirs, "reason": "Thay bản khác"})
    assert response.status_code == 302  # back to the meeting: the document can no longer be withdrawn
    assert snapshot() == before
    document.refresh_from_db()
    assert document.withdrawn_reason == "Gửi nhầm"


def test_a_stale_withdrawal_is_refused_by_the_service(planned, actor):
    """The page cannot be stale (a withdrawn document's page sends back), the service still checks the version."""
    document = services.meeting_add_document(actor=actor, meeting=planned, title="Chương trình", file=pdf(),
                                             available_on=TODAY)
    stale = type(document).objects.get(pk=document.pk)
    services.meeting_withdraw_document(actor=actor, document=document, reason="Gửi nhầm")
    from core.versions import StaleEdit

    with pytest.raises(StaleEdit):
        services.meeting_withdraw_document(actor=actor, document=stale, reason="Thay bản khác")


@pytest.fixture
def draft(world, user_khoi):
    return services.process_draft(actor=user_khoi, kind=MeetingKind.REGULAR)


def test_a_stale_draft_edit_is_refused(publishers, draft):
    first, second = publishers
    url = reverse("meetings:process_edit", args=[draft.pk])
    mine, theirs = both_open(first, second, url)
    response = first.post(url, {**mine, "title": "Quy trình sửa bởi người thứ nhất"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, "note": "Ghi chú của người thứ hai", "steps-0-title": "Bước đầu đã sửa"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=["title", "Quy trình sửa bởi người thứ nhất"],
                          kept={"note": "Ghi chú của người thứ hai", "steps-0-title": "Bước đầu đã sửa"})
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert draft.note == "Ghi chú của người thứ hai"
    assert draft.steps.get(order=1).title == "Bước đầu đã sửa"


def test_publishing_a_draft_changed_meanwhile_is_refused(publishers, draft):
    first, second = publishers
    publish_form = "//div[@id='publish']//form"
    edit_url = reverse("meetings:process_edit", args=[draft.pk])
    detail = reverse("meetings:process_detail", args=[draft.pk])
    url = reverse("meetings:process_publish", args=[draft.pk])
    theirs = form_values(second.get(detail), publish_form)
    response = first.post(edit_url, {**form_values(first.get(edit_url)), "title": "Quy trình mới nhất"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, "published_on": TODAY.strftime("%d/%m/%Y"), "decision_number": "99-QĐ/ĐUK"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=["Quy trình mới nhất"],
                          kept={"decision_number": "99-QĐ/ĐUK"}, form_xpath=publish_form)
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    draft.refresh_from_db()
    assert (draft.is_published, draft.title) == (True, "Quy trình mới nhất")


@pytest.fixture
def visit(world, actor):
    from .cases import bloc_deputy

    world.actor = actor
    group = services.working_group_create(actor=actor, organization=world.bloc, name="Tổ công tác của Khối",
                                          leader=bloc_deputy(world), established_on=datetime.date(2020, 1, 1),
                                          require_deputy=False)
    return services.visit_plan(actor=actor, group=group, organization=world.cell_a1, planned_on=PLANNED_ON)


def test_a_stale_visit_record_is_refused(publishers, visit):
    first, second = publishers
    url = reverse("meetings:visit", args=[visit.pk])
    mine, theirs = both_open(first, second, url)
    response = first.post(url, {**mine, "observations": "Nhận xét của người thứ nhất", "assessment": "good"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, "recommendations": "Kiến nghị của người thứ hai"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=["Nhận xét của người thứ nhất"],
                          kept={"recommendations": "Kiến nghị của người thứ hai"})
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    visit.refresh_from_db()
    assert (visit.recommendations, visit.observations) == ("Kiến nghị của người thứ hai", "")
