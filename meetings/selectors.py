"""Every read of the meetings app, through the user's scope: the meetings of a cell and one meeting, who is expected
at it, the Bloc's process and its versions, the working groups and their visits; compliance over a month, a quarter
or a year (which cells held their regular meeting each month and their thematic one in the quarter, attendance, the
quality benchmark, the members whose excused absences run too long) in a fixed number of queries whatever the
number of cells; the to-do of those who run meetings; a member's meetings; the clusters' pilots."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Max, OuterRef, Prefetch, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apparatus.models import Position, Seat, Term
from core.dates import add_months
from core.scope import MEETINGS, VIEW, scope_for
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.figures import ancestors, chunks, scope_total
from organizations.models import Cluster, Organization, OrganizationKind
from organizations.selectors import organization_choices, organization_get, organization_subtree_ids, subtree_ids
from rules.codes import (
    CELL_MEETINGS_REGULAR_PER_MONTH,
    CELL_MEETINGS_THEMATIC_PER_QUARTER,
    MEETING_MAX_EXCUSED_STREAK,
    WORKING_GROUP_VISITS_COUNTED_SINCE,
)
from rules.selectors import RuleBook, rule_value
from rules.usage import applies

from . import quality as q
from .models import (
    Attendance,
    CellMonth,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    ProcessStep,
    ProcessTemplate,
    Visit,
    WorkingGroup,
)

HELD = (Meeting.Status.HELD, Meeting.Status.CLOSED)
OPEN = (Meeting.Status.PLANNED, Meeting.Status.HELD)  # a closed or cancelled meeting no longer changes


# ---- meetings and cells -------------------------------------------------------------------------------------------

def meeting_qs(user, action: str = VIEW):
    scope = scope_for(user)
    if not scope.can(action):
        return Meeting.objects.none()
    return Meeting.objects.filter(scope.org_q("organization_id", action))


def meeting_get(user, pk, action: str = VIEW) -> Meeting:
    """The meeting, or 404 when its cell is outside the user's scope for `action` (no hint that it exists)."""
    try:
        return meeting_qs(user, action).select_related("organization__kind", "organization__parent", "template",
                                                       "chair", "minute_taker").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError):
        raise Http404 from None


def cell_get(user, pk, action: str = VIEW) -> Organization:
    """A cell (an organisation that holds members, so meetings) in the user's scope for `action`, or 404."""
    organization = organization_get(user, pk, action)
    if not organization.kind.holds_members:
        raise Http404
    return organization


def cell_meetings(organization: Organization, *, limit: int = 60) -> list[Meeting]:
    """The cell's latest meetings, newest first."""
    return list(organization.meetings.select_related("template").order_by("-planned_on", "-id")[:limit])


def meeting_documents(meeting: Meeting, *, withdrawn: bool = False) -> list[MeetingDocument]:
    """The meeting's documents in the order they reached the members; those withdrawn only when asked (last)."""
    documents = meeting.documents.all()
    if not withdrawn:
        documents = documents.filter(withdrawn_on__isnull=True)
    return list(documents.order_by(F("withdrawn_on").asc(nulls_first=True), "available_on", "id"))


def current_documents():
    """A prefetch of the documents members see (not withdrawn), as `current_documents` on each meeting."""
    return Prefetch("documents", queryset=MeetingDocument.objects.filter(withdrawn_on__isnull=True)
                    .order_by("available_on", "id"), to_attr="current_documents")


def attending_cell_id(user) -> int | None:
    """The cell whose meetings the user attends as a member (their own, or the host of a temporary transfer)."""
    member_id = scope_for(user).own_member_id
    if member_id is None:
        return None
    row = Member.objects.filter(pk=member_id, status__in=ACTIVE_STATUSES).values_list(
        "temporary_organization_id", "organization_id").first()
    return (row[0] or row[1]) if row else None


def document_get(user, pk, action: str = VIEW) -> MeetingDocument:
    """A meeting's document: for whoever may see (`action`) the meeting's cell, and, to read it, for the members
    who attend that cell's meetings (a withdrawn document no longer reaches them). 404 otherwise."""
    try:
        document = MeetingDocument.objects.select_related("meeting__organization").get(pk=pk)
    except (MeetingDocument.DoesNotExist, ValueError):
        raise Http404 from None
    meeting = document.meeting
    if scope_for(user).covers(meeting.organization_id, action):
        return document
    if (action == VIEW and not document.is_withdrawn and meeting.status != Meeting.Status.CANCELLED
            and attending_cell_id(user) == meeting.organization_id):
        return document
    raise Http404


def minutes_series(meeting: Meeting) -> str:
    """The numbering series of the meeting's minutes: the cell's term in force on the day it was held (numbers
    restart each committee term: RULES.md), or the calendar year when the cell has no term recorded then."""
    day = meeting.held_on or meeting.planned_on
    term = (Term.objects.filter(organization_id=meeting.organization_id, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)).order_by("-started_on").values_list("pk", flat=True)
            .first())
    return f"term-{term}" if term else f"year-{day.year}"


def meeting_roster(meeting: Meeting) -> list[Member]:
    """Who is expected: the cell's active members, except those temporarily attending elsewhere, and the
    members temporarily transferred in. (Exempt members are listed, marked exempt.)"""
    own = Member.objects.filter(organization=meeting.organization, status__in=ACTIVE_STATUSES,
                                temporary_organization__isnull=True, temporary_external="")
    guests = Member.objects.filter(temporary_organization=meeting.organization, status__in=ACTIVE_STATUSES)
    return list((own | guests).order_by("name_sort", "id"))


