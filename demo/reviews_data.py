"""Demo quality reviews: the Bloc's yearly review of 2017–2025, decided, with a realistic spread (about 12 % excellent,
72 % good, 13 % complete, 1–3 % not complete, varying a little by year), every member disciplined that year held to
the rule's ceiling and each grassroots organisation's excellent kept under the cap on excellent (the rule data of the
year, as the decision sheet checks); each organisation below the Bloc rated by its superior. This year's review is
open (today in the demo: early December): about a fifth of the members have self-assessed, the cells of one
grassroots organisation in three have proposed, nothing is decided; the demo cell secretary's cell has not met yet
and the demo member has not self-assessed, so their home pages show the step.

Every draw comes from its own `random.Random(f"dangbo-demo-reviews-{seed}")`, so the rest of the demo is unchanged.
Bulk-inserted with one history row each.
"""

import datetime
import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from inspections.models import DisciplineDecision
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization, OrganizationKind
from reviews import judging
from reviews.models import MemberReview, OrganizationReview, Rating, ReviewCampaign, Treatment
from rules.selectors import RuleBook

D = datetime.date
FIRST_YEAR = 2017
# the year's spread: (excellent, good, complete) shares, the rest not complete
SPREAD = (0.12, 0.72, 0.14)


def load_reviews(*, seed: int, today: D, admin, change_reason: str, batch_size: int = 2000,
                 chibo_org: int | None = None, dangvien_user=None, first_year: int = FIRST_YEAR) -> dict:
    rng = random.Random(f"dangbo-demo-reviews-{seed}")
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    if root is None:
        return {"campaigns": 0, "member_reviews": 0, "organization_reviews": 0}
    history = {"batch_size": batch_size, "default_user": admin, "default_change_reason": change_reason}
    orgs = {o.pk: o for o in Organization.objects.filter(status=Organization.Status.ACTIVE).select_related("kind")}
    members = list(Member.objects.filter(status__in=ACTIVE_STATUSES, organization__isnull=False)
                   .order_by("organization_id", "name_sort", "id")
                   .only("id", "organization_id", "status", "exempted_since", "admitted_on"))
    dangvien_member = (Member.objects.filter(user=dangvien_user).values_list("pk", flat=True).first()
                       if dangvien_user is not None else None)
    book = RuleBook()
    counts = {"campaigns": 0, "member_reviews": 0, "organization_reviews": 0}
    this_year = today.year
    for year in range(first_year, this_year + 1):
        campaign = _campaign(root, year, this_year, history)
        counts["campaigns"] += 1
        listed = [m for m in members if m.admitted_on and m.admitted_on <= D(year, 12, 31)]
        if year < this_year:
            rows = _decided_members(rng, campaign, listed, orgs, book)
            org_rows = _decided_organizations(rng, campaign, orgs, root)
        else:
            rows = _open_members(rng, campaign, listed, orgs, book, chibo_org=chibo_org, dangvien=dangvien_member)
            org_rows = [OrganizationReview(campaign=campaign, organization_id=pk, parent_id=o.parent_id)
                        for pk, o in orgs.items() if pk != root.pk]
        bulk_create_with_history(rows, MemberReview, **history)
        bulk_create_with_history(org_rows, OrganizationReview, **history)
        counts["member_reviews"] += len(rows)
        counts["organization_reviews"] += len(org_rows)
    return counts


def _campaign(root, year: int, this_year: int, history: dict) -> ReviewCampaign:
    campaign = ReviewCampaign(
        organization=root, title=f"Kiểm điểm, đánh giá, xếp loại chất lượng năm {year}", period_kind="year",
        period_start=D(year, 1, 1), period_end=D(year, 12, 31), self_assessment_due=D(year, 12, 10),
        cell_meetings_due=D(year, 12, 20), decisions_due=D(year + 1, 1, 15), opened_on=D(year, 11, 20),
        closed_on=None if year == this_year else D(year + 1, 1, 20))
    bulk_create_with_history([campaign], ReviewCampaign, **history)
    return ReviewCampaign.objects.get(organization=root, period_kind="year", period_start=D(year, 1, 1))


def _deciding(orgs: dict, cell_id: int) -> int:
    cell = orgs.get(cell_id)
    if cell is not None and cell.kind.tier == OrganizationKind.Tier.BELOW_GRASSROOTS and cell.parent_id:
        return cell.parent_id
    return cell_id


def _draw(rng, year: int) -> str:
    shift = rng.uniform(-0.02, 0.02) if rng.random() < 0.5 else 0.0
    excellent, good, complete = SPREAD[0] + (year - 2021) * 0.003, SPREAD[1] + shift, SPREAD[2]
    draw = rng.random()
    if draw < excellent:
        return Rating.EXCELLENT
    if draw < excellent + good:
        return Rating.GOOD
    if draw < excellent + good + complete:
        return Rating.COMPLETE
    return Rating.NOT_COMPLETE


