"""Issue 15's shared mechanisms in core: revisions (no lost updates), the bounds of every date and text, and the
uploads accepted by content. Each app tests them on its own records and pages; these tests pin the mechanisms."""

import datetime
import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import override

from core import files, services
from core.forms import BootstrapMixin, DateField
from core.history import save_with_history, stamp
from core.models import Holiday
from core.testing.pages import doc
from core.validation import check_bounds, date_bounds, field_date_range
from core.versions import StaleEdit, carry_version

D = datetime.date
pytestmark = pytest.mark.django_db


# ---- revisions -----------------------------------------------------------------------------------------------------

@pytest.fixture
def day(actor):
    return services.holiday_add(actor=actor, date=D(2031, 6, 9), name="Thử", reason="Thử")


class TestRevisions:
    def test_a_new_record_is_at_revision_1_and_each_save_bumps_it(self, day, actor):
        assert day.revision == 1
        services.holiday_change(actor=actor, holiday=day, date=day.date, kind=day.kind, name="Thử 2")
        assert Holiday.objects.get(pk=day.pk).revision == 2 == day.revision

    def test_a_save_from_a_stale_read_is_refused_with_what_changed(self, day, actor):
        first, second = Holiday.objects.get(pk=day.pk), Holiday.objects.get(pk=day.pk)
        services.holiday_change(actor=actor, holiday=first, date=day.date, kind=day.kind, name="Tên mới")
        with override("en"), pytest.raises(StaleEdit) as info:
            services.holiday_change(actor=actor, holiday=second, date=day.date, kind=day.kind, name="Tên khác")
        assert info.value.current == 2
        assert ("holiday", "Thử", "Tên mới") in info.value.changes
        assert "Tên mới" in info.value.messages[0]
        stored = Holiday.objects.get(pk=day.pk)
        assert stored.name == "Tên mới" and stored.revision == 2 and stored.history.count() == 2

    def test_carrying_the_revision_read_is_what_a_form_does(self, day, actor):
        services.holiday_change(actor=actor, holiday=Holiday.objects.get(pk=day.pk), date=day.date, kind=day.kind,
                                name="Tên mới")
        fresh = Holiday.objects.get(pk=day.pk)  # read at the time of the POST: revision 2
        carry_version(fresh, "1")  # but the form was drawn at revision 1
        with pytest.raises(StaleEdit):
            services.holiday_change(actor=actor, holiday=fresh, date=day.date, kind=day.kind, name="Tên khác")
        carry_version(fresh, "2")  # the form shown again carries the current revision: saving again replaces
        services.holiday_change(actor=actor, holiday=fresh, date=day.date, kind=day.kind, name="Tên khác")
        assert Holiday.objects.get(pk=day.pk).name == "Tên khác"

    def test_the_administration_refuses_a_stale_save_and_keeps_what_was_typed(self, client_for, actor, day,
                                                                                django_user_model):
        admin = django_user_model.objects.create_superuser("quantri", password="x")
        client = client_for(admin)
        url = reverse("admin:core_holiday_change", args=[day.pk])
        form = doc(client.get(url))
        assert form.xpath('//input[@name="read_revision"]/@value') == ["1"]
        services.holiday_change(actor=actor, holiday=Holiday.objects.get(pk=day.pk), date=day.date,
                                kind=day.kind, name="Tên của người khác")
        data = {"date": "2031-06-09", "kind": "off", "name": "Tên của tôi", "note": "", "read_revision": "1"}
        response = client.post(url, data)
        assert response.status_code == 200
        page = doc(response)
        assert "Tên của người khác" in " ".join(page.xpath('//ul[contains(@class, "errorlist")]//text()'))
        assert page.xpath('//input[@name="name"]/@value') == ["Tên của tôi"]
        assert page.xpath('//input[@name="read_revision"]/@value') == ["2"]
        assert Holiday.objects.get(pk=day.pk).name == "Tên của người khác"
        assert client.post(url, {**data, "read_revision": "2"}).status_code == 302
        assert Holiday.objects.get(pk=day.pk).name == "Tên của tôi"

    def test_the_history_does_not_show_the_revision(self, day, actor):
        from core.history import history_entries

        services.holiday_change(actor=actor, holiday=day, date=day.date, kind=day.kind, name="Thử 2")
        assert all(c.field != "revision" for e in history_entries(day) for c in e.changes)


# ---- bounds --------------------------------------------------------------------------------------------------------

