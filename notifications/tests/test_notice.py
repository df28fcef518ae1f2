"""The notice of a meeting by e-mail: given through the real notice service (meetings.services.meeting_notify, which
calls the hook meetings.hooks.notice_given inside its transaction), sent once that transaction commits, only to the
members with an active account, an address and meeting notices on; nothing on a rollback; once per member, meeting
and day; in the recipient's language; a mail server that fails never refuses the notice.

Mail goes to Django's locmem outbox (the test runner installs it); `django_capture_on_commit_callbacks` runs what
`transaction.on_commit` holds when the test's own transaction would have committed."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from meetings import services as meeting_services
from meetings.models import Meeting, MeetingKind
from members.models import Member
from notifications import services
from notifications.models import NotificationSettings, SentNotification

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
PLANNED_ON = TODAY + datetime.timedelta(days=5)


@pytest.fixture
def cell(world, django_user_model, user_chibo, make_member):
    """cell_a1 with accounts linked to the members of its roster: `with_mail` (default settings), `muted` (notices
    off), `member_mail` (no address on the account, one on the member record), `no_mail` (no address anywhere),
    `inactive` (an account switched off)."""
    w = world
    people = {}

    def link(member, username, *, email="", member_email="", active=True):
        user = django_user_model.objects.create_user(username=username, email=email, is_active=active)
        Member.objects.filter(pk=member.pk).update(user=user, email=member_email)
        people[username] = user
        return user

    link(w.a.full, "with_mail", email="mai.lt@example.vn")
    muted = link(w.a.prob, "muted", email="tai.pv@example.vn")
    NotificationSettings.objects.create(user=muted, notices=False)
    link(w.members["dangvien"], "member_mail", member_email="hung.tv@example.vn")
    link(w.a.exempt, "no_mail")
    link(make_member(w.cell_a1, full_name="Lò Văn Pao", gender="male"), "inactive", email="pao.lv@example.vn",
         active=False)
    meeting = meeting_services.meeting_plan(actor=user_chibo, organization=w.cell_a1, kind=MeetingKind.REGULAR,
                                            planned_on=PLANNED_ON, planned_at=datetime.time(14, 0),
                                            place="Phòng họp tầng 3", topic="Sinh hoạt tháng")
    w.people, w.meeting = people, meeting
    return w


def notify(meeting, actor):
    return meeting_services.meeting_notify(actor=actor, meeting=meeting)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_notice_goes_to_members_with_an_address_and_the_setting_on(cell, user_chibo,
                                                                         django_capture_on_commit_callbacks):
    user_chibo.email = "bithu@example.vn"
    user_chibo.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    assert recipients() == ["hung.tv@example.vn", "mai.lt@example.vn"]
    message = next(m for m in mail.outbox if m.to == ["mai.lt@example.vn"])
    assert cell.cell_a1.name in message.subject and PLANNED_ON.strftime("%d/%m/%Y") in message.subject
    assert "Phòng họp tầng 3" in message.body and "14:00" in message.body and "Sinh hoạt tháng" in message.body
    assert "Lý Thị Mai" in message.body  # addressed to the member by name
    assert message.reply_to == ["bithu@example.vn"]
    # the agenda: the steps of the meeting's process, in order
    first_step = cell.meeting.entries.order_by("order").first()
    assert f"1. {first_step.title}" in message.body
    # a member who may not open the meeting page is sent to their own record, where the meeting is shown
    assert f"/members/{cell.a.full.pk}/" in message.body
    assert f"/meetings/{cell.meeting.pk}/" not in message.body
    sent = SentNotification.objects.filter(kind="notice")
    assert sorted(sent.values_list("address", flat=True)) == recipients()
    assert {key.rsplit(":", 2)[0] for key in sent.values_list("key", flat=True)} == {f"meeting:{cell.meeting.pk}"}


def test_whoever_may_open_the_meeting_gets_its_page(cell, user_chibo, django_capture_on_commit_callbacks):
    """The secretary of the cell is also one of its members: their link is the meeting's page."""
    Member.objects.filter(pk=cell.a.full.pk).update(user=user_chibo)
    user_chibo.email = "bithu@example.vn"
    user_chibo.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    message = next(m for m in mail.outbox if m.to == ["bithu@example.vn"])
    assert f"/meetings/{cell.meeting.pk}/" in message.body


