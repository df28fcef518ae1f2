"""Compliance kept per cell and month (models.CellMonth), so a compliance report reads a row per cell and month
instead of judging every meeting of the period on every view.

The unit of a recount is a cell's calendar year: a meeting's benchmark looks at the runs of excused absences of its
members since 1 January at that cell's meetings, so a change to one meeting can change the judgement of the later
meetings of its year, never of another year. A year's rows are recounted whole from the meetings, their attendance
and documents (`_judged`, the judgement of the meeting page, meetings.selectors.meeting_quality), and replaced.

Kept current in the writer's transaction: the save/delete signals of meetings, attendance and documents name the
cell-years concerned; outside a batch they are recounted at once, within `compliance_batch()` (the meeting services,
decorated with `compliance_batched`) once at the batch's end. A change to a rule the benchmark reads recounts
everything; so do the bulk loaders (organizations.figures.figures_bulk), the nightly job and
`manage.py figures_rebuild`.
"""

import datetime
import functools
import threading
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import ExtractYear

from organizations.figures import chunks
from rules.codes import (
    MEETING_DOCUMENTS_DAYS_BEFORE,
    MEETING_GOOD_ATTENDANCE_PERCENT,
    MEETING_MAX_EXCUSED_STREAK,
    MEETING_MIN_MINUTES,
    MEETING_MIN_MINUTES_COMBINED,
)
from rules.selectors import RuleBook

from . import quality as q
from .models import Attendance, CellMonth, Meeting, MeetingDocument, MeetingKind

HELD = (Meeting.Status.HELD, Meeting.Status.CLOSED)
# The rules the benchmark of a held meeting reads, on the day it was held (the others compliance reads are judged
# when the report is read).
JUDGED_BY = {MEETING_DOCUMENTS_DAYS_BEFORE, MEETING_GOOD_ATTENDANCE_PERCENT, MEETING_MAX_EXCUSED_STREAK,
             MEETING_MIN_MINUTES, MEETING_MIN_MINUTES_COMBINED}
CHUNK = 400  # cells recounted together (SQLite's limit of bound variables; memory)

Key = tuple[int, int]  # (cell id, year)

_state = threading.local()


# -- counting -------------------------------------------------------------------------------------------------------

def _judged(cell_ids: list[int], year: int, rules: RuleBook) -> list[Meeting]:
    """The cells' meetings of the year's periods (cancelled ones left out) in (planned_on, id) order, each held one
    with a date judged: `quality`, and `runs` {excused member id: run}."""
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    meetings = list(
        Meeting.objects.filter(organization_id__in=cell_ids, period__gte=start, period__lt=end)
        .exclude(status=Meeting.Status.CANCELLED).order_by("planned_on", "id")
        .only("id", "organization_id", "kind", "period", "topic", "status", "planned_on", "held_on", "started_at",
              "ended_at"))
    judged = [m for m in meetings if m.status in HELD and m.held_on]
    if not judged:
        return meetings
    held_ids = [m.pk for m in judged]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    documents: dict[int, list] = defaultdict(list)
    excused_at: dict[int, list[int]] = defaultdict(list)
    held_day = {m.pk: (m.organization_id, m.held_on) for m in judged}
    for part in chunks(held_ids, 900):
        for meeting_id, presence, n in (Attendance.objects.filter(meeting_id__in=part).order_by()
                                        .values_list("meeting_id", "presence").annotate(n=Count("id"))):
            counts[meeting_id][presence] = n
        for meeting_id, latest in (MeetingDocument.objects.filter(meeting_id__in=part, withdrawn_on__isnull=True)
                                   .order_by().values_list("meeting_id").annotate(latest=Max("available_on"))):
            documents[meeting_id].append(latest)
        for meeting_id, member_id in (Attendance.objects.filter(meeting_id__in=part, presence=q.EXCUSED)
                                      .values_list("meeting_id", "member_id")):
            excused_at[meeting_id].append(member_id)
    # The runs count the meetings held in the year, whatever their period (a December meeting held in January counts
    # in January's year).
    for pk, organization_id, held_on in (
            Meeting.objects.filter(organization_id__in=cell_ids, status__in=HELD, held_on__gte=start, held_on__lt=end)
            .exclude(period__gte=start, period__lt=end).values_list("id", "organization_id", "held_on")):
        held_day[pk] = (organization_id, held_on)
    histories: dict[tuple[int, int], list] = defaultdict(list)
    excused_members = sorted({m for members in excused_at.values() for m in members})
    for part in chunks(excused_members, 900):
        for meeting_id, member_id, presence in (
                Attendance.objects.filter(member_id__in=part, meeting__organization_id__in=cell_ids,
                                          meeting__held_on__gte=start, meeting__held_on__lt=end,
                                          meeting__status__in=HELD).order_by()
                .values_list("meeting_id", "member_id", "presence")):
            day = held_day.get(meeting_id)
            if day is not None:
                histories[(day[0], member_id)].append((day[1], meeting_id, presence))
    for key, rows in histories.items():
        rows.sort()
        histories[key] = [(held_on, presence) for held_on, _id, presence in rows]
    for meeting in judged:
        meeting.runs = {member_id: q.excused_run(histories[(meeting.organization_id, member_id)], meeting.held_on)
                        for member_id in excused_at[meeting.pk]}
        meeting.quality = q.judge(held_on=meeting.held_on, minutes=meeting.minutes,
                                  combined=q.is_combined(meeting.kind, meeting.topic), counts=counts[meeting.pk],
                                  excused=excused_at[meeting.pk], excused_runs=meeting.runs,
                                  documents_available_on=documents[meeting.pk], value=rules.value, explain=False)
    return meetings