class TestBounds:
    def test_the_bounds_come_from_the_rules(self):
        bounds = date_bounds()
        assert bounds.earliest == D(1930, 2, 3)
        today = datetime.date.today()
        assert field_date_range("date_of_birth") == (bounds.birth_earliest(today), today)
        assert field_date_range("planned_on") == (D(1930, 2, 3), bounds.latest(today))
        assert bounds.latest(today).year == today.year + bounds.years_ahead

    @pytest.mark.parametrize("value", [D(1, 1, 1), D(1930, 2, 2), D(9999, 12, 31)])
    def test_a_service_refuses_a_date_out_of_bounds_on_its_field(self, actor, value):
        with pytest.raises(ValidationError) as info:
            services.holiday_add(actor=actor, date=value, name="Thử")
        assert "date" in info.value.message_dict
        assert not Holiday.objects.filter(date=value).exists()

    def test_a_long_text_and_a_long_reason_are_refused_on_their_fields(self, actor):
        row = Holiday(date=D(2031, 6, 9), name="Thử", note="x")
        with override_settings(FREE_TEXT_MAX_CHARS=10):
            check_bounds(row)  # note is a bounded CharField: its own max_length applies through full_clean
        with pytest.raises(ValidationError) as info:
            stamp(row, actor=actor, reason="x" * (1024 * 1024))
        assert list(info.value.message_dict) == ["reason"]
        with pytest.raises(ValidationError) as info:
            save_with_history(row, actor=actor, reason="x" * 1001)
        assert not Holiday.objects.filter(date=D(2031, 6, 9)).exists()

    def test_every_form_field_is_bounded(self):
        class Sample(BootstrapMixin, forms.Form):
            date_of_birth = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
            planned_on = DateField()
            note = forms.CharField(widget=forms.Textarea)
            reason = forms.CharField(widget=forms.Textarea)

        form = Sample({"date_of_birth": "0001-01-01", "planned_on": "9999-12-31", "note": "x" * 20001,
                       "reason": "x" * 1001})
        assert not form.is_valid()
        assert set(form.errors) == {"date_of_birth", "planned_on", "note", "reason"}
        html = str(form["planned_on"])
        assert f'max="{date_bounds().latest().isoformat()}"' in html
        assert 'maxlength="1000"' in str(form["reason"])
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        assert "date_of_birth" in Sample({"date_of_birth": tomorrow.isoformat()}).errors


# ---- uploads -------------------------------------------------------------------------------------------------------

def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ACCEPTED = {
    "scan.pdf": (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "pdf"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpg"),
    "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
    "report.docx": (DOCX, "docx"),
    "list.xlsx": (_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "xlsx"),
    "minutes.odt": (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "odt"),
    "old.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "doc"),
    "note.txt": ("Biên bản họp chi bộ tháng 12.\n".encode(), "txt"),
    "list.csv": ("Họ tên;Ngày sinh\nNguyễn Văn A;01/01/1980\n".encode(), "csv"),
}
REFUSED = {
    "page.pdf": b"<!DOCTYPE html><html><body>hi</body></html>",
    "image.png": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "setup.docx": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
    "archive.docx": _zip({"payload.exe": b"MZ\x90\x00"}),
    "macro.docx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>",
                        "word/vbaProject.bin": b"\x00"}),
    "note.txt": b"hello <script>alert(1)</script>",
    "linux.pdf": b"\x7fELF\x02\x01\x01\x00",
    "tiny.txt": b"MZ",
    "run.txt": b"#!/bin/sh\nrm -rf /\n",
}


class TestUploads:
    @pytest.mark.parametrize("name", sorted(ACCEPTED))
    def test_accepted_kinds_are_read_from_the_content(self, name):
        content, ext = ACCEPTED[name]
        upload = SimpleUploadedFile(name, content)
        files.accept_upload(upload)
        assert upload.name == f"upload.{ext}" and upload.original_name == name

    @pytest.mark.parametrize("name", sorted(REFUSED))
    def test_refused_kinds_whatever_their_name(self, name):
        with override("en"), pytest.raises(forms.ValidationError) as info:
            files.check_upload(SimpleUploadedFile(name, REFUSED[name]))
        assert info.value.code == "file_type" and name in info.value.messages[0]

    def test_the_size_limit(self):
        with override_settings(UPLOAD_MAX_BYTES=100), override("en"), pytest.raises(forms.ValidationError) as info:
            files.check_upload(SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * 200))
        assert info.value.code == "file_too_big" and "100" in info.value.messages[0]

    def test_imports_take_spreadsheets_only(self):
        assert files.check_upload(SimpleUploadedFile("a.csv", b"a;b\n1;2\n"), groups=files.SPREADSHEETS) == "csv"
        with pytest.raises(forms.ValidationError):
            files.check_upload(SimpleUploadedFile("a.xlsx", ACCEPTED["scan.pdf"][0]), groups=files.SPREADSHEETS)

    def test_stored_names_are_generated(self):
        name = files.GeneratedName("petitions")(None, "upload.pdf")
        assert name.startswith("petitions/") and name.endswith(".pdf") and len(name.rsplit("/", 1)[1]) == 36
        assert files.GeneratedName("x")(None, "../../etc/passwd").endswith(".bin")
        assert files.clean_name('..\\..\\a<b>".pdf') == "ab.pdf"
