"""Petitions in a real browser: the committee's staff (coso) receive a letter through the intake form, classify it
(a denunciation about a member of one of its cells: within its jurisdiction, accepted with a 90-day deadline),
assign themselves, conclude it, and the register shows it settled on time. A colleague of the Bloc (khoi) who
is not a handler then opens it and sees the sender masked; the Bloc's inspection chair (ubkt) sees the sender
and both openings in the access log."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.pages import SAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SENDER = "Phùng Văn Thư"
ADDRESS = "Số 12 đường Kim Ngọc, phường Ngô Quyền, thành phố Vĩnh Yên"
SUMMARY = "Tố cáo đảng viên sử dụng xe công vào việc riêng"



def test_staff_receive_classify_assign_conclude_and_the_register_shows_it_on_time(browser, live_server, page,
                                                                                   demo_small, django_user_model):
    from accounts.models import RoleAssignment
    from petitions.models import Access, Petition

    today = datetime.date.today()
    coso = django_user_model.objects.get(username="coso")
    committee = RoleAssignment.objects.get(user=coso, role="committee_staff").organization
    cell = RoleAssignment.objects.get(user__username="chibo").organization
    assert cell.parent_id == committee.pk

    login(page, "coso")
    # 1. Receive the letter
    page.click("#nav-petitions")
    page.click("a[href='/petitions/receive/']")
    page.wait_for_url(re.compile(r".*/petitions/receive/$"))
    page.select_option("#id_organization", str(committee.pk))
    page.fill("#id_received_on", today.isoformat())
    page.select_option("#id_channel", "post")
    page.fill("#id_sender_name", SENDER)
    page.fill("#id_sender_address", ADDRESS)
    page.fill("#id_sender_contact", "0915 222 333")
    page.fill("#id_subject_persons", "Đồng chí Trưởng phòng Hành chính")
    page.select_option("#id_subject_organization", str(cell.pk))
    page.fill("#id_summary", SUMMARY)
    page.fill("#id_content", "Đề nghị làm rõ việc sử dụng xe công vào ngày nghỉ.")
    page.click(SAVE)
    page.wait_for_url(re.compile(r".*/petitions/\d+/$"))
    petition = Petition.objects.get(summary=SUMMARY)
    expect(page.locator("#state")).to_have_attribute("data-state", "received")
    expect(page.locator("#sender")).to_have_text("•••")  # not yet assigned: even the clerk sees it masked

    # 2. Classify: a denunciation about a member of the cell, within the committee's jurisdiction
    page.click("#do-classify")
    # The clerk is not a handler: the system's identity checks are explained, the sender stays masked.
    expect(page.locator("#identity-checks")).to_be_visible()
    expect(page.locator("#identity-masked")).to_be_visible()
    expect(page.locator("#identity-checks tr[data-check='address'] [data-ground]")).to_have_count(0)
    assert SENDER not in page.content() and ADDRESS not in page.content()
    page.select_option("#id_kind", "denunciation")
    page.select_option("#id_subject_organization", str(cell.pk))
    page.select_option("#id_concerns", "member")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*/petitions/{petition.pk}/$"))
    expect(page.locator("#state")).to_have_attribute("data-state", "accepted")
    due = today + datetime.timedelta(days=90)
    expect(page.locator("#deadline")).to_contain_text(due.strftime("%d/%m/%Y"))
    expect(page.locator("#competent")).to_have_text(committee.name)
    expect(page.locator("#rules-used")).to_contain_text("90")

    # 3. Assign: the clerk takes the case, and now sees who wrote
    page.click("#do-assign")
    page.select_option("#id_users", label=f"{coso.last_name} {coso.first_name}")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*/petitions/{petition.pk}/$"))
    expect(page.locator("#state")).to_have_attribute("data-state", "in_progress")
    expect(page.locator("#sender")).to_have_text(SENDER)
    expect(page.locator("#sender-address")).to_have_text(ADDRESS)

    # 4. Conclude with the verification findings
    page.click("#do-conclude")
    page.fill("#id_verification", "Làm việc với lái xe và người bị tố cáo; đối chiếu nhật trình xe.")
    page.select_option("#id_outcome", "partly_founded")
    page.fill("#id_conclusion", "Nội dung tố cáo đúng một phần; yêu cầu kiểm điểm, rút kinh nghiệm.")
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*/petitions/{petition.pk}/$"))
    expect(page.locator("#state")).to_have_attribute("data-state", "concluded")
    expect(page.locator("#deadline")).to_have_attribute("data-deadline", "on_time")

    # 5. The register: settled on time
    page.click("#nav-petitions")
    page.click("a[href='/petitions/']")
    page.wait_for_url(re.compile(r".*/petitions/$"))
    page.select_option("#id_state", "concluded")
    page.click("#filter-form button[type=submit]")
    row = page.locator(f"#petition-table tbody tr[data-number='{petition.register_number}']")
    expect(row).to_have_count(1)
    expect(row.locator("[data-deadline]")).to_have_attribute("data-deadline", "on_time")
    expect(row).to_contain_text(SENDER)
    # The register showed the sender to the handler: that opening is logged.
    assert Access.objects.filter(petition=petition, user=coso, via="register", identity_shown=True).exists()

    # 6. The Bloc's standing committee (not a handler) sees it masked; the inspection chair sees the sender and the log
    for username, sees in (("khoi", False), ("ubkt", True)):
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        other = context.new_page()
        other.base_url = live_server.url
        try:
            login(other, username)
            other.goto(other.base_url + f"/petitions/{petition.pk}/")
            expect(other.locator("#sender")).to_have_text(SENDER if sees else "•••")
            assert (SENDER in other.content()) is sees
            if sees:
                expect(other.locator("#access-log tbody tr")).to_have_count(
                    Access.objects.filter(petition=petition).count())
                expect(other.locator("#access-log")).to_contain_text(f"{coso.last_name} {coso.first_name}")
            else:
                expect(other.locator("#access-log")).to_have_count(0)
        finally:
            context.close()
    assert Access.objects.filter(petition=petition, user__username="khoi", identity_shown=False).exists()