def cell_months_count(cell_ids: list[int], year: int, rules: RuleBook | None = None) -> dict[tuple[int, datetime.date],
                                                                                              CellMonth]:
    """{(cell id, month): CellMonth, unsaved} for these cells' months of the year that have a meeting."""
    rules = rules or RuleBook()
    rows: dict[tuple[int, datetime.date], CellMonth] = {}
    for meeting in _judged(cell_ids, year, rules):
        key = (meeting.organization_id, meeting.period)
        row = rows.get(key)
        if row is None:
            row = rows[key] = CellMonth(organization_id=key[0], month=key[1], runs={})
        if meeting.kind == MeetingKind.REGULAR:
            if meeting.status in HELD:
                row.regular_held += 1
                row.first_held = row.first_held or meeting.pk
            elif row.first_planned is None:
                row.first_planned = meeting.pk
        quality = getattr(meeting, "quality", None)
        if quality is None:
            continue
        if meeting.kind == MeetingKind.THEMATIC or meeting.topic:
            row.thematic_held += 1
        row.present += quality.present
        row.expected += quality.expected
        row.judged += 1
        row.good += quality.good
        for member_id, run in meeting.runs.items():
            row.runs.setdefault(str(member_id), []).append(run)
            row.longest_run = max(row.longest_run, run)
    return rows


def _years_of_cells() -> dict[int, list[int]]:
    """{year: the cells with a meeting of that year's periods}."""
    years: dict[int, set[int]] = defaultdict(set)
    for organization_id, year in (Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
                                  .annotate(year=ExtractYear("period")).values_list("organization_id", "year")
                                  .distinct().order_by()):
        years[year].add(organization_id)
    return {year: sorted(cells) for year, cells in years.items()}


def compliance_recount() -> dict[tuple[int, datetime.date], tuple]:
    """Every cell-month counted from scratch: what the table must hold."""
    rules, fresh = RuleBook(), {}
    for year, cells in _years_of_cells().items():
        for part in chunks(cells):
            fresh.update((key, row.values()) for key, row in cell_months_count(part, year, rules).items())
    return fresh


def compliance_stored() -> dict[tuple[int, datetime.date], tuple]:
    return {(row.organization_id, row.month): row.values() for row in CellMonth.objects.all()}


@transaction.atomic
def compliance_rebuild() -> int:
    """Recount every cell-month; returns how many rows were wrong, missing or extra."""
    rules, changed = RuleBook(), 0
    years = _years_of_cells()
    for year, cells in years.items():
        for part in chunks(cells):
            changed += _replace(part, year, cell_months_count(part, year, rules))
    # rows of a cell-year that no longer has a meeting
    wanted = {(cell, year) for year, cells in years.items() for cell in cells}
    extra = [pk for pk, cell, month in CellMonth.objects.values_list("pk", "organization_id", "month")
             if (cell, month.year) not in wanted]
    for part in chunks(extra, 900):
        CellMonth.objects.filter(pk__in=part).delete()
    return changed + len(extra)


def _replace(cells: list[int], year: int, rows: dict) -> int:
    """Replace the cells' rows of the year with `rows`; returns how many differed."""
    stored = {(row.organization_id, row.month): row for row in
              CellMonth.objects.filter(organization_id__in=cells, month__year=year)}
    stale = [row.pk for key, row in stored.items() if key not in rows or rows[key].values() != row.values()]
    new = [row for key, row in rows.items() if key not in stored or stored[key].pk in stale]
    if stale:
        CellMonth.objects.filter(pk__in=stale).delete()
    CellMonth.objects.bulk_create(new, batch_size=1000)
    return len(stale) + sum(1 for key in rows if key not in stored)


def compliance_rebuild_if_empty(**kwargs) -> None:
    """After a migration: meetings but no kept months yet (an upgrade, a bulk load) get them counted once."""
    if not CellMonth.objects.exists() and Meeting.objects.exists():
        compliance_rebuild()


