"""Every read of the studies, given the user and scoped through core.scope.

The sessions are convened and recorded by whoever holds the meetings action over their organisation (the same people
who convene its meetings: committee staff, a secretary); a campaign is launched by who holds it over the committee
whose register has the document. A member reads and writes only their own takeaway; their cell's secretary (the
meetings action over the member's organisation) assesses it."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, OuterRef, Q, Value, When
from django.http import Http404
from django.utils import timezone, translation

from apparatus.models import Position, Seat
from core.dates import add_months
from core.scope import DOCUMENTS, MEETINGS, VIEW, scope_for
from documents.models import Document
from documents.selectors import document_qs
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.figures import ancestors, figures_of, scope_roots
from organizations.models import Organization, OrganizationKind
from organizations.selectors import subtree_q

from .models import (
    ActionProgramme,
    ImplementationReport,
    Level,
    ProgrammeTask,
    StudyAttendance,
    StudyCampaign,
    StudySession,
    Takeaway,
)

# the launch page offers the documents of the last two years: older ones are not launched for study any more, and the
# select stays short (a register adds a few hundred a year)
LAUNCH_YEARS = 2
# the home page names a final report due from this many days before its date: the launcher's date is a deadline, and a
# part-time secretary needs the time to write it (the periodic reports' to-do warns as long before: reports.periods
# REMIND_DAYS, an app above this one)
REMIND_DAYS = 20
# the kinds a programme's own document has: a plan (Kế hoạch) or a programme (Chương trình), QĐ 399's names
PROGRAMME_KINDS = ("KH", "CTr")


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


def campaign_adopt_get(user, pk, action: str = MEETINGS) -> StudyCampaign:
    """A campaign in which the user may adopt an organisation's programme, or 404."""
    campaign = campaign_get(user, pk)
    if not adoptable_organizations(user, campaign).exists():
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


def session_units(organization: Organization, level: str):
    """Who holds a session: the grassroots organisations under the launcher, or at the cells level each active
    organisation that holds members (the subordinate cells, and a grassroots cell, whose party groups are no cells
    and a sub-committee's cells hold its members): where every member is registered, so nobody is left out."""
    if level != Level.CELLS:
        return grassroots_under(organization)
    return (Organization.objects.filter(subtree_q("id", organization.pk), status=Organization.Status.ACTIVE,
                                        kind__holds_members=True).order_by("name_sort"))


def in_subtree(root_id: int, organization_id: int) -> bool:
    return Organization.objects.filter(subtree_q("id", root_id), pk=organization_id).exists()


# -- figures ---------------------------------------------------------------------------------------------------------

@dataclass
class Figures:
    sessions: int = 0
    held: int = 0
    expected: int = 0  # attendance rows of the sessions held: the roster as recorded
    waiting: int = 0  # the members of the sessions still to hold (the organisations' kept figures)
    studied: int = 0  # present, or made up later
    submitted: int = 0  # takeaways handed in (accepted and returned ones included)
    accepted: int = 0
    programmes: int = 0
    tasks: int = 0
    done: int = 0
    overdue: int = 0  # past their deadline, neither done nor dropped

    @property
    def done_percent(self) -> float | None:
        return round(100 * self.done / self.tasks, 1) if self.tasks else None

    @property
    def roster(self) -> int:
        """Who is to study: the sessions held's rosters and the members of those still to hold."""
        return self.expected + self.waiting

    @property
    def studied_percent(self) -> float | None:
        return round(100 * self.studied / self.roster, 1) if self.roster else None


