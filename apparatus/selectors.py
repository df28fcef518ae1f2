"""Reads of the apparatus, always through the user's scope, and the rule checks that turn the
state of each organisation's terms and committees into warnings. Every page here runs a fixed
number of queries whatever the number of organisations."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.dates import add_months, dmy
from core.scope import RESTRUCTURE, VIEW, scope_for
from members.choices import ACTIVE_STATUSES
from members.choices import Status as MemberStatus
from members.models import Member
from organizations.figures import scope_total
from organizations.models import Organization, OrganizationKind
from organizations.selectors import organization_qs
from rules.codes import (
    CELL_COMMITTEE_MAX_SIZE,
    CELL_COMMITTEE_MIN_FULL_MEMBERS,
    CELL_COMMITTEE_MIN_SIZE,
    CELL_MIN_FULL_MEMBERS,
    FULL_TIME_POST_MEMBER_THRESHOLD,
    GRASSROOTS_COMMITTEE_MIN_MEMBERS,
)
from rules.models import Rule
from rules.selectors import RuleBook
from rules.usage import applies

from .congress import CongressDue, congress_due
from .models import MAIN_BODY_KINDS, POSITION_ORDER, AllowanceRate, Body, Position, Seat, Term


def body_kinds_for(organization: Organization) -> tuple[str, ...]:
    """The bodies an organisation of this kind elects: a cell has a cell committee (or just a secretary);
    a committee has an executive and a standing committee, and at grassroots level and above an
    inspection committee."""
    kind = organization.kind
    if not kind.elects_committee:
        return ()
    if kind.holds_members:
        return (Body.Kind.CELL_COMMITTEE,)
    kinds = [Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.STANDING_COMMITTEE]
    if kind.tier != OrganizationKind.Tier.BELOW_GRASSROOTS:
        kinds.append(Body.Kind.INSPECTION_COMMITTEE)
    return tuple(kinds)


def main_body_kind(organization: Organization) -> str:
    return Body.Kind.CELL_COMMITTEE if organization.kind.holds_members else Body.Kind.EXECUTIVE_COMMITTEE


# -- scoped querysets ------------------------------------------------------------------------------------------

def seat_qs(user, action: str = VIEW):
    scope = scope_for(user)
    if not scope.can(action):
        return Seat.objects.none()
    return Seat.objects.filter(scope.org_q("body__organization_id", action))


def seat_get(user, pk, action: str = VIEW) -> Seat:
    try:
        return seat_qs(user, action).select_related("body__organization__kind", "body__term", "member",
                                                    "allowance_category").get(pk=pk)
    except (Seat.DoesNotExist, ValueError):
        raise Http404


def body_get(user, pk, action: str = VIEW) -> Body:
    scope = scope_for(user)
    try:
        body = Body.objects.select_related("organization__kind", "term").get(pk=pk)
    except (Body.DoesNotExist, ValueError):
        raise Http404
    if not scope.covers(body.organization_id, action):
        raise Http404
    return body


def term_get(user, pk, action: str = VIEW) -> Term:
    try:
        term = Term.objects.select_related("organization__kind").get(pk=pk)
    except (Term.DoesNotExist, ValueError):
        raise Http404
    if not scope_for(user).covers(term.organization_id, action):
        raise Http404
    return term


def position_rank():
    """Positions in the order a committee's list is read (secretary first), for ordering in the database."""
    return Case(*[When(position=code, then=Value(rank)) for code, rank in POSITION_ORDER.items()],
                default=Value(len(POSITION_ORDER)), output_field=IntegerField())


def seat_list_qs(user):
    return seat_qs(user).select_related(
        "member", "body__organization__kind", "body__organization__parent", "body__term", "allowance_category",
    ).annotate(position_rank=position_rank())


def grassroots_committee_q(prefix: str = "") -> Q:
    """Seats on "the grassroots committee" (cấp ủy cơ sở): the executive committee of a grassroots committee
    or the cell committee of a grassroots cell. Standing committee seats are held by people already on the
    executive committee, and inspection committees are not the committee, so neither is counted."""
    return Q(**{f"{prefix}body__kind__in": MAIN_BODY_KINDS,
                f"{prefix}body__organization__kind__tier": OrganizationKind.Tier.GRASSROOTS})