# -- keeping them current -------------------------------------------------------------------------------------------

def compliance_refresh(*, keys: Iterable[Key] = (), meeting_ids: Iterable[int] = (), everything: bool = False):
    """Recount these cell-years (and those of these meetings) now, or at the end of the current batch."""
    keys = {(int(cell), int(year)) for cell, year in keys if cell is not None and year is not None}
    meeting_ids = {int(pk) for pk in meeting_ids if pk is not None}
    if not (keys or meeting_ids or everything):
        return
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending["keys"] |= keys
        pending["meetings"] |= meeting_ids
        pending["everything"] = pending["everything"] or everything
        return
    _refresh(keys, meeting_ids, everything)


def _refresh(keys: set[Key], meeting_ids: set[int], everything: bool) -> None:
    if everything:
        compliance_rebuild()
        return
    for part in chunks(sorted(meeting_ids), 900):
        for cell, period, held_on in Meeting.objects.filter(pk__in=part).values_list("organization_id", "period",
                                                                                      "held_on"):
            keys |= _keys(cell, period, held_on)
    by_year: dict[int, set[int]] = defaultdict(set)
    for cell, year in keys:
        by_year[year].add(cell)
    rules = RuleBook()
    with transaction.atomic():
        for year, cells in sorted(by_year.items()):
            for part in chunks(sorted(cells)):
                _replace(part, year, cell_months_count(part, year, rules))


def _keys(cell, period, held_on) -> set[Key]:
    """The cell-years a meeting counts in: its period's, and the year it was held in (its runs)."""
    return {(cell, day.year) for day in (period, held_on) if cell is not None and day is not None}


@contextmanager
def compliance_batch():
    """Within the block, refreshes are collected and run once at its end (still inside the caller's transaction)."""
    if getattr(_state, "pending", None) is not None:
        yield
        return
    _state.pending = {"keys": set(), "meetings": set(), "everything": False}
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    if (pending["keys"] or pending["meetings"] or pending["everything"]) \
            and not transaction.get_connection().needs_rollback:
        _refresh(pending["keys"], pending["meetings"], pending["everything"])


def compliance_batched(service):
    """A meeting service decorated with it recounts the cell-years it touched once, after all its writes."""
    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with compliance_batch():
            return service(*args, **kwargs)
    return wrapper


@contextmanager
def compliance_bulk():
    """A bulk loader's block: nothing recounted as it writes (bulk_create skips the signals), everything at its end."""
    outer = getattr(_state, "pending", None)
    _state.pending = {"keys": set(), "meetings": set(), "everything": False}
    try:
        yield
    finally:
        _state.pending = outer
    if not transaction.get_connection().needs_rollback:
        compliance_rebuild()


# -- signals --------------------------------------------------------------------------------------------------------

def _remember(sender, instance, **kwargs):
    # every meeting read passes here: the values only, the keys are worked out when it is saved
    values = instance.__dict__
    instance._compliance_was = (values.get("organization_id"), values.get("period"), values.get("held_on"))


def _meeting_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    was = getattr(instance, "_compliance_was", (None, None, None))
    compliance_refresh(keys=_keys(instance.organization_id, instance.period, instance.held_on) | _keys(*was))
    instance._compliance_was = (instance.organization_id, instance.period, instance.held_on)


def _meeting_deleted(sender, instance, **kwargs):
    compliance_refresh(keys=_keys(instance.organization_id, instance.period, instance.held_on))


def _part_changed(sender, instance, raw=False, **kwargs):
    """An attendance row or a document: its meeting's cell-years."""
    if not raw:
        compliance_refresh(meeting_ids={instance.meeting_id})


def _rule_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.code in JUDGED_BY:
        compliance_refresh(everything=True)


def connect() -> None:
    from django.apps import apps
    from django.db.models import signals

    from rules.models import Rule

    signals.post_init.connect(_remember, sender=Meeting, dispatch_uid="compliance_meeting_init")
    signals.post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="compliance_meeting_saved")
    signals.post_delete.connect(_meeting_deleted, sender=Meeting, dispatch_uid="compliance_meeting_deleted")
    for model in (Attendance, MeetingDocument):
        signals.post_save.connect(_part_changed, sender=model, dispatch_uid=f"compliance_{model.__name__}_saved")
        signals.post_delete.connect(_part_changed, sender=model, dispatch_uid=f"compliance_{model.__name__}_deleted")
    signals.post_save.connect(_rule_changed, sender=Rule, dispatch_uid="compliance_rule_saved")
    signals.post_delete.connect(_rule_changed, sender=Rule, dispatch_uid="compliance_rule_deleted")
    signals.post_migrate.connect(compliance_rebuild_if_empty, sender=apps.get_app_config("meetings"),
                                 dispatch_uid="compliance_rebuild_if_empty")