def meeting_presences(meeting: Meeting) -> dict[int, tuple[str, str]]:
    """The attendance already taken: member id -> (presence, reason)."""
    return {a.member_id: (a.presence, a.reason) for a in meeting.attendance.all()}


def meeting_present(meeting: Meeting):
    """The members marked present (those who may chair and take the minutes)."""
    return Member.objects.filter(attendance__meeting=meeting,
                                 attendance__presence=Attendance.Presence.PRESENT).order_by("name_sort")


def cluster_of(organization: Organization):
    """The cluster an organisation belongs to: its own, or that of the nearest ancestor that has one (clusters
    group grassroots organisations; their cells pilot for them)."""
    for node in organization.ancestors(include_self=True).select_related("cluster").order_by("-tree_depth"):
        if node.cluster_id:
            return node.cluster
    return None


def current_template(kind: str, on: datetime.date) -> ProcessTemplate | None:
    """The latest version of the process published on or before `on`; for a meeting older than every version
    (entered afterwards), the first version."""
    published = ProcessTemplate.objects.filter(kind=kind, published_on__isnull=False)
    return (published.filter(published_on__lte=on).order_by("-version").first()
            or published.order_by("version").first())


# ---- compliance ---------------------------------------------------------------------------------------------------

@dataclass(slots=True)
class MonthState:
    month: datetime.date
    status: str  # "held", "planned", "missing", "not_due" (the month is not over and nothing is planned),
    # "not_applicable" (the cell did not exist for the whole month)
    meeting_id: int | None = None  # the first held regular meeting; failing one, the first planned
    held: int = 0  # regular meetings held in the month
    required: int = 1  # regular meetings the rule in force that month asks for

    @property
    def meeting(self) -> Meeting | None:
        """The meeting the month links to, by its id alone (nothing read)."""
        return Meeting(pk=self.meeting_id) if self.meeting_id else None


@dataclass(frozen=True, slots=True)
class ParentRef:
    name: str


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell as the compliance report reads it: what it shows and what it judges with."""

    pk: int
    name: str
    name_sort: str
    established_on: datetime.date
    ended_on: datetime.date | None
    parent: ParentRef | None


@dataclass(slots=True)
class CellCompliance:
    organization: CellRef
    months: list[MonthState] = field(default_factory=list)
    thematic_held: int = 0
    present: int = 0
    expected: int = 0
    good: int = 0
    judged: int = 0
    long_runs: list = field(default_factory=list)  # (member id, name, run)
    thematic_by_quarter: dict = field(default_factory=dict)  # first month of the quarter -> held
    missed_thematic: int = 0  # complete calendar quarters of the period without enough thematic meetings
    missed_regular: int = 0  # months over with fewer regular meetings held than the rule asks

    @property
    def rate(self) -> float | None:
        return round(100 * self.present / self.expected, 1) if self.expected else None

    @property
    def failing(self) -> bool:
        """A regular meeting missed, a quarter without its thematic meeting, a meeting below the benchmark or a
        member excused too often."""
        return bool(self.missed_regular or self.missed_thematic or self.good < self.judged or self.long_runs)

    @property
    def shortfall(self) -> tuple:
        """How badly the period went, worst first when sorted: meetings missed, then below the benchmark, then long
        absence runs."""
        return (self.missed_regular + self.missed_thematic, self.judged - self.good, len(self.long_runs))

    @property
    def sort_name(self) -> str:
        return self.organization.name_sort


def _months(start: datetime.date, count: int) -> list[datetime.date]:
    return [add_months(start, i) for i in range(count)]


def _quarter_start(month: datetime.date) -> datetime.date:
    return month.replace(month=(month.month - 1) // 3 * 3 + 1, day=1)


def judged_quarters(start: datetime.date, end: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The calendar quarters lying wholly in [start, end) and already over: only they can have missed their
    thematic meeting."""
    quarters, month = [], _quarter_start(start)
    while month < end:
        if month >= start and add_months(month, 3) <= end and add_months(month, 3) <= today:
            quarters.append(month)
        month = add_months(month, 3)
    return quarters


def _existed_throughout(organization, first: datetime.date, end: datetime.date) -> bool:
    """Whether the organisation existed from `first` up to `end` (exclusive): only then does it owe that period's
    meetings (one established mid-month owes from the next month; one ended mid-month no longer owes it)."""
    return organization.established_on <= first and (organization.ended_on is None or organization.ended_on >= end)


@applies(CELL_MEETINGS_REGULAR_PER_MONTH,
         where=_("Compliance: a month over with fewer regular meetings held than the rule counts as missed (the rule "
                 "in force on the month's last day)"), page="meetings:compliance")
def regular_meetings_required(months: list[datetime.date], value) -> dict[datetime.date, int]:
    """How many regular meetings each month (a first of month) owes: the rule in force on its last day."""
    return {month: int(value(CELL_MEETINGS_REGULAR_PER_MONTH, on=add_months(month, 1) - datetime.timedelta(days=1)))
            for month in months}


@applies(CELL_MEETINGS_THEMATIC_PER_QUARTER, MEETING_MAX_EXCUSED_STREAK,
         where=_("Compliance: quarters without enough thematic meetings, members excused too many times in a row"),
         page="meetings:compliance")
