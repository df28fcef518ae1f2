"""Studying a resolution in the browser (issue 18): the Bloc (`khoi`) registers the superior's resolution as received
and launches its study. With a study launched, each cell holding its session, on a 390 px phone the cell's secretary
(`chibo`) records the session, the member (`dangvien`) finds the study on the home page, writes and submits their
takeaway, the secretary accepts it and the member sees it accepted. Then the grassroots committee (`coso`) adopts its
action programme with two tasks and the Bloc sees the progress."""

import datetime

import pytest

from e2e.pages import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_a_member_submits_a_takeaway_and_the_secretary_accepts_it(page, demo_small):
    from django.contrib.auth import get_user_model

    from documents.services import document_register_incoming
    from members.models import Member
    from organizations.models import Organization
    from studies.models import StudySession, Takeaway
    from studies.services import campaign_launch

    today = datetime.date.today()
    admin = get_user_model().objects.get(username="admin")
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    document = document_register_incoming(
        actor=admin, organization=root, kind="NQ", symbol="01-NQ/TW", issued_on=today, sender="Ban Chấp hành Trung ương",
        received_on=today, title="Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng")
    campaign = campaign_launch(actor=admin, document=document, mode="thorough", sessions_by=today, level="cells",
                               takeaways_by=today + datetime.timedelta(days=30))
    member = Member.objects.get(user__username="dangvien")
    session = StudySession.objects.get(campaign=campaign, organization_id=member.organization_id)

    # the cell holds its session: its secretary records it on the phone, everyone present by default
    page.set_viewport_size(PHONE)
    login(page, "chibo")
    page.goto(page.base_url + f"/studies/campaigns/{campaign.pk}/")
    page.locator(f'[data-session="{session.pk}"] a').first.click()
    page.wait_for_url(f"**/studies/sessions/{session.pk}/")
    page.fill("#id_held_on", today.isoformat())
    page.fill("#id_place", "Phòng họp chi bộ")
    page.fill("#id_reporter", "Đồng chí Bí thư chi bộ")
    page.locator("#save").click()
    page.wait_for_url(f"**/studies/sessions/{session.pk}/")
    session.refresh_from_db()
    assert session.status == "held"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    login(page, "dangvien")
    page.goto(page.base_url + "/")
    page.locator(f'[data-study-write="{campaign.pk}"] a').click()
    page.wait_for_url(f"**/studies/campaigns/{campaign.pk}/my-takeaway/")
    page.fill("#id_text", "Thu hoạch: nắm vững quan điểm, mục tiêu của Nghị quyết; liên hệ với nhiệm vụ được giao.")
    page.locator("#save").click()
    page.wait_for_url(f"**/studies/campaigns/{campaign.pk}/my-takeaway/")
    assert page.locator("#takeaway-status").get_attribute("data-status") == "submitted"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    takeaway = Takeaway.objects.get(campaign=campaign)

    login(page, "chibo")
    page.goto(page.base_url + f"/studies/campaigns/{campaign.pk}/takeaways/")
    page.locator(f'[data-takeaway="{takeaway.pk}"]').click()
    page.wait_for_url(f"**/studies/takeaways/{takeaway.pk}/")
    assert "liên hệ với nhiệm vụ" in page.locator("#takeaway-read").inner_text()
    page.select_option("#id_decision", "accept")
    page.locator("#save").click()
    page.wait_for_url(f"**/studies/campaigns/{campaign.pk}/takeaways/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    takeaway.refresh_from_db()
    assert takeaway.status == "accepted"

    login(page, "dangvien")
    page.goto(page.base_url + f"/studies/campaigns/{campaign.pk}/my-takeaway/")
    assert page.locator("#takeaway-status").get_attribute("data-status") == "accepted"
    assert page.locator("#id_text").count() == 0


def test_the_grassroots_committee_adopts_its_plan_and_the_bloc_sees_progress(page, demo_small):
    """coso, on a phone, adopts its committee's action programme from the campaign page, adds two tasks for its cells
    and marks one done with its evidence; the Bloc (khoi, on a desktop) sees the tasks rolled up on the campaign."""
    from django.contrib.auth import get_user_model

    from accounts.models import RoleAssignment
    from documents.services import document_register_incoming
    from organizations.models import Organization
    from studies.models import ActionProgramme
    from studies.services import campaign_launch

    today = datetime.date.today()
    admin = get_user_model().objects.get(username="admin")
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    document = document_register_incoming(
        actor=admin, organization=root, kind="NQ", symbol="02-NQ/TW", issued_on=today,
        sender="Ban Chấp hành Trung ương", received_on=today, title="Nghị quyết về công tác xây dựng Đảng")
    campaign = campaign_launch(actor=admin, document=document, mode="thorough", sessions_by=today,
                               takeaways_by=today + datetime.timedelta(days=30))
    coso_org = RoleAssignment.objects.filter(user__username="coso").select_related("organization").first().organization

    page.set_viewport_size(PHONE)
    login(page, "coso")
    page.goto(page.base_url + f"/studies/campaigns/{campaign.pk}/")
    page.locator("#study-adopt").click()
    page.wait_for_url(f"**/studies/campaigns/{campaign.pk}/programme/")
    page.select_option("#id_organization", str(coso_org.pk))
    page.fill("#id_adopted_on", today.isoformat())
    page.locator("#save").click()
    page.wait_for_url("**/studies/programmes/*/")
    programme = ActionProgramme.objects.get(campaign=campaign, organization=coso_org)
    cells = list(Organization.objects.filter(parent=coso_org).order_by("name_sort")[:2])
    for title, cell in (("Tổ chức hội nghị chuyên đề", cells[0]), ("Đưa Nghị quyết vào sinh hoạt chi bộ", cells[-1])):
        page.locator("#programme-add-task").click()
        page.wait_for_url(f"**/studies/programmes/{programme.pk}/tasks/new/")
        page.fill("#id_title", title)
        page.select_option("#id_owner_organization", str(cell.pk))
        page.fill("#id_deadline", (today + datetime.timedelta(days=20)).isoformat())
        page.locator("#save").click()
        page.wait_for_url(f"**/studies/programmes/{programme.pk}/")
    first = programme.tasks.order_by("pk").first()
    page.locator(f'[data-task="{first.pk}"] a').click()
    page.wait_for_url(f"**/studies/tasks/{first.pk}/")
    page.select_option("#id_status", "done")
    page.fill("#id_done_on", today.isoformat())
    page.fill("#id_evidence", "Hội nghị đã tổ chức, 30 đảng viên dự.")
    page.locator("#save").click()
    page.wait_for_url(f"**/studies/programmes/{programme.pk}/")
    assert page.locator("#programme-figures").get_attribute("data-done") == "1/2"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "khoi")
    page.goto(page.base_url + f"/studies/campaigns/{campaign.pk}/")
    assert page.locator(f'[data-programme-row="{programme.pk}"]').is_visible()
    done, total = page.locator("#study-totals").get_attribute("data-tasks").split("/")
    assert int(done) >= 1 and int(total) >= 2


