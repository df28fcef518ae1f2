"""The petition pages through the real views: forms keep what was typed and put refusals on the field, the
register filters and flags deadlines, statistics add up, the home page's to-do lists pressing cases, and the
petition page runs a fixed number of queries for the inspection chair whatever the size of its access log."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.testing.pages import doc, text
from petitions import services
from petitions.models import Petition

from .conftest import TODAY, D, petitions_snapshot

pytestmark = pytest.mark.django_db


def register_numbers(response) -> list[str]:
    return [tr.get("data-number") for tr in doc(response).xpath('//table[@id="petition-table"]/tbody/tr')
            if tr.get("data-number")]


class TestReceive:
    def test_a_letter_is_entered(self, client_for, user_coso, gc_a, cell_a1):
        response = client_for(user_coso).post(reverse("petitions:receive"), {
            "organization": gc_a.pk, "received_on": "03/03/2025", "channel": "post", "sender_name": "Lê Văn Gửi",
            "sender_address": "Vĩnh Yên", "signatory_count": "1", "signed_original": "on", "concerns": "member",
            "subject_organization": cell_a1.pk, "summary": "Tố cáo đảng viên", "content": "Nội dung.",
        })
        petition = Petition.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/petitions/{petition.pk}/"
        assert petition.register_number == "1/2025" and petition.sender_name == "Lê Văn Gửi"

    def test_bad_input_keeps_what_was_typed(self, client_for, user_coso, gc_a):
        before = petitions_snapshot()
        response = client_for(user_coso).post(reverse("petitions:receive"), {
            "organization": gc_a.pk, "received_on": "03/03/2025", "channel": "forwarded", "sender_name": "Lê Văn Gửi",
            "signatory_count": "1", "concerns": "member", "summary": "Tố cáo đảng viên", "content": "Nội dung dài.",
        }, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200 and petitions_snapshot() == before
        tree = doc(response)
        assert tree.xpath('//*[@id="id_forwarded_by_error"]')
        assert tree.xpath('//input[@id="id_sender_name"]/@value') == ["Lê Văn Gửi"]
        assert "Nội dung dài." in text(response)

    def test_a_cell_secretary_cannot_receive(self, client_for, user_chibo):
        assert client_for(user_chibo).get(reverse("petitions:receive")).status_code == 403


class TestClassifyPage:
    def test_classify_and_the_rule_is_shown(self, client_for, receive, user_coso, gc_a, cell_a1):
        petition = receive(gc_a, anonymous=True)
        c = client_for(user_coso)
        response = c.post(reverse("petitions:classify", args=[petition.pk]), {
            "kind": "denunciation", "subject_organization": cell_a1.pk, "concerns": "member",
            "classified_on": petition.received_on.strftime("%d/%m/%Y"),
        })
        assert response.status_code == 302
        page = text(c.get(reverse("petitions:detail", args=[petition.pk]), HTTP_ACCEPT_LANGUAGE="vi"))
        tree = doc(c.get(reverse("petitions:detail", args=[petition.pk])))
        assert tree.xpath('//*[@id="state"]/@data-state') == ["not_handled"]
        assert "QĐ 22-QĐ/TW" in page and 'id="rules-used"' in page

    def test_refusal_lands_on_the_field(self, client_for, receive, user_coso, gc_a, cell_a1):
        petition = receive(gc_a)
        before = petitions_snapshot()
        response = client_for(user_coso).post(reverse("petitions:classify", args=[petition.pk]), {
            "kind": "complaint_discipline", "subject_organization": cell_a1.pk, "concerns": "member",
            "classified_on": petition.received_on.strftime("%d/%m/%Y"), "decision_number": "5-QĐ/ĐU",
        })
        assert response.status_code == 200 and petitions_snapshot() == before
        assert doc(response).xpath('//*[@id="id_decision_received_on_error"]')
        assert doc(response).xpath('//input[@id="id_decision_number"]/@value') == ["5-QĐ/ĐU"]


@pytest.fixture
def register_data(receive, classify, settle, actor, gc_a, user_coso):
    """Four letters in gc_a's register: settled on time, overdue, due soon, not handled (anonymous)."""
    on_time = classify(receive(gc_a, received_on=D(2024, 3, 1), summary="Đúng hạn"))
    settle(on_time, user_coso)
    overdue = classify(receive(gc_a, received_on=TODAY - datetime.timedelta(days=120), summary="Quá hạn"))
    services.petition_assign(actor=actor, petition=overdue, users=[user_coso], assigned_on=overdue.classified_on)
    soon = classify(receive(gc_a, received_on=TODAY - datetime.timedelta(days=85), summary="Sắp đến hạn"))
    services.petition_assign(actor=actor, petition=soon, users=[user_coso], assigned_on=soon.classified_on)
    anonymous = classify(receive(gc_a, received_on=D(2025, 6, 2), anonymous=True, summary="Nặc danh"))
    return {"on_time": on_time, "overdue": overdue, "soon": soon, "anonymous": anonymous}