def compliance(user, *, start: datetime.date, months: int = 1, today: datetime.date | None = None,
               within: Organization | None = None, month_states: bool = True,
               among: Collection[int] | None = None) -> dict:
    """Compliance of every cell in the user's scope (and under `within`, if given) for `months` months from
    `start` (a first of month), from the months kept per cell (meetings.figures): one grouped row per cell for the
    figures, then each month's state (`CellCompliance.months`) for every cell, or, with `month_states=False`, for
    none until `compliance_months(result, rows)` asks for the rows a page draws. `among`: the organisations whose
    cells are judged, named by a caller that checked the user's access itself (a periodic report's subtree as the
    tree stood at the period's end: reports.figures); the user's scope and `within` are then not read."""
    today = today or datetime.date.today()
    start = start.replace(day=1)
    periods = _months(start, months)
    end = add_months(start, months)  # exclusive
    rules = RuleBook()
    if among is not None:
        in_scope = Organization.objects.filter(pk__in=sorted(among), kind__holds_members=True)
    else:
        scope = scope_for(user)
        if not scope.can(VIEW):
            return {"cells": [], "periods": periods, "start": start, "end": end, "quarters": []}
        in_scope = Organization.objects.filter(scope.org_q("id"), kind__holds_members=True)
        if within is not None:
            in_scope = in_scope.filter(pk__in=subtree_ids(within.pk))
    # the cells as the few values the report shows and judges with (a province has thousands of them)
    cells = [CellRef(pk, name, name_sort, established_on, ended_on, ParentRef(parent) if parent is not None else None)
             for pk, name, name_sort, established_on, ended_on, parent in
             in_scope.filter(established_on__lt=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
             .order_by("name_sort").values_list("id", "name", "name_sort", "established_on", "ended_on",
                                                "parent__name")]
    by_cell: dict[int, CellCompliance] = {c.pk: CellCompliance(organization=c) for c in cells}
    required_regular = regular_meetings_required(periods, rules.value)
    # A quarter's thematic meeting is judged once the quarter is over, by the rule in force at its end, for the
    # cells that existed for the whole quarter.
    quarters = judged_quarters(start, end, today)
    required_thematic = {qs: rules.value(CELL_MEETINGS_THEMATIC_PER_QUARTER,
                                         on=add_months(qs, 3) - datetime.timedelta(1)) for qs in quarters}
    kept = CellMonth.objects.filter(organization_id__in=in_scope.values("id"), month__gte=start, month__lt=end)
    # Per cell, summed by the database: the figures, the months that held enough regular meetings (a bit each),
    # the thematic meetings of each quarter judged.
    sums = {"present": Sum("present"), "expected": Sum("expected"), "judged": Sum("judged"), "good": Sum("good"),
            "thematic": Sum("thematic_held"), "longest_run": Max("longest_run"),
            "enough": Sum(Case(*[When(month=month, regular_held__gte=max(required_regular[month], 1),
                                      then=Value(1 << i)) for i, month in enumerate(periods)], default=Value(0))),
            **{f"quarter_{i}": Sum(Case(When(month__gte=qs, month__lt=add_months(qs, 3), then=F("thematic_held")),
                                        default=Value(0))) for i, qs in enumerate(quarters)}}
    enough: dict[int, int] = {}
    limit = rules.value(MEETING_MAX_EXCUSED_STREAK, on=min(today, end))
    ran_long = []  # the cells where someone's excused absences ran too long
    for cell_id, present, expected, judged, good, thematic, longest_run, held_enough, *per_quarter in (
            kept.order_by().values("organization_id").annotate(**sums).values_list("organization_id", *sums)):
        row = by_cell.get(cell_id)
        if row is None:
            continue
        row.present, row.expected, row.judged, row.good, row.thematic_held = present, expected, judged, good, thematic
        enough[cell_id] = held_enough
        if longest_run > limit:
            ran_long.append(cell_id)
        for qs, held in zip(quarters, per_quarter, strict=True):
            row.thematic_by_quarter[qs] = held
    # a month is missed when over, the cell existed throughout it, and it did not hold enough
    month_ends = [add_months(month, 1) for month in periods]
    over = sum(1 << i for i, month_end in enumerate(month_ends) if month_end <= today)
    quarter_ends = {qs: add_months(qs, 3) for qs in quarters}
    for pk, row in by_cell.items():
        cell, missed = row.organization, over & ~enough.get(pk, 0)
        if cell.established_on > start or (cell.ended_on is not None and cell.ended_on < end):
            missed &= sum(1 << i for i, month in enumerate(periods) if _existed_throughout(cell, month, month_ends[i]))
        row.missed_regular = missed.bit_count()
        row.missed_thematic = sum(1 for qs in quarters if _existed_throughout(cell, qs, quarter_ends[qs])
                                  and row.thematic_by_quarter.get(qs, 0) < required_thematic[qs])
    # the runs of excused absences, only of the months where one ran too long, of those cells
    long_months = []
    for part in chunks(ran_long, 500):
        long_months += (CellMonth.objects.filter(organization_id__in=part, month__gte=start, month__lt=end,
                                                 longest_run__gt=limit).values_list("month", "organization_id", "runs"))
    for _month, cell_id, runs in sorted(long_months, key=lambda kept_month: kept_month[:2]):
        row = by_cell[cell_id]
        for member_id, member_runs in runs.items():
            run = next((run for run in member_runs if run > limit), None)
            if run is not None and int(member_id) not in {r[0] for r in row.long_runs}:
                row.long_runs.append((int(member_id), "", run))
    named = {member_id for row in by_cell.values() for member_id, _name, _run in row.long_runs}
    if named:
        names = dict(Member.objects.filter(pk__in=sorted(named)).values_list("pk", "full_name"))
        for row in by_cell.values():
            row.long_runs = [(pk, names.get(pk, ""), run) for pk, _name, run in row.long_runs]
    rows = list(by_cell.values())
    result = {
        "cells": rows,
        "periods": periods,
        "start": start,
        "end": end,
        "quarters": quarters,
        "quarter_complete": bool(quarters),
        "thematic_required": rules.value(CELL_MEETINGS_THEMATIC_PER_QUARTER, on=min(today, end)),
        # the rule of this month, or of the period's nearest month when the period is wholly past or to come
        "regular_required": required_regular[min(max(today.replace(day=1), periods[0]), periods[-1])],
        "regular_required_by_month": required_regular,
        "today": today,
        "missed_regular": sum(r.missed_regular for r in rows),
        "missed_thematic": sum(r.missed_thematic for r in rows) if quarters else None,
        "present": sum(r.present for r in rows),
        "expected": sum(r.expected for r in rows),
        "good": sum(r.good for r in rows),
        "judged": sum(r.judged for r in rows),
        "long_runs": sum(len(r.long_runs) for r in rows),
        "meetings_held": sum(r.judged for r in rows),
    }
    if month_states:
        compliance_months(result, rows)
    return result


def compliance_months(result: dict, rows: list) -> None:
    """Fill each row's `months` (a CellCompliance of `result`): the state of each month, with the meeting it links
    to. One query for the rows given (a page's, or all of them)."""
    periods, today, required_regular = result["periods"], result["today"], result["regular_required_by_month"]
    kept: dict[tuple[int, datetime.date], tuple] = {}
    ids = sorted(row.organization.pk for row in rows if not row.months)
    for part in chunks(ids, 500):
        for cell_id, month, held, first_held, first_planned in (
                CellMonth.objects.filter(organization_id__in=part, month__gte=result["start"], month__lt=result["end"])
                .values_list("organization_id", "month", "regular_held", "first_held", "first_planned")):
            kept[(cell_id, month)] = (held, first_held, first_planned)
    month_ends = {month: add_months(month, 1) for month in periods}
    for row in rows:
        if row.months:
            continue
        pk = row.organization.pk
        for month in periods:
            held, first_held, planned = kept.get((pk, month), (0, None, None))
            required = required_regular[month]
            meeting = first_held if held else planned
            if held and held >= required:
                status = "held"
            elif not _existed_throughout(row.organization, month, month_ends[month]):
                status = "not_applicable"  # established during the month or later, or ended before its end
            elif month_ends[month] <= today:
                status = "missing"  # over with fewer held than the rule asks
            elif planned is not None:
                status, meeting = "planned", planned
            else:
                status = "not_due"
            row.months.append(MonthState(month, status, meeting, held, required))


GROUPINGS = ("cell", "grassroots", "cluster")


@dataclass
class GroupCompliance:
    """Compliance of a set of cells: a grassroots organisation's, a cluster's, or the whole scope's."""

    key: object  # the Organization or Cluster (None: cells outside any cluster)
    cells: int = 0
    missed_regular: int = 0
    missed_thematic: int = 0
    cells_missing: int = 0  # cells that missed at least one regular meeting
    present: int = 0
    expected: int = 0
    good: int = 0
    judged: int = 0
    long_runs: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.present / self.expected, 1) if self.expected else None

    @property
    def good_share(self) -> float | None:
        return round(100 * self.good / self.judged, 1) if self.judged else None

    @property
    def failing(self) -> bool:
        return bool(self.cells_missing or self.missed_thematic or self.good < self.judged or self.long_runs)

    @property
    def shortfall(self) -> tuple:
        return (self.missed_regular + self.missed_thematic, self.judged - self.good, self.long_runs)

    @property
    def sort_name(self) -> str:
        key = self.key
        return getattr(key, "name_sort", None) or getattr(key, "code", "") if key is not None else "\uffff"

    def add(self, row: CellCompliance) -> None:
        self.cells += 1
        self.missed_regular += row.missed_regular
        self.missed_thematic += row.missed_thematic
        self.cells_missing += 1 if row.missed_regular else 0
        self.present += row.present
        self.expected += row.expected
        self.good += row.good
        self.judged += row.judged
        self.long_runs += len(row.long_runs)


