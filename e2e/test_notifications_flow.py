"""Notifications in a real browser, on a phone (390 px), with real commits (the notice's e-mail is sent by
`transaction.on_commit`): the cell secretary sets their e-mail settings (saved with history), gives the members
notice of next week's meeting, and each member with an account, an address and notices on gets the e-mail at once;
dangvien follows its link to their own page, where the meeting is shown."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from e2e.pages import SAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_chibo_sets_notifications_and_gives_notice_by_email(browser, live_server, demo_small, django_user_model):
    from accounts.models import RoleAssignment
    from meetings import services
    from meetings.models import MeetingKind
    from meetings.selectors import meeting_roster
    from notifications.models import NotificationSettings

    chibo = django_user_model.objects.get(username="chibo")
    cell = RoleAssignment.objects.select_related("organization").get(user=chibo, role="cell_secretary").organization
    meeting = services.meeting_plan(actor=chibo, organization=cell, kind=MeetingKind.THEMATIC,
                                    planned_on=datetime.date.today() + datetime.timedelta(days=6),
                                    planned_at=datetime.time(8, 0), place="Phòng họp số 2",
                                    topic="Học tập nghị quyết")
    expected = sorted(m.user.email or m.email for m in meeting_roster(meeting)
                      if m.user_id and m.user.is_active and (m.user.email or m.email))
    assert expected, "the demo cell has no member with an account and an address"

    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        login(page, "chibo")
        # 1. The settings page: everything on by default; chibo keeps notices, takes the overdue items item by item.
        page.goto(page.base_url + "/notifications/")
        no_sideways_scroll(page)
        expect(page.locator("#mail-address")).to_contain_text("chibo@demo.dangbo.vn")
        expect(page.locator("#id_notices")).to_be_checked()
        page.uncheck("#id_deadlines")
        page.check("input[name=delivery][value=immediate]")
        page.fill("#id_reason", "Chỉ nhận việc quá hạn")
        page.click(SAVE)
        page.wait_for_url(re.compile(r".*/notifications/$"))
        expect(page.locator(".alert-success")).to_have_count(1)
        expect(page.locator("#history .history-entry")).to_have_count(1)
        expect(page.locator("#history")).to_contain_text("Chỉ nhận việc quá hạn")
        saved = NotificationSettings.objects.get(user=chibo)
        assert (saved.notices, saved.deadlines, saved.overdue, saved.delivery) == (True, False, True, "immediate")
        no_sideways_scroll(page)

        # 2. Notice of next week's meeting: the e-mails leave once the notice is committed.
        mail.outbox.clear()
        page.goto(page.base_url + f"/meetings/{meeting.pk}/")
        page.click("#notify-members")
        page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
        expect(page.locator("#notice-sent")).to_contain_text(datetime.date.today().strftime("%d/%m/%Y"))
        assert sorted(a for m in mail.outbox for a in m.to) == expected
        message = mail.outbox[0]
        assert cell.name in message.subject and "Phòng họp số 2" in message.body and "08:00" in message.body

        # 3. dangvien (a member of chibo's cell) follows the link to their own page, where the meeting is shown.
        dangvien = next(m for m in mail.outbox if m.to == ["dangvien@demo.dangbo.vn"])
        path = re.sub(r"^https?://[^/]+", "", re.search(r"https?://\S+/members/\d+/", dangvien.body).group(0))
        login(page, "dangvien")
        assert page.goto(page.base_url + path).status == 200
        expect(page.locator("main")).to_contain_text("Phòng họp số 2")
        no_sideways_scroll(page)
    finally:
        context.close()
