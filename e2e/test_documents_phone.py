"""The document register in the browser (issue 18): on a 390 px phone and a 1366 px screen the grassroots
committee's office opens its register, searches it without diacritics, issues a plan (numbered on saving), opens it
and downloads its .docx; the cell's secretary sees the cell's register. No page is wider than the screen."""

import io

import pytest
from docx import Document as Docx

from e2e.pages import choose_organization, login, open_filters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("size", SIZES, ids=[f"{s['width']}px" for s in SIZES])
def test_the_office_issues_a_numbered_plan_and_prints_it(page, demo_small, size):
    from django.contrib.auth import get_user_model

    from documents.models import Document

    page.set_viewport_size(size)
    login(page, "coso")
    page.goto(page.base_url + "/documents/")
    rows = page.locator("#document-table tbody tr[data-document]")
    assert rows.count() >= 3
    assert width(page) <= size["width"]

    open_filters(page)
    page.fill("#id_q", "quan triet nghi quyet")
    page.locator("#filter-form button[type=submit]").first.click()
    page.wait_for_url("**q=quan*")
    assert rows.count() >= 1

    page.goto(page.base_url + "/documents/issue/")
    assert width(page) <= size["width"]
    coso = get_user_model().objects.get(username="coso")
    organization = coso.role_assignments.first().organization
    choose_organization(page, "organization", organization)
    page.select_option("#id_kind", "KH")
    page.fill("#id_place", "Vĩnh Phúc")
    page.fill("#id_title", "Kế hoạch kiểm tra, giám sát năm sau")
    page.fill("#id_body", "Đảng ủy ban hành kế hoạch.")
    page.fill("#id_recipients", "Các chi bộ trực thuộc")
    page.fill("#id_signer_position", "Bí thư")
    page.fill("#id_signer_name", "Nguyễn Văn Ký")
    page.locator("#save").click()
    page.wait_for_url("**/documents/*/")
    issued = Document.objects.get(title="Kế hoạch kiểm tra, giám sát năm sau")
    assert page.locator("#document-symbol").inner_text().startswith(issued.symbol)
    assert issued.symbol.startswith(f"{issued.number:02d}-KH/")
    assert width(page) <= size["width"]

    with page.expect_download() as download:
        page.locator("#document-docx").click()
    with open(download.value.path(), "rb") as file:
        texts = [p.text for p in Docx(io.BytesIO(file.read())).paragraphs]
    assert "KẾ HOẠCH" in texts

    login(page, "chibo")
    page.goto(page.base_url + "/documents/")
    assert page.locator("#document-table tbody tr[data-document]").count() >= 2
    assert width(page) <= size["width"]
