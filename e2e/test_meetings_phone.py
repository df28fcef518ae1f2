"""The cell secretary's month on a phone (390 × 844): `chibo` goes from the home page's "my cell" block to the cell's
meetings, plans a meeting for today, attaches its agenda (a PDF that reached the members two days before), gives the
members notice, takes attendance and records the meeting, which then meets the quality benchmark on its page — on
every page on the way nothing scrolls sideways. And `dangvien`, a member of a cell, finds their next meeting and its
document on the first screen of their home page, and opens the document."""

import datetime
import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.pages import SAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n% chuong trinh sinh hoat chi bo\n%%EOF\n"
RESOLUTION = "Chi bộ thống nhất triển khai nhiệm vụ trọng tâm tháng tới."


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def fits(page) -> None:
    """The page does not scroll sideways on the phone, and logged no error."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    assert not page.console_errors, f"{page.url}: {page.console_errors}"


def snap(page, name: str) -> None:
    """A full-page screenshot into $E2E_SCREENSHOTS, when set (to look at the phone layout afterwards)."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        page.screenshot(path=os.path.join(folder, f"meetings-phone-{name}.png"), full_page=True)


def cell_of(user):
    from accounts.models import RoleAssignment

    return RoleAssignment.objects.select_related("organization").get(user=user, role="cell_secretary").organization


def test_chibo_runs_a_meeting_that_meets_the_benchmark_from_a_phone(phone, demo_small, django_user_model):
    from meetings.models import Meeting, MeetingKind
    from meetings.selectors import meeting_roster
    from members.choices import Status

    page = phone
    today = timezone.localdate()
    cell = cell_of(django_user_model.objects.get(username="chibo"))
    roster = meeting_roster(Meeting(organization=cell))
    attending = [m for m in roster if not m.exempted_since]
    assert len(attending) >= 2 and any(m.status == Status.FULL for m in attending)

    # Home: the cell first, one tap to its meetings.
    login(page, "chibo")
    block = page.locator(f"#my-cell-{cell.pk}")
    expect(block).to_be_visible()
    assert block.bounding_box()["y"] < PHONE["height"]
    fits(page)
    snap(page, "chibo-home")
    block.locator("[data-link=cell-meetings]").click()
    page.wait_for_url(re.compile(rf".*/meetings/cells/{cell.pk}/$"))
    fits(page)

    # Plan a meeting for today (an extraordinary one: the month's regular meeting may already be planned).
    page.click("#plan-meeting")
    page.wait_for_url(re.compile(rf".*/meetings/cells/{cell.pk}/plan/$"))
    fits(page)
    page.select_option("#id_kind", MeetingKind.EXTRAORDINARY)
    page.fill("#id_planned_on", today.isoformat())
    page.fill("#id_planned_at", "07:30")
    page.fill("#id_place", "Phòng họp cơ quan")
    page.click(SAVE)
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    meeting = Meeting.objects.filter(organization=cell, kind=MeetingKind.EXTRAORDINARY,
                                     planned_on=today).latest("pk")
    fits(page)

    # The agenda, which reached the members two days before.
    page.click("#add-document")
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/documents/add/$"))
    fits(page)
    page.fill("#id_title", "Chương trình sinh hoạt")
    page.set_input_files("#id_file", files=[{"name": "chuong-trinh.pdf", "mimeType": "application/pdf",
                                             "buffer": PDF}])
    page.fill("#id_available_on", (today - datetime.timedelta(days=2)).isoformat())
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
    document = meeting.documents.get()
    expect(page.locator(f"#documents [data-document='{document.pk}']")).to_contain_text("Chương trình sinh hoạt")
    fits(page)

    # Notice to the members.
    page.click("#notify-members")
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
    expect(page.locator("#notice-sent")).to_have_text(today.strftime("%d/%m/%Y"))

    # Attendance: everyone expected is present (the form's default), exempt members exempt.
    page.click("#take-attendance")
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/attendance/$"))
    fits(page)
    for member in attending:
        expect(page.locator(f"select[name=presence_{member.pk}]")).to_have_value("present")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
    expect(page.locator("#attendance tr[data-presence=present]")).to_have_count(len(attending))

    # The record: two hours, a chair and a minute-taker, the resolution and its vote.
    page.click("#record-meeting")
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/record/$"))
    fits(page)
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_started_at", "07:30")
    page.fill("#id_ended_at", "09:30")
    page.select_option("#id_chair", str(attending[0].pk))
    page.select_option("#id_minute_taker", str(attending[1].pk))
    page.fill("#id_resolution", RESOLUTION)
    page.fill("#id_votes_for", "1")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
    fits(page)

    # It meets the benchmark: attendance, length and the documents sent in time.
    expect(page.locator("#quality-result")).to_have_attribute("data-good", "1")
    expect(page.locator("#quality [data-check=documents]")).to_have_attribute("data-passed", "1")
    expect(page.locator("#quality [data-check=duration]")).to_have_attribute("data-passed", "1")
    snap(page, "chibo-meeting")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.notice_sent_on == today

    # Approving the minutes asks first; declining leaves the meeting open.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#close-meeting")
    expect(page.locator("#close-meeting")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#close-meeting")
    expect(page.locator("#minutes-number")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and meeting.minutes_reference.endswith("-BB/CB")


def test_dangvien_sees_the_next_meeting_and_its_document_on_the_first_screen(phone, demo_small, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings import services
    from meetings.models import Meeting, MeetingKind
    from meetings.selectors import attending_cell_id

    today = timezone.localdate()
    dangvien = django_user_model.objects.get(username="dangvien")
    chibo = django_user_model.objects.get(username="chibo")
    cell_id = attending_cell_id(dangvien)
    assert cell_id is not None
    # The cell's next meeting: the demo's, or one planned for tomorrow; its agenda sent today.
    meeting = (Meeting.objects.filter(organization_id=cell_id, status=Meeting.Status.PLANNED, planned_on__gte=today)
               .order_by("planned_on", "planned_at", "id").first())
    if meeting is None:
        from organizations.models import Organization

        meeting = services.meeting_plan(actor=chibo, organization=Organization.objects.get(pk=cell_id),
                                        kind=MeetingKind.EXTRAORDINARY, planned_on=today + datetime.timedelta(days=1),
                                        place="Phòng họp cơ quan")
    document = services.meeting_add_document(
        actor=chibo, meeting=meeting, title="Dự thảo nghị quyết tháng", available_on=today,
        file=SimpleUploadedFile("du-thao.pdf", PDF, content_type="application/pdf"))

    page = phone
    login(page, "dangvien")
    block = page.locator("#my-next-meeting")
    expect(block).to_be_visible()
    expect(block.locator("#next-meeting-date")).to_contain_text(meeting.planned_on.strftime("%d/%m/%Y"))
    link = block.locator(f"[data-document='{document.pk}'] a")
    expect(link).to_have_text("Dự thảo nghị quyết tháng")
    box = link.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], f"the document is {box['y']:.0f} px down"
    fits(page)
    snap(page, "dangvien-home")
    with page.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.endswith(".pdf")
    with open(info.value.path(), "rb") as handle:
        assert handle.read().startswith(b"%PDF")

    # Their meetings, from the menu, fit the phone too.
    page.goto(page.base_url + "/meetings/my/")
    expect(page.locator(f"[data-upcoming='{meeting.pk}'] [data-document='{document.pk}']")).to_be_visible()
    fits(page)
