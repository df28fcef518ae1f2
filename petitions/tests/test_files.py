"""The scans of a letter (core.files): checked by content and size at intake, refused on the field with nothing stored
(no petition, no file), kept under generated names with the name given, sent back only as attachments to those who
see the sender — each download an identity read in the security log."""

import datetime
import re
from urllib.parse import unquote

import pytest

from audit.models import SecurityEvent
from core import security
from core.testing.pages import doc
from inspections.tests.samples import ACCEPTED, REJECTED, stored_files, upload
from petitions.models import Attachment, Petition

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def coso(client_for, user_coso):
    return client_for(user_coso)


def letter(gc_a, cell_a1, files):
    return {"organization": gc_a.pk, "received_on": "03/03/2025", "channel": "post", "sender_name": "Nguyễn Văn Tố",
            "sender_address": "Số 5 phố Mê Linh", "signatory_count": 1, "signed_original": "on",
            "subject_organization": cell_a1.pk, "concerns": "member", "summary": "Phản ánh", "content": "Nội dung",
            "attachments": files}


def test_every_refused_kind_refuses_the_letter_and_stores_nothing(coso, gc_a, cell_a1, media):
    good_name, good_content, _ext = ACCEPTED["pdf"]
    for label, (name, content) in REJECTED.items():
        # one bad file among good ones refuses the whole intake
        response = coso.post("/petitions/receive/", letter(gc_a, cell_a1, [upload(good_name, good_content),
                                                                          upload(name, content)]))
        assert response.status_code == 200, label
        assert name in " ".join(doc(response).xpath('//*[@id="id_attachments_error"]//text()')), label
        assert doc(response).xpath('//input[@name="summary"]/@value') == ["Phản ánh"], label
        assert (Petition.objects.count(), Attachment.objects.count(), stored_files(media)) == (0, 0, []), label


def test_a_scan_over_the_limit_is_refused(coso, gc_a, cell_a1, media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = coso.post("/petitions/receive/", letter(gc_a, cell_a1, [upload("scan.pdf", b"%PDF-1.4\n" + b"0" * 200)]))
    assert response.status_code == 200
    assert "scan.pdf" in " ".join(doc(response).xpath('//*[@id="id_attachments_error"]//text()'))
    assert (Petition.objects.count(), stored_files(media)) == (0, [])


def test_accepted_scans_are_stored_under_generated_names_and_downloaded_as_attachments(
        coso, client_for, user_other, user_coso, gc_a, cell_a1, media, actor):
    from petitions.services import petition_assign, petition_classify

    files = [upload(name, content) for name, content, _ext in ACCEPTED.values()]
    response = coso.post("/petitions/receive/", letter(gc_a, cell_a1, files))
    assert response.status_code == 302
    petition = Petition.objects.get()
    attachments = list(petition.attachments.order_by("id"))
    assert [a.title for a in attachments] == [name for name, _c, _e in ACCEPTED.values()]
    for attachment, (name, _content, ext) in zip(attachments, ACCEPTED.values(), strict=True):
        assert re.fullmatch(rf"petitions/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\{ext}", attachment.file.name), name
    assert stored_files(media) == sorted(a.file.name for a in attachments)
    # the clerk who entered it is not a handler: the scans show the sender, so they are not opened
    first = attachments[0]
    url = f"/petitions/{petition.pk}/attachments/{first.pk}/"
    assert coso.get(url).status_code == 403
    petition = petition_classify(actor=actor, petition=petition, kind="denunciation", classified_on=petition.received_on,
                                 subject_organization=cell_a1, concerns="member")
    petition_assign(actor=actor, petition=petition, users=[user_coso],
                    assigned_on=petition.classified_on)
    before = SecurityEvent.objects.filter(kind=security.IDENTITY_READ).count()
    response = coso.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "Quyết định số 12.pdf" in unquote(response["Content-Disposition"])
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == ACCEPTED["pdf"][1]
    events = SecurityEvent.objects.filter(kind=security.IDENTITY_READ).order_by("id")
    assert events.count() == before + 1
    assert events.last().target_id == str(petition.pk) and events.last().organization_id == gc_a.pk
    # another subtree's staff: not even the petition exists for them
    assert client_for(user_other).get(url).status_code == 404


def test_a_program_calling_the_intake_service_is_checked_too(actor, gc_a, media):
    from django.core.exceptions import ValidationError

    from petitions.services import petition_receive

    name, content = REJECTED["svg_named_png"]
    with pytest.raises(ValidationError) as refused:
        petition_receive(actor=actor, organization=gc_a, received_on=datetime.date(2025, 3, 3),
                         channel="post", summary="Phản ánh", content="Nội dung", sender_name="Nguyễn Văn Tố",
                         sender_address="Vĩnh Yên", attachments=[upload(name, content)])
    assert "attachments" in refused.value.message_dict
    assert (Petition.objects.count(), stored_files(media)) == (0, [])
