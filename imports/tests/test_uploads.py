"""Files (issue 15): an import takes only a spreadsheet (.xlsx or .csv) BY ITS CONTENT, at most IMPORT_MAX_BYTES;
everything else is refused on the file field with nothing stored (no batch, no file). What is taken is stored under
a generated name, keeps the user's name for display and download, and goes back out only through the scoped
download views, as an attachment the browser may not sniff."""

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.testing.pages import doc, english
from imports.models import ImportBatch, State

from .helpers import MEMBER_HEADERS, csv_bytes, member_row, upload, xlsx

pytestmark = pytest.mark.django_db
URL = reverse("imports:upload_members")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def codes(tree):
    for org, code in ((tree.cell_a1, "CB-A1"), (tree.cell_a2, "CB-A2"), (tree.gc_a, "DB-A")):
        org.code = code
        org.save()
    return tree


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def post(client, organization, name: str, content: bytes):
    return client.post(URL, {"organization": organization.pk, "reason": "Nhập hồ sơ có sẵn",
                             "file": SimpleUploadedFile(name, content)})


def a_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def workbook_with_macros() -> bytes:
    """A real workbook with a vbaProject.bin added (what an .xlsm carries)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx([member_row()])))
    entries = {name: source.read(name) for name in source.namelist()}
    entries["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + bytes(64)
    return a_zip(entries)


def a_word_document() -> bytes:
    return a_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


REFUSED = {
    "html-named-csv": ("dang-vien.csv", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    "html-named-xlsx": ("dang-vien.xlsx", b"<html><head><meta http-equiv='refresh' content='0'></head></html>"),
    "svg-named-xlsx": ("dang-vien.xlsx", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
    "exe-named-xlsx": ("dang-vien.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)),
    "zip-named-xlsx": ("dang-vien.xlsx", a_zip({"payload.exe": b"MZ" + bytes(50)})),
    "xlsm-named-xlsx": ("dang-vien.xlsx", workbook_with_macros()),
    "docx-named-xlsx": ("dang-vien.xlsx", a_word_document()),
    "script-named-csv": ("dang-vien.csv", b"Ho va ten,Gioi tinh\n<script src=//evil.example/x.js></script>,Nam\n"),
    "pdf-named-csv": ("dang-vien.csv", b"%PDF-1.7\n" + bytes(100)),
    "png-named-xlsx": ("dang-vien.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)),
    "xls-97": ("dang-vien.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
}


@pytest.mark.parametrize("name, content", REFUSED.values(), ids=REFUSED.keys())
def test_what_is_not_a_spreadsheet_is_refused_with_nothing_stored(client_for, codes, user_coso, media, name,
                                                                  content):
    response = post(english(client_for(user_coso)), codes.gc_a, name, content)
    assert response.status_code == 200
    feedback = doc(response).xpath('//*[@id="id_file_error"]')
    assert feedback and feedback[0].text_content().strip(), "the refusal is shown on the file field"
    assert not ImportBatch.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_import_limit_is_refused(client_for, codes, user_coso, media, settings):
    settings.IMPORT_MAX_BYTES = 2000
    content = csv_bytes([member_row() for _ in range(40)])
    assert len(content) > 2000
    response = post(english(client_for(user_coso)), codes.gc_a, "dang-vien.csv", content)
    assert response.status_code == 200
    assert "MB" in doc(response).xpath('string(//*[@id="id_file_error"])')
    assert not ImportBatch.objects.exists() and stored_files(media) == []


TONES = "\u0300\u0301\u0303\u0309\u0323"  # the marks Windows-1258 keeps apart from the letter


def cp1258(text: str) -> bytes:
    """Text as Excel's "CSV" saves it on a Vietnamese Windows: letters with their vowel marks, tones apart."""
    out = []
    for char in text:
        split = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in split if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in split if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def cp1258_csv() -> bytes:
    return cp1258("\r\n".join([",".join(MEMBER_HEADERS), ",".join(member_row(name="Trần Văn Hùng"))]))


ACCEPTED = {
    "xlsx": ("Đảng viên chi bộ A1.xlsx", lambda: xlsx([member_row()]), ".xlsx"),
    "csv-utf8": ("dang-vien.csv", lambda: csv_bytes([member_row()]), ".csv"),
    "csv-cp1258": ("dang-vien-excel-cu.csv", cp1258_csv, ".csv"),
    "xlsx-named-csv": ("dang-vien.csv", lambda: xlsx([member_row()]), ".xlsx"),
}


@pytest.mark.parametrize("name, make, extension", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_each_accepted_kind_is_stored_under_a_generated_name(client_for, codes, user_coso, media, name, make,
                                                             extension):
    response = post(client_for(user_coso), codes.gc_a, name, make())
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.file_name == name  # the user's name, for display and download
    assert re.fullmatch(rf"imports/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\{extension}", batch.file.name), batch.file.name
    assert [p.name for p in stored_files(media)] == [Path(batch.file.name).name]


def test_the_downloads_are_attachments_under_the_users_names(client_for, codes, user_coso, user_other):
    batch = upload(user_coso, codes.gc_a, xlsx([member_row(citizen="12")]), name="Chi bộ A1.xlsx")
    assert batch.state == State.INVALID and batch.error_file
    assert re.fullmatch(r"imports/errors/\d{4}/\d{2}/[0-9a-f]{32}\.xlsx", batch.error_file.name)
    client = client_for(user_coso)
    for url, shown in ((reverse("imports:file", args=[batch.pk]), "Chi bộ A1.xlsx"),
                       (reverse("imports:errors", args=[batch.pk]), "Chi bộ A1-errors.xlsx")):
        response = client.get(url)
        assert response.status_code == 200
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment") and ("utf-8''" in disposition or shown in disposition)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content)[:4] == b"PK\x03\x04"
        # another subtree's staff: the same 404 as a batch that does not exist
        assert client_for(user_other).get(url).status_code == 404
    page = client.get(reverse("imports:detail", args=[batch.pk])).content.decode()
    assert "/media/" not in page and batch.file.name not in page and batch.error_file.name not in page


def test_a_program_calling_the_service_is_held_to_the_same(codes, user_coso, media):
    from django.core.exceptions import ValidationError

    from imports.services import batch_upload

    with pytest.raises(ValidationError) as refused:
        batch_upload(actor=user_coso, kind="members", organization=codes.gc_a, file_name="dv.csv",
                     content=REFUSED["html-named-csv"][1], reason="r")
    assert list(refused.value.message_dict) == ["file"]
    assert not ImportBatch.objects.exists() and stored_files(media) == []