def compliance_groups(result: dict, by: str) -> list[GroupCompliance]:
    """Roll the cells of a compliance() result up per grassroots organisation (a grassroots cell is its own) or
    per cluster (that of the nearest clustered ancestor). A few queries per 500 cells and their ancestors."""
    rows = result["cells"]
    if by not in ("grassroots", "cluster") or not rows:
        return []
    # the cells and their ancestors only: a province's few thousand, not the country's organisations
    chain = ancestors({row.organization.pk for row in rows})
    lineage = {}
    for part in chunks(sorted(chain), 500):
        lineage.update((pk, (parent, tier, cluster)) for pk, parent, tier, cluster in
                       Organization.objects.filter(pk__in=part).order_by()
                       .values_list("id", "parent_id", "kind__tier", "cluster_id"))

    def key_of(pk: int):
        node, hops = pk, 0
        while node is not None and hops < 64:
            parent, tier, cluster = lineage.get(node, (None, None, None))
            if by == "grassroots" and tier == OrganizationKind.Tier.GRASSROOTS:
                return node
            if by == "cluster" and cluster:
                return cluster
            node, hops = parent, hops + 1
        return None

    groups: dict[object, GroupCompliance] = {}
    for row in rows:
        key = key_of(row.organization.pk)
        groups.setdefault(key, GroupCompliance(key)).add(row)
    if by == "grassroots":
        objects = Organization.objects.select_related("kind").in_bulk([k for k in groups if k is not None])
        for group in groups.values():
            group.key = objects.get(group.key)
        return sorted(groups.values(), key=lambda g: (g.key is None, g.key.name_sort if g.key else ""))
    objects = Cluster.objects.in_bulk([k for k in groups if k is not None])
    for group in groups.values():
        group.key = objects.get(group.key)
    return sorted(groups.values(), key=lambda g: (g.key is None, g.key.code if g.key else ""))


