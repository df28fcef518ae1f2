"""Every read of the studies, given the user and scoped through core.scope.

The sessions are convened and recorded by whoever holds the meetings action over their organisation (the same people
who convene its meetings: committee staff, a secretary); a campaign is launched by who holds it over the committee
whose register has the document. A member reads and writes only their own takeaway; their cell's secretary (the
meetings action over the member's organisation) assesses it."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Q, Value, When
from django.http import Http404
from django.utils import timezone

from core.dates import add_months
from core.scope import DOCUMENTS, MEETINGS, VIEW, scope_for
from documents.models import Document
from documents.selectors import document_qs
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.figures import ancestors, scope_roots
from organizations.models import Organization, OrganizationKind
from organizations.selectors import subtree_q

from .models import StudyAttendance, StudyCampaign, StudySession, Takeaway

# the launch page offers the documents of the last two years: older ones are not launched for study any more, and the
# select stays short (a register adds a few hundred a year)
LAUNCH_YEARS = 2


def may_study(user) -> bool:
    return scope_for(user).can(MEETINGS)


# -- campaigns -------------------------------------------------------------------------------------------------------

def campaigns_for(user):
    """The campaigns launched by an organisation the user sees or by one above it (a cell's secretary follows the
    Bloc's), newest first."""
    scope = scope_for(user)
    qs = StudyCampaign.objects.select_related("organization", "document")
    if scope.sees_everything(VIEW):
        return qs
    ids = scope.org_ids(VIEW) or frozenset()
    if not ids:
        return qs.none()
    above = set(ancestors(set(scope_roots(ids))))
    return qs.filter(organization_id__in=sorted(above | set(ids)))


def campaign_get(user, pk, action: str = VIEW) -> StudyCampaign:
    try:
        return campaigns_for(user).get(pk=pk)
    except (StudyCampaign.DoesNotExist, ValueError):
        raise Http404


def campaign_manage_get(user, pk, action: str = MEETINGS) -> StudyCampaign:
    """A campaign the user runs: launched by an organisation they hold the meetings action over, or 404."""
    campaign = campaign_get(user, pk)
    if not scope_for(user).covers(campaign.organization_id, action):
        raise Http404
    return campaign


def launch_documents(user, today: datetime.date | None = None):
    """The documents of the registers the user keeps, of organisations they convene for, from the last years."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    if not scope.can(MEETINGS):
        return Document.objects.none()
    since = add_months(today, -12 * LAUNCH_YEARS)  # 29/02 gives 28/02 two years before, not an error
    return (document_qs(user, DOCUMENTS).filter(scope.org_q("organization_id", MEETINGS),
                                                status=Document.Status.ACTIVE, issued_on__gte=since)
            .select_related("organization").order_by("-issued_on", "-id"))


def grassroots_under(organization: Organization):
    """The active grassroots organisations of the launcher's subtree (the launcher itself when it is one)."""
    return (Organization.objects.filter(subtree_q("id", organization.pk), status=Organization.Status.ACTIVE,
                                        kind__tier=OrganizationKind.Tier.GRASSROOTS).order_by("name_sort"))


def in_subtree(root_id: int, organization_id: int) -> bool:
    return Organization.objects.filter(subtree_q("id", root_id), pk=organization_id).exists()


# -- figures ---------------------------------------------------------------------------------------------------------

@dataclass
class Figures:
    sessions: int = 0
    held: int = 0
    expected: int = 0  # attendance rows of the sessions held: the roster as recorded
    studied: int = 0  # present, or made up later
    submitted: int = 0  # takeaways handed in (accepted and returned ones included)
    accepted: int = 0

    @property
    def studied_percent(self) -> float | None:
        return round(100 * self.studied / self.expected, 1) if self.expected else None


def campaign_figures(campaign_ids) -> dict[int, Figures]:
    """The roll-up of each campaign, three grouped queries whatever the number of campaigns."""
    figures = {pk: Figures() for pk in campaign_ids}
    if not figures:
        return figures
    for row in (StudySession.objects.filter(campaign_id__in=figures).values("campaign_id")
                .annotate(n=Count("id", distinct=True), held=Count("id", filter=Q(status=StudySession.Status.HELD),
                                                                     distinct=True))):
        f = figures[row["campaign_id"]]
        f.sessions, f.held = row["n"], row["held"]
    for row in (StudyAttendance.objects.filter(session__campaign_id__in=figures).values("session__campaign_id")
                .annotate(n=Count("id"), studied=Count("id", filter=Q(presence=StudyAttendance.Presence.PRESENT)
                                                       | Q(made_up_on__isnull=False)))):
        f = figures[row["session__campaign_id"]]
        f.expected, f.studied = row["n"], row["studied"]
    for row in (Takeaway.objects.filter(campaign_id__in=figures).values("campaign_id")
                .annotate(n=Count("id"), accepted=Count("id", filter=Q(status=Takeaway.Status.ACCEPTED)))):
        f = figures[row["campaign_id"]]
        f.submitted, f.accepted = row["n"], row["accepted"]
    return figures


def visible_sessions(user, campaign: StudyCampaign):
    """The campaign's sessions of organisations the user sees."""
    scope = scope_for(user)
    return (campaign.sessions.filter(scope.org_q("organization_id", VIEW)).select_related("organization")
            .order_by("organization__name_sort", "id") if scope.can(VIEW) else campaign.sessions.none())


def session_rows(user, campaign: StudyCampaign) -> list[tuple[StudySession, Figures]]:
    """Each visible session with its figures: its attendance, and the takeaways of its organisation's members."""
    sessions = list(visible_sessions(user, campaign))
    figures = {s.pk: Figures(sessions=1, held=int(s.status == StudySession.Status.HELD)) for s in sessions}
    for row in (StudyAttendance.objects.filter(session__in=sessions).values("session_id")
                .annotate(n=Count("id"), studied=Count("id", filter=Q(presence=StudyAttendance.Presence.PRESENT)
                                                       | Q(made_up_on__isnull=False)))):
        figures[row["session_id"]].expected, figures[row["session_id"]].studied = row["n"], row["studied"]
    # a takeaway counts at the session of the grassroots organisation above the member's cell (or the cell itself):
    # one grouped count per cell, then each cell walked up the chain of parents (one recursive query)
    by_organization = {s.organization_id: s.pk for s in sessions}
    rows = list(Takeaway.objects.filter(campaign=campaign).values("member__organization_id")
                .annotate(n=Count("id"), accepted=Count("id", filter=Q(status=Takeaway.Status.ACCEPTED))))
    chain = ancestors({r["member__organization_id"] for r in rows}) if rows else {}
    for row in rows:
        node = row["member__organization_id"]
        while node is not None and node not in by_organization:
            node = chain.get(node)
        if node is not None:
            figures[by_organization[node]].submitted += row["n"]
            figures[by_organization[node]].accepted += row["accepted"]
    return [(s, figures[s.pk]) for s in sessions]


# -- sessions --------------------------------------------------------------------------------------------------------

def session_get(user, pk, action: str = MEETINGS) -> StudySession:
    """A session of an organisation the user convenes for, or 404."""
    try:
        session = StudySession.objects.select_related("campaign__organization", "campaign__document",
                                                      "organization").get(pk=pk)
    except (StudySession.DoesNotExist, ValueError):
        raise Http404
    if not scope_for(user).covers(session.organization_id, action):
        raise Http404
    return session


def session_roster(session: StudySession) -> list[Member]:
    """Who studies at the session: the active members registered in the organisation's subtree (its cells'
    members), as on the meeting roster."""
    return list(Member.objects.filter(subtree_q("organization_id", session.organization_id),
                                      status__in=ACTIVE_STATUSES).order_by("name_sort", "id"))


def session_presences(session: StudySession) -> dict[int, tuple[str, str]]:
    return {a.member_id: (a.presence, a.reason) for a in session.attendance.all()}


def to_make_up(session: StudySession):
    """The members absent from the session who have not made it up yet."""
    return (session.attendance.exclude(presence=StudyAttendance.Presence.PRESENT).filter(made_up_on__isnull=True)
            .select_related("member").order_by("member__name_sort", "id"))


def attendance_rows(session: StudySession):
    return session.attendance.select_related("member").order_by("member__name_sort", "id")


# -- takeaways -------------------------------------------------------------------------------------------------------

def own_member(user) -> Member | None:
    member_id = scope_for(user).own_member_id
    if member_id is None:
        return None
    return Member.objects.filter(pk=member_id, status__in=ACTIVE_STATUSES).first()


def own_campaign_get(user, pk, action: str = VIEW) -> StudyCampaign:
    """A campaign the user studies in as a member (launched over the member's organisation), or 404."""
    member = own_member(user)
    if member is None:
        raise Http404
    try:
        campaign = StudyCampaign.objects.select_related("organization", "document").get(pk=pk)
    except (StudyCampaign.DoesNotExist, ValueError):
        raise Http404
    if not in_subtree(campaign.organization_id, member.organization_id):
        raise Http404
    campaign.member = member
    return campaign


def own_campaigns(user) -> list[tuple[StudyCampaign, Takeaway | None]]:
    """The campaigns launched over the member's organisation (by it or one above it), newest first, each with the
    member's takeaway."""
    member = own_member(user)
    if member is None:
        return []
    chain = set(ancestors({member.organization_id}))
    campaigns = list(StudyCampaign.objects.filter(organization_id__in=sorted(chain)).order_by("-launched_on", "-id")[:50])
    takeaways = {t.campaign_id: t for t in Takeaway.objects.filter(member=member, campaign__in=campaigns)}
    return [(c, takeaways.get(c.pk)) for c in campaigns]


def own_takeaway(campaign: StudyCampaign, member: Member) -> Takeaway | None:
    return Takeaway.objects.filter(campaign=campaign, member=member).first()


def takeaways_to_assess(user, campaign: StudyCampaign):
    """The campaign's takeaways of members of organisations the user convenes for, waiting ones first."""
    scope = scope_for(user)
    if not scope.can(MEETINGS):
        return Takeaway.objects.none()
    waiting_first = Case(When(status=Takeaway.Status.SUBMITTED, then=Value(0)), default=Value(1))
    return (Takeaway.objects.filter(scope.org_q("member__organization_id", MEETINGS), campaign=campaign)
            .select_related("member__organization").order_by(waiting_first, "member__name_sort", "id"))


def takeaway_get(user, pk, action: str = MEETINGS) -> Takeaway:
    """A takeaway of a member the user assesses (the meetings action over the member's organisation), or 404."""
    try:
        takeaway = Takeaway.objects.select_related("campaign__organization", "member__organization").get(pk=pk)
    except (Takeaway.DoesNotExist, ValueError):
        raise Http404
    if not scope_for(user).covers(takeaway.member.organization_id, action):
        raise Http404
    return takeaway


# -- the home page's to-do -------------------------------------------------------------------------------------------

def todo(user, today: datetime.date | None = None) -> dict:
    """Counts of what is due: sessions not held past the campaign's date (the user convenes them), takeaways to
    write (the member's own, in open campaigns), takeaways waiting for the user's assessment."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    found = {"late_sessions": 0, "to_write": [], "to_assess": 0}
    if scope.can(MEETINGS):
        found["late_sessions"] = StudySession.objects.filter(
            scope.org_q("organization_id", MEETINGS), campaign__status=StudyCampaign.Status.OPEN,
            status=StudySession.Status.PLANNED, campaign__sessions_by__lt=today).count()
        found["to_assess"] = Takeaway.objects.filter(
            scope.org_q("member__organization_id", MEETINGS), campaign__status=StudyCampaign.Status.OPEN,
            status=Takeaway.Status.SUBMITTED).count()
    member = own_member(user)
    if member is not None:
        chain = set(ancestors({member.organization_id}))
        done = Takeaway.objects.filter(member=member).exclude(status=Takeaway.Status.RETURNED).values("campaign_id")
        found["to_write"] = list(StudyCampaign.objects.filter(
            organization_id__in=sorted(chain), status=StudyCampaign.Status.OPEN).exclude(pk__in=done)
            .order_by("takeaways_by", "id")[:5])
    return found