def member_seats(member: Member):
    """Every seat the member held or holds, newest first (the member page has already checked scope)."""
    return (member.seats.select_related("body__organization", "body__term", "allowance_category")
            .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "id"))


def committee_member_figures(user) -> dict:
    """The article's figure: grassroots committee members now in office, and how many are concurrent (from the
    organisations' kept figures: apparatus.figures)."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return {"total": 0, "concurrent": 0, "share": None}
    kept = scope_total(scope)
    total, concurrent = kept.get("seats:committee", 0), kept.get("seats:committee_concurrent", 0)
    return {"total": total, "concurrent": concurrent, "share": round(100 * concurrent / total, 1) if total else None}


def report_issuer(user) -> str:
    """The highest organisation the user works for: it heads a printed report."""
    top = organization_qs(user).with_tree_fields().order_by("tree_depth", "name_sort").only("name").first()
    return top.name if top else ""


# -- the state of each organisation and its warnings -----------------------------------------------------------

@dataclass
class Problem:
    organization: Organization
    code: str
    message: str
    severity: str  # danger, warning, info

    LABELS = {
        "no_secretary": gettext_lazy("Vacancy: no secretary"),
        "congress_overdue": gettext_lazy("Congress overdue"),
        "congress_due": gettext_lazy("Congress due soon"),
        "no_term": gettext_lazy("No term recorded"),
        "committee_missing": gettext_lazy("Cell committee missing"),
        "committee_oversized": gettext_lazy("Cell committee too large"),
        "committee_not_expected": gettext_lazy("Committee larger than the cell may elect"),
        "probationary_seat": gettext_lazy("Seat held by a probationary member"),
        "cell_below_minimum": gettext_lazy("Cell below the minimum of full members"),
        "grassroots_cell_too_large": gettext_lazy("Grassroots cell large enough for a grassroots committee"),
    }
    SEVERITY = {"no_secretary": "danger", "congress_overdue": "danger", "congress_due": "info", "no_term": "warning",
                "committee_missing": "warning", "committee_oversized": "warning",
                "committee_not_expected": "warning", "probationary_seat": "warning", "cell_below_minimum": "warning",
                "grassroots_cell_too_large": "warning"}
    # What the organisation's shape asks of the organisation above (the to-do of whoever restructures it).
    STRUCTURE = ("cell_below_minimum", "grassroots_cell_too_large")

    @property
    def label(self):
        return self.LABELS[self.code]


@dataclass(frozen=True)
class BodyRef:
    """A body in office, as the checks need it (no model object: there can be thousands)."""

    pk: int
    kind: str
    term_id: int

    def get_kind_display(self):
        return Body.Kind(self.kind).label


@dataclass
class ApparatusState:
    organization: Organization
    term: Term | None = None
    congress: CongressDue | None = None
    bodies: dict = field(default_factory=dict)  # kind -> Body (current term, active)
    seats_by_body: dict = field(default_factory=dict)  # body id -> Counter(position)
    probationary_by_body: dict = field(default_factory=dict)
    full_time_by_body: dict = field(default_factory=dict)
    full_members: int = 0
    members: int = 0  # registered members (full and probationary), for the structure checks
    problems: list = field(default_factory=list)
    congress_rule: Rule | None = None  # the rule the congress interval comes from (in force when the term began)

    @property
    def interval_source(self) -> str:
        """Where the congress interval comes from, in a sentence: "Every 30 months (label, in force on dd/mm/yyyy)"."""
        if self.congress is None or self.congress_rule is None:
            return ""
        text = _("Every %(months)d months: %(rule)s, the rule in force on %(date)s.") % {
            "months": self.congress.interval.months, "rule": self.congress_rule.label,
            "date": dmy(self.congress.interval.on)}
        if self.congress_rule.unconfirmed:
            text += " " + _("(Not yet confirmed.)")
        return text

    @property
    def main_body(self) -> BodyRef | None:
        for kind in MAIN_BODY_KINDS:
            if kind in self.bodies:
                return self.bodies[kind]
        return None

    def size(self, kind) -> int:
        body = self.bodies.get(kind)
        return sum(self.seats_by_body.get(body.pk, Counter()).values()) if body else 0

    @property
    def committee_size(self) -> int:
        body = self.main_body
        return sum(self.seats_by_body.get(body.pk, Counter()).values()) if body else 0

    @property
    def full_time(self) -> int:
        return sum(self.full_time_by_body.get(b.pk, 0) for b in self.bodies.values())

    @property
    def has_secretary(self) -> bool:
        body = self.main_body
        return bool(body and self.seats_by_body.get(body.pk, Counter())[Position.SECRETARY])


def apparatus_states(organizations, *, today: datetime.date | None = None, rules: RuleBook | None = None
                     ) -> dict[int, ApparatusState]:
    """The apparatus state and its problems for each organisation of `organizations` (those active that elect a
    committee, and the cells, which hold members: their size is checked even where no committee is elected), in
    five queries."""
    today = today or datetime.date.today()
    rules = rules or RuleBook()
    organizations = organizations.filter(Q(kind__elects_committee=True) | Q(kind__holds_members=True),
                                         status=Organization.Status.ACTIVE)
    # Thousands of organisations at province size: kinds come from a dict and the parent only as its name, and
    # bodies as light references, so that building model objects does not dominate the page.
    kinds = {kind.pk: kind for kind in OrganizationKind.objects.all()}
    states = {}
    for organization in organizations.annotate(parent_name=F("parent__name")):
        organization._state.fields_cache["kind"] = kinds[organization.kind_id]
        states[organization.pk] = ApparatusState(organization)
    ids = organizations.values("id")
    for term in Term.objects.filter(organization_id__in=ids, ended_on__isnull=True):
        states[term.organization_id].term = term
    bodies = Body.objects.filter(organization_id__in=ids, ended_on__isnull=True, term__ended_on__isnull=True)
    for pk, organization_id, kind, term_id in bodies.values_list("id", "organization_id", "kind", "term_id"):
        states[organization_id].bodies[kind] = BodyRef(pk=pk, kind=kind, term_id=term_id)
    seat_rows = (
        Seat.objects.filter(body__organization_id__in=ids, ended_on__isnull=True, body__ended_on__isnull=True)
        .values("body_id", "body__organization_id", "position")
        .annotate(n=Count("id"), probationary=Count("id", filter=Q(member__status=MemberStatus.PROBATIONARY)),
                  full_time=Count("id", filter=Q(engagement=Seat.Engagement.FULL_TIME)))
        .order_by()
    )
    for row in seat_rows:
        state = states[row["body__organization_id"]]
        state.seats_by_body.setdefault(row["body_id"], Counter())[row["position"]] += row["n"]
        state.probationary_by_body[row["body_id"]] = state.probationary_by_body.get(row["body_id"], 0) + \
            row["probationary"]
        state.full_time_by_body[row["body_id"]] = state.full_time_by_body.get(row["body_id"], 0) + row["full_time"]
    counts = (Member.objects.filter(organization_id__in=ids, status__in=ACTIVE_STATUSES)
              .values_list("organization_id").annotate(full=Count("id", filter=Q(status=MemberStatus.FULL)),
                                                       n=Count("id")).order_by())
    for org_id, full, n in counts:
        states[org_id].full_members, states[org_id].members = full, n
    for state in states.values():
        state.problems = _judge(state, today, rules)
    return states


def _problem(state, code, message) -> Problem:
    return Problem(organization=state.organization, code=code, message=message, severity=Problem.SEVERITY[code])


@applies(CELL_MIN_FULL_MEMBERS,
         where=gettext_lazy("Apparatus health and the to-do of the organisation above: a cell with fewer full members "
                            "than the minimum (the rule in force today)"), page="apparatus:health")
def _below_minimum(organization: Organization, full_members: int, today: datetime.date, value) -> Problem | None:
    """A cell (a kind that holds members) with fewer full members than a cell needs."""
    if not organization.kind.holds_members:
        return None
    minimum = value(CELL_MIN_FULL_MEMBERS, on=today)
    if full_members >= minimum:
        return None
    message = ngettext(
        "%(full)d full member: a cell needs at least %(min)d. The organisation above consolidates it (adds members, "
        "or merges it with another cell).",
        "%(full)d full members: a cell needs at least %(min)d. The organisation above consolidates it (adds members, "
        "or merges it with another cell).", full_members) % {"full": full_members, "min": minimum}
    return Problem(organization, "cell_below_minimum", message, Problem.SEVERITY["cell_below_minimum"])


@applies(GRASSROOTS_COMMITTEE_MIN_MEMBERS,
         where=gettext_lazy("Apparatus health and the to-do of the organisation above: a grassroots cell that has "
                            "reached the members of a grassroots committee (the rule in force today)"),
         page="apparatus:health")
def _too_large_for_a_cell(organization: Organization, members: int, today: datetime.date, value) -> Problem | None:
    """A grassroots cell (grassroots tier, holding members directly) that has reached the size at which a grassroots
    organisation is a grassroots committee with subordinate cells."""
    kind = organization.kind
    if not (kind.holds_members and kind.tier == OrganizationKind.Tier.GRASSROOTS):
        return None
    line = value(GRASSROOTS_COMMITTEE_MIN_MEMBERS, on=today)
    if members < line:
        return None
    return Problem(organization, "grassroots_cell_too_large", _(
        "%(n)d members: a grassroots organisation of %(line)d members or more is a grassroots committee with "
        "subordinate cells.") % {"n": members, "line": line}, Problem.SEVERITY["grassroots_cell_too_large"])


def _structure(organization: Organization, full_members: int, members: int, today: datetime.date, value
               ) -> list[Problem]:
    found = (_below_minimum(organization, full_members, today, value),
             _too_large_for_a_cell(organization, members, today, value))
    return [p for p in found if p is not None]


@applies(CELL_COMMITTEE_MIN_FULL_MEMBERS, CELL_COMMITTEE_MAX_SIZE, CELL_COMMITTEE_MIN_SIZE,
         where=gettext_lazy("Apparatus health: a cell committee missing, too large, or larger than the cell may elect "
                            "(the rules in force today)"), page="apparatus:health")
def _judge(state: ApparatusState, today: datetime.date, rules: RuleBook) -> list[Problem]:
    organization, problems = state.organization, []
    problems.extend(_structure(organization, state.full_members, state.members, today, rules.value))
    if not organization.kind.elects_committee:
        return problems  # a kind that holds members without electing anyone: only its size is checked
    term = state.term
    if term is None:
        problems.append(_problem(state, "no_term", _("No current term is recorded: record the last congress or "
                                                     "the designation.")))
    else:
        held_on = term.congress_on or term.started_on
        state.congress = congress_due(organization.kind.tier, held_on, today, rules.value,
                                      pilot=organization.kind.cell_congress_pilot)
        congress = state.congress
        state.congress_rule = rules.get(congress.interval.code, on=congress.interval.on)
        if congress.status == CongressDue.OVERDUE:
            message = _("The term %(label)s began on %(held)s; the next congress was due by %(due)s.") % {
                "label": term.label, "held": dmy(held_on), "due": dmy(congress.due_on)}
            if congress.latest_on > today:
                message += " " + _("With the superior's approval it may be held until %(latest)s.") % {
                    "latest": dmy(congress.latest_on)}
            problems.append(_problem(state, "congress_overdue", f"{message} {state.interval_source}"))
        elif congress.status == CongressDue.DUE:
            problems.append(_problem(state, "congress_due", _("The next congress is due by %(due)s.")
                                     % {"due": dmy(congress.due_on)} + f" {state.interval_source}"))
    if term is not None and not state.has_secretary:
        problems.append(_problem(state, "no_secretary", _("The %(body)s of the term %(label)s has no secretary.")
                                 % {"body": Body.Kind(state.main_body.kind).label if state.main_body
                                    else Body.Kind.EXECUTIVE_COMMITTEE.label if not organization.kind.holds_members
                                    else Body.Kind.CELL_COMMITTEE.label, "label": term.label}))
    cell_committee = state.bodies.get(Body.Kind.CELL_COMMITTEE)
    if organization.kind.holds_members and term is not None:
        threshold = rules.value(CELL_COMMITTEE_MIN_FULL_MEMBERS, on=today)
        maximum = rules.value(CELL_COMMITTEE_MAX_SIZE, on=today)
        minimum = rules.value(CELL_COMMITTEE_MIN_SIZE, on=today)
        seats = state.seats_by_body.get(cell_committee.pk, Counter()) if cell_committee else Counter()
        size = sum(seats.values())
        if state.full_members >= threshold and size < minimum:
            problems.append(_problem(state, "committee_missing", _(
                "%(full)d full members: the cell elects a cell committee (at least %(min)d), it has %(size)d.")
                % {"full": state.full_members, "min": minimum, "size": size}))
        if size > maximum:
            problems.append(_problem(state, "committee_oversized", _(
                "The cell committee has %(size)d members; at most %(max)d.") % {"size": size, "max": maximum}))
        if state.full_members < threshold and (seats[Position.COMMITTEE_MEMBER] or seats[Position.DEPUTY_SECRETARY] > 1):
            problems.append(_problem(state, "committee_not_expected", _(
                "%(full)d full members (fewer than %(threshold)d): the cell elects only a secretary and, if needed, "
                "a deputy.") % {"full": state.full_members, "threshold": threshold}))
    probationary = sum(state.probationary_by_body.get(b.pk, 0) for b in state.bodies.values())
    if probationary:
        problems.append(_problem(state, "probationary_seat", _(
            "%(n)d seat(s) held by probationary members: only full members sit on a committee.") % {"n": probationary}))
    return problems


def organization_apparatus(user, organization: Organization, *, today=None) -> ApparatusState | None:
    """The organisation page's apparatus: its state, terms, and bodies with their seats (the caller checked
    scope on the organisation)."""
    if not organization.kind.elects_committee:
        return None
    if not organization.is_active:
        return ApparatusState(organization)  # its terms and seats are history: nothing is due any more
    states = apparatus_states(Organization.objects.filter(pk=organization.pk), today=today)
    return states.get(organization.pk)


def organization_leaders(state: ApparatusState | None) -> list[Seat]:
    """Secretary and deputies in office on the organisation's committee (for its summary card)."""
    if state is None or state.main_body is None:
        return []
    leading = (Position.SECRETARY, Position.STANDING_DEPUTY_SECRETARY, Position.DEPUTY_SECRETARY)
    seats = Seat.objects.filter(body_id=state.main_body.pk, ended_on__isnull=True,
                                position__in=leading).select_related("member")
    return sorted(seats, key=lambda s: (POSITION_ORDER[s.position], s.member.name_sort))


