"""The decisions and minutes numbered in the register's series are lines of the register: numbered there (no gap a
reader of the register cannot explain), opening their own record, changed or cancelled only through it; a
discipline decision is confidential there."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.testing.pages import doc
from documents import services as documents
from documents.models import Confidentiality, Document
from meetings.tests.test_minutes import _held

pytestmark = pytest.mark.django_db
D = datetime.date


def register_symbols(client) -> list[str]:
    response = client.get("/documents/", {"direction": "outgoing"})
    assert response.status_code == 200
    return [el.text_content().strip() for el in doc(response).xpath("//table//td[1]//a")]


def test_minutes_are_a_line_of_the_cells_register(client, actor, tree, make_member, user_coso, user_other):
    voter = make_member(tree.cell_a1)
    meeting = _held(actor, tree.cell_a1, D(2024, 3, 5), voter)
    registered = documents.document_issue(actor=actor, organization=tree.cell_a1, issuer="committee", kind="BB",
                                          issued_on=D(2024, 3, 6), title="Biên bản kiểm phiếu",
                                          signer_name="Nguyễn Văn Ký", signer_position="Bí thư")
    line = Document.objects.get(series=registered.series, number=1)
    assert (line.symbol, registered.symbol) == (meeting.minutes_reference, "02-BB/CB") == ("01-BB/CB", "02-BB/CB")
    assert line.source == meeting and line.issued_on == D(2024, 3, 5) and line.signer_name == voter.full_name
    assert line.title == "Biên bản sinh hoạt chi bộ bất thường tháng 03/2024"

    client.force_login(user_coso)
    assert {"01-BB/CB", "02-BB/CB"} <= set(register_symbols(client))
    page = doc(client.get(line.get_absolute_url()))
    assert page.xpath('//a[@id="document-source"]/@href') == [meeting.get_absolute_url()]
    assert not page.xpath('//*[@id="document-correct"] | //*[@id="document-cancel"] | //*[@id="document-docx"]')
    assert client.get(f"/documents/{line.pk}/docx/").status_code == 404
    refused = client.post(f"/documents/{line.pk}/cancel/", {"reason": "Nhầm"})
    assert refused.status_code == 302 and Document.objects.get(pk=line.pk).status == Document.Status.ACTIVE
    with pytest.raises(ValidationError):
        documents.document_correct(actor=actor, document=line, reason="Sửa", title="Khác")
    with pytest.raises(ValidationError):
        documents.document_cancel(actor=actor, document=line, reason="Hủy")
    # the other side's register does not list it
    client.force_login(user_other)
    assert client.get(line.get_absolute_url()).status_code == 404
    assert "01-BB/CB" not in register_symbols(client)


def test_inspection_and_discipline_decisions_are_lines_of_the_bodys_register(client, actor, authority, make_case,
                                                                              advance, make_member, cell_a1, user_khoi):
    from inspections.services import discipline_issue

    case = advance(make_case(), "decision", on=D(2026, 3, 2))
    member = make_member(cell_a1, full_name="Trần Văn Kỷ")
    decision = discipline_issue(actor=actor, authority=authority, form="reprimand", reason="Vi phạm quy chế",
                                decided_on=D(2026, 6, 1), member=member)
    assert (case.decision_number, decision.number) == ("01-QĐ/ĐUK", "02-QĐ/ĐUK")
    opened = Document.objects.get(symbol=case.decision_number, direction="outgoing")
    assert opened.source == case and opened.confidentiality == Confidentiality.NORMAL
    assert opened.title.startswith("Quyết định ") and opened.title.endswith(": Kiểm tra Đảng bộ Sở Tài chính")
    line = Document.objects.get(symbol=decision.number, direction="outgoing")
    assert line.source == decision and line.organization_id == authority.organization_id
    assert line.confidentiality == Confidentiality.CONFIDENTIAL and member.full_name in line.title
    client.force_login(user_khoi)
    assert {case.decision_number, decision.number} <= set(register_symbols(client))
    assert doc(client.get(line.get_absolute_url())).xpath('//a[@id="document-source"]/@href') == [
        decision.get_absolute_url()]
