"""Inspection in a real browser: `khoi` adds an item to this year's programme of the Bloc standing committee,
moves it from the decision to the conclusion with one remedy for the demo secretary's cell, the secretary
(`chibo`) reports the remedy done with its evidence, `khoi` checks it and closes the case."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from e2e.pages import SAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Giám sát chuyên đề việc thực hiện quy chế làm việc của chi ủy"
REMEDY = "Sửa đổi quy chế làm việc của chi ủy theo hướng dẫn mới"



def step(page, label, **fields):
    page.click("#next-step")
    page.select_option("#id_target", label=label)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.click(SAVE)
    expect(page.locator("#case-state")).to_have_text(label)


def test_khoi_runs_an_item_to_its_close(page, demo_small):
    from accounts.models import RoleAssignment
    from inspections.models import Case, Remedy

    today = datetime.date.today()
    cell = RoleAssignment.objects.select_related("organization").get(user__username="chibo",
                                                                      role="cell_secretary").organization
    login(page, "khoi")
    page.click("#nav-inspections")
    page.click(f"#programmes a[data-year='{today.year}']")
    page.click("#new-item")
    page.select_option("#id_type", value="thematic_supervision")
    page.fill("#id_title", TITLE)
    page.fill("#id_planned_from", today.replace(day=1).isoformat())
    page.fill("#id_planned_to", today.isoformat())
    page.select_option("#id_subject_organizations", value=str(cell.pk))
    page.select_option("#id_team_head", index=1)
    page.click(SAVE)
    expect(page.locator("#case-state")).to_have_text("Trong chương trình")
    case_url = page.url

    step(page, "Quyết định kiểm tra, giám sát", document_title="Quyết định giám sát")
    expect(page.locator("#decision-number")).to_have_text(re.compile(r"^\d+-QĐ/ĐUK$"))
    step(page, "Thông báo đến đối tượng", self_report_due=today.isoformat())
    step(page, "Đối tượng tự báo cáo, giải trình")
    step(page, "Thẩm tra, xác minh")
    step(page, "Dự thảo báo cáo kết quả")
    page.click("#edit-assessment")
    page.fill("#id_strengths", "Chi ủy đoàn kết, sinh hoạt đều đặn.")
    page.fill("#id_shortcomings", "Quy chế làm việc chưa cập nhật.")
    page.fill("#id_conclusion", "Chi bộ thực hiện tốt; cần sửa đổi quy chế làm việc.")
    page.fill("#id_recommendations", "Sửa đổi quy chế làm việc.")
    page.click(SAVE)
    step(page, "Kết luận")
    page.click("#add-remedy")
    page.fill("#id_text", REMEDY)
    page.select_option("#id_organization", value=str(cell.pk))
    page.fill("#id_deadline", (today + datetime.timedelta(days=60)).isoformat())
    page.click(SAVE)
    expect(page.locator("#remedies tbody tr[data-status='open']")).to_have_count(1)
    step(page, "Thông báo kết luận")
    step(page, "Theo dõi khắc phục")
    # Closing is refused while the remedy is open, with the reason on the form.
    page.click("#next-step")
    page.select_option("#id_target", label="Kết thúc")
    page.click(SAVE)
    expect(page.locator(".invalid-feedback")).to_contain_text("chưa thể kết thúc")

    login(page, "chibo")
    page.click("#nav-inspections")
    page.locator("#assigned-remedies a", has_text=REMEDY).click()
    expect(page.locator("body")).not_to_contain_text("cần sửa đổi quy chế làm việc.")  # the conclusion stays in the file
    page.click("#report-progress")
    page.fill("#id_text", "Chi ủy đã sửa đổi và ban hành quy chế làm việc mới.")
    page.fill("#id_evidence_title", "Quy chế làm việc số 01-QC/CB")
    page.check("#id_done")
    page.click(SAVE)
    expect(page.locator("#remedy-status")).to_have_text("Đã báo cáo hoàn thành, chờ kiểm tra lại")
    assert page.goto(page.base_url + case_url.replace(page.base_url, "")).status == 404

    login(page, "khoi")
    page.goto(case_url)
    page.locator("#remedies a", has_text=REMEDY).click()
    page.click("#check-remedy")
    page.select_option("#id_outcome", value="done")
    page.fill("#id_note", "Đã kiểm tra quy chế mới ban hành.")
    page.click(SAVE)
    expect(page.locator("#remedy-status")).to_have_text("Đã hoàn thành (đã kiểm tra lại)")
    page.goto(case_url)
    step(page, "Kết thúc")
    case = Case.objects.get(title=TITLE)
    assert case.closed_on == today and case.state.is_final
    assert Remedy.objects.get(case=case).status == "done"
    if screenshots := __import__("os").environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=f"{screenshots}/inspections-case-closed.png", full_page=True)
