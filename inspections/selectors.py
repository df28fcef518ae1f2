"""Reads of inspection, supervision and discipline, always through the user.

Confidentiality: a case file (steps, documents, findings, conclusion, remedies, discipline) is open to the
authority that runs it (users whose scope has INSPECT over the authority's organisation, or who sit on its
standing or inspection committee) and to the case team. Everyone else sees at most that a concluded case
exists when its subject is an organisation in their scope, and the remedies their organisations must carry out.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Case as DbCase
from django.db.models import Count, DateField, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from apparatus.models import Body, Seat, Term
from core.dates import add_months
from core.history import history_entries
from core.scope import INSPECT, REMEDY, VIEW, scope_for
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_qs, subtree_q, subtrees_ids
from rules.codes import DISCIPLINE_COMPLAINT_MONTHS
from rules.selectors import RuleMissing, rule_value
from rules.usage import applies

from .models import (
    Authority,
    Case,
    CaseType,
    DisciplineDecision,
    DisciplineForm,
    Finding,
    Programme,
    Remedy,
    SubjectKind,
    WorkflowTransition,
    overdue_q,
)


def _member_id(user):
    member = getattr(user, "member", None) if getattr(user, "is_authenticated", False) else None
    return member.pk if member else None


def _seat_organization_ids(user) -> set[int]:
    """Organisations on whose standing or inspection committee the user's member record sits today."""
    member_id = _member_id(user)
    if member_id is None:
        return set()
    cached = getattr(user, "_inspections_seats", None)
    if cached is None:
        cached = set(Seat.objects.filter(member_id=member_id, ended_on__isnull=True, body__kind__in=(
            Body.Kind.STANDING_COMMITTEE, Body.Kind.INSPECTION_COMMITTEE)).values_list("body__organization_id",
                                                                                     flat=True))
        try:
            user._inspections_seats = cached
        except AttributeError:
            pass
    return cached


def authority_q(user, field: str = "organization_id") -> Q:
    """Authorities whose files the user holds (scope INSPECT, or a seat on the committee)."""
    scope = scope_for(user)
    if scope.sees_everything(INSPECT):
        # Not Q(): an empty Q vanishes when OR-ed (Q() | x == x), which would narrow "everything" to x.
        return Q(**{f"{field}__isnull": False})
    q = scope.org_q(field, INSPECT) if scope.can(INSPECT) else Q(pk__in=[])
    seats = _seat_organization_ids(user)
    if seats:
        q |= Q(**{f"{field}__in": sorted(seats)})
    return q


def may_run_authority(user, organization_id: int) -> bool:
    """Whether the user runs the case files of the authorities of this organisation (INSPECT over it, or a seat on
    its standing or inspection committee)."""
    return scope_for(user).covers(organization_id, INSPECT) or organization_id in _seat_organization_ids(user)


def authority_qs(user):
    return Authority.objects.filter(authority_q(user)).select_related("organization")


def case_file_q(user) -> Q:
    """Cases whose file the user may open: the authority's, or the team's."""
    q = authority_q(user, "programme__authority__organization_id")
    member_id = _member_id(user)
    if member_id:
        q |= Q(pk__in=Case.objects.filter(Q(team_head_id=member_id) | Q(team_members__id=member_id)).values("pk"))
    return q


def case_file_qs(user):
    return Case.objects.filter(case_file_q(user)).distinct()


def team_cases(user):
    """The cases the user's member record is on the team of (head or member)."""
    member_id = _member_id(user)
    if member_id is None:
        return Case.objects.none()
    return (Case.objects.filter(Q(team_head_id=member_id) | Q(team_members__id=member_id)).distinct()
            .select_related("state", "programme__authority__organization").order_by("-planned_from", "-id"))