def campaign_figures(user, campaign_ids, today: datetime.date | None = None) -> dict[int, Figures]:
    """The roll-up of each campaign over what the user sees (the sessions of their organisations, the takeaways of
    their members and their attendance, the members of their sessions still to hold, the programmes of their
    organisations and the tasks those or they own): seven queries whatever the number of campaigns."""
    today = today or timezone.localdate()
    figures = {pk: Figures() for pk in campaign_ids}
    scope = scope_for(user)
    if not figures or not scope.can(VIEW):
        return figures
    seen = scope.org_q("organization_id", VIEW)
    for row in (StudySession.objects.filter(seen, campaign_id__in=figures).values("campaign_id")
                .annotate(n=Count("id", distinct=True), held=Count("id", filter=Q(status=StudySession.Status.HELD),
                                                                     distinct=True))):
        f = figures[row["campaign_id"]]
        f.sessions, f.held = row["n"], row["held"]
    for row in (StudyAttendance.objects.filter(scope.org_q("member__organization_id", VIEW),
                                               session__campaign_id__in=figures).values("session__campaign_id")
                .annotate(n=Count("id"), studied=Count("id", filter=Q(presence=StudyAttendance.Presence.PRESENT)
                                                       | Q(made_up_on__isnull=False)))):
        f = figures[row["session__campaign_id"]]
        f.expected, f.studied = row["n"], row["studied"]
    planned = list(StudySession.objects.filter(seen, campaign_id__in=figures, status=StudySession.Status.PLANNED)
                   .values_list("campaign_id", "organization_id"))
    if planned:
        kept = figures_of(organization_id for _campaign, organization_id in planned)
        for campaign_id, organization_id in planned:
            figures[campaign_id].waiting += kept.get(organization_id, ({}, {}))[1].get("members", 0)
    for row in (Takeaway.objects.filter(scope.org_q("member__organization_id", VIEW), campaign_id__in=figures)
                .values("campaign_id")
                .annotate(n=Count("id"), accepted=Count("id", filter=Q(status=Takeaway.Status.ACCEPTED)))):
        f = figures[row["campaign_id"]]
        f.submitted, f.accepted = row["n"], row["accepted"]
    for row in (ActionProgramme.objects.filter(seen, campaign_id__in=figures).values("campaign_id")
                .annotate(n=Count("id"))):
        figures[row["campaign_id"]].programmes = row["n"]
    own_tasks = scope.org_q("programme__organization_id", VIEW) | scope.org_q("owner_organization_id", VIEW)
    for row in (ProgrammeTask.objects.filter(own_tasks, programme__campaign_id__in=figures)
                .values("programme__campaign_id")
                .annotate(**_task_counts(today))):
        f = figures[row["programme__campaign_id"]]
        f.tasks, f.done, f.overdue = row["n"], row["done"], row["overdue"]
    return figures


def _task_counts(today: datetime.date) -> dict:
    return {"n": Count("id"), "done": Count("id", filter=Q(status=ProgrammeTask.Status.DONE)),
            "overdue": Count("id", filter=Q(deadline__lt=today) & ~Q(status__in=ProgrammeTask.CLOSED))}


SESSIONS_SHOWN = {"todo": StudySession.Status.PLANNED, "held": StudySession.Status.HELD}


def visible_sessions(user, campaign: StudyCampaign, show: str = ""):
    """The campaign's sessions of organisations the user sees (`show`: only those still to hold, or held)."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return campaign.sessions.none()
    sessions = campaign.sessions.filter(scope.org_q("organization_id", VIEW))
    if show in SESSIONS_SHOWN:
        sessions = sessions.filter(status=SESSIONS_SHOWN[show])
    return sessions.select_related("organization").order_by("organization__name_sort", "id")


def session_rows(user, campaign: StudyCampaign, sessions=None) -> list[tuple[StudySession, Figures]]:
    """Each visible session (or each of `sessions`, a page of them) with its figures: its attendance, and the
    takeaways of its organisation's members."""
    sessions = list(visible_sessions(user, campaign) if sessions is None else sessions)
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


