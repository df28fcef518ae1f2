"""The register: incoming documents as received (arrival numbers per year), corrections with history and a reason,
cancellation instead of deletion, confidentiality, bad input refused on its field, the search without diacritics,
the .docx of an outgoing document."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx

from core.testing.pages import assert_refused, doc, xlsx_rows
from documents import services
from documents.models import Document
from documents.tests.cases import PDF, snapshot

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
D = datetime.date


def receive(actor, org, **extra):
    values = dict(kind="CV", symbol="125-CV/TU", issued_on=TODAY - datetime.timedelta(days=3), sender="Tỉnh ủy",
                  received_on=TODAY, title="Về việc tổng kết năm")
    values.update(extra)
    return services.document_register_incoming(actor=actor, organization=org, **values)


def test_incoming_documents_take_the_years_arrival_numbers(actor, world):
    first = receive(actor, world.gc_a)
    second = receive(actor, world.gc_a, symbol="03-TB/ĐUK")
    elsewhere = receive(actor, world.gc_b)
    last_year = receive(actor, world.gc_a, issued_on=D(TODAY.year - 1, 12, 1), received_on=D(TODAY.year - 1, 12, 2))
    assert (first.arrival_number, second.arrival_number, elsewhere.arrival_number) == (1, 2, 1)
    assert (last_year.arrival_number, last_year.arrival_year) == (1, TODAY.year - 1)
    assert first.symbol == "125-CV/TU" and first.number is None


def test_an_arrival_stays_in_its_years_series_when_corrected(actor, world):
    received = receive(actor, world.gc_a, issued_on=D(TODAY.year - 1, 12, 1), received_on=D(TODAY.year - 1, 12, 2))
    services.document_correct(actor=actor, document=received, reason="Sai ngày đến", received_on=D(TODAY.year - 1,
                                                                                                     12, 3))
    received.refresh_from_db()
    assert (received.received_on, received.arrival_number, received.arrival_year) == (D(TODAY.year - 1, 12, 3), 1,
                                                                                      TODAY.year - 1)
    assert_refused(lambda: services.document_correct(actor=actor, document=Document.objects.get(pk=received.pk),
                                                     reason="Sang năm", received_on=TODAY),
                   snapshot=snapshot, field="received_on")


def test_bad_incoming_input_is_refused_on_its_field(actor, world):
    org = world.gc_a
    assert_refused(lambda: receive(actor, org, symbol=" "), snapshot=snapshot, field="symbol")
    assert_refused(lambda: receive(actor, org, sender=""), snapshot=snapshot, field="sender")
    assert_refused(lambda: receive(actor, org, received_on=TODAY - datetime.timedelta(days=5)), snapshot=snapshot,
                   field="received_on")
    assert_refused(lambda: receive(actor, org, kind="ZZ"), snapshot=snapshot, field="kind")
    page = SimpleUploadedFile("cong-van.pdf", b"<html><script>alert(1)</script></html>")
    assert_refused(lambda: receive(actor, org, file=page), snapshot=snapshot, field="file")


def test_a_correction_keeps_the_history_and_the_reason_and_never_the_number(actor, world, client_for, user_coso):
    issued = services.document_issue(actor=actor, organization=world.gc_a, issuer="committee", kind="KH",
                                     issued_on=TODAY, title="Kế hoạch", signer_name="Lê Văn A",
                                     signer_position="Bí thư")
    services.document_correct(actor=actor, document=issued, reason="Sửa trích yếu", title="Kế hoạch tổng kết")
    issued.refresh_from_db()
    assert issued.title == "Kế hoạch tổng kết"
    latest = issued.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Sửa trích yếu", actor)
    shown = doc(client_for(user_coso).get(reverse("documents:detail", args=[issued.pk])))
    assert "Sửa trích yếu" in shown.xpath('string(//*[@id="history"])')
    assert "Kế hoạch tổng kết" in shown.xpath('string(//*[@id="history"])')
    assert_refused(lambda: services.document_correct(actor=actor, document=issued, reason="x", number=7),
                   snapshot=snapshot)
    assert_refused(lambda: services.document_correct(actor=actor, document=issued, reason=" ", title="y"),
                   snapshot=snapshot, field="reason")
    services.document_cancel(actor=actor, document=issued, reason="Hủy")
    assert Document.objects.filter(pk=issued.pk, status="cancelled").exists()  # never deleted


def test_confidential_documents_are_the_committee_offices_only(client_for, world, user_chibo, user_coso, user_other):
    from documents.models import Confidentiality

    secret = receive(user_coso, world.cell_a1, title="Tài liệu mật Hồng Lĩnh", confidentiality="confidential")
    plain = receive(user_coso, world.cell_a1, title="Công văn thường Hồng Lĩnh")
    # the cell's secretary keeps the cell's register but not its confidential documents, and may not record one
    chibo = client_for(user_chibo)
    listed = {int(pk) for pk in doc(chibo.get(reverse("documents:list"))).xpath("//tr/@data-document")}
    assert plain.pk in listed and secret.pk not in listed
    assert chibo.get(reverse("documents:detail", args=[secret.pk])).status_code == 404
    exported = [str(v) for row in xlsx_rows(chibo.get(reverse("documents:list") + "?export=xlsx")) for v in row]
    assert "Công văn thường Hồng Lĩnh" in exported and "Tài liệu mật Hồng Lĩnh" not in exported
    assert chibo.get(reverse("documents:file", args=[secret.pk])).status_code == 404
    assert_refused(lambda: receive(user_chibo, world.cell_a1, confidentiality=Confidentiality.SECRET),
                   snapshot=snapshot, field="confidentiality")
    # the grassroots committee's office reads it; the other side's does not
    assert client_for(user_coso).get(reverse("documents:detail", args=[secret.pk])).status_code == 200
    assert client_for(user_other).get(reverse("documents:detail", args=[secret.pk])).status_code == 404


def test_the_search_ignores_diacritics_and_case(client_for, world, user_coso, actor):
    found = receive(actor, world.gc_a, title="Về việc học tập Nghị quyết Đại hội")
    receive(actor, world.gc_a, title="Về việc khác")
    page = doc(client_for(user_coso).get(reverse("documents:list") + "?q=NGHI+quyet+dai"))
    assert {int(pk) for pk in page.xpath("//tr/@data-document")} == {found.pk}


@pytest.mark.parametrize("query", ["year=abc", "kind=XX", "direction=sideways", "confidentiality=x", "export=pdf"])
def test_a_filter_it_cannot_accept_refuses_the_list(client_for, world, user_coso, query):
    assert client_for(user_coso).get(reverse("documents:list") + "?" + query).status_code == 400


def test_the_issue_page_refuses_bad_input_on_the_field_and_keeps_what_was_typed(client_for, world, user_coso):
    client = client_for(user_coso)
    before = snapshot()
    data = {"organization": world.gc_a.pk, "issuer": "committee", "kind": "NQ",
            "issued_on": TODAY.strftime("%d/%m/%Y"), "title": "", "signer_position": "Bí thư",
            "signer_name": "Nguyễn Văn Ký", "confidentiality": "normal", "body": "Nội dung giữ nguyên"}
    response = client.post(reverse("documents:issue"), data)
    assert response.status_code == 200 and snapshot() == before
    page = doc(response)
    assert page.xpath('//*[@name="title" and contains(@class, "is-invalid")]')
    assert page.xpath('//textarea[@name="body"]/text()')[0].strip() == "Nội dung giữ nguyên"
    response = client.post(reverse("documents:issue"), {**data, "title": "Nghị quyết", "kind": "HD"})
    assert response.status_code == 200 and snapshot() == before  # a grassroots committee issues no guide
    assert doc(response).xpath('//*[@name="kind" and contains(@class, "is-invalid")]')
    html = SimpleUploadedFile("scan.pdf", b"<!doctype html><html></html>")
    response = client.post(reverse("documents:issue"), {**data, "title": "Nghị quyết", "file": html})
    assert response.status_code == 200 and snapshot() == before
    assert doc(response).xpath('//*[@name="file" and contains(@class, "is-invalid")]')


def test_the_docx_has_every_element_of_the_party_format(client_for, world, user_coso, actor):
    from documents.models import Issuer

    issued = services.document_issue(
        actor=actor, organization=world.gc_a, issuer="committee", kind="NQ", issued_on=D(2026, 12, 5),
        title="Về lãnh đạo thực hiện nhiệm vụ năm 2027", place="Hà Nội", body="Đoạn thứ nhất.\nĐoạn thứ hai.",
        recipients="Ban Thường vụ Đảng ủy Khối\nCác chi bộ trực thuộc", sign_as="T/M", signer_position="Bí thư",
        signer_name="Nguyễn Văn Ký", file=SimpleUploadedFile("ban-ky.pdf", PDF))
    issuer = Issuer.objects.get(pk=issued.issuer_id)
    response = client_for(user_coso).get(reverse("documents:docx", args=[issued.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    docx = Docx(io.BytesIO(response.content))
    header, footer = docx.tables[0].rows[0].cells, docx.tables[1].rows[0].cells
    left = [p.text for p in header[0].paragraphs]
    assert issuer.name in left and f"Số {issued.symbol}" in left and "*" in left
    assert issuer.superior in left  # the superior body above it
    right = [p.text for p in header[1].paragraphs]
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM" and "Hà Nội, ngày 05 tháng 12 năm 2026" in right
    body = [p.text for p in docx.paragraphs]
    assert "NGHỊ QUYẾT" in body and "Về lãnh đạo thực hiện nhiệm vụ năm 2027" in body
    assert "Đoạn thứ nhất." in body and "Đoạn thứ hai." in body
    recipients = [p.text for p in footer[0].paragraphs]
    assert recipients[0] == "Nơi nhận:" and "- Ban Thường vụ Đảng ủy Khối," in recipients
    assert [p.text for p in footer[1].paragraphs if p.text] == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Ký"]
    # the signed copy uploaded goes back as it came, under its own name
    file = client_for(user_coso).get(reverse("documents:file", args=[issued.pk]))
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    # an incoming document has no .docx
    incoming = receive(actor, world.gc_a)
    assert client_for(user_coso).get(reverse("documents:docx", args=[incoming.pk])).status_code == 404