def test_nothing_is_sent_when_the_notice_rolls_back(cell, user_chibo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(cell.meeting, user_chibo)
            raise RuntimeError("the rest of the operation failed")
    assert mail.outbox == []
    assert not SentNotification.objects.exists()
    assert Meeting.objects.get(pk=cell.meeting.pk).notice_sent_on is None


def test_nothing_is_sent_before_the_commit(cell, user_chibo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(cell.meeting, user_chibo)
        assert mail.outbox == []
    assert len(callbacks) >= 1
    for callback in callbacks:
        callback()
    assert recipients() == ["hung.tv@example.vn", "mai.lt@example.vn"]


def test_a_second_notice_the_same_day_sends_nothing_more(cell, user_chibo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    assert recipients() == ["hung.tv@example.vn", "mai.lt@example.vn"]


def test_a_meeting_moved_and_noticed_again_the_same_day_is_e_mailed_again(cell, user_chibo,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    meeting_services.meeting_reschedule(actor=user_chibo, meeting=Meeting.objects.get(pk=cell.meeting.pk),
                                        planned_on=PLANNED_ON, planned_at=datetime.time(16, 30),
                                        place=cell.meeting.place, reason="Trùng lịch họp cơ quan")
    with django_capture_on_commit_callbacks(execute=True):
        notify(Meeting.objects.get(pk=cell.meeting.pk), user_chibo)
    assert recipients() == ["hung.tv@example.vn", "hung.tv@example.vn", "mai.lt@example.vn", "mai.lt@example.vn"]
    assert all("16:30" in m.body for m in mail.outbox[2:])


def test_the_notice_is_written_in_the_recipients_language(cell, user_chibo, django_capture_on_commit_callbacks):
    NotificationSettings.objects.create(user=cell.people["with_mail"], language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    english = next(m for m in mail.outbox if m.to == ["mai.lt@example.vn"])
    vietnamese = next(m for m in mail.outbox if m.to == ["hung.tv@example.vn"])
    assert "gives notice of its regular" in english.body
    assert "Notice of the meeting of" in english.subject
    day = PLANNED_ON.strftime("%d/%m/%Y")
    assert f"Date: {PLANNED_ON:%A}, {day}" in english.body
    assert "Ngày: " in vietnamese.body and day in vietnamese.body  # Vietnamese by default


class BrokenBackend:
    """A mail server that refuses everything."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@override_settings(EMAIL_BACKEND="notifications.tests.test_notice.BrokenBackend")
def test_a_mail_server_that_fails_does_not_refuse_the_notice(cell, user_chibo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    assert Meeting.objects.get(pk=cell.meeting.pk).notice_sent_on is not None
    assert not SentNotification.objects.exists()  # the log rows went with the failure: the next try sends


def test_the_service_sends_to_the_members_it_is_given_only(cell, user_chibo):
    sent = services.notice_send(meeting_id=cell.meeting.pk, member_ids=[cell.a.full.pk, cell.a.prob.pk],
                                actor=user_chibo)
    assert sent == 1 and recipients() == ["mai.lt@example.vn"]


def test_an_unexpected_failure_after_the_commit_is_logged_not_raised(cell, user_chibo, monkeypatch, caplog,
                                                                   django_capture_on_commit_callbacks):
    def broken(**kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(services, "notice_send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        notify(cell.meeting, user_chibo)
    assert Meeting.objects.get(pk=cell.meeting.pk).notice_sent_on is not None
    assert "send_notice" in caplog.text and mail.outbox == []


def test_an_address_that_is_not_valid_is_skipped(cell, user_chibo):
    Member.objects.filter(pk=cell.members["dangvien"].pk).update(email="hung.tv@@example")
    sent = services.notice_send(meeting_id=cell.meeting.pk, member_ids=[cell.a.full.pk, cell.members["dangvien"].pk],
                                actor=user_chibo)
    assert sent == 1 and recipients() == ["mai.lt@example.vn"]
