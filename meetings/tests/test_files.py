"""Meeting documents' files (issue 15): accepted by content, never by name (core.files), at most UPLOAD_MAX_BYTES,
stored under a generated name with the user's name kept for the download, downloaded as an attachment the browser
may not sniff, only through the scoped view."""

import datetime
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.testing.pages import content, doc, english, form_errors
from meetings import services
from meetings.models import MeetingDocument, MeetingKind

from .cases import PLANNED_ON, T

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = _zip({"[Content_Types].xml": TYPES, "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": TYPES, "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})
REFUSED = {
    "html-named-pdf": ("chuong-trinh.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    "svg-named-png": ("anh.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
                                 b'<script>alert(1)</script></svg>'),
    "exe-named-docx": ("du-thao.docx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64),
    "zip-renamed-docx": ("du-thao.docx", _zip({"readme.html": b"<html><script>alert(1)</script></html>"})),
    "docm-with-macros": ("du-thao.docx", _zip({"[Content_Types].xml": TYPES, "word/document.xml": b"<w:document/>",
                                               "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"})),
    "script-named-txt": ("ghi-chu.txt", b"Ghi chu <script>alert(document.cookie)</script>"),
}
ACCEPTED = {
    "pdf": ("Chương trình.pdf", b"%PDF-1.4\n% chuong trinh\n%%EOF\n", "pdf"),
    "png": ("ảnh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "png"),
    "jpg": ("anh.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "jpg"),
    "docx": ("Dự thảo.docx", DOCX, "docx"),
    "xlsx": ("Bảng.xlsx", XLSX, "xlsx"),
    "odt": ("Báo cáo.odt", ODT, "odt"),
    "txt": ("Ghi chú.txt", "Nội dung sinh hoạt\n".encode(), "txt"),
    "csv": ("Danh sách.csv", "Họ tên,Có mặt\nAn,1\n".encode(), "csv"),
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def khoi(client_for, user_khoi):
    return english(client_for(user_khoi))


@pytest.fixture
def planned(world, actor):
    return services.meeting_plan(actor=actor, organization=world.cell_a1, kind=MeetingKind.REGULAR,
                                 planned_on=PLANNED_ON, planned_at=T(14, 0), place="Phòng họp")


def post_file(client, meeting, name, data, title=""):
    return client.post(reverse("meetings:document_add", args=[meeting.pk]), {
        "title": title, "file": SimpleUploadedFile(name, data), "available_on": TODAY.strftime("%d/%m/%Y")})


@pytest.mark.parametrize("kind", list(REFUSED))
def test_a_file_that_could_carry_script_is_refused_and_nothing_is_stored(khoi, planned, media, kind):
    name, data = REFUSED[kind]
    response = post_file(khoi, planned, name, data, title="Tài liệu")
    assert response.status_code == 200
    error = doc(response).xpath('//*[@id="id_file_error"]')
    assert error and "not a file of an accepted kind" in error[0].text_content(), form_errors(response)
    assert not MeetingDocument.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_limit_is_refused_with_the_limit(khoi, planned, media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = post_file(khoi, planned, "lon.pdf", b"%PDF-1.4\n" + b"0" * 200, title="Tài liệu")
    assert response.status_code == 200
    error = doc(response).xpath('//*[@id="id_file_error"]')
    assert error and "100" in error[0].text_content(), form_errors(response)
    assert not MeetingDocument.objects.exists() and stored_files(media) == []


def test_the_service_checks_a_file_given_directly(actor, planned, media):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.meeting_add_document(actor=actor, meeting=planned, file=SimpleUploadedFile(*REFUSED["svg-named-png"]),
                                      available_on=TODAY)
    assert "file" in error.value.error_dict
    assert not MeetingDocument.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize("kind", list(ACCEPTED))
def test_each_accepted_kind_is_stored_under_a_generated_name_and_downloaded_as_an_attachment(
        khoi, client_for, user_other, user_chibo, planned, media, kind):
    name, data, ext = ACCEPTED[kind]
    response = post_file(khoi, planned, name, data)
    assert response.status_code == 302, form_errors(response)
    document = MeetingDocument.objects.get()
    assert re.fullmatch(rf"meetings/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{ext}", document.file.name), document.file.name
    assert document.file_name == name and document.title == name.rsplit(".", 1)[0]
    assert [p.name for p in stored_files(media)] == [document.file.name.rsplit("/", 1)[1]]
    url = reverse("meetings:document", args=[document.pk])
    for client in (khoi, client_for(user_chibo)):
        download = client.get(url)
        assert download.status_code == 200 and content(download) == data
        disposition = download["Content-Disposition"]
        assert disposition.startswith("attachment") and ext in disposition, disposition
        assert download["X-Content-Type-Options"] == "nosniff"
    # someone outside the cell's subtree does not learn the document exists
    assert client_for(user_other).get(url).status_code == 404
    # no page links the stored file itself
    detail = khoi.get(planned.get_absolute_url())
    assert document.file.name not in detail.content.decode()
    assert not doc(detail).xpath('//a[contains(@href, "/media/")]')
