"""Bringing member files in from Excel, in the browser (issue 14): `coso` downloads the template, fills it in (written
here with openpyxl, as a person would in Excel), uploads it, reads the check with two errors, fixes them, uploads
again, imports, and finds the members in the list with the batch in their record — on a phone and on a desktop."""

import io
import re

import pytest
from openpyxl import load_workbook

from e2e.pages import SAVE, choose_organization, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def header_index(sheet) -> dict[str, int]:
    return {str(c.value): c.column for c in sheet[1] if c.value}


def fill(template: bytes, rows: list[dict]) -> bytes:
    """Type the rows under the template's headers (found by their text, as a person reads them)."""
    from imports.members_kind import COLUMNS

    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    index = header_index(sheet)
    by_key = {c.key: index[str(c.header)] for c in COLUMNS if str(c.header) in index}
    for number, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(row=number, column=by_key[key], value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("size", SIZES, ids=[f"{s['width']}px" for s in SIZES])
def test_coso_imports_members_from_the_template(page, demo_small, size, tmp_path):
    from accounts.models import RoleAssignment
    from members.models import Member

    page.set_viewport_size(size)
    committee = RoleAssignment.objects.get(user__username="coso", role="committee_staff").organization
    cell = committee.children.filter(kind__holds_members=True, status="active").order_by("pk").first()
    login(page, "coso")
    page.goto(page.base_url + "/imports/members/new/")
    assert width(page) <= size["width"]
    with page.expect_download() as download:
        page.click("#download-template")
    template = open(download.value.path(), "rb").read()
    workbook = load_workbook(io.BytesIO(template))
    assert len(workbook.sheetnames) == 3 and workbook.worksheets[0].data_validations.dataValidation
    people = [
        {"full_name": "Đoàn Thị Nhập", "gender": "Nữ", "date_of_birth": "12/05/1990", "citizen_id": "026190011111",
         "admitted_on": "19/05/2015", "full_on": "19/05/2016", "organization_code": cell.code,
         "status": "Đảng viên chính thức"},
        {"full_name": "Khổng Văn Tệp", "gender": "Nam", "date_of_birth": "03/02/1988", "citizen_id": "02618802222",
         "admitted_on": "03/02/2014", "full_on": "03/02/2015", "organization_code": cell.code,
         "status": "Đảng viên chính thức"},
        {"full_name": "Lã Thị Excel", "gender": "Nữ", "date_of_birth": "30/02/1992", "citizen_id": "026192033333",
         "admitted_on": "01/09/2025", "organization_code": cell.code, "status": "Đảng viên dự bị"},
    ]
    first = tmp_path / "dang-vien.xlsx"
    first.write_bytes(fill(template, people))
    choose_organization(page, "organization", committee)
    page.set_input_files("#id_file", str(first))
    page.click(SAVE)
    page.wait_for_selector("#batch-state[data-state=invalid]")
    rows = page.locator("#errors [data-row]")
    assert rows.count() == 2
    assert sorted(r.get_attribute("data-row") for r in rows.all()) == ["3", "4"]
    assert width(page) <= size["width"]
    with page.expect_download() as errors_file:
        page.click("#download-errors")
    marked = load_workbook(io.BytesIO(open(errors_file.value.path(), "rb").read())).worksheets[0]
    assert marked.cell(row=3, column=marked.max_column).value  # the errors column says what is wrong on row 3

    people[1]["citizen_id"] = "026188022222"
    people[2]["date_of_birth"] = "28/02/1992"
    fixed = tmp_path / "dang-vien-da-sua.xlsx"
    fixed.write_bytes(fill(template, people))
    page.click("#upload-again")
    choose_organization(page, "organization", committee)
    page.set_input_files("#id_file", str(fixed))
    page.click(SAVE)
    page.wait_for_selector("#batch-state[data-state=ready]")
    assert page.locator("#changes tbody tr[data-action=create]").count() == 3
    assert not Member.objects.filter(citizen_id="026190011111").exists()
    page.click("#commit")
    page.wait_for_selector("#batch-state[data-state=committed]")
    batch_url = page.url
    assert Member.objects.filter(citizen_id__in=["026190011111", "026188022222", "026192033333"]).count() == 3

    page.goto(page.base_url + "/members/?q=Khổng Văn Tệp")
    page.click("#member-table a:has-text('Khổng Văn Tệp')")
    page.wait_for_selector("#member-imports")
    link = page.locator("#member-imports a[data-batch]")
    assert re.search(r"/imports/\d+/$", batch_url) and link.get_attribute("href") in batch_url
    assert width(page) <= size["width"]
