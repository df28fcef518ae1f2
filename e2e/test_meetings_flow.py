"""Cell meetings in a real browser: the cell secretary plans last month's regular meeting, takes attendance (one
member excused), records it, approves the minutes and downloads them as a Word file; the Bloc standing committee
sees the cell go from "missing" to "held" on the compliance page, one missed regular meeting fewer.

The demo data may already hold last month's regular meeting of the cell: `clear_last_month` cancels it through
the real service first, so the flow always starts from a missed month."""

import datetime
import io
import re

import pytest
from playwright.sync_api import expect

from e2e.pages import SAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXCUSE = "Đi công tác"
RESOLUTION = "Chi bộ thống nhất hoàn thành kế hoạch công tác tháng, triển khai nhiệm vụ tháng tới."



def last_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def chibo_cell(user):
    from accounts.models import RoleAssignment

    return RoleAssignment.objects.select_related("organization").get(user=user, role="cell_secretary").organization


def clear_last_month(actor, cell, month):
    """Cancel every regular meeting of the cell for `month` (a closed one is first put back to held: closed
    meetings no longer change, and only a test may undo an approval)."""
    from meetings import services
    from meetings.models import Meeting, MeetingKind

    for meeting in Meeting.objects.filter(organization=cell, kind=MeetingKind.REGULAR, period=month).exclude(
            status=Meeting.Status.CANCELLED):
        if meeting.status == Meeting.Status.CLOSED:
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            meeting.refresh_from_db()
        services.meeting_cancel(actor=actor, meeting=meeting, reason="Dời lịch")


def cell_status(page, cell) -> str:
    row = page.locator("#compliance tbody tr").filter(has=page.locator(f"a[href='/meetings/cells/{cell.pk}/']"))
    expect(row).to_have_count(1)
    return row.locator("td[data-status]").first.get_attribute("data-status")


def missed_regular(page) -> int:
    return int(page.locator("#missed-regular").inner_text().strip())


