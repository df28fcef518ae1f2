"""Bounded input on the petition pages: every date typed at and beyond its bounds, every period parameter of the
register, the statistics and the API, every free text — each refused on its field or as a named parameter (400),
never a 500, nothing written."""

import datetime

import pytest

from core.testing.pages import doc
from core.validation import date_bounds

from .conftest import petitions_snapshot

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = TODAY.strftime("%d/%m/%Y")
TOMORROW = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
BEYOND = (date_bounds().latest() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
OUT = ["31/12/9999", BEYOND, TOMORROW, "01/01/0001", "01/01/1900", "02/02/1930", "abc"]  # all record the past
MIB = "x" * (1024 * 1024)


@pytest.fixture
def coso(client_for, user_coso):
    return client_for(user_coso)


def refused_on(client, url, data, field):
    before = petitions_snapshot()
    response = client.post(url, data)
    assert response.status_code == 200, (url, field, str(data.get(field, ""))[:20], response.status_code)
    assert doc(response).xpath(f'//*[@id="id_{field}_error"]'), (url, field, str(data.get(field, ""))[:20])
    assert petitions_snapshot() == before, (url, field)


def test_intake(coso, gc_a, cell_a1):
    base = {"organization": gc_a.pk, "received_on": "03/03/2025", "channel": "post", "sender_name": "Nguyễn Văn Tố",
            "sender_address": "Vĩnh Yên", "signatory_count": 1, "subject_organization": cell_a1.pk,
            "concerns": "member", "summary": "Phản ánh", "content": "Nội dung"}
    for value in OUT:
        refused_on(coso, "/petitions/receive/", {**base, "received_on": value}, "received_on")
    for field in ("content", "signatories"):
        refused_on(coso, "/petitions/receive/", {**base, field: MIB}, field)


def test_classification(coso, gc_a, receive):
    petition = receive(gc_a)
    url = f"/petitions/{petition.pk}/classify/"
    base = {"kind": "complaint_discipline", "subject_organization": gc_a.pk, "concerns": "member",
            "classified_on": "04/03/2025", "decision_number": "5-QĐ/ĐU", "decision_date": "01/02/2025",
            "decision_received_on": "10/02/2025"}
    for field in ("classified_on", "decision_date", "decision_received_on"):
        for value in OUT:
            refused_on(coso, url, {**base, field: value}, field)
    refused_on(coso, url, {**base, "note": MIB}, "note")


def test_handling_steps(coso, handled, settle, user_coso, actor, receive, gc_a):
    pk = handled.pk
    for value in OUT:
        refused_on(coso, f"/petitions/{pk}/assign/", {"users": [user_coso.pk], "assigned_on": value}, "assigned_on")
        refused_on(coso, f"/petitions/{pk}/verify/", {"verification": "Đã xác minh", "verified_on": value},
                   "verified_on")
        refused_on(coso, f"/petitions/{pk}/conclude/", {"verification": "Đã xác minh", "outcome": "founded",
                                                        "conclusion": "Đúng", "concluded_on": value}, "concluded_on")
    refused_on(coso, f"/petitions/{pk}/assign/", {"users": [user_coso.pk], "assigned_on": DAY, "reason": MIB},
               "reason")
    refused_on(coso, f"/petitions/{pk}/verify/", {"verification": MIB, "verified_on": DAY}, "verification")
    refused_on(coso, f"/petitions/{pk}/conclude/", {"verification": "Có", "outcome": "founded", "conclusion": MIB,
                                                    "concluded_on": DAY}, "conclusion")
    from petitions.services import petition_conclude

    petition_conclude(actor=actor, petition=handled, outcome="founded", conclusion="Đúng", concluded_on=TODAY,
                      verification="Đã xác minh")
    for value in OUT:
        refused_on(coso, f"/petitions/{pk}/notify/", {"notification": "Đã báo", "notified_on": value}, "notified_on")
    refused_on(coso, f"/petitions/{pk}/notify/", {"notification": MIB, "notified_on": DAY}, "notification")
    from petitions.services import petition_notify

    petition_notify(actor=actor, petition=handled, notified_on=TODAY, notification="Đã báo")
    for value in OUT:
        refused_on(coso, f"/petitions/{pk}/archive/", {"archived_on": value}, "archived_on")


def test_open_inspection_dates(client_for, user_khoi, handled):
    khoi = client_for(user_khoi)
    url = f"/petitions/{handled.pk}/inspection/"
    base = {"authority_kind": "inspection_committee", "planned_from": DAY,
            "planned_to": (TODAY + datetime.timedelta(days=30)).strftime("%d/%m/%Y"), "reason": "Có dấu hiệu"}
    for field in ("planned_from", "planned_to"):
        for value in ["31/12/9999", BEYOND, "01/01/0001", "02/02/1930", "abc"]:
            refused_on(khoi, url, {**base, field: value}, field)
    refused_on(khoi, url, {**base, "reason": MIB}, "reason")


@pytest.mark.parametrize("url, parameter", [
    ("/petitions/statistics/?start=01/01/0001", "start"),
    ("/petitions/statistics/?end=31/12/9999", "end"),
    ("/petitions/statistics/?start=abc", "start"),
    ("/petitions/statistics/?start=9999-12", "start"),
    ("/petitions/?received_from=31/12/9999", "received_from"),
    ("/petitions/?received_to=01/01/0001", "received_to"),
    ("/petitions/?received_from=2026-99-99", "received_from"),
])
def test_period_parameters_out_of_bounds_answer_400_naming_them(coso, handled, url, parameter):
    response = coso.get(url)
    assert response.status_code == 400
    assert doc(response).xpath(f'//*[@id="filter-errors"]//li[@data-field="{parameter}"]')


def test_the_api_refuses_them_too(coso, handled):
    response = coso.get("/api/v1/petitions?received_from=31/12/9999")
    assert response.status_code == 400 and "received_from" in {e["field"] for e in response.json()["errors"]}
