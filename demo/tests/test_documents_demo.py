"""The demo registers: the Bloc's, the demo grassroots committee's and the demo cell's documents, numbered by the
service; khoi and coso see a register, the cell's secretary the cell's without the confidential letters."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from core.testing import deferred_checks_done
from core.testing.pages import doc
from demo.generator import SCALES, generate
from documents.models import Document


def _rows(name) -> set[int]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=name))
    response = client.get("/documents/")
    assert response.status_code == 200
    return {int(pk) for pk in doc(response).xpath("//tr/@data-document")}


@pytest.mark.django_db
class TestDemoDocuments:
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def small_demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cls.result = generate(**SCALES["small"])
            deferred_checks_done()
            yield cls.result
            transaction.set_rollback(True)

    def test_the_registers(self):
        symbols = set(Document.objects.filter(direction="outgoing").values_list("symbol", flat=True))
        assert {"01-NQ/ĐUK", "01-KH/ĐUK", "01-CV/ĐUK"} <= symbols
        assert Document.objects.filter(direction="incoming").count() >= 5

    def test_khoi_coso_and_chibo_see_their_registers(self):
        khoi, coso, chibo = _rows("khoi"), _rows("coso"), _rows("chibo")
        secret = set(Document.objects.exclude(confidentiality="normal").values_list("pk", flat=True))
        assert secret and secret <= khoi
        assert coso and coso < khoi and chibo and chibo < coso
        assert not chibo & secret
