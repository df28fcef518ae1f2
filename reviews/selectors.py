"""Reads about quality reviews, always through the user's scope: the campaigns a user takes part in, the sheets of a
cell and of a deciding committee, the progress and the distribution of ratings under an organisation (with last
year's), a member's own history."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from core.scope import REVIEWS, VIEW, scope_for
from inspections.models import DisciplineDecision
from members.models import Member
from organizations.figures import ancestors, scope_roots
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_get, subtree_q
from rules.selectors import RuleBook

from . import judging
from .models import RATING_ORDER, MemberReview, OrganizationReview, PeriodKind, Rating, ReviewCampaign, Treatment


def rating_label(rating: str) -> str:
    return str(dict(Rating.choices).get(rating, "")) if rating else ""


def may_review(user, scope=None) -> bool:
    return (scope or scope_for(user)).can(REVIEWS)


# -- campaigns -------------------------------------------------------------------------------------------------------

def campaigns_for(user):
    """The campaigns the user takes part in: opened by an organisation they see or by one above it (a cell
    secretary takes part in the Bloc's), newest first; a plain member's, those that list them."""
    scope = scope_for(user)
    qs = ReviewCampaign.objects.select_related("organization")
    if scope.sees_everything(VIEW):
        return qs
    ids = scope.org_ids(VIEW) or frozenset()
    if not ids:
        member_id = scope.own_member_id
        return qs.filter(member_reviews__member_id=member_id) if member_id else qs.none()
    above = set(ancestors(set(scope_roots(ids))))
    return qs.filter(organization_id__in=sorted(above | set(ids)))


def campaign_get(user, pk, action: str = VIEW) -> ReviewCampaign:
    try:
        return campaigns_for(user).get(pk=pk)
    except (ReviewCampaign.DoesNotExist, ValueError):
        raise Http404


def campaign_manage_get(user, pk, action: str = REVIEWS) -> ReviewCampaign:
    """A campaign the user runs: one opened by a committee they hold the review action over, or 404."""
    campaign = campaign_get(user, pk)
    if not scope_for(user).covers(campaign.organization_id, action):
        raise Http404
    return campaign


def opening_organizations(user):
    """The committees (organisations that do not hold members themselves) the user may open a review for."""
    from organizations.selectors import organization_choices

    return organization_choices(user, REVIEWS, holds_members=False)


def previous_campaign(campaign: ReviewCampaign) -> ReviewCampaign | None:
    """The same organisation's campaign of the same kind just before (last year's, for a yearly review)."""
    return (ReviewCampaign.objects.filter(organization_id=campaign.organization_id, period_kind=campaign.period_kind,
                                          period_end__lt=campaign.period_start)
            .order_by("-period_end").first())


def deciding_organization(organization: Organization) -> Organization:
    """Who decides the ratings of a cell's members: the grassroots committee above a subordinate cell (through a
    partial committee, đảng bộ bộ phận, when there is one between), the grassroots cell itself otherwise (its
    committee is the grassroots committee)."""
    competent = organization
    while competent.kind.tier == OrganizationKind.Tier.BELOW_GRASSROOTS and competent.parent_id:
        competent = Organization.objects.select_related("kind", "parent__kind").get(pk=competent.parent_id)
    return competent


def cell_get(user, pk, action: str = REVIEWS) -> Organization:
    """A cell (holds members) the user may run the review of, or 404."""
    organization = organization_get(user, pk, action)
    if not organization.kind.holds_members:
        raise Http404
    return organization


def decision_unit_get(user, pk, action: str = REVIEWS) -> Organization:
    """A cell or a grassroots organisation whose members' ratings the user's committee decides, or 404: the user
    must cover the deciding committee, not only the cell."""
    try:
        organization = Organization.objects.select_related("kind", "parent__kind").get(pk=pk)
    except (Organization.DoesNotExist, ValueError):
        raise Http404
    if organization.kind.tier == OrganizationKind.Tier.SUPERIOR:
        raise Http404
    competent = deciding_organization(organization) if organization.kind.holds_members else organization
    if organization.kind.tier == OrganizationKind.Tier.BELOW_GRASSROOTS and not organization.kind.holds_members:
        raise Http404  # a partial committee (đảng bộ bộ phận) does not decide: its grassroots committee does
    if not scope_for(user).covers(competent.pk, action):
        raise Http404
    organization.competent = competent
    return organization


def superior_get(user, pk, action: str = REVIEWS) -> Organization:
    """An organisation whose subordinate organisations' ratings the user's committee decides (it has some)."""
    organization = organization_get(user, pk, action)
    if organization.kind.holds_members and organization.kind.tier != OrganizationKind.Tier.GRASSROOTS:
        raise Http404
    return organization


def review_get(user, pk, action: str = REVIEWS) -> MemberReview:
    """A member's review: the member's own, or one of a cell the user covers for `action`."""
    try:
        review = MemberReview.objects.select_related("campaign", "member", "organization", "campaign__organization"
                                                     ).get(pk=pk)
    except (MemberReview.DoesNotExist, ValueError):
        raise Http404
    scope = scope_for(user)
    if review.member_id != scope.own_member_id and not scope.covers(review.organization_id, action):
        raise Http404
    return review


def organization_review_get(user, pk, action: str = REVIEWS) -> OrganizationReview:
    try:
        review = OrganizationReview.objects.select_related("campaign", "organization", "parent").get(pk=pk)
    except (OrganizationReview.DoesNotExist, ValueError):
        raise Http404
    if not scope_for(user).covers(review.organization_id, action):
        raise Http404
    return review


# -- sheets ----------------------------------------------------------------------------------------------------------

def disciplined_members(ids, start: datetime.date, end: datetime.date) -> set[int]:
    """The members among `ids` disciplined by a decision dated in the period (one violation counts once, on the day
    of its decision)."""
    return set(DisciplineDecision.objects.filter(member_id__in=list(ids), decided_on__gte=start, decided_on__lte=end)
               .values_list("member_id", flat=True))


def disciplined_parents(ids, start: datetime.date, end: datetime.date) -> set[int]:
    """The organisations among `ids` one of whose directly subordinate organisations was disciplined in the period."""
    return set(DisciplineDecision.objects.filter(organization__parent_id__in=list(ids), decided_on__gte=start,
                                                 decided_on__lte=end).values_list("organization__parent_id", flat=True))


@dataclass
class SheetRow:
    review: MemberReview
    suggested: str  # the rating the self-assessed points reach
    disciplined: bool
    ceiling: str  # the best rating the rules allow this member

    @property
    def member(self) -> Member:
        return self.review.member

    @property
    def suggested_label(self) -> str:
        return rating_label(self.suggested)


@dataclass
class Sheet:
    campaign: ReviewCampaign
    organization: Organization
    rows: list[SheetRow] = field(default_factory=list)

    def count(self, attribute: str) -> int:
        return sum(1 for r in self.rows if getattr(r.review, attribute))

    @property
    def rated(self) -> list[SheetRow]:
        return [r for r in self.rows if r.review.treatment == Treatment.RATED]


def sheet(campaign: ReviewCampaign, organization: Organization) -> Sheet:
    """The members' reviews of a cell, or of every cell of a grassroots organisation, by cell then name, each with the
    rating its points reach and whether the member was disciplined in the period: four queries."""
    qs = MemberReview.objects.filter(campaign=campaign).select_related("member", "organization")
    if organization.kind.holds_members:
        qs = qs.filter(organization=organization)
    else:
        qs = qs.filter(subtree_q("organization_id", organization.pk))
    reviews = list(qs.order_by("organization__name_sort", "member__name_sort", "member_id"))
    book = RuleBook()
    on = campaign.period_end
    limits = judging.thresholds(book, on)
    disciplined = disciplined_members([r.member_id for r in reviews], campaign.period_start, campaign.period_end)
    ceiling = judging.member_ceiling(book, on)
    rows = [SheetRow(r, judging.rating_for(r.points, limits), r.member_id in disciplined,
                     ceiling if r.member_id in disciplined else Rating.EXCELLENT) for r in reviews]
    return Sheet(campaign, organization, rows)


@dataclass
class OrgRow:
    review: OrganizationReview
    suggested: str
    disciplined: bool
    ceiling: str

    @property
    def suggested_label(self) -> str:
        return rating_label(self.suggested)


def organization_sheet(campaign: ReviewCampaign, parent: Organization) -> list[OrgRow]:
    reviews = list(OrganizationReview.objects.filter(campaign=campaign, parent=parent).select_related("organization")
                   .order_by("organization__name_sort", "organization_id"))
    book = RuleBook()
    on = campaign.period_end
    limits = judging.thresholds(book, on)
    flagged = disciplined_parents([r.organization_id for r in reviews], campaign.period_start, campaign.period_end)
    ceiling = judging.organization_ceiling(book, on)
    return [OrgRow(r, judging.rating_for(r.points, limits), r.organization_id in flagged,
                   ceiling if r.organization_id in flagged else Rating.EXCELLENT) for r in reviews]


# -- progress and results --------------------------------------------------------------------------------------------

COUNTS = {
    "members": Q(treatment=Treatment.RATED),
    "self_assessed": Q(treatment=Treatment.RATED, self_assessed_on__isnull=False),
    "proposed": Q(treatment=Treatment.RATED, proposed_rating__gt=""),
    "decided": Q(treatment=Treatment.RATED, rating__gt=""),
    "not_rated": Q(treatment=Treatment.NOT_RATED),
    **{rating: Q(rating=rating) for rating in RATING_ORDER},
}


def _empty() -> dict:
    return dict.fromkeys(COUNTS, 0)


@dataclass
class TallyRow:
    organization: dict  # id, name, holds_members
    counts: dict

    def percent(self, rating: str) -> float:
        decided = self.counts["decided"]
        return round(100 * self.counts[rating] / decided, 1) if decided else 0.0

    @property
    def shares(self) -> list[tuple[str, str, int, float]]:
        return [(rating, label, self.counts[rating], self.percent(rating)) for rating, label in Rating.choices]


def _subtree(root: Organization) -> dict[int, dict]:
    return {row["id"]: row for row in Organization.objects.filter(subtree_q("id", root.pk))
            .values("id", "parent_id", "name", "name_sort", "kind__holds_members")}


def _count_by_cell(campaign_id: int, root: Organization) -> dict[int, dict]:
    rows = (MemberReview.objects.filter(campaign_id=campaign_id).filter(subtree_q("organization_id", root.pk))
            .values("organization_id").annotate(**{key: Count("id", filter=q) for key, q in COUNTS.items()}))
    return {row.pop("organization_id"): row for row in rows}


def _rolled_up(root: Organization, orgs: dict[int, dict], by_cell: dict[int, dict]) -> tuple[list[TallyRow], TallyRow]:
    """Each cell's counts added to the child of `root` it lies under (the root itself for a cell)."""
    children = sorted((o for o in orgs.values() if o["parent_id"] == root.pk), key=lambda o: (o["name_sort"], o["id"]))
    rows = {o["id"]: TallyRow(o, _empty()) for o in children}
    total = TallyRow(orgs.get(root.pk, {"id": root.pk, "name": root.name}), _empty())
    for cell_id, counts in by_cell.items():
        node = cell_id
        while node in orgs and orgs[node]["parent_id"] != root.pk and node != root.pk:
            node = orgs[node]["parent_id"]
        for key, value in counts.items():
            total.counts[key] += value
            if node in rows:
                rows[node].counts[key] += value
    return [r for r in rows.values() if r.counts["members"] or r.counts["not_rated"]], total