class TestRegister:
    def test_every_letter_with_its_deadline(self, client_for, user_khoi, register_data):
        response = client_for(user_khoi).get(reverse("petitions:register"))
        tree = doc(response)
        badges = {tr.get("data-number"): tr.xpath('.//*[@data-deadline]/@data-deadline')
                  for tr in tree.xpath('//table[@id="petition-table"]/tbody/tr')}
        d = register_data
        assert badges[d["on_time"].register_number] == ["on_time"]
        assert badges[d["overdue"].register_number] == ["overdue"]
        assert badges[d["soon"].register_number] == ["due_soon"]
        assert badges[d["anonymous"].register_number] == []

    @pytest.mark.parametrize("query, expected", [
        ("eligibility=not_handled", {"anonymous"}),
        ("eligibility=handled", {"on_time", "overdue", "soon"}),
        ("deadline=overdue", {"overdue"}),
        ("deadline=due_soon", {"soon"}),
        ("state=concluded", {"on_time"}),
        ("kind=denunciation&received_from=01/01/2024&received_to=31/12/2024", {"on_time"}),
        ("reason=anonymous", {"anonymous"}),
    ])
    def test_filters(self, client_for, user_khoi, register_data, query, expected):
        response = client_for(user_khoi).get(reverse("petitions:register") + "?" + query)
        assert set(register_numbers(response)) == {register_data[k].register_number for k in expected}

    def test_statistics(self, client_for, user_khoi, register_data):
        c = client_for(user_khoi)
        response = c.get(reverse("petitions:statistics") + "?start=01/01/2024&end=" + TODAY.strftime("%d/%m/%Y"))
        figures = {e.get("data-figure"): int(e.text_content()) for e in doc(response).xpath("//*[@data-figure]")}
        assert figures["received"] == 4 and figures["handled"] == 3 and figures["not_handled"] == 1
        assert figures["reason-anonymous"] == 1 and figures["settled"] == 1 and figures["on_time"] == 1
        assert figures["late"] == 0 and figures["overdue"] == 1 and figures["outcome-founded"] == 1
        assert figures["kind-denunciation"] == 4

    def test_statistics_bad_period_is_explained(self, client_for, user_khoi):
        response = client_for(user_khoi).get(reverse("petitions:statistics") + "?start=01/06/2025&end=01/01/2025")
        assert response.status_code == 400 and doc(response).xpath('//*[contains(@class, "invalid-feedback")]')
        assert doc(response).xpath('//*[@id="filter-errors"]//li/@data-field') == ["end"]

    def test_todo_lists_the_handlers_pressing_cases(self, client_for, user_coso, register_data):
        response = client_for(user_coso).get(reverse("petitions:todo"))
        tree = doc(response)
        assert tree.xpath('//li/@data-number') == [register_data["overdue"].register_number,
                                                   register_data["soon"].register_number]
        assert tree.xpath('//*[@data-figure="petitions-overdue"]') and tree.xpath(
            '//*[@data-figure="petitions-due-soon"]')

    def test_home_page_loads_the_todo(self, client_for, user_coso, register_data):
        assert reverse("petitions:todo") in text(client_for(user_coso).get("/"))


# ---- fixed query counts (the register, its export, the statistics, the to-do and the API: cases.QUERY_CASES) ---

def test_detail_query_count_does_not_grow(client_for, receive, classify, settle, actor, user_khoi, gc_a, cell_a1,
                                          chair_a):
    petition = classify(receive(gc_a))
    settle(petition, user_khoi)
    c = client_for(chair_a)
    url = reverse("petitions:detail", args=[petition.pk])
    c.get(url)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            c.get(url)
        counts.append(len(ctx.captured_queries))
        for _ in range(10):
            c.get(url)  # ten more openings in the access log the chair reads
    assert counts[0] == counts[1] <= 22, counts


def test_statistics_offer_the_reporting_periods(client_for, user_khoi):
    response = client_for(user_khoi).get(reverse("petitions:statistics"))
    links = doc(response).xpath('//*[@id="periods"]/a/@href')
    year = TODAY.year
    assert f"?start=01/01/{year}&end=30/06/{year}" in links and f"?start=01/01/{year}&end=31/12/{year}" in links
    assert f"?start=01/01/{year - 1}&end=31/12/{year - 1}" in links