def _points(rng, rating: str, limits: dict) -> tuple[Decimal, Decimal]:
    """Points that reach `rating` on the year's thresholds, split between the scale's two parts."""
    low = {Rating.EXCELLENT: limits["excellent"], Rating.GOOD: limits["good"], Rating.COMPLETE: limits["complete"],
           Rating.NOT_COMPLETE: 35}[rating]
    high = {Rating.EXCELLENT: 98, Rating.GOOD: limits["excellent"] - 0.5, Rating.COMPLETE: limits["good"] - 0.5,
            Rating.NOT_COMPLETE: limits["complete"] - 0.5}[rating]
    total = Decimal(rng.randrange(int(low * 2), int(high * 2) + 1)) / 2
    general = min(Decimal(limits["general_max"]), (total * Decimal("0.3")).quantize(Decimal("0.5")))
    return general, total - general


def _decided_members(rng, campaign, listed, orgs, book) -> list[MemberReview]:
    year, on = campaign.period_start.year, campaign.period_end
    limits = judging.thresholds(book, on)
    ceiling = judging.member_ceiling(book, on)
    disciplined = set(DisciplineDecision.objects.filter(member_id__in=[m.pk for m in listed], decided_on__year=year)
                      .values_list("member_id", flat=True))
    rows, by_unit = [], {}
    for m in listed:
        treatment = judging.treatment_of(m, book, on)
        if treatment == Treatment.EXCLUDED:
            continue
        review = MemberReview(campaign=campaign, member=m, organization_id=m.organization_id, treatment=treatment)
        if treatment == Treatment.RATED:
            rating = _draw(rng, year)
            if m.pk in disciplined and judging.above(rating, ceiling):
                rating = ceiling
            review.rating = rating
            by_unit.setdefault(_deciding(orgs, m.organization_id), []).append(review)
        rows.append(review)
    for unit, reviews in by_unit.items():
        _keep_under_cap(book, on, reviews)
        for review in reviews:
            _fill_decided(rng, review, limits, year, unit)
    return rows


def _keep_under_cap(book, on, reviews) -> None:
    """Excellent beyond the cap become good (as the decision sheet would refuse them), the last ones first."""
    excellent = [r for r in reviews if r.rating == Rating.EXCELLENT]
    good = sum(1 for r in reviews if r.rating == Rating.GOOD)
    while excellent:
        allowed, _percent = judging.excellent_allowed(book, on, good)
        if len(excellent) <= allowed:
            return
        excellent.pop().rating = Rating.GOOD
        good += 1


def _fill_decided(rng, review, limits, year: int, unit: int) -> None:
    review.general_points, review.task_points = _points(rng, review.rating, limits)
    review.self_assessed_on = D(year, 12, rng.randrange(1, 11))
    review.proposed_rating = review.rating
    review.proposed_on = D(year, 12, rng.randrange(12, 21))
    review.meeting_reference = f"Biên bản họp chi bộ {review.proposed_on:%d/%m/%Y}"
    review.decided_on = D(year, 12, rng.randrange(24, 31))
    review.decision_number = f"{rng.randrange(80, 140)}-QĐ/ĐU"
    review.decided_by_id = unit


def _decided_organizations(rng, campaign, orgs, root) -> list[OrganizationReview]:
    year = campaign.period_start.year
    limits = judging.thresholds(RuleBook(), campaign.period_end)
    rows = []
    for pk, org in orgs.items():
        if pk == root.pk or org.established_on > campaign.period_end:
            continue
        rating = _draw(rng, year)
        general, tasks = _points(rng, rating, limits)
        rows.append(OrganizationReview(
            campaign=campaign, organization_id=pk, parent_id=org.parent_id, general_points=general, task_points=tasks,
            self_assessed_on=D(year, 12, rng.randrange(1, 15)), rating=rating, decided_on=D(year + 1, 1,
                                                                                         rng.randrange(5, 16)),
            decision_number=f"{rng.randrange(10, 60):02d}-QĐ/ĐUK", decided_by_id=org.parent_id))
    return rows


def _open_members(rng, campaign, listed, orgs, book, *, chibo_org, dangvien) -> list[MemberReview]:
    """This year's review under way: some self-assessed, the cells of one grassroots organisation in three
    proposed (never the demo secretary's cell), nothing decided."""
    on = campaign.period_end
    limits = judging.thresholds(book, on)
    proposing = {pk for pk in orgs if rng.random() < 0.33}
    rows = []
    for m in listed:
        treatment = judging.treatment_of(m, book, on)
        if treatment == Treatment.EXCLUDED:
            continue
        review = MemberReview(campaign=campaign, member=m, organization_id=m.organization_id, treatment=treatment)
        unit = _deciding(orgs, m.organization_id)
        proposes = unit in proposing and m.organization_id != chibo_org
        if m.pk != dangvien and (proposes or rng.random() < 0.2):
            rating = _draw(rng, on.year)
            review.general_points, review.task_points = _points(rng, rating, limits)
            review.self_assessed_on = D(on.year, 12, rng.randrange(1, 6))
            if proposes and treatment == Treatment.RATED:
                review.proposed_rating = judging.rating_for(review.points, limits)
                review.proposed_on = D(on.year, 12, 5)
                review.meeting_reference = "Biên bản họp chi bộ 05/12"
        rows.append(review)
    return rows