@dataclass
class Tally:
    campaign: ReviewCampaign
    root: Organization
    rows: list[TallyRow]
    total: TallyRow
    previous: ReviewCampaign | None = None
    previous_total: TallyRow | None = None
    organizations: dict = field(default_factory=dict)  # rating -> organisations rated, under the root


def tally(campaign: ReviewCampaign, root: Organization, *, compare: bool = True) -> Tally:
    """The members' reviews under `root`: per child organisation (per cell under a grassroots committee) and in all,
    how many are listed, self-assessed, proposed and decided, and each rating; last year's total beside it; and the
    ratings of the organisations under the root. Six queries whatever the size."""
    orgs = _subtree(root)
    rows, total = _rolled_up(root, orgs, _count_by_cell(campaign.pk, root))
    result = Tally(campaign, root, rows, total)
    if compare:
        result.previous = previous_campaign(campaign)
        if result.previous is not None:
            _rows, result.previous_total = _rolled_up(root, orgs, _count_by_cell(result.previous.pk, root))
    result.organizations = dict(
        OrganizationReview.objects.filter(campaign=campaign).filter(subtree_q("organization_id", root.pk))
        .exclude(organization_id=root.pk).exclude(rating="").values_list("rating").annotate(n=Count("id"))
        .values_list("rating", "n"))
    return result


