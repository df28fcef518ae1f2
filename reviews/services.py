"""Every write of a quality review: a campaign opened, a self-assessment (a member's, an organisation's), the cell's
proposal, the competent level's decision. Each service is one transaction, refuses with a message on the field or the
row (`row_<id>`) that is wrong, naming the member, and records who acted and why."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.history import save_with_history
from core.validation import check_date, require, require_date, require_text
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.selectors import subtree_q
from rules.selectors import RuleBook

from . import judging
from .models import MemberReview, OrganizationReview, Rating, ReviewCampaign, Treatment
from .selectors import deciding_organization, disciplined_members, disciplined_parents


def _label(rating: str) -> str:
    return str(dict(Rating.choices).get(rating, rating))


def _check_period(period_start, period_end, deadlines: dict) -> None:
    require_date(period_start, "period_start")
    require_date(period_end, "period_end")
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    previous = None
    for name, day in deadlines.items():
        require_date(day, name)
        check_date(day, name)
        if previous is not None and day < previous[1]:
            raise ValidationError({name: _("The steps come in order: this deadline cannot come before the one "
                                           "above it.")})
        previous = (name, day)


def campaign_open(*, actor, organization: Organization, title: str, period_kind: str, period_start: datetime.date,
                  period_end: datetime.date, self_assessment_due: datetime.date, cell_meetings_due: datetime.date,
                  decisions_due: datetime.date, note: str = "", opened_on: datetime.date | None = None
                  ) -> ReviewCampaign:
    """Open a review for the organisation's subtree: every member the rule lists (as its groups say on the period's
    last day) gets a review at the cell they are registered in, every organisation below it a review of its own."""
    title = require_text(title, "title", _("Give the review a title."))
    require(organization, "organization", _("Choose the committee that opens the review."))
    if organization.kind.holds_members:
        raise ValidationError({"organization": _("A review is opened by a committee for the organisations under "
                                                 "it, not by a cell.")})
    _check_period(period_start, period_end, {"self_assessment_due": self_assessment_due,
                                             "cell_meetings_due": cell_meetings_due, "decisions_due": decisions_due})
    book = RuleBook()
    members = list(Member.objects.filter(subtree_q("organization_id", organization.pk), status__in=ACTIVE_STATUSES)
                   .only("id", "organization_id", "status", "exempted_since"))
    listed = [(m, judging.treatment_of(m, book, period_end)) for m in members]
    listed = [(m, t) for m, t in listed if t != Treatment.EXCLUDED]
    with transaction.atomic():
        clash = (MemberReview.objects.filter(member_id__in=[m.pk for m, _t in listed],
                                             campaign__period_kind=period_kind, campaign__period_start__lte=period_end,
                                             campaign__period_end__gte=period_start)
                 .select_related("campaign").first())
        if clash is not None:
            raise ValidationError({"period_start": _("“%(title)s” already reviews members of this organisation over "
                                                     "this period.") % {"title": clash.campaign.title}})
        campaign = save_with_history(ReviewCampaign(
            organization=organization, title=title, period_kind=period_kind, period_start=period_start,
            period_end=period_end, self_assessment_due=self_assessment_due, cell_meetings_due=cell_meetings_due,
            decisions_due=decisions_due, note=note, opened_on=opened_on or timezone.localdate()),
            actor=actor, reason=_("Review opened"))
        history = {"default_user": actor if getattr(actor, "is_authenticated", False) else None,
                   "default_change_reason": _("Review opened")}
        bulk_create_with_history([MemberReview(campaign=campaign, member=m, organization_id=m.organization_id,
                                               treatment=t) for m, t in listed], MemberReview, **history)
        below = (Organization.objects.filter(subtree_q("id", organization.pk), status=Organization.Status.ACTIVE)
                 .exclude(pk=organization.pk).values_list("id", "parent_id"))
        bulk_create_with_history([OrganizationReview(campaign=campaign, organization_id=pk, parent_id=parent)
                                  for pk, parent in below], OrganizationReview, **history)
    return campaign


def _check_points(general, tasks, limits: dict) -> None:
    errors = {}
    for name, value, most in (("general_points", general, limits.get("general_max")),
                              ("task_points", tasks, limits.get("tasks_max"))):
        if value is None:
            errors[name] = _("Enter the points.")
        elif value < 0 or (most is not None and value > Decimal(str(most))):
            errors[name] = _("Between 0 and %(most)s points.") % {"most": most}
    if errors:
        raise ValidationError(errors)


def _self_assess(review, *, actor, general_points, task_points, self_notes: str, what: str):
    if not review.campaign.is_open:
        raise ValidationError(_("This review is closed."))
    if review.rating:
        raise ValidationError(_("The rating is already decided: the self-assessment can no longer change."))
    limits = judging.thresholds(RuleBook(), review.campaign.period_end)
    _check_points(general_points, task_points, limits)
    with transaction.atomic():
        review.general_points, review.task_points = general_points, task_points
        review.self_notes = (self_notes or "").strip()
        review.self_assessed_on = timezone.localdate()
        review.self_entered_by = actor if getattr(actor, "is_authenticated", False) else None
        return save_with_history(review, actor=actor, reason=what)


def review_self_assess(*, actor, review: MemberReview, general_points: Decimal, task_points: Decimal,
                       self_notes: str = "") -> MemberReview:
    """The member's self-assessment (or the cell's entry of the member's paper form): the points of each part of the
    scale and what the member says of their year."""
    if review.treatment == Treatment.EXCLUDED:
        raise ValidationError(_("This member is not reviewed in this campaign."))
    if review.proposed_rating and review.treatment == Treatment.RATED:
        raise ValidationError(_("The cell has already proposed a rating: ask the cell to reopen it."))
    return _self_assess(review, actor=actor, general_points=general_points, task_points=task_points,
                        self_notes=self_notes, what=_("Self-assessment"))


def organization_self_assess(*, actor, review: OrganizationReview, general_points: Decimal, task_points: Decimal,
                             self_notes: str = "") -> OrganizationReview:
    """The organisation's committee assesses the organisation (the report, Mẫu 01)."""
    return _self_assess(review, actor=actor, general_points=general_points, task_points=task_points,
                        self_notes=self_notes, what=_("The organisation's self-assessment"))


