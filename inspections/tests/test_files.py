"""Uploaded files (core.files) on the inspection pages: a step's document and a remedy's evidence are checked by
content and size, refused on the field with nothing stored, kept under generated names with the name given, and sent
back only as attachments to those who hold the case or see the remedy."""

import datetime
import re
from urllib.parse import unquote

import pytest

from core.testing.pages import doc

from .conftest import state
from .samples import ACCEPTED, REJECTED, stored_files, upload

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today().strftime("%d/%m/%Y")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


def _step(client, case, document, **extra):
    return client.post(f"/inspections/cases/{case.pk}/step/", {
        "target": state("decision").pk, "on": "02/03/2026", "document_title": "Quyết định kiểm tra",
        "document": document, **extra})


def _error(response, field) -> str:
    return " ".join(doc(response).xpath(f'//*[@id="id_{field}_error"]//text()'))


def test_a_step_document_of_a_refused_kind_is_refused_on_the_field_and_nothing_is_stored(khoi, make_case, media):
    case = make_case()
    for label, (name, content) in REJECTED.items():
        response = _step(khoi, case, upload(name, content))
        assert response.status_code == 200, label
        assert name in _error(response, "document"), label
        assert doc(response).xpath('//input[@name="document_title"]/@value') == ["Quyết định kiểm tra"], label
        case.refresh_from_db()
        assert (case.state.code, case.steps.count()) == ("planned", 1), label
        assert stored_files(media) == [], label


def test_a_file_over_the_limit_is_refused(khoi, make_case, media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    case = make_case()
    response = _step(khoi, case, upload("lon.pdf", b"%PDF-1.4\n" + b"0" * 200))
    assert response.status_code == 200
    assert "lon.pdf" in _error(response, "document") and "100" in _error(response, "document")
    assert case.steps.count() == 1 and stored_files(media) == []


def test_a_step_document_is_stored_under_a_generated_name_and_downloaded_as_an_attachment(
        khoi, client_for, user_other, make_case, media):
    case = make_case()
    name, content, ext = ACCEPTED["pdf"]
    assert _step(khoi, case, upload(name, content)).status_code == 302
    step = case.steps.get(state__code="decision")
    assert re.fullmatch(rf"inspections/steps/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\{ext}", step.document.name)
    assert step.file_name == name
    assert stored_files(media) == [step.document.name]
    response = khoi.get(f"/inspections/cases/{case.pk}/documents/{step.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Quyết định số 12.pdf" in unquote(response["Content-Disposition"])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
    # no link to the media root anywhere: the case page links the scoped view
    page = khoi.get(f"/inspections/cases/{case.pk}/").content.decode()
    assert step.document.name not in page and f"/inspections/cases/{case.pk}/documents/{step.pk}/" in page
    assert client_for(user_other).get(f"/inspections/cases/{case.pk}/documents/{step.pk}/").status_code == 404


@pytest.fixture
def remedy(make_case, conclude, user_khoi, cell_a1):
    from inspections.services import remedy_add

    return remedy_add(actor=user_khoi, case=conclude(make_case()), text="Kiện toàn chi ủy", organization=cell_a1,
                      deadline=datetime.date(2026, 6, 30))


def _report(client, remedy, evidence):
    return client.post(f"/inspections/remedies/{remedy.pk}/report/", {
        "reported_on": TODAY, "text": "Đã họp chi ủy", "evidence_title": "Biên bản họp", "evidence": evidence})


def test_remedy_evidence_refused_and_accepted_kinds(client_for, user_chibo, user_other, khoi, remedy, media):
    chibo = client_for(user_chibo)
    for label, (name, content) in REJECTED.items():
        response = _report(chibo, remedy, upload(name, content))
        assert response.status_code == 200, label
        assert name in _error(response, "evidence"), label
        assert remedy.reports.count() == 0 and stored_files(media) == [], label
    for label, (name, content, ext) in ACCEPTED.items():
        assert _report(chibo, remedy, upload(name, content)).status_code == 302, label
        report = remedy.reports.latest("id")
        assert re.fullmatch(rf"inspections/evidence/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\{ext}", report.evidence.name), label
        assert report.file_name == name, label
        response = chibo.get(f"/inspections/remedies/{remedy.pk}/evidence/{report.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment"), label
        assert response["X-Content-Type-Options"] == "nosniff"
        assert name.rsplit(".", 1)[0] in unquote(response["Content-Disposition"]), label
    assert len(stored_files(media)) == len(ACCEPTED)
    assert khoi.get(f"/inspections/remedies/{remedy.pk}/evidence/{report.pk}/").status_code == 200
    assert client_for(user_other).get(f"/inspections/remedies/{remedy.pk}/evidence/{report.pk}/").status_code == 404


def test_a_program_calling_the_service_is_checked_too(make_case, user_khoi, media):
    from django.core.exceptions import ValidationError

    from inspections.services import case_transition

    case = make_case()
    name, content = REJECTED["html_named_pdf"]
    with pytest.raises(ValidationError) as refused:
        case_transition(actor=user_khoi, case=case, target=state("decision"), on=datetime.date(2026, 3, 2),
                        document=upload(name, content))
    assert "document" in refused.value.message_dict
    assert stored_files(media) == []