COMPLIANCE_SORTS = ("name", "result", "attendance")


def compliance_sorted(rows: list, sort: str) -> list:
    """Cells or groups of a compliance result by name (as computed), worst result first, or lowest attendance first
    (rows without attendance last); ties by name."""
    if sort == "result":
        return sorted(rows, key=lambda r: (tuple(-n for n in r.shortfall), r.sort_name))
    if sort == "attendance":
        return sorted(rows, key=lambda r: (r.rate is None, r.rate or 0, r.sort_name))
    return rows


SUMMARY_ABOVE_CELLS = 10
TODO_CODES = ("not_planned", "past_planned", "minutes_missing", "notice_due")
# How far ahead the to-do looks at planned meetings (a reminder window of ours, not a regulation).
TODO_AHEAD_DAYS = 7


@dataclass
class Todo:
    organization: Organization
    code: str  # one of TODO_CODES, or "resolution_followup"
    meeting: Meeting | None = None
    previous: Meeting | None = None  # resolution_followup: the meeting whose resolution is to be reviewed


def _todo_querysets(user, today: datetime.date):
    """The querysets the to-do reads: the cells the user runs meetings for, those without this month's regular
    meeting, the open meetings (held without approved minutes, or planned on a day gone by), the coming week's;
    then the open meetings' two kinds apart (held, planned and gone by), for counting."""
    month = today.replace(day=1)
    cells = _cells(user)
    planned = (Meeting.objects.filter(organization__in=cells, kind=MeetingKind.REGULAR, period=month)
               .exclude(status=Meeting.Status.CANCELLED).values("organization_id"))
    not_planned = cells.exclude(pk__in=planned)
    # The condition of the partial index meetings_open and each status, written into the SQL (core.lookups):
    # SQLite walks that index only when the query names its condition with the same constants, and counts one
    # status only when it is written (else each count read every meeting of every cell, 15-30 ms at province
    # size). The two kinds of open meeting are counted apart: under an OR of them SQLite read them all again.
    # The cells joined rather than listed by a subquery: SQLite guesses a subquery's list short and walked each
    # cell's meetings.
    in_cells = Q(scope_for(user).org_q("organization_id", MEETINGS), organization__kind__holds_members=True,
                 organization__status=Organization.Status.ACTIVE)
    still_open = Meeting.objects.filter(in_cells, status__index_condition=OPEN)  # each kind below is narrower
    unminuted = still_open.filter(status__written_in=[Meeting.Status.HELD])
    overdue = still_open.filter(status__written_in=[Meeting.Status.PLANNED], planned_on__lt=today)
    coming = still_open.filter(status__written_in=[Meeting.Status.PLANNED], planned_on__gte=today,
                               planned_on__lte=today + datetime.timedelta(days=TODO_AHEAD_DAYS))
    return not_planned, unminuted | overdue, coming, unminuted, overdue


def todo_items(user, *, today: datetime.date | None = None) -> tuple[list[Todo], datetime.date]:
    """Everything the cells the user runs meetings for still owe (see meeting_todo), cell by cell, and the month
    judged; five queries whatever the number of cells."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    if not scope_for(user).can(MEETINGS):
        return [], month
    not_planned, open_meetings, coming, _unminuted, _overdue = _todo_querysets(user, today)
    items = [Todo(c, "not_planned") for c in not_planned.select_related("parent").order_by("name_sort")]
    for meeting in open_meetings.select_related("organization__parent").order_by("planned_on", "id"):
        items.append(Todo(meeting.organization, "minutes_missing" if meeting.status == Meeting.Status.HELD
                          else "past_planned", meeting))
    # The coming week's meetings: members not yet given notice; and the previous resolution, which the meeting
    # reviews (HD 12's agenda), one click away.
    previous = (Meeting.objects.filter(organization_id=OuterRef("organization_id"), status__in=HELD,
                                       held_on__lt=OuterRef("planned_on")).exclude(resolution="")
                .order_by("-held_on", "-id").values("pk")[:1])
    coming = list(coming.annotate(previous_id=Subquery(previous)).select_related("organization__parent")
                  .order_by("planned_on", "id"))
    earlier = Meeting.objects.in_bulk([m.previous_id for m in coming if m.previous_id])
    for meeting in coming:
        if meeting.notice_sent_on is None:
            items.append(Todo(meeting.organization, "notice_due", meeting))
        if meeting.previous_id in earlier:
            items.append(Todo(meeting.organization, "resolution_followup", meeting, earlier[meeting.previous_id]))
    return items, month


def todo_counts(user, *, today: datetime.date | None = None) -> tuple[Counter, int]:
    """The to-do counted in the database, per code, and how many cells owe something: what an office running many
    cells is shown, without reading the cells one by one (the resolutions to review are each secretary's business,
    not counted)."""
    today = today or timezone.localdate()
    if not scope_for(user).can(MEETINGS):
        return Counter(), 0
    not_planned, open_meetings, coming, unminuted, overdue = _todo_querysets(user, today)
    notice_due = coming.filter(notice_sent_on__isnull=True)
    counts = Counter({"minutes_missing": unminuted.count(), "past_planned": overdue.count(),
                      "notice_due": notice_due.count()})
    scope = scope_for(user)
    if scope.sees_everything(MEETINGS) or len(scope.org_ids(MEETINGS)) > SUMMARY_ABOVE_CELLS:
        # the cells without this month's plan: the cells (the kept figures) less those that have one (looking for
        # them among a country's cells took 18 ms)
        planned = (Meeting.objects.filter(organization__in=_cells(user), kind=MeetingKind.REGULAR,
                                          period=today.replace(day=1))
                   .exclude(status=Meeting.Status.CANCELLED).values("organization_id").distinct().count())
        counts["not_planned"] = _cells_count(user) - planned
        if counts["not_planned"] > SUMMARY_ABOVE_CELLS:
            return counts, counts["not_planned"]
    else:  # a few organisations: a few cells at most
        counts["not_planned"] = not_planned.count()
    owing = (not_planned.order_by().values_list("pk")
             .union(open_meetings.order_by().values_list("organization_id"),
                    notice_due.order_by().values_list("organization_id")))
    return counts, owing.count()


def _cells(user):
    return Organization.objects.filter(scope_for(user).org_q("id", MEETINGS), kind__holds_members=True,
                                       status=Organization.Status.ACTIVE)


def _cells_count(user) -> int:
    """The active cells the user runs meetings for, from the kept figures of the organisations at the top of them."""
    scope = scope_for(user)
    kept = scope_total(scope, MEETINGS)
    return sum(kept.get(f"org:{code}", 0) for code in
               OrganizationKind.objects.filter(holds_members=True).values_list("code", flat=True))


def todo_url(code: str = "") -> str:
    """The compliance page's list of exactly the to-do rows of `code` (every row without one)."""
    return reverse("meetings:compliance_todo") + (f"?code={code}" if code else "")