def test_the_bloc_registers_a_superior_resolution_and_launches_its_study(page, demo_small):
    """khoi, on a desktop, enters the Central Committee's resolution in the Bloc's register as received, then launches
    its study from it, finding it by words of its summary typed without diacritics: every grassroots organisation of
    the Bloc has its session to hold, and the campaign's page lists them a page at a time."""
    from documents.models import Document
    from e2e.pages import choose_organization
    from organizations.models import Organization, OrganizationKind
    from studies.models import StudyCampaign

    today = datetime.date.today()
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, "khoi")
    page.goto(page.base_url + "/documents/receive/")
    choose_organization(page, "organization", root)
    page.select_option("#id_kind", "NQ")
    page.fill("#id_symbol", "03-NQ/TW")
    page.fill("#id_issued_on", today.isoformat())
    page.fill("#id_sender", "Ban Chấp hành Trung ương")
    page.fill("#id_received_on", today.isoformat())
    page.fill("#id_title", "Nghị quyết về đột phá phát triển khoa học, công nghệ")
    page.locator("#save").click()
    page.wait_for_url("**/documents/*/")
    document = Document.objects.get(symbol="03-NQ/TW", organization=root)
    assert document.arrival_number >= 1

    page.goto(page.base_url + "/studies/launch/")
    select = page.locator("select#id_document")
    if select.count():
        select.select_option(str(document.pk))
    else:
        page.locator("#id_document").type("dot pha phat trien khoa hoc")
        page.locator(f"#id_document_results [data-id='{document.pk}']").click()
    page.select_option("#id_mode", "thorough")
    page.select_option("#id_level", "grassroots")
    page.fill("#id_sessions_by", (today + datetime.timedelta(days=30)).isoformat())
    page.fill("#id_takeaways_by", (today + datetime.timedelta(days=45)).isoformat())
    page.locator("#save").click()
    page.wait_for_url("**/studies/campaigns/*/")
    campaign = StudyCampaign.objects.get(document=document)
    grassroots = Organization.objects.filter(status=Organization.Status.ACTIVE,
                                             kind__tier=OrganizationKind.Tier.GRASSROOTS).count()
    assert campaign.sessions.count() == grassroots > 0
    assert page.locator("#study-sessions [data-session]").count() == min(grassroots, 25)
    assert page.locator("#study-totals").is_visible()
