"""The periodic report in the browser (issue 18): on a 390 px phone the grassroots committee's office (`coso`) creates
the report of the first 6 months, sees its figures counted from the app's data, writes a section, submits it
(numbered as a BC of its register) and downloads it as .docx in the Party's format."""

import datetime
import io

import pytest
from docx import Document as Docx

from e2e.pages import choose_organization, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_coso_makes_the_six_month_report_and_downloads_it(page, demo_small):
    from django.contrib.auth import get_user_model

    from reports.models import PeriodicReport

    page.set_viewport_size(PHONE)
    login(page, "coso")
    coso = get_user_model().objects.get(username="coso")
    organization = coso.role_assignments.first().organization
    page.goto(page.base_url + "/reports/periodic/")
    page.locator("#periodic-new").click()
    page.wait_for_url("**/reports/periodic/new/**")
    choose_organization(page, "organization", organization)
    page.select_option("#id_kind", "half_year")
    page.fill("#id_year", str(datetime.date.today().year))
    page.fill("#id_number", "1")
    page.locator("#save").click()
    page.wait_for_url("**/reports/periodic/*/")
    report = PeriodicReport.objects.get(organization=organization, kind="half_year")

    # the figures are filled from the app's data: the members counted, the cells' meetings
    total = page.locator('[data-figure="members:total"]')
    assert int(total.inner_text()) > 0
    assert int(page.locator('[data-figure="meetings:cells"]').inner_text()) > 0
    assert page.locator("[data-section]").count() == 7

    page.fill("#id_situation", "Tình hình chính trị, tư tưởng ổn định.")
    page.fill("#id_results", "Các chi bộ sinh hoạt đều đặn, chất lượng nâng lên.")
    page.locator("#periodic-save-text").click()
    page.wait_for_url(f"**/reports/periodic/{report.pk}/")
    assert page.locator("#id_situation").input_value() == "Tình hình chính trị, tư tưởng ổn định."

    page.locator("#periodic-submit").click()
    page.wait_for_url("**/submit/")
    page.fill("#id_place", "Vĩnh Phúc")
    page.fill("#id_signer_position", "Bí thư")
    page.fill("#id_signer_name", "Nguyễn Văn Ký")
    page.locator("#save").click()  # data-confirm: the page's dialog handler agrees
    page.wait_for_url(f"**/reports/periodic/{report.pk}/")
    report.refresh_from_db()
    assert report.status == "submitted" and report.document is not None
    assert page.locator("#periodic-symbol").inner_text() == report.document.symbol
    assert page.locator("#periodic-figures").get_attribute("data-frozen") == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_download() as download:
        page.locator("#periodic-docx").click()
    with open(download.value.path(), "rb") as file:
        docx = Docx(io.BytesIO(file.read()))
    texts = [p.text for p in docx.paragraphs]
    cells = [p.text for table in docx.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    assert "BÁO CÁO" in texts and "Tình hình chính trị, tư tưởng ổn định." in texts
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells and f"Số {report.document.symbol}" in cells
    assert "Nơi nhận:" in cells and "Nguyễn Văn Ký" in cells