def meeting_todo(user, *, today: datetime.date | None = None, limit: int = 20) -> dict:
    """What the cells the user runs meetings for still owe: this month's regular meeting not planned, a planned
    meeting whose date has passed without a record, a held meeting whose minutes are not approved, notice to the
    members of a meeting in the coming week, and the last resolution to review at it. Someone who runs many cells
    gets counts per code instead (`counts`: code, n and the URL of the page listing exactly those n rows), counted
    in the database: a province's or the country's cells are never read one by one for it."""
    counts, owing = todo_counts(user, today=today)
    # Someone who runs many cells' meetings (committee staff, the Bloc) gets the counts, not hundreds of lines.
    if owing > SUMMARY_ABOVE_CELLS:
        return {"items": [], "total": sum(counts.values()), "month": (today or timezone.localdate()).replace(day=1),
                "all_url": todo_url(),
                "counts": [{"code": code, "n": counts[code], "url": todo_url(code)} for code in TODO_CODES
                           if counts[code]]}
    items, month = todo_items(user, today=today)
    return {"items": items[:limit], "total": len(items), "month": month, "all_url": todo_url(), "counts": []}


MY_CELLS_AT_MOST = 3  # someone who runs the meetings of this many cells or fewer is their secretary, not an office


def member_for_meetings(member_id: int) -> Member:
    return Member.objects.select_related("organization", "temporary_organization").get(pk=member_id)


def my_cells(user) -> list[Organization]:
    """The active cells whose meetings the user runs, when they are a few (a cell secretary: usually one); nobody
    else's (an office that runs many gets the to-do counts and the compliance page instead)."""
    cached = getattr(user, "_dangbo_my_cells", None)  # the menu and the home page ask on the same request
    if cached is not None:
        return cached
    ids = scope_for(user).org_ids(MEETINGS)
    cells = []
    if ids and len(ids) <= MY_CELLS_AT_MOST:  # not None (ALL), not more than a few
        cells = list(Organization.objects.filter(pk__in=ids, kind__holds_members=True,
                                                 status=Organization.Status.ACTIVE).order_by("name_sort"))
    try:
        user._dangbo_my_cells = cells
    except AttributeError:
        pass
    return cells


@dataclass
class CellDesk:
    """A secretary's cell on their home page: its next meeting (with its documents) and what is due."""

    organization: Organization
    meeting: Meeting | None = None  # the next planned meeting; failing one, the last planned one not yet recorded
    todo: list = field(default_factory=list)

    @property
    def can_attend_today(self) -> bool:
        """Whether attendance can be taken and the meeting recorded (its day has come)."""
        return self.meeting is not None and self.meeting.planned_on <= timezone.localdate()


def cell_desks(user, *, today: datetime.date | None = None) -> list[CellDesk]:
    """For each of my_cells(user): the next meeting and the to-do items of that cell. A fixed number of queries."""
    today = today or timezone.localdate()
    cells = my_cells(user)
    if not cells:
        return []
    desks = {c.pk: CellDesk(c) for c in cells}
    planned = (Meeting.objects.filter(organization_id__in=list(desks), status=Meeting.Status.PLANNED)
               .prefetch_related(current_documents()).order_by("planned_on", "planned_at", "id"))
    for meeting in planned:
        desk = desks[meeting.organization_id]
        meeting.organization = desk.organization
        if desk.meeting is None or (desk.meeting.planned_on < today <= meeting.planned_on):
            desk.meeting = meeting  # the first upcoming one, else the last overdue one
        elif desk.meeting.planned_on < today and meeting.planned_on < today:
            desk.meeting = meeting
    items, _month = todo_items(user, today=today)
    for item in items:
        if item.organization.pk in desks:
            desks[item.organization.pk].todo.append(item)
    return list(desks.values())


