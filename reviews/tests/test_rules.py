"""The review's rules as data: points to a rating at each threshold, the cap on excellent, the ceilings, who is
rated."""

import datetime
from decimal import Decimal

import pytest

from members.choices import Status
from reviews import judging
from reviews.models import Rating, Treatment
from rules.models import Rule
from rules.selectors import RuleBook

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("points, rating", [
    ("49.5", Rating.NOT_COMPLETE), ("50", Rating.COMPLETE), ("69.5", Rating.COMPLETE), ("70", Rating.GOOD),
    ("89.5", Rating.GOOD), ("90", Rating.EXCELLENT), ("100", Rating.EXCELLENT), ("0", Rating.NOT_COMPLETE),
])
def test_review_thresholds_at_50_70_90_points(points, rating):
    limits = judging.thresholds(RuleBook(), D(2026, 12, 31))
    assert judging.rating_for(Decimal(points), limits) == rating


def test_no_points_no_rating():
    assert judging.rating_for(None, judging.thresholds(RuleBook(), D(2026, 12, 31))) == ""


def test_the_thresholds_are_read_from_the_rule_in_force_at_the_period_end():
    Rule.objects.create(code="review_rating_thresholds", label="Ngưỡng", regulation="Quy định giả định",
                        effective_from=D(2030, 1, 1),
                        value={"excellent": 95, "good": 75, "complete": 55, "general_max": 30, "tasks_max": 70})
    Rule.objects.filter(code="review_rating_thresholds", effective_to__isnull=True,
                        effective_from__lt=D(2030, 1, 1)).update(effective_to=D(2030, 1, 1))
    book = RuleBook()
    assert judging.rating_for(Decimal(92), judging.thresholds(book, D(2029, 12, 31))) == Rating.EXCELLENT
    assert judging.rating_for(Decimal(92), judging.thresholds(book, D(2030, 12, 31))) == Rating.GOOD


@pytest.mark.parametrize("good, allowed", [(0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (70, 14)])
def test_the_cap_on_excellent_is_a_share_of_those_rated_good_rounded_down(good, allowed):
    assert judging.excellent_allowed(RuleBook(), D(2026, 12, 31), good) == (allowed, 20)


def test_a_disciplined_member_is_held_to_the_rule_and_the_rule_is_flagged_unconfirmed():
    book = RuleBook()
    ceiling = judging.member_ceiling(book, D(2026, 12, 31))
    assert ceiling == Rating.NOT_COMPLETE
    assert judging.above(Rating.COMPLETE, ceiling) and not judging.above(Rating.NOT_COMPLETE, ceiling)
    rule = book.get("review_disciplined_member_max_rating", on=D(2026, 12, 31))
    assert rule.unconfirmed and "kỷ luật" in rule.note


def test_probationary_members_are_rated_and_exempt_members_listed_without_a_rating(world):
    book, on = RuleBook(), D(2026, 12, 31)
    assert judging.treatment_of(world.a.prob, book, on) == Treatment.RATED
    assert judging.treatment_of(world.a.full, book, on) == Treatment.RATED
    assert judging.treatment_of(world.a.exempt, book, on) == Treatment.NOT_RATED
    assert book.get("review_member_groups", on=on).unconfirmed


def test_a_member_who_has_left_is_not_reviewed(world):
    member = world.a.full
    member.status = Status.LEFT
    assert judging.treatment_of(member, RuleBook(), D(2026, 12, 31)) == Treatment.EXCLUDED


def test_the_groups_are_rule_data(world):
    Rule.objects.filter(code="review_member_groups").update(
        value={"full": "rated", "probationary": "not_rated", "exempt": "excluded"})
    book, on = RuleBook(), D(2026, 12, 31)
    assert judging.treatment_of(world.a.prob, book, on) == Treatment.NOT_RATED
    assert judging.treatment_of(world.a.exempt, book, on) == Treatment.EXCLUDED
