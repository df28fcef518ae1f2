"""The demo inspections: the Bloc's programme every year since 2017 with 3–5 items that `khoi` sees, remedies
(some overdue, one on the demo secretary's home page), and an inspection on signs of violation ending with
a reprimand."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from core.testing import deferred_checks_done
from core.testing.pages import doc
from demo.generator import SCALES, generate
from inspections.models import Case, DisciplineDecision, Programme, Remedy

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
            deferred_checks_done()
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

    def test_committee_staff_see_their_remedies_not_the_case_files(self):
        """`coso` (committee staff) holds no case file by role: 404 on every case, but the remedies of its
        organisations (the demo secretary's overdue one among them) are listed and open for a report."""
        coso = _client("coso")
        for case in Case.objects.order_by("pk")[:5]:
            assert coso.get(f"/inspections/cases/{case.pk}/").status_code == 404
        assert coso.get("/inspections/statistics/").status_code == 404
        index = doc(coso.get("/inspections/"))
        remedies = index.xpath('//*[@id="overdue-remedies"]//tr/@data-remedy')
        assert remedies
        remedy = Remedy.objects.get(pk=remedies[0])
        assert remedy.case.concluded_on and coso.get(f"/inspections/remedies/{remedy.pk}/").status_code == 200
        assert coso.get(f"/inspections/remedies/{remedy.pk}/report/").status_code == 200
        assert remedy.case.title not in coso.get(f"/inspections/remedies/{remedy.pk}/").content.decode()

    def test_every_remedy_belongs_to_a_concluded_case(self):
        assert not Remedy.objects.filter(case__concluded_on__isnull=True).exists()

    def test_the_item_form_stays_small(self):
        khoi = _client("khoi")
        programme = Programme.objects.order_by("-year").first()
        response = khoi.get(f"/inspections/programmes/{programme.pk}/items/new/")
        assert response.status_code == 200 and len(response.content) < 150_000, len(response.content)
        assert doc(response).xpath('//select[@name="team_head"]/option[@value!=""]')
        case = Case.objects.filter(closed_on__isnull=True, concluded_on__isnull=True).order_by("-pk").first()
        if case is not None:
            response = khoi.get(f"/inspections/cases/{case.pk}/edit/")
            assert response.status_code == 200 and len(response.content) < 150_000, len(response.content)