def case_capacities(user, case: Case) -> set[str]:
    """In which capacities the user acts on this case: 'authority', 'team', 'subject' (possibly none)."""
    scope = scope_for(user)
    capacities = set()
    authority_org = case.programme.authority.organization_id
    if scope.covers(authority_org, INSPECT) or authority_org in _seat_organization_ids(user):
        capacities.add("authority")
    member_id = _member_id(user)
    if member_id and (case.team_head_id == member_id or case.team_members.filter(pk=member_id).exists()):
        capacities.add("team")
    if any(scope.covers(org_id, REMEDY) for org_id in case.subject_organizations.values_list("pk", flat=True)):
        capacities.add("subject")
    return capacities


def can_open_case(user, case: Case) -> bool:
    return bool(case_capacities(user, case) & {"authority", "team"})


# What a page about a case asks of the user (the ObjectPage's `action`): VIEW, to hold the case file (the authority
# or the team); FILE, to work on it (the authority or the team, as the user's capacities on this very case);
# AUTHORITY, the authority only (edit the item, issue a discipline decision). Anything else answers 404.
FILE = "case_file"
AUTHORITY = "authority"
NEEDED = {FILE: {"authority", "team"}, AUTHORITY: {"authority"}}


def case_get(user, pk, action: str = VIEW) -> Case:
    """The case file, or 404 for anyone who does not hold it (no hint that it exists)."""
    try:
        case = case_file_qs(user).select_related("programme__authority__organization", "state", "team_head",
                                                 "workflow").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action in NEEDED and not case_capacities(user, case) & NEEDED[action]:
        raise Http404
    return case


def may_act(actor: str, capacities: set[str]) -> bool:
    """Whether a transition's actor (the workflow's data) is among the user's capacities on the case."""
    return bool(capacities & {WorkflowTransition.Actor.AUTHORITY: {"authority"},
                              WorkflowTransition.Actor.TEAM: {"authority", "team"},
                              WorkflowTransition.Actor.SUBJECT: {"authority", "team", "subject"}}[actor])


def allowed_transitions(case: Case) -> list[WorkflowTransition]:
    return list(WorkflowTransition.objects.filter(source=case.state).select_related("target")
                .order_by("target__order"))


def transitions_for(case: Case, capacities: set[str]) -> list[WorkflowTransition]:
    """The next steps the workflow lets a user with these capacities take on the case."""
    return [t for t in allowed_transitions(case) if may_act(t.actor, capacities)]


def programme_organizations(programme: Programme):
    """The organisations under the programme's authority, ended ones too (where its subjects, findings, remedies
    and discipline are), in name order: a subquery walking the authority's subtree, never the id list."""
    return Organization.objects.filter(subtree_q("id", programme.authority.organization_id)).order_by("name_sort")


def case_organizations(case: Case):
    return programme_organizations(case.programme)


def subtrees(root_ids) -> set[int]:
    """The organisations under any of `root_ids` (themselves included), reading only those rows."""
    return subtrees_ids([r for r in root_ids if r])


def members_under(organizations):
    """The active members of `organizations` (ids or a queryset of them), in name order."""
    return Member.objects.filter(organization_id__in=organizations, status__in=ACTIVE_STATUSES).order_by(
        "name_sort")


def case_member_choices(case, *, active_only: bool = True):
    """Who a finding or a discipline decision of this case may name: its members inspected and the members of
    its organisations inspected (and their subtrees) — not every member under the authority."""
    organization_ids = subtrees(case.subject_organizations.values_list("pk", flat=True))
    qs = Member.objects.filter(Q(organization_id__in=organization_ids) | Q(pk__in=case.subject_members.values("pk")))
    if active_only:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    return qs.order_by("name_sort")


def default_pool(organization_id: int) -> Q:
    """Whose members the case form lists first: those holding a seat today on a body of the authority's
    organisation (its committee members and inspection committee, where the team comes from) and the members of
    the cells directly under it, if they are below grassroots (a grassroots committee's own cells)."""
    cells = Organization.objects.filter(parent_id=organization_id, kind__holds_members=True,
                                        kind__tier=OrganizationKind.Tier.BELOW_GRASSROOTS).values("pk")
    seated = Seat.objects.filter(body__organization_id=organization_id, ended_on__isnull=True).values("member_id")
    return Q(organization_id=organization_id) | Q(organization_id__in=cells) | Q(pk__in=seated)