def _ceiling_problem(name: str, rating: str, disciplined: bool, ceiling: str) -> str:
    if disciplined and judging.above(rating, ceiling):
        return _("%(name)s was disciplined in the period: the rule allows at most “%(ceiling)s”.") % {
            "name": name, "ceiling": _label(ceiling)}
    return ""


def review_propose(*, actor, campaign: ReviewCampaign, organization: Organization, meeting_on: datetime.date,
                   meeting_reference: str = "", rows: list[dict]) -> list[MemberReview]:
    """The cell meeting's proposal, one row per member (review id, rating, note): all rows or none. A row without a
    rating is left for later; a member not rated takes no rating; a member decided already keeps the decision."""
    if not campaign.is_open:
        raise ValidationError(_("This review is closed."))
    require_date(meeting_on, "meeting_on")
    check_date(meeting_on, "meeting_on", not_before=campaign.period_start, future=False)
    book = RuleBook()
    ceiling = judging.member_ceiling(book, campaign.period_end)
    errors, changed = {}, []
    with transaction.atomic():
        reviews = {r.pk: r for r in MemberReview.objects.select_for_update().filter(campaign=campaign,
                                                                                   organization=organization)
                   .select_related("member")}
        disciplined = disciplined_members([r.member_id for r in reviews.values()], campaign.period_start,
                                          campaign.period_end)
        for row in rows:
            review = reviews.get(row["review"])
            if review is None:
                errors[f"row_{row['review']}"] = _("This member is not on the cell's review sheet.")
                continue
            rating, note = row.get("rating") or "", (row.get("note") or "").strip()
            problem = _proposal_problem(review, rating, review.member_id in disciplined, ceiling)
            if problem:
                errors[f"row_{review.pk}"] = problem
                continue
            if (review.proposed_rating, review.proposal_note) == (rating, note) or review.rating:
                continue
            review.proposed_rating, review.proposal_note = rating, note
            review.proposed_on = meeting_on if rating else None
            review.meeting_reference = meeting_reference.strip() if rating else ""
            changed.append(save_with_history(review, actor=actor, reason=_("Proposed by the cell meeting")))
        if errors:
            raise ValidationError(errors)
    return changed