def test_chibo_runs_last_months_meeting_and_compliance_follows(browser, live_server, page, demo_small,
                                                               django_user_model):
    from docx import Document

    from core.scope import MEETINGS, scope_for
    from meetings.models import Attendance, Meeting, MeetingKind
    from meetings.selectors import meeting_roster
    from members.choices import Status

    today = datetime.date.today()
    month = last_month(today)
    day = month.replace(day=10)
    chibo = django_user_model.objects.get(username="chibo")
    khoi = django_user_model.objects.get(username="khoi")
    cell = chibo_cell(chibo)
    assert scope_for(chibo).covers(cell.pk, MEETINGS) and scope_for(khoi).covers(cell.pk, MEETINGS)
    clear_last_month(khoi, cell, month)
    compliance_path = f"/meetings/compliance/?month={month:%Y-%m}"

    # Who comes: everyone on the roster (exempt members stay exempt), one excused.
    meeting_day_roster = meeting_roster(Meeting(organization=cell))
    attending = [m for m in meeting_day_roster if not m.exempted_since]
    assert len(attending) >= 3, "the demo cell is too small for a chair, a minute-taker and an excused member"
    excused = attending[-1]
    present = attending[:-1]
    chair, minute_taker = present[0], present[1]
    full_present = sum(1 for m in present if m.status == Status.FULL)
    assert full_present >= 1

    # 1. Khoi reads the compliance page: last month is missing for the cell.
    khoi_context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    khoi_context.set_default_timeout(15_000)
    khoi_page = khoi_context.new_page()
    khoi_page.base_url = live_server.url
    try:
        login(khoi_page, "khoi")
        khoi_page.goto(khoi_page.base_url + compliance_path)
        assert cell_status(khoi_page, cell) == "missing"
        missed_before = missed_regular(khoi_page)
        assert missed_before >= 1

        # 2. Chibo opens the cell's meetings from the organisation page.
        login(page, "chibo")
        page.goto(page.base_url + f"/organizations/{cell.pk}/")
        page.click("#cell-meetings-link")
        page.wait_for_url(re.compile(rf".*/meetings/cells/{cell.pk}/$"))
        assert cell.name in page.locator("h1").inner_text()

        # 3. Plan last month's regular meeting (a past date is accepted).
        page.click("#plan-meeting")
        page.wait_for_url(re.compile(rf".*/meetings/cells/{cell.pk}/plan/$"))
        page.select_option("#id_kind", MeetingKind.REGULAR)
        page.fill("#id_planned_on", day.isoformat())
        page.fill("#id_planned_at", "14:00")
        page.fill("#id_place", "Hội trường cơ quan")
        page.click(SAVE)
        page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
        meeting = Meeting.objects.get(organization=cell, kind=MeetingKind.REGULAR, period=month,
                                      status=Meeting.Status.PLANNED)
        assert page.url.endswith(f"/meetings/{meeting.pk}/")
        assert meeting.planned_on == day and meeting.planned_at == datetime.time(14, 0)
        assert page.locator("#download-minutes").count() == 0
        assert page.locator("#quality").count() == 0

        # 4. Attendance: all present but one, excused.
        page.click("#take-attendance")
        page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/attendance/$"))
        for member in attending:
            page.select_option(f"select[name=presence_{member.pk}]", Attendance.Presence.PRESENT)
        page.select_option(f"select[name=presence_{excused.pk}]", Attendance.Presence.EXCUSED)
        page.fill(f"input[name=reason_{excused.pk}]", EXCUSE)
        page.click(SAVE)
        page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
        expect(page.locator("#attendance tr[data-presence=excused]")).to_have_count(1)
        expect(page.locator("#attendance tr[data-presence=excused]")).to_contain_text(EXCUSE)
        expect(page.locator("#attendance tr[data-presence=present]")).to_have_count(len(present))

        # 5. Record the meeting.
        page.click("#record-meeting")
        page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/record/$"))
        assert page.locator("#id_held_on").input_value() == day.isoformat()  # the planned date
        page.fill("#id_held_on", day.isoformat())
        page.fill("#id_started_at", "14:00")
        page.fill("#id_ended_at", "15:40")
        offered = page.locator("#id_chair option").evaluate_all("options => options.map(o => o.value)")
        assert str(excused.pk) not in offered and str(chair.pk) in offered
        page.select_option("#id_chair", str(chair.pk))
        page.select_option("#id_minute_taker", str(minute_taker.pk))
        entries = page.locator("textarea[id^=id_entry_]")
        if entries.count():
            entries.first.fill("Đồng chí Bí thư thông tin thời sự trong tháng.")
        page.fill("#id_resolution", RESOLUTION)
        page.fill("#id_votes_for", str(full_present))
        page.fill("#id_votes_against", "0")
        page.fill("#id_votes_abstain", "0")
        page.fill("#id_self_assessment", "Sinh hoạt đúng quy trình, đủ nội dung.")
        page.click(SAVE)
        page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
        expect(page.locator("#meeting-status")).to_have_text(re.compile(r"\S"))
        expect(page.locator("#resolution")).to_contain_text(RESOLUTION)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.HELD
        assert (meeting.held_on, meeting.started_at, meeting.ended_at, meeting.minutes) == (
            day, datetime.time(14, 0), datetime.time(15, 40), 100)
        assert (meeting.chair_id, meeting.minute_taker_id, meeting.votes_for) == (chair.pk, minute_taker.pk,
                                                                                  full_present)

        # 6. Approve the minutes and close.
        page.click("#close-meeting")
        page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
        expect(page.locator(".alert-success")).to_have_count(1)
        expect(page.locator("#close-meeting")).to_have_count(0)
        expect(page.locator("#take-attendance")).to_have_count(0)
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.CLOSED
        expect(page.locator("#quality")).to_be_visible()
        assert page.locator("#quality li[data-check]").count() >= 1

        # 7. Download the minutes.
        with page.expect_download() as info:
            page.click("#download-minutes")
        download = info.value
        assert download.suggested_filename == f"bien-ban-{month:%Y-%m}-{meeting.pk}.docx"
        with open(download.path(), "rb") as handle:
            content = handle.read()
        assert content[:2] == b"PK"
        document = Document(io.BytesIO(content))
        text = "\n".join(p.text for p in document.paragraphs)
        text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "BIÊN BẢN" in text
        assert RESOLUTION in text

        # 8. Khoi reloads compliance: held, one missed fewer.
        khoi_page.goto(khoi_page.base_url + compliance_path)
        assert cell_status(khoi_page, cell) == "held"
        assert missed_regular(khoi_page) == missed_before - 1
        row = khoi_page.locator("#compliance tbody tr").filter(
            has=khoi_page.locator(f"a[href='/meetings/cells/{cell.pk}/']"))
        assert row.locator(f"td[data-status=held] a[href='/meetings/{meeting.pk}/']").count() == 1
    finally:
        khoi_context.close()

    history = meeting.history.order_by("-history_id").first()
    assert history.history_user_id == chibo.pk