def member_meetings(member, *, today: datetime.date | None = None, history: int = 12, agenda: bool = False,
                    upcoming: int = 5) -> dict:
    """A member's upcoming meetings (where they attend: their cell, or the host of a temporary transfer) with the
    documents already sent (not those withdrawn; with `agenda`, the steps too), and their own attendance record (the
    member page has already checked scope)."""
    today = today or timezone.localdate()
    # A member who has left (struck off, expelled, deceased, transferred out) no longer attends any cell's meetings.
    attending = member.status in ACTIVE_STATUSES
    cells = [pk for pk in (member.temporary_organization_id or member.organization_id,) if pk and attending]
    related = [current_documents(), "entries"] if agenda else [current_documents()]
    coming = list(Meeting.objects.filter(organization_id__in=cells, status=Meeting.Status.PLANNED,
                                         planned_on__gte=today).select_related("organization")
                  .prefetch_related(*related).order_by("planned_on", "planned_at", "id")[:upcoming])
    attended = list(Attendance.objects.filter(member=member).select_related("meeting__organization")
                    .order_by("-meeting__held_on", "-meeting_id")[:history])
    return {"upcoming": coming, "attended": attended}


@dataclass
class ClusterPilots:
    cluster: object
    organizations: list = field(default_factory=list)  # grassroots organisations of the cluster in scope
    pilots: list = field(default_factory=list)  # pilot meetings of their cells, newest first


