"""The review pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

The Bloc's review of this year is open over the whole test world. In each cell with members every member rated has a
proposal (good) but one, kept for the self-assessment pages; nothing is decided yet. Reviews are run by whoever holds
the reviews action over the cell (staff of its committees, its secretary); the members' ratings are decided by the
grassroots committee above the cell (its staff, the Bloc), never by the cell's secretary; a plain member opens their
own self-assessment and the campaign's pages about their own cell.
"""

import datetime

from django.utils import timezone

from core.testing import EVERYONE, STAFF, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import doc

D = datetime.date
CELLS = ("cell_a1", "cell_b1", "gcell")
RUNNERS = STAFF | {"chibo"}


def year() -> int:
    return timezone.localdate().year


def snapshot() -> dict:
    from reviews.models import MemberReview, OrganizationReview, ReviewCampaign

    return {
        "campaigns": list(ReviewCampaign.objects.order_by("pk").values_list("pk", "organization_id", "period_kind",
                                                                           "period_start", "closed_on")),
        "members": list(MemberReview.objects.order_by("pk").values_list(
            "pk", "member_id", "general_points", "task_points", "proposed_rating", "rating", "decision_number")),
        "organizations": list(OrganizationReview.objects.order_by("pk").values_list(
            "pk", "organization_id", "general_points", "task_points", "rating")),
        "history": (ReviewCampaign.history.count(), MemberReview.history.count(), OrganizationReview.history.count()),
    }


def _rated(campaign, cell):
    from reviews.models import MemberReview, Treatment

    return list(MemberReview.objects.filter(campaign=campaign, organization=cell, treatment=Treatment.RATED)
                .select_related("member").order_by("member__name_sort", "member_id"))


def _ratings(w, reviews) -> dict[int, str]:
    """{review id: a rating the rules allow}: good, and not complete for a member disciplined this year (the
    inspections' test world disciplines one)."""
    from reviews.selectors import disciplined_members

    c = w.review_campaign
    disciplined = disciplined_members([r.member_id for r in reviews], c.period_start, c.period_end)
    return {r.pk: "not_complete" if r.member_id in disciplined else "good" for r in reviews}


def build(w) -> None:
    from reviews import services

    y = year()
    w.review_campaign = services.campaign_open(
        actor=w.actor, organization=w.bloc, title=f"Kiểm điểm năm {y}", period_kind="year",
        period_start=D(y, 1, 1), period_end=D(y, 12, 31), self_assessment_due=D(y, 12, 10),
        cell_meetings_due=D(y, 12, 20), decisions_due=D(y + 1, 1, 15), opened_on=D(y, 1, 2))
    w.review_member = {}
    for key in CELLS:
        rated = _rated(w.review_campaign, w.orgs[key])
        own = next((r for r in rated if r.member_id == w.members["dangvien"].pk), None)
        kept = own or rated[-1]
        w.review_member[key] = kept
        if own is not None:
            w.review_member["own"] = own
            kept = rated[0]
            w.review_member[key] = kept
        proposed = [r for r in rated if r not in (kept, own)]
        services.review_propose(actor=w.actor, campaign=w.review_campaign, organization=w.orgs[key],
                                meeting_on=D(y, 1, 3), meeting_reference="Biên bản họp chi bộ",
                                rows=[{"review": pk, "rating": rating} for pk, rating in _ratings(w, proposed).items()])
    # a member admitted after the review opened: the committee's refresh lists them
    from members import services as ms

    ms.member_register(
        actor=w.actor, organization=w.cell_b1, full_name="Lê Thị Mới", gender="female", date_of_birth=D(1995, 3, 8),
        citizen_id="004095000777", card_number="M0000777", hometown="Phú Thọ", position="Chuyên viên",
        agency="Văn phòng", status="probationary", admitted_on=D(y, 1, 5))


def grow(w, factor: int) -> None:
    """`factor` slices of three members in cell_a1 and one in cell_b1, listed in the review, self-assessed and
    proposed."""
    from decimal import Decimal

    from members import services as ms
    from reviews import services
    from reviews.models import MemberReview

    if not hasattr(w, "review_campaign"):
        build(w)  # the query cases grow a world no builder ran on
    state = w.__dict__.setdefault("reviews_grown", {"n": 0})
    for _ in range(factor):
        state["n"] += 1
        n = state["n"]
        for i, cell in enumerate((w.cell_a1, w.cell_a1, w.cell_a1, w.cell_b1)):
            ms.member_register(
                actor=w.actor, organization=cell, full_name=f"Nguyễn Văn Kiểm {n}-{i}", gender="male",
                date_of_birth=D(1980, 1 + i, 1 + n % 27), citizen_id=f"0039{n:03d}{i:05d}",
                card_number=f"K{n:03d}{i:05d}", hometown="Phú Thọ", position="Chuyên viên", agency="Văn phòng",
                status="full", admitted_on=D(2012, 5, 1), full_on=D(2013, 5, 1))
        for review in services.campaign_refresh(actor=w.actor, campaign=w.review_campaign):
            review = MemberReview.objects.select_related("campaign").get(pk=review.pk)
            services.review_self_assess(actor=w.actor, review=review, general_points=Decimal(26),
                                        task_points=Decimal(60))
            services.review_propose(actor=w.actor, campaign=w.review_campaign, organization=review.organization,
                                    meeting_on=D(year(), 1, 3), rows=[{"review": review.pk, "rating": "good"}])