def inspecting_organizations(user):
    """The committees whose programmes the user may start (INSPECT over them)."""
    scope = scope_for(user)
    return Organization.objects.filter(scope.org_q("id", INSPECT), status=Organization.Status.ACTIVE).filter(
        kind__tier__in=(OrganizationKind.Tier.SUPERIOR, OrganizationKind.Tier.GRASSROOTS)).order_by("name_sort")


def cases_concerning(user):
    """Concluded cases whose subject is an organisation in the user's scope, and whose file they do not hold:
    only that they exist (type, authority, date) is shown, with `own_subjects` — the subject organisations in the
    user's scope. Neither the title nor the other subjects (the title often names them) are shown."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return Case.objects.none()
    subject = Case.objects.filter(scope.org_q("subject_organizations__id")).values("pk")
    own = Organization.objects.filter(scope.org_q("id")).only("id", "name", "name_sort").order_by("name_sort")
    return (Case.objects.filter(pk__in=subject, concluded_on__isnull=False)
            .exclude(pk__in=case_file_qs(user).values("pk"))
            .select_related("programme__authority__organization").order_by("-concluded_on")
            .prefetch_related(Prefetch("subject_organizations", queryset=own, to_attr="own_subjects")))


def programme_qs(user):
    return Programme.objects.filter(authority_q(user, "authority__organization_id")).select_related(
        "authority__organization")


def programme_get(user, pk, action: str = VIEW) -> Programme:
    try:
        return programme_qs(user).get(pk=pk)
    except (Programme.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def programme_cases(programme: Programme) -> list[Case]:
    """A programme's items with their subjects, team and state, in a fixed number of queries."""
    members = Member.objects.only("id", "full_name", "name_sort").order_by("name_sort")
    return list(programme.cases.select_related("state", "team_head").prefetch_related(
        Prefetch("subject_organizations", queryset=Organization.objects.only("id", "name", "name_sort")
                 .order_by("name_sort")),
        Prefetch("subject_members", queryset=members), Prefetch("team_members", queryset=members),
    ).annotate(remedies_open=Count("remedies", filter=Q(remedies__status__in=(Remedy.Status.OPEN,
                                                                               Remedy.Status.REPORTED))))
        .order_by("planned_from", "id"))


# The responsible organisation learns of a case only once it is concluded (the confidentiality rule);
# `services.remedy_add` refuses a remedy before, this keeps any older row out of their sight too.
CONCLUDED = Q(case__concluded_on__isnull=False)


def remedy_q(user) -> Q:
    """Remedies the user sees: those of case files they hold, and those their organisations must carry out (of
    concluded cases only)."""
    scope = scope_for(user)
    q = Q(case__in=case_file_qs(user).values("pk"))
    if scope.can(REMEDY):
        q |= scope.org_q("organization_id", REMEDY) & CONCLUDED
    return q


def remedy_qs(user):
    return Remedy.objects.filter(remedy_q(user)).select_related("organization", "case__programme__authority")


def remedy_rights(user, remedy: Remedy) -> tuple[bool, bool]:
    """(may report progress, may check it): the responsible organisation reports, the case file's holders check
    (and may report too)."""
    may_check = can_open_case(user, remedy.case)
    return scope_for(user).covers(remedy.organization_id, REMEDY) or may_check, may_check