def default_root(user, campaign: ReviewCampaign) -> Organization:
    """Where the campaign's pages open for the user: the campaign's organisation when they cover it, else the
    first organisation at the top of their scope inside it (a cell secretary's cell); a member, their cell."""
    scope = scope_for(user)
    if scope.covers(campaign.organization_id, VIEW):
        return campaign.organization
    ids = scope.org_ids(VIEW)
    roots = scope_roots(ids) if ids else []
    if not roots and scope.own_member_id:
        review = campaign.member_reviews.filter(member_id=scope.own_member_id).select_related("organization").first()
        if review is not None:
            return review.organization
    inside = Organization.objects.filter(subtree_q("id", campaign.organization_id), pk__in=roots)
    found = inside.select_related("kind").order_by("name_sort").first()
    if found is None:
        raise Http404
    return found


def root_get(user, campaign: ReviewCampaign, pk) -> Organization:
    """The organisation a campaign page is about (?org=): inside the campaign's subtree and the user's scope."""
    if not pk:
        return default_root(user, campaign)
    organization = organization_get(user, pk, VIEW)
    if not Organization.objects.filter(subtree_q("id", campaign.organization_id), pk=organization.pk).exists():
        raise Http404
    return organization


# -- the member, the home page ---------------------------------------------------------------------------------------