def campaign_args(w, place=None):
    return [w.review_campaign.pk]


def cell_args(w, place):
    return [w.review_campaign.pk, w.orgs[place].pk]


def review_args(w, place):
    return [w.review_member[place].pk]


def organization_review_args(w, place):
    from reviews.models import OrganizationReview

    return [OrganizationReview.objects.get(campaign=w.review_campaign, organization=w.orgs[place]).pk]


def today_text() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")


def open_payload(w, place):
    y = year()
    return {"organization": w.orgs[place].pk, "title": f"Kiểm điểm quý IV/{y}", "period_kind": "quarter",
            "period_start": f"01/10/{y}", "period_end": f"31/12/{y}", "self_assessment_due": f"10/12/{y}",
            "cell_meetings_due": f"20/12/{y}", "decisions_due": f"15/01/{y + 1}"}


def points_payload(w, place):
    return {"general_points": "26.5", "task_points": "61", "self_notes": "Hoàn thành tốt nhiệm vụ được giao"}


def propose_payload(w, place):
    rows = {f"row_{pk}": rating for pk, rating in _ratings(w, _rated(w.review_campaign, w.orgs[place])).items()}
    return {"meeting_on": today_text(), "meeting_reference": "Biên bản số 12", **rows}


def decide_payload(w, place):
    from organizations.selectors import subtree_q
    from reviews.models import MemberReview

    rows = MemberReview.objects.filter(campaign=w.review_campaign).filter(
        subtree_q("organization_id", w.orgs[place].pk)).exclude(proposed_rating="")
    return {"decided_on": today_text(), "decision_number": "03-QĐ/ĐU",
            **{f"row_{pk}": rating for pk, rating in _ratings(w, list(rows)).items()}}


def organizations_payload(w, place):
    from reviews.models import OrganizationReview

    rows = OrganizationReview.objects.filter(campaign=w.review_campaign, parent=w.orgs[place])
    return {"decided_on": today_text(), "decision_number": "07-QĐ/ĐUK", **{f"row_{r.pk}": "good" for r in rows}}


MEMBER_PLACES = (*CELLS, "own")

SCOPE_CASES = [
    ScopeCase("reviews:home", RUNNERS),
    ScopeCase("reviews:open", STAFF, at=("gc_a", "gc_b"), payload=open_payload, target="payload",
              post_refusal=(200, 403, 404)),
    ScopeCase("reviews:campaign", EVERYONE, args=campaign_args),
    ScopeCase("reviews:close", {"admin", "khoi"}, at=("bloc",), args=campaign_args, method="post",
              payload=lambda w, p: {}),
    ScopeCase("reviews:refresh", {"admin", "khoi"}, at=("bloc",), args=campaign_args, method="post",
              payload=lambda w, p: {}),
    ScopeCase("reviews:results", EVERYONE, args=campaign_args),
    ScopeCase("reviews:results", VIEWERS, args=campaign_args, query="export=xlsx", name="xlsx"),
    ScopeCase("reviews:propose", RUNNERS, at=CELLS, args=cell_args, payload=propose_payload),
    ScopeCase("reviews:minutes", RUNNERS, at=CELLS, args=cell_args),
    ScopeCase("reviews:decide", STAFF, at=("cell_a1", "gc_a", "cell_b1", "gcell"), args=cell_args,
              payload=decide_payload),
    ScopeCase("reviews:organizations", STAFF, at=("gc_a", "gc_b"), args=cell_args, payload=organizations_payload,
              control="khoi"),
    ScopeCase("reviews:organizations", {"admin", "khoi"}, at=("bloc",), args=cell_args,
              payload=organizations_payload, name="the Bloc decides its grassroots organisations"),
    ScopeCase("reviews:self", RUNNERS | {"dangvien"}, at=MEMBER_PLACES, args=review_args, payload=points_payload),
    ScopeCase("reviews:print", VIEWERS | {"dangvien"}, at=MEMBER_PLACES, args=review_args),
    ScopeCase("reviews:organization_self", RUNNERS, at=("cell_a1", "gc_a", "cell_b1", "gcell"),
              args=organization_review_args, payload=points_payload),
]


def results_rows(response) -> list:
    return doc(response).xpath('//table[@id="review-results-rows"]/tbody/tr[@data-organization]')


def tally_rows(response) -> list:
    return doc(response).xpath('//table[@id="review-tally"]/tbody/tr[@data-organization]')


def sheet_rows(response) -> list:
    return doc(response).xpath('//div[@id="review-sheet"]/div[@data-review]')


QUERY_CASES = [
    QueryCase("reviews_campaign", lambda w: f"/reviews/campaigns/{w.review_campaign.pk}/?org={w.gc_a.pk}", 14,
              rows=tally_rows),
    QueryCase("reviews_results", lambda w: f"/reviews/campaigns/{w.review_campaign.pk}/results/?org={w.gc_a.pk}",
              14, rows=results_rows),
    QueryCase("reviews_propose", lambda w: f"/reviews/campaigns/{w.review_campaign.pk}/cells/{w.cell_a1.pk}/propose/",
              14, rows=sheet_rows),
    QueryCase("reviews_decide", lambda w: f"/reviews/campaigns/{w.review_campaign.pk}/decide/{w.gc_a.pk}/", 14,
              rows=sheet_rows),
]
