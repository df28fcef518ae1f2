"""Small readers for rendered pages and exports (no app code involved: they read what a browser gets)."""

import csv
import datetime
import io
import re
import unicodedata

from django.conf import settings
from lxml import html as lxml_html
from openpyxl import load_workbook

TODAY = datetime.date.today()


def english(client):
    """The test client sees the pages in English (for assertions on messages)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def fold(text: str) -> str:
    """Test-side folding (lower case, no diacritics, đ→d), independent of core.text."""
    text = unicodedata.normalize("NFD", text).lower().replace("đ", "d")
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


def content(response) -> bytes:
    """The body, a streamed one (a CSV, an xlsx from its spool file) included; readable again afterwards."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
        response.streaming_content = [body]
        return body
    return response.content


def text(response) -> str:
    return content(response).decode("utf-8")


def doc(response):
    return lxml_html.fromstring(text(response))


def _clean(s: str) -> str:
    return " ".join(s.split())


def link_texts(response, container_xpath: str) -> list[str]:
    """Texts of the links inside the element(s) matched by `container_xpath`, in document order."""
    tree = doc(response)
    return [_clean(a.text_content()) for c in tree.xpath(container_xpath) for a in c.xpath(".//a")]


def member_table_names(response) -> list[str]:
    """Full names of the rows of the member list (first column), in display order."""
    tree = doc(response)
    return [_clean(td.text_content()) for td in tree.xpath('//table[@id="member-table"]/tbody/tr/td[1]')
            if td.xpath(".//a")]


def organization_table_names(response) -> list[str]:
    tree = doc(response)
    header = [_clean(th.text_content()) for th in tree.xpath('//table[@id="organization-table"]/thead/tr/th')]
    rows = tree.xpath('//table[@id="organization-table"]/tbody/tr')
    # the name column is the linkified one
    names = []
    for tr in rows:
        links = tr.xpath("./td//a")
        if links:
            names.append(_clean(links[0].text_content()))
    assert header, "no organisation table on the page"
    return names


def tree_names(response) -> list[str]:
    return link_texts(response, '//table[@id="tree"]/tbody/tr/td[1]')


def search_results(response) -> tuple[list[str], list[str]]:
    return (link_texts(response, '//ul[@id="search-members"]'),
            link_texts(response, '//ul[@id="search-organizations"]'))


def figure(response, name: str, root: str = "") -> int:
    """The integer shown in the element with data-figure=`name` (thousand separators removed)."""
    tree = doc(response)
    found = tree.xpath(f'{root}//*[@data-figure="{name}"]')
    assert len(found) == 1, f"expected one data-figure={name!r}, found {len(found)}"
    return int(re.sub(r"[^\d]", "", found[0].text_content()))


def csv_rows(response) -> list[list[str]]:
    raw = content(response)
    assert raw.startswith("\ufeff".encode()), "CSV must start with a UTF-8 BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def xlsx_sheet(response):
    workbook = load_workbook(io.BytesIO(content(response)))
    return workbook.worksheets[0]


def xlsx_rows(response) -> list[tuple]:
    return [tuple(row) for row in xlsx_sheet(response).iter_rows(values_only=True)]


def export_column(rows, index=0) -> list[str]:
    """Values of one column, header row excluded."""
    return [row[index] for row in rows[1:]]


def detail_links(html: str, kind: str) -> set[int]:
    """Primary keys of /members/<pk>/ or /organizations/<pk>/ links (any sub-path) in a page."""
    return {int(pk) for pk in re.findall(rf'href="/{kind}/(\d+)/', html)}


def member_form_data(member, **changes) -> dict:
    """What the member edit form would post back unchanged, plus `changes`."""
    data = {
        "full_name": member.full_name, "gender": member.gender, "date_of_birth": dmy(member.date_of_birth),
        "citizen_id": member.citizen_id or "", "ethnicity": member.ethnicity, "religion": member.religion,
        "hometown": member.hometown, "education": member.education, "qualification": member.qualification,
        "specialization": member.specialization, "theory_level": member.theory_level,
        "position": member.position, "agency": member.agency, "phone": member.phone, "email": member.email,
        "card_number": member.card_number or "", "reason": "Cập nhật lý lịch",
    }
    data.update(changes)
    return data


def form_errors(response) -> list[str]:
    """Error texts shown on a rendered form (field errors and alerts), for assertion messages."""
    tree = doc(response)
    found = tree.xpath('//*[contains(@class, "invalid-feedback")] | //*[contains(@class, "alert-danger")]')
    return [_clean(e.text_content()) for e in found]


def form_values(response, form_xpath: str = "//main//form[@method='post']") -> dict:
    """name -> value as the browser would submit the (first) POST form of the page."""
    tree = doc(response)
    forms = tree.xpath(form_xpath)
    assert forms, "no form on the page"
    values = {}
    for el in forms[0].xpath(".//input | .//select | .//textarea"):
        name = el.get("name")
        # a browser sends only the button clicked, and files as files
        if not name or name == "csrfmiddlewaretoken" or el.get("type") in ("submit", "button", "reset", "image",
                                                                            "file"):
            continue
        if el.tag == "select":
            chosen = [o.get("value") for o in el.xpath(".//option") if o.get("selected") is not None]
            values[name] = chosen[0] if len(chosen) == 1 else chosen
        elif el.tag == "textarea":
            value = el.text_content()  # a browser drops the newline right after <textarea>
            values[name] = value[1:] if value.startswith("\n") else value
        elif el.get("type") in ("checkbox", "radio"):
            if el.get("checked") is not None:
                values[name] = el.get("value", "on")
        else:
            values[name] = el.get("value", "")
    return values


def field_classes(response, name: str) -> set[str]:
    tree = doc(response)
    found = tree.xpath(f"//main//*[@name='{name}']")
    assert found, f"no field {name!r}"
    return set((found[0].get("class") or "").split())


def assert_refused(call, *, snapshot, field=None, contains=None, alone=False) -> list[str]:
    """Run `call` in English and check that a service refused it: a ValidationError on `field` (the only field
    with an error when `alone`), or a non-field one when `field` is None, and `snapshot()` unchanged (nothing
    written). Returns the messages of that field (or the non-field messages)."""
    import pytest
    from django.core.exceptions import ValidationError
    from django.utils.translation import override

    before = snapshot()
    with override("en"), pytest.raises(ValidationError) as info:
        call()
    assert snapshot() == before, "a refused operation wrote to the database"
    error = info.value
    if field is None:
        assert not hasattr(error, "error_dict"), f"expected a non-field error, got {error.message_dict}"
        messages = error.messages
    else:
        assert hasattr(error, "error_dict") and field in error.error_dict, f"no error on {field!r}: {error}"
        if alone:
            assert list(error.error_dict) == [field], f"expected an error on {field!r} only, got {error.message_dict}"
        messages = error.message_dict[field]
    if contains:
        assert any(contains in m for m in messages), messages
    return messages
