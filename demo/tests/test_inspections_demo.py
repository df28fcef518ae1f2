"""The demo inspections: the Bloc's programme every year since 2017 with 3–5 items that `khoi` sees, remedies
(some overdue, one on the demo secretary's home page), and an inspection on signs of violation ending with
a reprimand."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from demo.generator import SCALES, generate
from inspections.models import Case, DisciplineDecision, Programme, Remedy
from tests.helpers import doc

TODAY = datetime.date.today()


def _client(name):
    client = Client()
    client.force_login(get_user_model().objects.get(username=name))
    return client


@pytest.mark.django_db
class TestBlocInspections:
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def small_demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cls.result = generate(**SCALES["small"])
            yield cls.result
            transaction.set_rollback(True)

    def test_khoi_sees_each_years_3_to_5_items(self):
        khoi = _client("khoi")
        index = doc(khoi.get("/inspections/"))
        years = sorted(int(y) for y in index.xpath('//ul[@id="programmes"]//a/@data-year'))
        assert years == list(range(2017, TODAY.year + 1))
        for programme in Programme.objects.all():
            page = doc(khoi.get(f"/inspections/programmes/{programme.pk}/"))
            rows = page.xpath('//table[@id="programme-items"]/tbody/tr[@data-case]')
            assert 3 <= len(rows) <= 5, programme.year

    def test_decisions_are_numbered_per_year(self):
        for year in range(2017, TODAY.year):
            numbers = list(Case.objects.filter(decided_on__year=year).order_by("decided_on", "pk")
                           .values_list("decision_number", flat=True))
            assert numbers[0] == "1-QĐ/ĐUK" and len(set(numbers)) == len(numbers)

    def test_some_remedies_are_overdue_and_the_secretary_sees_theirs(self):
        overdue = Remedy.objects.filter(status="open", deadline__lt=TODAY)
        assert overdue.count() >= 1
        assert Remedy.objects.filter(status="done").exists()
        home = doc(_client("chibo").get("/"))
        assert home.xpath('//*[@id="remedy-todo"]//li[@data-remedy]')
        khoi_page = doc(_client("khoi").get("/inspections/"))
        assert len(khoi_page.xpath('//*[@id="overdue-remedies"]//tr[@data-remedy]')) == overdue.count()

    def test_signs_of_violation_ends_with_a_reprimand(self):
        case = Case.objects.get(type="signs_of_violation")
        assert case.programme.year == 2023 and case.findings.filter(kind="violation").exists()
        decision = DisciplineDecision.objects.get(case=case)
        assert decision.form == "reprimand" and decision.member.status == "full"
        page = _client("khoi").get(f"/inspections/decisions/{decision.pk}/")
        assert "Khiển trách" in page.content.decode()

    def test_closed_cases_have_every_remedy_done(self):
        for case in Case.objects.filter(closed_on__isnull=False):
            assert not case.remedies.exclude(status="done").exists()
