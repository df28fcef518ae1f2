"""The home page's count of proposals waiting for the user's committee (reviews.selectors.to_decide), read on an index
and a set of organisations: the same number as joining every waiting review to its cell and the cell's parent."""

import pytest
from django.db.models import Q

from core.scope import REVIEWS, scope_for
from organizations.models import Organization, OrganizationKind
from reviews.models import MemberReview
from reviews.selectors import to_decide

pytestmark = pytest.mark.django_db


def joined_count(user, campaign) -> int:
    """The definition, as the panel counted before: a review proposed and not rated, of a cell whose parent or
    grandparent is a grassroots committee the user's reviews cover, or itself a grassroots organisation they cover."""
    scope = scope_for(user)
    grassroots = Organization.objects.filter(scope.org_q("id", REVIEWS), kind__holds_members=False,
                                             kind__tier=OrganizationKind.Tier.GRASSROOTS).values("id")
    return (MemberReview.objects.filter(campaign=campaign, rating="").exclude(proposed_rating="")
            .filter(Q(organization__parent_id__in=grassroots) | Q(organization__parent__parent_id__in=grassroots)
                    | Q(organization__in=Organization.objects.filter(scope.org_q("id", REVIEWS),
                                                                     kind__tier=OrganizationKind.Tier.GRASSROOTS)))
            .count())


def test_the_decisions_waiting_are_the_joins_count(campaign_2026, user_coso, user_khoi, user_chibo):
    reviews = list(campaign_2026.member_reviews.order_by("pk"))
    assert len(reviews) >= 7
    MemberReview.objects.filter(pk__in=[r.pk for r in reviews[1::2]]).update(proposed_rating="good")
    MemberReview.objects.filter(pk=reviews[1].pk).update(rating="good")  # decided: no longer waiting
    waiting = len(reviews[1::2]) - 1
    found = to_decide(user_coso)
    assert found["n"] == joined_count(user_coso, campaign_2026) == waiting  # the committee decides its cells'
    assert found["campaign"]["pk"] == campaign_2026.pk
    assert to_decide(user_chibo) is None and joined_count(user_chibo, campaign_2026) == 0  # a cell decides nothing
    assert (to_decide(user_khoi) or {"n": 0})["n"] == joined_count(user_khoi, campaign_2026)
    MemberReview.objects.filter(campaign=campaign_2026).update(proposed_rating="")
    assert to_decide(user_coso) is None  # nothing proposed: no panel