def member_history(member: Member) -> list[MemberReview]:
    """The member's reviews, newest first, with their campaigns."""
    return list(member.reviews.select_related("campaign", "organization").order_by("-campaign__period_end"))


def member_reviews_panel(request, member) -> dict | None:
    history = member_history(member)
    if not history:
        return None
    own = scope_for(request.user).own_member_id == member.pk
    return {"reviews": history, "own": own}


def my_open_review(user) -> MemberReview | None:
    """The member's review in an open campaign still waiting for their self-assessment."""
    member_id = scope_for(user).own_member_id
    if member_id is None:
        return None
    # once the cell has proposed, the self-assessment is closed; a member listed but not rated is not reminded
    return (MemberReview.objects.filter(member_id=member_id, campaign__closed_on__isnull=True,
                                        self_assessed_on__isnull=True, rating="", proposed_rating="",
                                        treatment=Treatment.RATED).select_related("campaign").order_by("campaign__self_assessment_due")
            .first())


def own_review(user, campaign: ReviewCampaign) -> MemberReview | None:
    """The user's own review in this campaign, while it is open and not yet decided."""
    member_id = scope_for(user).own_member_id
    if member_id is None or not campaign.is_open:
        return None
    return campaign.member_reviews.filter(member_id=member_id, rating="", proposed_rating="").exclude(
        treatment="excluded").first()


