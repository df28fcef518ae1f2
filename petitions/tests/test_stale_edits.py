"""No lost updates (core.versions) on the petition pages and services: a petition's steps opened by two people, the
services that read the petition again, and a handler's assignment."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.testing.stale import ACTION_FORM, stale_alert, stale_round

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today().strftime("%d/%m/%Y")


@pytest.fixture
def coso(client_for, user_coso):
    return client_for(user_coso)


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


def test_petition_verification(coso, khoi, handled):
    petition = handled

    def reread():
        petition.refresh_from_db()
        return petition.state, petition.verification, petition.revision

    stale_round(coso, khoi, f"/petitions/{petition.pk}/verify/",
                first_changes={"verification": "Đã xác minh tại cơ sở", "verified_on": TODAY},
                second_changes={"verification": "Xác minh của người thứ hai", "verified_on": TODAY},
                snapshot=reread, form=ACTION_FORM, shows=["Đã xác minh tại cơ sở"])
    petition.refresh_from_db()
    assert (petition.state, petition.verification) == ("verified", "Xác minh của người thứ hai")


def test_petition_conclusion_after_a_verification_meanwhile(coso, khoi, handled):
    from core.testing.pages import form_values

    petition = handled
    conclude = f"/petitions/{petition.pk}/conclude/"
    read = form_values(khoi.get(conclude), ACTION_FORM)
    verify = f"/petitions/{petition.pk}/verify/"
    assert coso.post(verify, {**form_values(coso.get(verify), ACTION_FORM), "verification": "Có cơ sở",
                              "verified_on": TODAY}).status_code == 302
    typed = {"outcome": "founded", "conclusion": "Tố cáo đúng", "concluded_on": TODAY}
    refused = khoi.post(conclude, {**read, **typed})
    assert refused.status_code == 200 and "Có cơ sở" in stale_alert(refused)
    petition.refresh_from_db()
    assert (petition.state, petition.conclusion) == ("verified", "")


def test_open_inspection_reads_the_petition_again_and_refuses_a_stale_one(handled, actor, user_khoi):
    from petitions.models import Petition
    from petitions.services import petition_open_inspection, petition_verify

    stale = Petition.objects.get(pk=handled.pk)
    petition_verify(actor=actor, petition=handled, verification="Đã xác minh", verified_on=handled.classified_on)
    with pytest.raises(ValidationError) as refused:
        petition_open_inspection(actor=user_khoi, petition=stale, authority_kind="inspection_committee",
                                 planned_from=datetime.date.today(),
                                 planned_to=datetime.date.today() + datetime.timedelta(days=30), reason="Có dấu hiệu")
    assert "Đã xác minh" in " ".join(refused.value.messages)
    assert Petition.objects.get(pk=handled.pk).inspection_case_id is None


def test_a_handler_relieved_from_a_stale_read_is_refused(handled, actor):
    from petitions.models import Handler
    from petitions.services import handler_relieve

    handler = handled.handlers.get()
    stale = Handler.objects.get(pk=handler.pk)
    handler_relieve(actor=actor, handler=handler, ended_on=handled.classified_on, reason="Chuyển công tác")
    with pytest.raises(ValidationError):
        handler_relieve(actor=actor, handler=stale, ended_on=handled.classified_on, reason="Khác")
    stale.refresh_from_db()
    assert stale.history.count() == 2  # created, relieved once
