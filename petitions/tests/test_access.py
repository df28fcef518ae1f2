"""Protecting people: the sender is seen only by the assigned handlers and the inspection committee chair, on the
page, in the API and in attachments; exports and statistics never carry it; every opening is logged, and the log
is shown to the inspection committee chair only. Through the real views."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from core.testing.pages import content, text
from petitions import services
from petitions.models import Access

from .conftest import SENDER

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(make_user, gc_a):
    """Staff of the same committee as the handler, not assigned to the case."""
    return make_user("can_bo_co_so_2", Role.COMMITTEE_STAFF, gc_a)


def shows_sender(body: str) -> bool:
    found = [value in body for value in SENDER]
    assert all(found) or not any(found), f"partly masked: {found}"
    return all(found)


def page(client, petition):
    response = client.get(reverse("petitions:detail", args=[petition.pk]))
    assert response.status_code == 200
    return text(response)


def api(client, petition):
    response = client.get(f"/api/v1/petitions/{petition.pk}")
    assert response.status_code == 200
    return response.content.decode()


def api_list(client):
    response = client.get("/api/v1/petitions?page_size=100")
    assert response.status_code == 200
    return response.content.decode()


def export(client, fmt):
    response = client.get(reverse("petitions:register") + f"?export={fmt}")
    assert response.status_code == 200
    return response


class TestIdentity:
    def test_the_handler_sees_the_sender(self, client_for, handled, user_coso):
        c = client_for(user_coso)
        assert shows_sender(page(c, handled))
        assert shows_sender(api(c, handled))
        assert json.loads(api(c, handled))["identity_shown"] is True
        assert SENDER[0] in api_list(c)
        register = text(c.get(reverse("petitions:register")))
        assert SENDER[0] in register

    def test_the_inspection_chair_sees_the_sender(self, client_for, handled, chair_a):
        c = client_for(chair_a)
        assert shows_sender(page(c, handled))
        assert shows_sender(api(c, handled))

    @pytest.mark.parametrize("who", ["colleague", "user_khoi", "user_admin"])
    def test_everyone_else_sees_it_masked(self, request, client_for, handled, who):
        c = client_for(request.getfixturevalue(who))
        body = page(c, handled)
        assert not shows_sender(body)
        assert "•••" in body
        assert not shows_sender(api(c, handled))
        assert json.loads(api(c, handled))["sender_name"] == "•••"
        assert not shows_sender(api_list(c))
        assert not shows_sender(text(c.get(reverse("petitions:register"))))

    def test_a_relieved_handler_no_longer_sees_it(self, client_for, handled, user_coso, actor):
        services.handler_relieve(actor=actor, handler=handled.handlers.get(), ended_on=handled.classified_on,
                                 reason="Chuyển công tác")
        c = client_for(user_coso)  # still staff of gc_a: sees the case, not the sender
        assert not shows_sender(page(c, handled))

    @pytest.mark.parametrize("who", ["user_coso", "colleague", "user_khoi"])
    def test_exports_never_carry_it(self, request, client_for, handled, who):
        c = client_for(request.getfixturevalue(who))
        csv_body = content(export(c, "csv")).decode("utf-8-sig")
        assert handled.register_number in csv_body and not shows_sender(csv_body)
        sheet = load_workbook(io.BytesIO(content(export(c, "xlsx")))).active
        cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
        assert handled.summary in cells and not shows_sender(cells)

    def test_statistics_never_carry_it(self, client_for, handled, user_coso):
        c = client_for(user_coso)
        start, end = handled.received_on.strftime("%d/%m/%Y"), handled.received_on.strftime("%d/%m/%Y")
        body = text(c.get(reverse("petitions:statistics") + f"?start={start}&end={end}"))
        assert 'data-figure="received">1<' in body and not shows_sender(body)
        xlsx = c.get(reverse("petitions:statistics") + f"?start={start}&end={end}&export=xlsx")
        sheet = load_workbook(io.BytesIO(content(xlsx))).active
        cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
        assert not shows_sender(cells)

    def test_history_masks_it_too(self, client_for, handled, colleague):
        body = page(client_for(colleague), handled)
        assert 'id="history"' in body and SENDER[0] not in body

    def test_attachment_opened_by_the_handler_only(self, client_for, handled, user_coso, colleague):
        item = handled.attachments.get()
        url = reverse("petitions:attachment", args=[handled.pk, item.pk])
        response = client_for(user_coso).get(url)
        assert response.status_code == 200 and content(response) == b"%PDF-1.4 scan"
        assert client_for(colleague).get(url).status_code == 403
        assert "don-to-cao.pdf" not in page(client_for(colleague), handled)


class TestAccessLog:
    def test_every_opening_is_logged(self, client_for, handled, user_coso, colleague):
        page(client_for(user_coso), handled)
        page(client_for(colleague), handled)
        api(client_for(colleague), handled)
        export(client_for(colleague), "xlsx")
        api_list(client_for(colleague))
        rows = list(Access.objects.filter(petition=handled).order_by("id").values_list("user__username", "via",
                                                                                        "identity_shown"))
        assert rows == [("can_bo_co_so", "page", True), ("can_bo_co_so_2", "page", False),
                        ("can_bo_co_so_2", "api", False), ("can_bo_co_so_2", "export", False),
                        ("can_bo_co_so_2", "api", False)]

    def test_the_chair_sees_the_log(self, client_for, handled, user_coso, chair_a):
        page(client_for(user_coso), handled)
        body = page(client_for(chair_a), handled)
        assert 'id="access-log"' in body and "can_bo_co_so" in body

    @pytest.mark.parametrize("who", ["user_coso", "colleague", "user_khoi", "user_admin"])
    def test_nobody_else_sees_the_log(self, request, client_for, handled, who):
        assert 'id="access-log"' not in page(client_for(request.getfixturevalue(who)), handled)

    def test_the_chair_of_another_committee_does_not_see_the_case(self, client_for, receive, classify, gc_b, cell_b1,
                                                                  chair_a):
        other = classify(receive(gc_b), subject_organization=cell_b1)
        assert client_for(chair_a).get(reverse("petitions:detail", args=[other.pk])).status_code == 404
        assert Access.objects.filter(petition=other).count() == 0
