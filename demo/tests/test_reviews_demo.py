"""The demo reviews: the Bloc's yearly review decided every year since 2017 with a realistic spread, each year's
decisions within the rules (the cap on excellent per grassroots organisation, the disciplined members' ceiling), and
this year's open with the demo member's and the demo secretary's next step on their home pages."""

import datetime
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from core.testing import deferred_checks_done
from core.testing.pages import doc
from demo.generator import SCALES, generate
from inspections.models import DisciplineDecision
from reviews.models import MemberReview, ReviewCampaign

TODAY = datetime.date.today()


def _client(name):
    client = Client()
    client.force_login(get_user_model().objects.get(username=name))
    return client


@pytest.mark.django_db
class TestDemoReviews:
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def small_demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cls.result = generate(**SCALES["small"])
            deferred_checks_done()
            yield cls.result
            transaction.set_rollback(True)

    def test_every_year_since_2017_and_this_year_open(self):
        years = sorted(ReviewCampaign.objects.values_list("period_start__year", flat=True))
        assert years == list(range(2017, TODAY.year + 1))
        assert list(ReviewCampaign.objects.filter(closed_on__isnull=True).values_list("period_start__year",
                                                                                     flat=True)) == [TODAY.year]

    def test_the_decided_years_have_a_realistic_spread(self):
        decided = Counter(MemberReview.objects.filter(campaign__closed_on__isnull=False).exclude(rating="")
                          .values_list("rating", flat=True))
        total = sum(decided.values())
        assert total > 1000
        assert 0.07 < decided["excellent"] / total < 0.16
        assert 0.62 < decided["good"] / total < 0.82
        assert 0.08 < decided["complete"] / total < 0.20
        assert 0.005 < decided["not_complete"] / total < 0.05

    def test_no_disciplined_member_is_rated_above_the_ceiling(self):
        for decision in DisciplineDecision.objects.filter(member__isnull=False):
            rated = MemberReview.objects.filter(member=decision.member, campaign__period_start__year=decision.decided_on.year
                                                ).exclude(rating="").values_list("rating", flat=True)
            assert set(rated) <= {"not_complete"}

    def test_the_member_and_the_secretary_see_this_years_step(self):
        assert doc(_client("dangvien").get("/")).xpath('//*[@id="home-review-mine"]')
        assert doc(_client("chibo").get("/")).xpath('//*[@data-review-cell]')
        results = doc(_client("khoi").get(
            f"/reviews/campaigns/{ReviewCampaign.objects.get(period_start__year=TODAY.year - 1).pk}/results/"))
        assert results.xpath('//table[@id="review-distribution"]//tr[@data-rating="good"]')
        assert results.xpath('//table[@id="review-results-rows"]/tbody/tr')