def _proposal_problem(review: MemberReview, rating: str, disciplined: bool, ceiling: str) -> str:
    name = review.member.full_name
    if review.rating and rating != review.proposed_rating:
        return _("%(name)s: the rating is already decided.") % {"name": name}
    if rating and review.treatment != Treatment.RATED:
        return _("%(name)s is not rated in this review (see the rule on who is rated).") % {"name": name}
    return _ceiling_problem(name, rating, disciplined, ceiling)


def _check_cap(book, on, ratings: dict[int, tuple[str, str]], *, key: str = "cap") -> None:
    """ratings: {id: (name, rating)} of the whole decision; excellent at most the rule's share of good."""
    good = sum(1 for _n, r in ratings.values() if r == Rating.GOOD)
    excellent = [name for name, r in ratings.values() if r == Rating.EXCELLENT]
    allowed, percent = judging.excellent_allowed(book, on, good)
    if len(excellent) > allowed:
        raise ValidationError({key: _("Excellent is at most %(percent)s %% of those rated good: %(good)s rated good "
                                      "allow %(allowed)s excellent, and %(n)s are rated excellent (%(names)s).") % {
            "percent": percent, "good": good, "allowed": allowed, "n": len(excellent), "names": ", ".join(excellent)}})


def review_decide(*, actor, campaign: ReviewCampaign, organization: Organization, decided_on: datetime.date,
                  decision_number: str, rows: list[dict]) -> list[MemberReview]:
    """The competent committee's decision for a cell or a whole grassroots organisation: a rating per member (review
    id, rating). Refused, naming the member, above a disciplined member's ceiling; refused, naming those rated
    excellent, over the cap on excellent counted over the whole decision (with what the committee decided before
    in this campaign). All rows or none."""
    if not campaign.is_open:
        raise ValidationError(_("This review is closed."))
    require_date(decided_on, "decided_on")
    check_date(decided_on, "decided_on", not_before=campaign.period_start, future=False)
    decision_number = require_text(decision_number, "decision_number", _("Enter the decision's number."))
    competent = deciding_organization(organization) if organization.kind.holds_members else organization
    unit = subtree_q("organization_id", competent.pk)
    book = RuleBook()
    on = campaign.period_end
    ceiling = judging.member_ceiling(book, on)
    with transaction.atomic():
        every = {r.pk: r for r in MemberReview.objects.select_for_update().filter(campaign=campaign)
                 .filter(unit).select_related("member")}
        scope = subtree_q("organization_id", organization.pk)
        mine = set(MemberReview.objects.filter(campaign=campaign).filter(scope).values_list("pk", flat=True))
        disciplined = disciplined_members([r.member_id for r in every.values()], campaign.period_start, on)
        errors, chosen = {}, {}
        for row in rows:
            review = every.get(row["review"]) if row["review"] in mine else None
            if review is None:
                errors[f"row_{row['review']}"] = _("This member is not in this decision.")
                continue
            rating = row.get("rating") or ""
            problem = _decision_problem(review, rating, review.member_id in disciplined, ceiling)
            if problem:
                errors[f"row_{review.pk}"] = problem
            elif rating:
                chosen[review.pk] = rating
        if errors:
            raise ValidationError(errors)
        after = {pk: (r.member.full_name, chosen.get(pk, r.rating)) for pk, r in every.items()}
        _check_cap(book, on, after)
        changed = []
        for pk, rating in chosen.items():
            review = every[pk]
            if review.rating == rating:
                continue  # decided before with this rating: its own decision stays
            review.rating, review.decided_on, review.decision_number = rating, decided_on, decision_number
            review.decided_by = competent
            changed.append(save_with_history(review, actor=actor, reason=_("Decision %(number)s") % {
                "number": decision_number}))
    return changed