def remedy_get(user, pk, action: str = VIEW) -> Remedy:
    """A remedy the user sees; with `action` REMEDY, one they may report on; INSPECT, one they may check."""
    try:
        remedy = remedy_qs(user).select_related("case__state").get(pk=pk)
    except (Remedy.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action in (REMEDY, INSPECT):
        may_report, may_check = remedy_rights(user, remedy)
        if not (may_report if action == REMEDY else may_check):
            raise Http404
    return remedy


def remedy_history(remedy: Remedy, may_check: bool) -> list:
    """The remedy's history; for those who do not hold the case file, the case is named by its type only (its title
    stays in the file)."""
    entries = history_entries(remedy, limit=30)
    if not may_check:
        label = str(Remedy._meta.get_field("case").verbose_name)
        for entry in entries:
            for change in entry.changes:
                if change.field == label:
                    change.old = remedy.case.get_type_display() if change.old else change.old
                    change.new = remedy.case.get_type_display()
    return entries


def overdue_remedies(user, *, today: datetime.date | None = None, responsible_only: bool = False):
    """Remedies past their deadline and not reported done. `responsible_only`: only those the user's
    organisations must carry out, outside the case files the user holds (the secretary's to-do)."""
    today = today or datetime.date.today()
    scope = scope_for(user)
    if responsible_only:
        if not scope.can(REMEDY):
            return Remedy.objects.none()
        qs = Remedy.objects.filter(scope.org_q("organization_id", REMEDY), CONCLUDED).exclude(
            case__in=case_file_qs(user).values("pk"))
    else:
        qs = Remedy.objects.filter(remedy_q(user))
    return qs.filter(overdue_q(today)).select_related("organization", "case").order_by("deadline", "id")


def remedies_to_carry_out(user):
    """Remedies still in progress that the user's organisations are responsible for (their work list); those of
    case files the user holds are followed on the inspection page instead."""
    scope = scope_for(user)
    if not scope.can(REMEDY):
        return Remedy.objects.none()
    return (Remedy.objects.filter(scope.org_q("organization_id", REMEDY), CONCLUDED, status=Remedy.Status.OPEN)
            .exclude(case__in=case_file_qs(user).values("pk"))
            .select_related("organization", "case").order_by("deadline", "id"))


def remedy_todo(user, *, today: datetime.date | None = None, limit: int = 10) -> dict:
    """The home page's block: overdue remedies the user's organisations must act on (two queries)."""
    qs = overdue_remedies(user, today=today, responsible_only=True)
    items = list(qs[:limit])
    total = len(items) if len(items) < limit else qs.count()
    return {"items": items, "total": total}


def decision_qs(user):
    """Discipline decisions: the issuing authority's and the case team's (a decision is part of the file)."""
    return DisciplineDecision.objects.filter(
        authority_q(user, "authority__organization_id") | Q(case__in=case_file_qs(user).values("pk"))
    ).select_related("authority__organization", "organization", "member", "case")


def decision_get(user, pk, action: str = VIEW) -> DisciplineDecision:
    try:
        return decision_qs(user).get(pk=pk)
    except (DisciplineDecision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@applies(DISCIPLINE_COMPLAINT_MONTHS,
         where=_("Discipline decision page: the last day to complain, from the day the decision was received"))
def complaint_deadline(decision: DisciplineDecision, received_on: datetime.date | None = None) -> datetime.date | None:
    """The last day to complain: the rule's months from receipt of the decision (unknown before receipt).
    `received_on`: the day a given complainant received it (receipt is per person); by default the receipt
    recorded on the decision."""
    received_on = received_on or decision.received_on
    if not received_on:
        return None
    try:
        months = int(rule_value(DISCIPLINE_COMPLAINT_MONTHS, on=received_on))
    except RuleMissing:
        return None
    return add_months(received_on, months)


# -- statistics ---------------------------------------------------------------------------------------------

PERIODS = ("month", "q1", "h1", "m9", "year", "term")


@dataclass
class Period:
    kind: str
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def end_exclusive(self) -> datetime.date:
        return self.end + datetime.timedelta(days=1)


def term_of(user, on: datetime.date):
    """The term in force on `on` of the highest organisation the user reports for (the Bloc for its standing
    committee): its start and the day before the next one started (None, None when none is recorded)."""
    top = organization_qs(user).with_tree_fields().order_by("tree_depth", "name_sort").only("id").first()
    if top is None:
        return None, None
    term = (Term.objects.filter(organization_id=top.pk, started_on__lte=on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on)).order_by("-started_on").first())
    if term is None:
        return None, None
    return term.started_on, (term.ended_on - datetime.timedelta(days=1)) if term.ended_on else None


def period_for(kind: str, year: int, month: int = 1, term_start: datetime.date | None = None,
               term_end: datetime.date | None = None) -> Period:
    """The reporting periods of the inspection sector: a month, the first quarter, 6 and 9 months and the year
    (cumulative from 1 January), and a term (from its start to its end; five years when it has not ended)."""
    first = datetime.date(year, 1, 1)
    months = {"q1": 3, "h1": 6, "m9": 9, "year": 12}
    if kind == "month":
        start = datetime.date(year, month, 1)
        return Period(kind, start, add_months(start, 1) - datetime.timedelta(days=1))
    if kind == "term":
        start = term_start or datetime.date(year, 1, 1)
        return Period(kind, start, term_end or add_months(start, 60) - datetime.timedelta(days=1))
    return Period(kind, first, add_months(first, months[kind]) - datetime.timedelta(days=1))


def statistics(user, period: Period, *, today: datetime.date | None = None) -> dict:
    """The periodic report over the case files the user holds, in a fixed number of queries."""
    today = today or datetime.date.today()
    cases = case_file_qs(user)
    within = {"gte": period.start, "lt": period.end_exclusive}

    def in_period(field):
        return Q(**{f"{field}__gte": within["gte"], f"{field}__lt": within["lt"]})

    rows = {t: Counter() for t in CaseType.values}
    for row in (Case.objects.filter(pk__in=cases.values("pk"))
                .values("type").order_by()
                .annotate(planned=Count("id", distinct=True, filter=in_period("planned_from")),
                          started=Count("id", distinct=True, filter=in_period("decided_on")),
                          concluded=Count("id", distinct=True, filter=in_period("concluded_on")),
                          closed=Count("id", distinct=True, filter=in_period("closed_on")),
                          organizations=Count("subject_organizations", filter=in_period("decided_on"),
                                              distinct=True),
                          members=Count("subject_members", filter=in_period("decided_on"), distinct=True))):
        rows[row["type"]].update({k: v for k, v in row.items() if k != "type"})
    by_type = [{"code": code, "label": label, **{k: rows[code][k] for k in
                ("planned", "started", "concluded", "closed", "organizations", "members")}}
               for code, label in CaseType.choices]
    totals = {k: sum(r[k] for r in by_type) for k in ("planned", "started", "concluded", "closed", "organizations",
                                                      "members")}

    state_rows = list(Case.objects.filter(pk__in=cases.values("pk")).filter(
        planned_from__lt=period.end_exclusive).exclude(closed_on__lt=period.start)
        .values("state_id", "state__label", "state__order").order_by("state__order", "state_id").annotate(n=Count("id")))
    by_state = [{"id": r["state_id"], "label": r["state__label"], "n": r["n"]} for r in state_rows]

    violations = Finding.objects.filter(case__in=cases.values("pk"), kind=Finding.Kind.VIOLATION).filter(
        in_period("case__concluded_on")).aggregate(
        n=Count("id"), organizations=Count("organization", distinct=True), members=Count("member", distinct=True))

    discipline = defaultdict(Counter)
    for row in (DisciplineDecision.objects.filter(pk__in=decision_qs(user).values("pk")).filter(
            in_period("decided_on")).values("subject_kind", "form").order_by().annotate(n=Count("id"))):
        discipline[row["subject_kind"]][row["form"]] = row["n"]
    discipline_rows = [{"code": code, "label": label,
                        "forms": [discipline[code][f] for f in DisciplineForm.values],
                        "total": sum(discipline[code].values())} for code, label in SubjectKind.choices]

    remedies = Remedy.objects.filter(case__in=cases.values("pk")).filter(in_period("deadline")).aggregate(
        total=Count("id"), done=Count("id", filter=Q(status=Remedy.Status.DONE)),
        reported=Count("id", filter=Q(status=Remedy.Status.REPORTED)),
        carried_over=Count("id", filter=Q(status=Remedy.Status.CARRIED_OVER)),
        overdue=Count("id", filter=overdue_q(today)))
    return {"period": period, "by_type": by_type, "totals": totals, "by_state": by_state, "violations": violations,
            "discipline": discipline_rows, "forms": [(f, DisciplineForm(f).label) for f in DisciplineForm.values],
            "remedies": remedies}


def has_inspection_work(user, scope=None) -> bool:
    """Whether the inspection page has anything for the user (the menu shows it only then): they run an
    authority's files, sit on a case team, answer for remedies, or may see concluded cases about their
    organisations. At most one query, none for a user whose scope already answers."""
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope or scope_for(user)
    if scope.can(INSPECT) or scope.can(REMEDY) or scope.can(VIEW):
        return True
    return _seat_or_team(user)


def _seat_or_team(user) -> bool:
    """Whether the user's member record sits on a standing or inspection committee today, or on a case team: one
    query (none once known for this request, or when the seats were already read)."""
    cached = getattr(user, "_inspections_seat_or_team", None)
    if cached is not None:
        return cached
    if getattr(user, "_inspections_seats", None):
        return True
    member_id = scope_for(user).own_member_id or _member_id(user)
    if member_id is None:
        cached = False
    else:
        seats = Seat.objects.filter(member_id=member_id, ended_on__isnull=True, body__kind__in=(
            Body.Kind.STANDING_COMMITTEE, Body.Kind.INSPECTION_COMMITTEE)).values("pk").order_by()
        team = Case.objects.filter(Q(team_head_id=member_id) | Q(team_members__id=member_id)).values("pk").order_by()
        cached = seats.union(team).exists()
    try:
        user._inspections_seat_or_team = cached
    except AttributeError:
        pass
    return cached


def holds_case_files(user) -> bool:
    """Whether the user holds any case file: INSPECT somewhere, a seat on a standing or inspection committee, or a
    place on a case team (the case list and the home's "my cases" are theirs only). At most one query, cached."""
    if not getattr(user, "is_authenticated", False):
        return False
    return scope_for(user).can(INSPECT) or _seat_or_team(user)


def may_open_statistics(user) -> bool:
    """The guard of the statistics page: INSPECT somewhere, or an authority whose files the user holds by a seat."""
    return scope_for(user).can(INSPECT) or authority_qs(user).exists()


# -- what is due next on a case file -----------------------------------------------------------------------------

PENDING_REMEDY = (Remedy.Status.OPEN, Remedy.Status.REPORTED)


def open_case_q(prefix: str = "") -> Q:
    """A case still running: neither closed nor cancelled."""
    return Q(**{f"{prefix}closed_on__isnull": True}) & ~Q(**{f"{prefix}state__is_cancelled": True}) & ~Q(
        **{f"{prefix}state__is_final": True})


def with_next_due(queryset):
    """Cases annotated with `next_due`, the date of what is due next on each, computed by the database (so the
    list sorts and filters by it): the decision by the start of the plan, the self-report while it is awaited,
    the conclusion by the end of the plan, then the earliest deadline among the remedies still pending; none
    for a closed or cancelled case."""
    earliest_remedy = Subquery(Remedy.objects.filter(case=OuterRef("pk"), status__in=PENDING_REMEDY)
                               .order_by("deadline").values("deadline")[:1])
    return queryset.annotate(next_due=DbCase(
        When(Q(closed_on__isnull=False) | Q(state__is_cancelled=True) | Q(state__is_final=True), then=Value(None)),
        When(decided_on__isnull=True, then=F("planned_from")),
        When(state__sets_self_report_due=True, self_report_due__isnull=False, then=F("self_report_due")),
        When(concluded_on__isnull=True, then=F("planned_to")),
        default=earliest_remedy, output_field=DateField()))


NEXT_DUE_LABELS = {
    "decision": _("Decision to start, by"),
    "self_report": _("Self-report due"),
    "conclusion": _("Conclusion, by the end of the plan"),
    "remedy": _("Earliest remedy deadline"),
    "close": _("Close the case"),
}


def next_due_kind(case) -> str:
    """Which of NEXT_DUE_LABELS `case.next_due` is (the same order as with_next_due)."""
    if case.closed_on or case.state.is_cancelled or case.state.is_final:
        return ""
    if not case.decided_on:
        return "decision"
    if case.state.sets_self_report_due and case.self_report_due:
        return "self_report"
    if not case.concluded_on:
        return "conclusion"
    return "remedy" if getattr(case, "next_due", None) else "close"


def next_steps(cases) -> dict[int, WorkflowTransition]:
    """The next step forward of each case's state (the workflow's first transition to a later state that does not
    cancel), in one query whatever the number of cases."""
    state_ids = {c.state_id for c in cases}
    found: dict[int, WorkflowTransition] = {}
    if not state_ids:
        return found
    for t in (WorkflowTransition.objects.filter(source_id__in=state_ids, target__is_cancelled=False)
              .select_related("source", "target").order_by("source_id", "target__order")):
        if t.target.order > t.source.order:
            found.setdefault(t.source_id, t)
    return found


def describe_next(cases, today: datetime.date) -> None:
    """Sets on each case `due_kind`, `due_label`, `next_step` (the label of the state it moves to next) and
    `overdue` (what is due next is past its date). One query for the steps."""
    steps = next_steps(cases)
    for case in cases:
        case.due_kind = next_due_kind(case)
        case.due_label = NEXT_DUE_LABELS.get(case.due_kind, "")
        step = steps.get(case.state_id)
        case.next_step = step.target.label if step else ""
        case.overdue = bool(case.next_due and case.next_due < today)


def case_list_qs(user):
    """The case files the user holds, each with what is due next (the case list's rows)."""
    return with_next_due(case_file_qs(user).select_related("state", "programme__authority__organization"))


def my_cases(user, *, today: datetime.date | None = None, limit: int = 8) -> dict | None:
    """The home page's block for whoever holds case files: the open ones, what is due next first, how many are
    overdue, and the remedies of those files to follow up (reported done and awaiting the check; overdue). None for
    whoever holds none. Three queries (the counts, the first cases, their next steps), one when nothing runs."""
    if not holds_case_files(user):
        return None
    today = today or datetime.date.today()
    held = with_next_due(Case.objects.filter(pk__in=case_file_qs(user).values("pk")))
    running = open_case_q()
    counts = held.aggregate(  # one query: the running cases, and the remedies of every file held
        total=Count("id", distinct=True, filter=running),
        overdue=Count("id", distinct=True, filter=running & Q(next_due__lt=today)),
        remedies_reported=Count("remedies", distinct=True, filter=Q(remedies__status=Remedy.Status.REPORTED)),
        remedies_overdue=Count("remedies", distinct=True, filter=Q(remedies__status=Remedy.Status.OPEN,
                                                                   remedies__deadline__lt=today)))
    if not any(counts.values()):
        return None
    items = []
    if counts["total"]:
        items = list(held.filter(running).select_related("state").order_by(F("next_due").asc(nulls_last=True),
                                                                             "id")[:limit])
        describe_next(items, today)
    return {"items": items, **counts, "today": today}


def remedy_list_qs(user):
    """The remedies the user sees (remedy_q), for the remedy list."""
    return Remedy.objects.filter(remedy_q(user)).select_related("organization", "case__programme__authority")


def held_remedy_q(user) -> Q:
    """Remedies of the case files the user holds (the holder follows them up and checks them)."""
    return Q(case__in=case_file_qs(user).values("pk"))


def responsible_remedy_q(user) -> Q:
    """Remedies the user's organisations must carry out, outside the case files they hold (as remedies_to_carry_out
    and the home's to-do)."""
    scope = scope_for(user)
    if not scope.can(REMEDY):
        return Q(pk__in=[])
    return scope.org_q("organization_id", REMEDY) & CONCLUDED & ~held_remedy_q(user)
