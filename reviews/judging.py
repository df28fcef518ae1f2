"""The review's rules applied: points to a rating, the ceiling of a disciplined member or organisation, the cap on
excellent, which members a campaign lists. Pure functions over a RuleBook (rules.selectors), so that a sheet of a
hundred rows is judged without a query per row."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy

from members.choices import Status
from rules.codes import (
    REVIEW_DISCIPLINED_MEMBER_MAX_RATING,
    REVIEW_DISCIPLINED_SUBORDINATE_MAX_RATING,
    REVIEW_EXCELLENT_CAP_PERCENT,
    REVIEW_MEMBER_GROUPS,
    REVIEW_RATING_THRESHOLDS,
)
from rules.usage import applies

from .models import RATING_ORDER, Rating, Treatment, rank


@applies(REVIEW_RATING_THRESHOLDS, where=gettext_lazy("Quality review: the points of a self-assessment read as a "
                                                      "rating, and the most points each part may have"),
         page="reviews:home")
def thresholds(book, on: datetime.date) -> dict:
    return book.value(REVIEW_RATING_THRESHOLDS, on=on) or {}


def rating_for(points: Decimal | None, limits: dict) -> str:
    """The level the points reach (the rule's lowest points of each level, best first); "" without points."""
    if points is None:
        return ""
    for rating in RATING_ORDER[:-1]:
        if points >= Decimal(str(limits[rating])):
            return rating
    return Rating.NOT_COMPLETE


@applies(REVIEW_DISCIPLINED_MEMBER_MAX_RATING,
         where=gettext_lazy("Quality review: the best rating a member disciplined in the period may be proposed or "
                            "given"), page="reviews:home")
def member_ceiling(book, on: datetime.date) -> str:
    return book.value(REVIEW_DISCIPLINED_MEMBER_MAX_RATING, on=on) or Rating.EXCELLENT


@applies(REVIEW_DISCIPLINED_SUBORDINATE_MAX_RATING,
         where=gettext_lazy("Quality review: the best rating of an organisation one of whose subordinate "
                            "organisations was disciplined in the period"), page="reviews:home")
def organization_ceiling(book, on: datetime.date) -> str:
    return book.value(REVIEW_DISCIPLINED_SUBORDINATE_MAX_RATING, on=on) or Rating.EXCELLENT


def above(rating: str, ceiling: str) -> bool:
    return bool(rating) and rank(rating) < rank(ceiling)


@applies(REVIEW_EXCELLENT_CAP_PERCENT,
         where=gettext_lazy("Quality review: a decision rates excellent at most this share of those it rates good"),
         page="reviews:home")
def excellent_allowed(book, on: datetime.date, good: int) -> tuple[int, int]:
    """(the most excellent ratings `good` good ones allow, the percentage): rounded down, since the rule says
    "not more than" (3 good at 20 % allow none)."""
    percent = book.value(REVIEW_EXCELLENT_CAP_PERCENT, on=on)
    if percent is None:
        return good * 1000, 0  # no cap in force
    return int(Decimal(good) * Decimal(str(percent)) / 100), percent


def member_group(member, on: datetime.date) -> str:
    """The member's group for review_member_groups: exempt from work and meetings, else their status."""
    if member.exempted_since and member.exempted_since <= on:
        return "exempt"
    return member.status


@applies(REVIEW_MEMBER_GROUPS, where=gettext_lazy("Quality review: which members a campaign lists and rates (full, "
                                                  "probationary, exempt from work and meetings)"),
         page="reviews:home")
def treatment_of(member, book, on: datetime.date) -> str:
    if member.status not in (Status.FULL, Status.PROBATIONARY):
        return Treatment.EXCLUDED
    groups = book.value(REVIEW_MEMBER_GROUPS, on=on) or {}
    return groups.get(member_group(member, on), Treatment.RATED)