def _decision_problem(review: MemberReview, rating: str, disciplined: bool, ceiling: str) -> str:
    name = review.member.full_name
    if not rating:
        return ""
    if review.treatment != Treatment.RATED:
        return _("%(name)s is not rated in this review (see the rule on who is rated).") % {"name": name}
    if not review.proposed_rating:
        return _("%(name)s: the cell has not proposed a rating yet.") % {"name": name}
    return _ceiling_problem(name, rating, disciplined, ceiling)


def organization_decide(*, actor, campaign: ReviewCampaign, parent: Organization, decided_on: datetime.date,
                        decision_number: str, rows: list[dict]) -> list[OrganizationReview]:
    """The superior's decision on its directly subordinate organisations (review id, rating): an organisation with a
    disciplined subordinate is held to the rule's ceiling, and excellent is capped as for members."""
    if not campaign.is_open:
        raise ValidationError(_("This review is closed."))
    require_date(decided_on, "decided_on")
    check_date(decided_on, "decided_on", not_before=campaign.period_start, future=False)
    decision_number = require_text(decision_number, "decision_number", _("Enter the decision's number."))
    book = RuleBook()
    on = campaign.period_end
    ceiling = judging.organization_ceiling(book, on)
    with transaction.atomic():
        every = {r.pk: r for r in OrganizationReview.objects.select_for_update().filter(campaign=campaign,
                                                                                       parent=parent)
                 .select_related("organization")}
        flagged = disciplined_parents([r.organization_id for r in every.values()], campaign.period_start, on)
        errors, chosen = {}, {}
        for row in rows:
            review = every.get(row["review"])
            rating = row.get("rating") or ""
            if review is None:
                errors[f"row_{row['review']}"] = _("This organisation is not in this decision.")
                continue
            name = review.organization.name
            if rating and review.organization_id in flagged and judging.above(rating, ceiling):
                errors[f"row_{review.pk}"] = _("A subordinate organisation of %(name)s was disciplined in the period: "
                                               "the rule allows at most “%(ceiling)s”.") % {
                    "name": name, "ceiling": _label(ceiling)}
            elif rating:
                chosen[review.pk] = rating
        if errors:
            raise ValidationError(errors)
        _check_cap(book, on, {pk: (r.organization.name, chosen.get(pk, r.rating)) for pk, r in every.items()})
        changed = []
        for pk, rating in chosen.items():
            review = every[pk]
            if review.rating == rating:
                continue  # decided before with this rating: its own decision stays
            review.rating, review.decided_on, review.decision_number, review.decided_by = (
                rating, decided_on, decision_number, parent)
            changed.append(save_with_history(review, actor=actor, reason=_("Decision %(number)s") % {
                "number": decision_number}))
    return changed



def campaign_close(*, actor, campaign: ReviewCampaign, closed_on: datetime.date | None = None) -> ReviewCampaign:
    """Close the review: nothing more is self-assessed, proposed or decided in it, and nobody is reminded of it.
    What was not decided stays undecided (visible as such in the results)."""
    with transaction.atomic():
        campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_open:
            raise ValidationError(_("This review is closed."))
        campaign.closed_on = closed_on or timezone.localdate()
        return save_with_history(campaign, actor=actor, reason=_("Review closed"))


def campaign_refresh(*, actor, campaign: ReviewCampaign) -> list[MemberReview]:
    """List the members who came under the committee after the review opened (admitted, transferred in) at the
    cell they are registered in now; those already listed keep their review where it is."""
    if not campaign.is_open:
        raise ValidationError(_("This review is closed."))
    book = RuleBook()
    with transaction.atomic():
        listed = MemberReview.objects.filter(campaign=campaign).values("member_id")
        members = (Member.objects.filter(subtree_q("organization_id", campaign.organization_id),
                                         status__in=ACTIVE_STATUSES).exclude(pk__in=listed)
                   .only("id", "organization_id", "status", "exempted_since"))
        rows = [MemberReview(campaign=campaign, member=m, organization_id=m.organization_id,
                             treatment=judging.treatment_of(m, book, campaign.period_end)) for m in members]
        rows = [r for r in rows if r.treatment != Treatment.EXCLUDED]
        return bulk_create_with_history(rows, MemberReview, default_user=actor if getattr(
            actor, "is_authenticated", False) else None, default_change_reason=_("Listed in the review"))