def cluster_pilots(user) -> list[ClusterPilots]:
    """Each cluster with its grassroots organisations and the pilot thematic meetings their cells hosted, with
    the organisations that sent observers. A fixed number of queries."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return []
    clusters = {c.pk: ClusterPilots(c) for c in Cluster.objects.order_by("code")}
    in_scope = Organization.objects.filter(scope.org_q("id"))
    members_of: dict[int, int] = {}  # organisation id -> cluster id of its nearest clustered ancestor
    rows = list(Organization.objects.order_by().values_list("id", "parent_id", "cluster_id"))
    parents = {pk: parent for pk, parent, _cluster in rows}
    own = {pk: cluster for pk, _parent, cluster in rows if cluster}
    for pk in parents:
        node, seen = pk, 0
        while node is not None and seen < 64 and node not in own:
            node, seen = parents.get(node), seen + 1
        if node is not None and node in own:
            members_of[pk] = own[node]
    for organization in in_scope.filter(cluster__isnull=False, status=Organization.Status.ACTIVE).select_related(
            "kind").order_by("name_sort"):
        clusters[organization.cluster_id].organizations.append(organization)
    pilots = list(meeting_qs(user).filter(is_pilot=True).exclude(status=Meeting.Status.CANCELLED)
                  .select_related("organization__parent").order_by("-planned_on"))
    observers: dict[int, set] = defaultdict(set)
    for meeting_id, name in Guest.objects.filter(meeting__in=[m.pk for m in pilots], observer_from__isnull=False
                                                 ).values_list("meeting_id", "observer_from__name"):
        observers[meeting_id].add(name)
    for meeting in pilots:
        meeting.observer_names = sorted(observers[meeting.pk])
        cluster_id = members_of.get(meeting.organization_id)
        if cluster_id in clusters:
            clusters[cluster_id].pilots.append(meeting)
    return list(clusters.values())


def meeting_quality(meeting: Meeting) -> q.Quality | None:
    """The benchmark of one held meeting (the meeting page); compliance() judges many at once the same way."""
    if meeting.status not in (Meeting.Status.HELD, Meeting.Status.CLOSED) or not meeting.held_on:
        return None
    rows = list(meeting.attendance.values_list("member_id", "presence"))
    excused = [member_id for member_id, presence in rows if presence == Attendance.Presence.EXCUSED]
    histories = {}
    for member_id, held_on, presence in Attendance.objects.filter(
            member_id__in=excused, meeting__organization=meeting.organization,
            meeting__held_on__year=meeting.held_on.year, meeting__status__in=HELD
    ).values_list("member_id", "meeting__held_on", "presence").order_by("meeting__held_on", "meeting_id"):
        histories.setdefault(member_id, []).append((held_on, presence))
    return q.judge(held_on=meeting.held_on, minutes=meeting.minutes,
                   combined=q.is_combined(meeting.kind, meeting.topic), presences=dict(rows),
                   excused_runs={m: q.excused_run(histories.get(m, []), meeting.held_on) for m in excused},
                   documents_available_on=list(meeting.documents.filter(withdrawn_on__isnull=True)
                                               .values_list("available_on", flat=True)),
                   value=RuleBook().value)


# ---- panels on the pages of the lower apps (registered in MeetingsConfig.ready) ----------------------------------

def _member_meetings_once(request, member) -> dict:
    """member_meetings(member), read once per request for the two panels of the member's page."""
    cache = getattr(request, "_member_meetings", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._member_meetings = cache
    if member.pk not in cache:
        cache[member.pk] = member_meetings(member)
    return cache[member.pk]


def member_next_meeting_panel(request, member) -> dict | None:
    """The top of the member's page: their next meeting and the documents already sent (none planned: nothing)."""
    meetings = _member_meetings_once(request, member)
    return {"next_meeting": meetings["upcoming"][0]} if meetings["upcoming"] else None


def member_meetings_panel(request, member) -> dict:
    """The member's later meetings and their attendance (the next one is at the top of the page)."""
    return {"meetings": _member_meetings_once(request, member)}


def organization_meetings_link(request, organization) -> dict | None:
    return {} if organization.kind.holds_members else None


# ---- the Bloc's meeting process -----------------------------------------------------------------------------------

def process_issuer() -> Organization | None:
    """The committee that issues the process: the top of the tree."""
    return Organization.objects.filter(parent__isnull=True).order_by("id").first()


def can_publish_process(user) -> bool:
    scope = scope_for(user)
    issuer = process_issuer()
    return scope.covers(issuer.pk, MEETINGS) if issuer else scope.sees_everything(MEETINGS)


def process_get(user, pk, action: str = VIEW) -> ProcessTemplate:
    """A version of the process; a draft is the issuer's working copy, not found by anyone else."""
    try:
        template = ProcessTemplate.objects.select_related("issued_by").get(pk=pk)
    except (ProcessTemplate.DoesNotExist, ValueError):
        raise Http404 from None
    if not template.is_published and not can_publish_process(user):
        raise Http404
    return template


def process_steps(template: ProcessTemplate) -> list[ProcessStep]:
    return list(template.steps.order_by("order"))


@dataclass
class Version:
    template: ProcessTemplate
    steps: int
    meetings: int
    state: str  # "draft", "scheduled" (takes effect later), "current", "earlier"


def process_versions(user, *, today: datetime.date | None = None) -> dict[str, list[Version]]:
    """Every kind with its versions, newest first, and which one is in force today. Two queries."""
    today = today or datetime.date.today()

    def counted(model, field):
        return Subquery(model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
                        .annotate(n=Count("pk")).values("n"))

    templates = list(ProcessTemplate.objects.annotate(
        n_steps=Coalesce(counted(ProcessStep, "template"), 0), n_meetings=Coalesce(counted(Meeting, "template"), 0),
    ).order_by("kind", "-version"))
    result: dict[str, list[Version]] = {kind: [] for kind in MeetingKind.values}
    current: dict[str, int] = {}
    for t in templates:
        if t.is_published and t.published_on <= today and t.kind not in current:
            current[t.kind] = t.pk
    for t in templates:
        if not t.is_published:
            state = "draft"
        elif t.published_on > today:
            state = "scheduled"
        elif current.get(t.kind) == t.pk:
            state = "current"
        else:
            state = "earlier"
        result[t.kind].append(Version(t, t.n_steps, t.n_meetings, state))
    return result


# ---- working groups and their visits ------------------------------------------------------------------------------

@applies(WORKING_GROUP_VISITS_COUNTED_SINCE,
         where=_("Working groups: visits counted since this day (the working groups page and the home page)"),
         page="meetings:groups")
def visits_counted_since(on: datetime.date | None = None) -> datetime.date:
    return datetime.date.fromisoformat(rule_value(WORKING_GROUP_VISITS_COUNTED_SINCE, on=on))


def visit_count(user, *, since: datetime.date | None = None, until: datetime.date | None = None) -> int:
    """Visits held (recorded) in the user's scope since a date (default: the Bloc's chosen date)."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return 0
    since = since or visits_counted_since()
    visits = Visit.objects.filter(scope.org_q("organization_id"), visited_on__isnull=False, visited_on__gte=since)
    if until:
        visits = visits.filter(visited_on__lte=until)
    return visits.count()


def working_groups(user):
    """The working groups of the organisations in the user's scope, with their members and visit counts."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return WorkingGroup.objects.none()
    since = visits_counted_since()
    return (WorkingGroup.objects.filter(scope.org_q("organization_id")).select_related("leader", "organization")
            .prefetch_related("members")
            .annotate(done=Count("visits", filter=Q(visits__visited_on__gte=since), distinct=True),
                      planned=Count("visits", filter=Q(visits__visited_on__isnull=True), distinct=True))
            .order_by(F("ended_on").asc(nulls_first=True), "name"))


def group_get(user, pk, action: str = VIEW) -> WorkingGroup:
    try:
        return working_groups(user).get(pk=pk)
    except (WorkingGroup.DoesNotExist, ValueError):
        raise Http404 from None


def group_visits(group: WorkingGroup) -> list[Visit]:
    return list(group.visits.select_related("organization__parent", "meeting").prefetch_related("attendees")
                .order_by("-planned_on", "-id"))


def group_organization(user) -> Organization | None:
    """The committee whose working groups the user forms: the top of the tree, when it runs its meetings."""
    return organization_choices(user, MEETINGS).filter(parent__isnull=True).first()


def group_candidates(organization):
    """Who can serve on the organisation's working groups: the members holding a seat on its bodies today; the
    leader is one of its deputy secretaries."""
    seats = Seat.objects.filter(body__organization=organization, ended_on__isnull=True, body__ended_on__isnull=True)
    leaders = Member.objects.filter(pk__in=seats.filter(position__in=(
        Position.STANDING_DEPUTY_SECRETARY, Position.DEPUTY_SECRETARY)).values("member_id")).order_by("name_sort")
    members = Member.objects.filter(pk__in=seats.values("member_id")).order_by("name_sort")
    return leaders, members


def visit_cells(user, group: WorkingGroup):
    """The cells a group may plan to visit: those under its committee that the user sees."""
    return organization_choices(user, VIEW, holds_members=True).filter(
        pk__in=organization_subtree_ids(user, group.organization))


def visit_qs(user):
    """Visits the user may open: those of a group in scope, or to a cell in scope (the cell sees who came)."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return Visit.objects.none()
    if scope.sees_everything():
        return Visit.objects.all()
    return Visit.objects.filter(scope.org_q("group__organization_id") | scope.org_q("organization_id"))


def visit_get(user, pk, action: str = VIEW) -> Visit:
    try:
        return visit_qs(user).select_related("group__organization", "group__leader", "organization",
                                             "meeting").get(pk=pk)
    except (Visit.DoesNotExist, ValueError):
        raise Http404 from None


def visit_meetings(visit: Visit):
    """The cell's meetings around the visit's planned day (and the one already linked), not its whole history."""
    around = datetime.timedelta(days=62)
    return (Meeting.objects.filter(organization_id=visit.organization_id, planned_on__gte=visit.planned_on - around,
                                   planned_on__lte=visit.planned_on + around).exclude(status=Meeting.Status.CANCELLED)
            | Meeting.objects.filter(pk=visit.meeting_id or 0)).order_by("-planned_on")