def organization_terms(organization: Organization):
    return organization.terms.order_by("-started_on")


def organization_bodies(organization: Organization, *, include_past: bool = False):
    """Bodies of the current term (or all terms) with their seats, holders and ordering done in Python."""
    bodies = organization.bodies.select_related("term").order_by("-term__started_on", "kind")
    if not include_past:
        bodies = bodies.filter(term__ended_on__isnull=True)
    bodies = list(bodies)
    seats = (Seat.objects.filter(body__in=[b.pk for b in bodies]).select_related("member", "allowance_category")
             .order_by("started_on"))
    by_body = defaultdict(list)
    for seat in seats:
        by_body[seat.body_id].append(seat)
    kind_order = {kind: i for i, kind in enumerate(Body.Kind.values)}
    for body in bodies:
        body.seat_list = sorted(by_body[body.pk], key=lambda s: (s.ended_on is not None, POSITION_ORDER[s.position],
                                                                s.member.name_sort))
        body.active_seats = [s for s in body.seat_list if s.ended_on is None]
        body.past_seats = [s for s in body.seat_list if s.ended_on is not None]
    bodies.sort(key=lambda b: (-b.term.started_on.toordinal(), kind_order[b.kind]))
    return bodies


def health_report(user, *, today=None, code: str = "", organizations=None) -> dict:
    """Bloc-wide (or the user's subtree) apparatus problems, worst first; of `organizations` only, when given."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return {"problems": [], "counts": [], "organizations": 0, "states": {}}
    organizations = (Organization.objects if organizations is None else organizations).filter(scope.org_q("id"))
    states = apparatus_states(organizations, today=today)
    problems = [p for s in states.values() for p in s.problems]
    counts = Counter(p.code for p in problems)
    if code:
        problems = [p for p in problems if p.code == code]
    severity_order = {"danger": 0, "warning": 1, "info": 2}
    problems.sort(key=lambda p: (severity_order[p.severity], list(Problem.LABELS).index(p.code),
                                 p.organization.name_sort))
    return {
        "problems": problems,
        "counts": [{"code": c, "label": Problem.LABELS[c], "severity": Problem.SEVERITY[c], "n": counts[c]}
                   for c in Problem.LABELS],
        "organizations": len(states),
        "states": states,
    }


# -- the shape of the cells: the to-do of the organisation above ---------------------------------------------------

STRUCTURE_LISTED_AT_MOST = 10  # more than this: counts, each linking to the health page's rows


def structure_todo(user, *, today: datetime.date | None = None, report: dict | None = None) -> dict:
    """What the shape of the cells asks of whoever restructures them, the organisation above (a grassroots committee
    for its cells, the superior for its grassroots cells): cells below the minimum of full members, grassroots cells
    that have reached a grassroots committee's members; judged with the rules in force today, over the organisations
    the user may restructure. From `report`, the user's health_report when the page has it already (the home page's
    apparatus figures), otherwise computed: a fixed number of queries whatever the number of cells."""
    scope = scope_for(user)
    if not scope.can(RESTRUCTURE):
        return {"items": [], "total": 0, "counts": []}
    report = report if report is not None else health_report(user, today=today)
    problems = [p for p in report["problems"] if p.code in Problem.STRUCTURE
                and scope.covers(p.organization.pk, RESTRUCTURE)]
    by_code = Counter(p.code for p in problems)
    many = len(problems) > STRUCTURE_LISTED_AT_MOST
    return {"items": [] if many else problems, "total": len(problems),
            "counts": [{"code": code, "label": Problem.LABELS[code], "n": by_code[code]} for code in Problem.STRUCTURE
                       if by_code[code]] if many else []}


# -- staffing analysis -----------------------------------------------------------------------------------------

@dataclass
class StaffingRow:
    organization: Organization
    members: int
    committee_size: int
    standing_size: int
    full_time: int
    concurrent: int
    eligible: bool

    @property
    def concurrent_share(self):
        total = self.full_time + self.concurrent
        return round(100 * self.concurrent / total, 1) if total else None


@applies(FULL_TIME_POST_MEMBER_THRESHOLD,
         where=gettext_lazy("Staffing analysis: grassroots organisations with enough members for full-time posts"),
         page="apparatus:staffing")
def staffing_analysis(user, *, today=None) -> dict:
    """Per grassroots organisation: registered members (whole subtree), committee size, full-time posts; those
    at or above the full-time-post threshold (the Bloc's proposal, rule data) flagged eligible."""
    today = today or datetime.date.today()
    rules = RuleBook()
    threshold_rule = rules.get(FULL_TIME_POST_MEMBER_THRESHOLD, on=today)
    threshold = threshold_rule.value
    scope = scope_for(user)
    if not scope.can(VIEW):
        return {"rows": [], "threshold": threshold_rule, "eligible": [], "members": 0, "committee_total": 0,
                "concurrent_total": 0, "full_time_total": 0, "concurrent_share": None}
    in_scope = Organization.objects.filter(scope.org_q("id"))
    grassroots = list(in_scope.filter(kind__tier=OrganizationKind.Tier.GRASSROOTS, status=Organization.Status.ACTIVE)
                      .select_related("kind"))
    grassroots_ids = {o.pk for o in grassroots}
    parents = dict(Organization.objects.order_by().values_list("id", "parent_id"))

    def grassroots_of(org_id):
        seen = 0
        while org_id is not None and seen < 64:
            if org_id in grassroots_ids:
                return org_id
            org_id, seen = parents.get(org_id), seen + 1
        return None

    members = Counter()
    rows = Member.objects.filter(status__in=ACTIVE_STATUSES, organization__isnull=False).filter(
        scope.org_q("organization_id")).values_list("organization_id").annotate(n=Count("id")).order_by()
    for org_id, n in rows:
        top = grassroots_of(org_id)
        if top is not None:
            members[top] += n
    seats = Counter()
    seat_rows = (Seat.objects.filter(body__organization_id__in=grassroots_ids, ended_on__isnull=True,
                                     body__ended_on__isnull=True)
                 .values_list("body__organization_id", "body__kind", "engagement").annotate(n=Count("id")).order_by())
    for org_id, kind, engagement, n in seat_rows:
        seats[(org_id, kind, engagement)] += n
    result = []
    for org in grassroots:
        main = Body.Kind.CELL_COMMITTEE if org.kind.holds_members else Body.Kind.EXECUTIVE_COMMITTEE
        full_time = seats[(org.pk, main, Seat.Engagement.FULL_TIME)]
        concurrent = seats[(org.pk, main, Seat.Engagement.CONCURRENT)]
        standing = sum(seats[(org.pk, Body.Kind.STANDING_COMMITTEE, e)] for e in Seat.Engagement.values)
        result.append(StaffingRow(
            organization=org, members=members[org.pk], committee_size=full_time + concurrent, standing_size=standing,
            full_time=full_time, concurrent=concurrent,
            eligible=not org.kind.holds_members and members[org.pk] >= threshold,
        ))
    result.sort(key=lambda r: (-r.members, r.organization.name_sort))
    committee_total = sum(r.committee_size for r in result)
    concurrent_total = sum(r.concurrent for r in result)
    return {
        "rows": result,
        "threshold": threshold_rule,
        "eligible": [r for r in result if r.eligible],
        "members": sum(r.members for r in result),
        "committee_total": committee_total,
        "concurrent_total": concurrent_total,
        "full_time_total": sum(r.full_time for r in result),
        "concurrent_share": round(100 * concurrent_total / committee_total, 1) if committee_total else None,
    }


# -- allowances ------------------------------------------------------------------------------------------------

@dataclass
class AllowanceRow:
    member: Member
    organization: Organization  # of the seat that gives the highest amount
    seats: list
    category: object
    amount: int


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    return first, add_months(first, 1) - datetime.timedelta(days=1)


def allowance_list(user, *, month: datetime.date) -> dict:
    """Concurrent cadres below the superior level who held a seat with an allowance category during the month.
    One row per person: someone with several posts receives the highest of their allowances."""
    first, last = month_bounds(month)
    seats = (
        seat_qs(user).filter(engagement=Seat.Engagement.CONCURRENT, allowance_category__isnull=False,
                             started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first))
        .exclude(body__organization__kind__tier=OrganizationKind.Tier.SUPERIOR)
        .select_related("member", "body__organization", "allowance_category")
    )
    rates = {}
    for rate in AllowanceRate.objects.select_related("category").filter(effective_from__lte=first).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gt=first)).order_by("effective_from"):
        rates[rate.category_id] = rate
    by_member: dict[int, AllowanceRow] = {}
    missing_rates = set()
    for seat in seats:
        rate = rates.get(seat.allowance_category_id)
        amount = rate.monthly_amount if rate else 0
        if rate is None:
            missing_rates.add(seat.allowance_category)
        row = by_member.get(seat.member_id)
        if row is None:
            row = by_member[seat.member_id] = AllowanceRow(seat.member, seat.body.organization, [], None, -1)
        row.seats.append(seat)
        if amount > row.amount:
            row.amount, row.category, row.organization = amount, seat.allowance_category, seat.body.organization
    rows = sorted(by_member.values(), key=lambda r: (r.organization.name_sort, -r.amount, r.member.name_sort))
    return {"rows": rows, "total": sum(r.amount for r in rows), "first": first, "last": last,
            "rates": sorted(rates.values(), key=lambda r: (r.category.sort_order, r.category.code)),
            "missing_rates": sorted(missing_rates, key=lambda c: c.sort_order)}


# ---- panels on the pages of the lower apps (registered in ApparatusConfig.ready) ---------------------------------

def organization_summary_panel(request, organization) -> dict | None:
    """The organisation page's apparatus card: problems, term, leaders, committee size."""
    if not organization.is_active:
        return None
    state = organization_apparatus(request.user, organization)
    if state is None:
        return None
    return {"apparatus": state, "leaders": organization_leaders(state)}


def member_seats_panel(request, member) -> dict:
    return {"seats": member_seats(member)}