def with_programmes(rows: list[tuple[StudySession, Figures]], programmes: dict[int, tuple[ActionProgramme, Figures]]
                    ) -> list[tuple[StudySession, Figures]]:
    """Each session row with its organisation's programme (`programmes` by organisation) and its tasks' figures."""
    for session, f in rows:
        programme, t = programmes.get(session.organization_id, (None, None))
        session.programme = programme
        if programme is not None:
            f.programmes, f.tasks, f.done, f.overdue = 1, t.tasks, t.done, t.overdue
    return rows


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
    found = {"late_sessions": 0, "to_write": [], "to_assess": 0, "programmes_missing": 0, "tasks_overdue": 0,
             "reports_due": 0}
    if scope.can(MEETINGS):
        found["late_sessions"] = StudySession.objects.filter(
            scope.org_q("organization_id", MEETINGS), campaign__status=StudyCampaign.Status.OPEN,
            status=StudySession.Status.PLANNED, campaign__sessions_by__lt=today).count()
        found["to_assess"] = Takeaway.objects.filter(
            scope.org_q("member__organization_id", MEETINGS), campaign__status=StudyCampaign.Status.OPEN,
            status=Takeaway.Status.SUBMITTED).count()
        open_campaign = Q(campaign__status=StudyCampaign.Status.OPEN)
        found["programmes_missing"] = StudySession.objects.filter(
            open_campaign, scope.org_q("organization_id", MEETINGS), campaign__programmes_by__lt=today).exclude(
            organization_id__in=ActionProgramme.objects.filter(campaign_id=OuterRef("campaign_id"))
            .values("organization_id")).count()
        found["tasks_overdue"] = ProgrammeTask.objects.filter(
            scope.org_q("programme__organization_id", MEETINGS) | scope.org_q("owner_organization_id", MEETINGS),
            programme__campaign__status=StudyCampaign.Status.OPEN, deadline__lt=today).exclude(
            status__in=ProgrammeTask.CLOSED).count()
        found["reports_due"] = ActionProgramme.objects.filter(
            open_campaign, scope.org_q("organization_id", MEETINGS),
            campaign__report_by__lte=today + datetime.timedelta(days=REMIND_DAYS)).exclude(
            reports__kind=ImplementationReport.Kind.FINAL).count()
    member = own_member(user)
    if member is not None:
        chain = set(ancestors({member.organization_id}))
        done = Takeaway.objects.filter(member=member).exclude(status=Takeaway.Status.RETURNED).values("campaign_id")
        found["to_write"] = list(StudyCampaign.objects.filter(
            organization_id__in=sorted(chain), status=StudyCampaign.Status.OPEN).exclude(pk__in=done)
            .order_by("takeaways_by", "id")[:5])
    return found


# -- action programmes -----------------------------------------------------------------------------------------------

def programme_figures(programme_ids, today: datetime.date | None = None) -> dict[int, Figures]:
    """Each programme's tasks: how many, done, overdue on `today` (one grouped query)."""
    today = today or timezone.localdate()
    figures = {pk: Figures(programmes=1) for pk in programme_ids}
    if figures:
        for row in (ProgrammeTask.objects.filter(programme_id__in=figures).values("programme_id")
                    .annotate(**_task_counts(today))):
            f = figures[row["programme_id"]]
            f.tasks, f.done, f.overdue = row["n"], row["done"], row["overdue"]
    return figures