def cells_to_propose(user, limit: int) -> list[dict]:
    """The user's cells (at most `limit` + 1 read) with members still to propose in an open campaign."""
    from organizations.selectors import organization_choices

    ids = scope_for(user).org_ids(REVIEWS)
    if ids is None or len(ids) > limit:
        return []  # an office (more organisations than a few cells): its cells are on the campaign's page
    cells = list(organization_choices(user, REVIEWS, holds_members=True)[: limit + 1])
    if not cells or len(cells) > limit:
        return []
    rows = (MemberReview.objects.filter(organization__in=cells, campaign__closed_on__isnull=True,
                                        treatment=Treatment.RATED, proposed_rating="")
            .values("organization_id", "campaign_id", "campaign__cell_meetings_due").annotate(n=Count("id")))
    names = {c.pk: c for c in cells}
    return [{"cell": names[r["organization_id"]], "campaign": r["campaign_id"], "n": r["n"],
             "due": r["campaign__cell_meetings_due"]} for r in rows]


def to_decide(user) -> dict | None:
    """How many members proposed and organisations self-assessed wait for a decision the user's committee makes (the
    grassroots committees and superiors they cover), in open campaigns: the first campaign to decide that has any.

    On the home page, so three queries read no review row: the open campaigns; the proposals waiting counted per
    campaign and organisation on the index (campaign, rating, proposed_rating, organization) alone; then, of those
    organisations only (a province's few thousand cells), the ones the user's committees decide, by their parent
    and grandparent. Joining every waiting review to its cell and the cell's parent cost 70-90 ms at province size
    (34,000 proposals waiting); the set of every organisation decided, 260 ms at national size (207,000)."""
    scope = scope_for(user)
    if not scope.can(REVIEWS):
        return None
    campaigns = list(ReviewCampaign.objects.filter(closed_on__isnull=True).order_by("decisions_due", "pk")
                     .values("pk", "title", "decisions_due"))
    if not campaigns:
        return None
    # "proposed" said as a range (a code sorts after ""), which the index answers
    groups = list(MemberReview.objects.filter(campaign_id__in=[c["pk"] for c in campaigns], rating="",
                                              proposed_rating__gt="")
                  .order_by().values_list("campaign_id", "organization_id").annotate(n=Count("*")))
    if not groups:
        return None
    grassroots = OrganizationKind.Tier.GRASSROOTS
    # a cell under a partial committee (đảng bộ bộ phận) is decided by the grassroots committee two levels up
    decided = set(Organization.objects.filter(pk__in=sorted({org for _campaign, org, _n in groups})).filter(
        Q(scope.org_q("parent_id", REVIEWS), parent__kind__holds_members=False, parent__kind__tier=grassroots)
        | Q(scope.org_q("parent__parent_id", REVIEWS), parent__parent__kind__holds_members=False,
            parent__parent__kind__tier=grassroots)
        | Q(scope.org_q("id", REVIEWS), kind__tier=grassroots)).order_by().values_list("pk", flat=True))
    waiting: dict[int, int] = {}
    for campaign_id, organization_id, n in groups:
        if organization_id in decided:
            waiting[campaign_id] = waiting.get(campaign_id, 0) + n
    for campaign in campaigns:
        if waiting.get(campaign["pk"]):
            return {"campaign": campaign, "n": waiting[campaign["pk"]]}
    return None


def this_year_campaign_defaults(today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    year = today.year
    return {"title": f"Kiểm điểm, đánh giá, xếp loại chất lượng năm {year}", "period_kind": PeriodKind.YEAR,
            "period_start": datetime.date(year, 1, 1), "period_end": datetime.date(year, 12, 31),
            "self_assessment_due": datetime.date(year, 12, 15), "cell_meetings_due": datetime.date(year, 12, 25),
            "decisions_due": datetime.date(year + 1, 1, 15)}


def member_url(review: MemberReview) -> str:
    return reverse("reviews:self", args=[review.pk])