def programmes_of(user, campaign: StudyCampaign):
    """The campaign's programmes of organisations the user sees, or with a task one of them owns (a cell carries out
    its committee's), the launcher's first."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return ActionProgramme.objects.none()
    launcher_first = Case(When(organization_id=campaign.organization_id, then=Value(0)), default=Value(1))
    seen = scope.org_q("organization_id", VIEW)
    if not scope.sees_everything(VIEW):  # an empty Q() would vanish from the OR: no filter at all is what it means
        owned = ProgrammeTask.objects.filter(scope.org_q("owner_organization_id", VIEW), programme__campaign=campaign)
        seen |= Q(pk__in=owned.values("programme_id"))
    return (campaign.programmes.filter(seen).select_related("organization")
            .order_by(launcher_first, "organization__name_sort", "id"))


def adoptable_organizations(user, campaign: StudyCampaign):
    """The organisations whose programme the user may adopt in the campaign (programme_holders) that the user convenes
    for and that have none yet."""
    scope = scope_for(user)
    if not campaign.is_open or not scope.can(MEETINGS):
        return Organization.objects.none()
    return (programme_holders(campaign).filter(scope.org_q("id", MEETINGS))
            .exclude(pk__in=campaign.programmes.values("organization_id")).order_by("name_sort"))


def programme_holders(campaign: StudyCampaign):
    """Who adopts a programme in the campaign: the launcher, every grassroots organisation under it (whichever level
    holds the sessions) and every organisation holding a session (a cell, at the cells level)."""
    return Organization.objects.filter(Q(pk=campaign.organization_id)
                                       | Q(pk__in=grassroots_under(campaign.organization).values("pk"))
                                       | Q(pk__in=campaign.sessions.values("organization_id")))


def programme_documents(user, campaign: StudyCampaign, organizations):
    """The plans and programmes (KH, CTr) issued since the launch in the registers of `organizations` that the user
    keeps, newest first."""
    return (document_qs(user, DOCUMENTS).filter(organization__in=organizations, status=Document.Status.ACTIVE,
                                                kind__in=PROGRAMME_KINDS, issued_on__gte=campaign.launched_on)
            .select_related("organization").order_by("-issued_on", "-id"))


def programme_get(user, pk, action: str = VIEW) -> ActionProgramme:
    """A programme of an organisation the user sees (or, with `action`, acts for), or 404. A cell that owns one of
    its tasks reads the programme it carries out too (it changes only its own tasks)."""
    try:
        programme = ActionProgramme.objects.select_related("campaign__organization", "campaign__document",
                                                           "organization", "document").get(pk=pk)
    except (ActionProgramme.DoesNotExist, ValueError):
        raise Http404
    scope = scope_for(user)
    if scope.covers(programme.organization_id, action):
        return programme
    if action == VIEW and scope.can(VIEW) and programme.tasks.filter(scope.org_q("owner_organization_id")).exists():
        return programme
    raise Http404


def programme_tasks(programme: ActionProgramme):
    return programme.tasks.select_related("owner_organization", "evidence_document").order_by("deadline", "id")


def programme_reports(programme: ActionProgramme):
    return programme.reports.select_related("document").order_by("reported_on", "id")


def owner_organizations(programme: ActionProgramme):
    """Who may own a task: the programme's organisation and the active ones below it."""
    return (Organization.objects.filter(subtree_q("id", programme.organization_id),
                                        status=Organization.Status.ACTIVE).order_by("name_sort"))


def task_get(user, pk, action: str = MEETINGS) -> ProgrammeTask:
    """A task the user brings forward: of a programme of an organisation they act for, or owned by one, or 404."""
    try:
        task = ProgrammeTask.objects.select_related("programme__campaign__organization", "programme__organization",
                                                    "owner_organization", "evidence_document").get(pk=pk)
    except (ProgrammeTask.DoesNotExist, ValueError):
        raise Http404
    scope = scope_for(user)
    if not (scope.covers(task.programme.organization_id, action)
            or (task.owner_organization_id and scope.covers(task.owner_organization_id, action))):
        raise Http404
    return task


def final_report(programme: ActionProgramme) -> ImplementationReport | None:
    return programme.reports.filter(kind=ImplementationReport.Kind.FINAL).first()


def evidence_documents(user, task: ProgrammeTask):
    """The active documents issued or received since the programme's adoption in the registers of the task's
    organisations (the programme's, the owner's) that the user keeps, newest first."""
    organization_ids = {task.programme.organization_id, task.owner_organization_id} - {None}
    return (document_qs(user, DOCUMENTS).filter(organization_id__in=sorted(organization_ids),
                                                status=Document.Status.ACTIVE,
                                                issued_on__gte=task.programme.adopted_on)
            .select_related("organization").order_by("-issued_on", "-id"))


def default_signer(organization: Organization) -> tuple[str, str]:
    """(position, name) of who signs for the committee: its secretary in office, printed in Vietnamese."""
    seat = (Seat.objects.filter(body__organization=organization, ended_on__isnull=True, position=Position.SECRETARY)
            .select_related("member").order_by("pk").first())
    with translation.override("vi"):
        position = str(Position.SECRETARY.label)
    return position, seat.member.full_name if seat else ""
