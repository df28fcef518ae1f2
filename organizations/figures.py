"""The figures kept per organisation (OrganizationFigures): its own counts and its whole subtree's, so the
dashboard, the tree and the counts of a wide scope read a few rows instead of counting the country on every view.

What is counted comes from contributors, registered by the apps in their AppConfig.ready():
`contributor(ids, today) -> {organisation id: {key: n}}` for a list of organisation ids (None: all of them).
`organizations` counts the active organisations by kind ("org:<kind code>"), `members` the members
(members.figures), `apparatus` the committee seats (apparatus.figures).

Kept current in the writer's transaction: the apps' save/delete signals of the counted records call
`figures_refresh` with the organisations concerned before and after the change. A refresh recounts those
organisations' own figures and rebuilds the totals up their chains of parents, bottom up (own + the children's
totals): nothing is carried as a delta, so a refresh also repairs what it touches. Services that write many rows
(restructuring, imports) run in `figures_batch()`: one refresh at the end for every organisation they touched.
Figures that change with the calendar alone (age bands) and anything written around the services are recounted
from scratch every night (organizations.tasks) and when the table is found empty after a migration.
"""

import datetime
import functools
import itertools
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import ExitStack, contextmanager

from django.db import connection, transaction
from django.utils import timezone

from core.scope import VIEW

from .models import Organization, OrganizationFigures

Counts = dict[str, int]
Contributor = Callable[[list[int] | None, datetime.date], dict[int, Counts]]
contributors: list[Contributor] = []
# Other kept tables of the upper apps (meetings' compliance): `kept_tables` holds, per table, its rebuild
# (() -> rows changed) and its bulk block (a context manager that holds its refreshes back and rebuilds at the end).
kept_tables: list[tuple[str, Callable[[], int], Callable]] = []

# A refresh of more organisations than this recounts everything instead (one grouped pass per contributor).
REBUILD_ABOVE = 2000
CHUNK = 500  # ids per query (SQLite's limit of bound variables)

_state = threading.local()
# Bumped by every write of the figures: a request's memo of its scope's total (scope_total) is read again after one.
_writes = itertools.count()
_written = 0


def _wrote() -> None:
    global _written
    _written = next(_writes) + 1


def register_contributor(contributor: Contributor) -> Contributor:
    if contributor not in contributors:
        contributors.append(contributor)
    return contributor


def register_kept_table(name: str, rebuild: Callable[[], int], bulk: Callable) -> None:
    if name not in {entry[0] for entry in kept_tables}:
        kept_tables.append((name, rebuild, bulk))


def rebuild_everything() -> dict[str, int]:
    """The figures and every other kept table recounted from scratch: {table: rows changed}."""
    changed = {"figures": figures_rebuild()}
    for name, rebuild, _bulk in kept_tables:
        changed[name] = rebuild()
    return changed


def add_counts(into: Counts, counts: Counts) -> Counts:
    for key, n in counts.items():
        if n:
            into[key] = into.get(key, 0) + n
    return into


def chunks(ids: list, size: int = CHUNK) -> Iterable[list]:
    """`ids` in parts of `size` (SQLite's limit of bound variables; memory)."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def own_figures(ids: Iterable[int] | None, today: datetime.date) -> dict[int, Counts]:
    """Every contributor's counts for these organisations (None: all), zeros left out."""
    merged: dict[int, Counts] = defaultdict(dict)
    parts = [None] if ids is None else list(chunks(sorted(ids)))
    for contributor in contributors:
        for part in parts:
            for org_id, counts in contributor(part, today).items():
                add_counts(merged[org_id], counts)
    return merged


@register_contributor
def organizations_by_kind(ids: list[int] | None, today: datetime.date) -> dict[int, Counts]:
    rows = Organization.objects.filter(status=Organization.Status.ACTIVE)
    if ids is not None:
        rows = rows.filter(id__in=ids)
    return {pk: {f"org:{code}": 1} for pk, code in rows.values_list("id", "kind__code").order_by()}


# -- keeping them current -------------------------------------------------------------------------------------------

def figures_refresh(*, organization_ids: Iterable[int | None]) -> None:
    """Recount these organisations and the totals above them now, or at the end of the current batch."""
    ids = {int(pk) for pk in organization_ids if pk is not None}
    if not ids:
        return
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.update(ids)
        return
    _refresh(ids)


@contextmanager
def figures_batch():
    """Within the block, refreshes are collected and run once at its end (still inside the caller's transaction);
    an exception or a rollback asked for leaves them out, as the transaction undoes what they would have counted."""
    if getattr(_state, "pending", None) is not None:
        yield
        return
    _state.pending = set()
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    # a block that marked its transaction for rollback (an import's dry run) has nothing left to count
    if pending and not transaction.get_connection().needs_rollback:
        _refresh(pending)


@contextmanager
def figures_bulk():
    """A bulk loader's block (bulk_create skips the signals): nothing is counted as it writes, everything is
    recounted once at its end."""
    outer = getattr(_state, "pending", None)
    _state.pending = set()
    try:
        with ExitStack() as stack:
            for _name, _rebuild, bulk in kept_tables:
                stack.enter_context(bulk())
            yield
    finally:
        _state.pending = outer
    if not transaction.get_connection().needs_rollback:
        figures_rebuild()


def figures_batched(service):
    """A service decorated with it refreshes the figures once, after all its writes."""
    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        with figures_batch():
            return service(*args, **kwargs)
    return wrapper


def ancestors(ids: set[int]) -> dict[int, int | None]:
    """{id: parent id} of these organisations and all their ancestors, by a recursive walk up parent_id."""
    table = connection.ops.quote_name(Organization._meta.db_table)
    chain: dict[int, int | None] = {}
    for part in chunks(sorted(ids)):
        marks = ", ".join(["%s"] * len(part))
        with connection.cursor() as cursor:
            # Each step looks its parents up one by one through the primary key (a subquery per row): as a join,
            # PostgreSQL walked the whole key's index for each level of a province's few hundred parents.
            cursor.execute(
                f"WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM {table} WHERE id IN ({marks}) "
                f"UNION SELECT up.parent_id, (SELECT o.parent_id FROM {table} o WHERE o.id = up.parent_id) "
                "FROM up WHERE up.parent_id IS NOT NULL) SELECT id, parent_id FROM up", part)
            chain.update(cursor.fetchall())
    return chain


def _refresh(ids: set[int], today: datetime.date | None = None) -> None:
    if len(ids) > REBUILD_ABOVE:
        figures_rebuild(today=today)
        return
    today = today or timezone.localdate()
    with transaction.atomic():
        chain = ancestors(ids)
        if not chain:
            return
        # Rows locked in one order (their ids) before they are read: concurrent refreshes meet at the root.
        stored = {row.pk: row for row in OrganizationFigures.objects.select_for_update()
                  .filter(pk__in=sorted(chain)).order_by("pk")}
        counted = (ids & chain.keys()) | {pk for pk in chain if pk not in stored}
        own = own_figures(counted, today)
        owns = {pk: own.get(pk, {}) if pk in counted else stored[pk].own for pk in chain}
        children: dict[int, list[int]] = defaultdict(list)
        for pk, parent_id in chain.items():
            if parent_id in chain:
                children[parent_id].append(pk)
        outside: dict[int, Counts] = {}
        for part in chunks(sorted(chain)):
            for pk, parent_id, total in (OrganizationFigures.objects.filter(organization__parent_id__in=part)
                                         .values_list("pk", "organization__parent_id", "total")):
                if pk not in chain:
                    children[parent_id].append(pk)
                    outside[pk] = total
        totals: dict[int, Counts] = {}

        def total_of(pk: int) -> Counts:
            if pk not in totals:
                result = dict(owns[pk])
                for child in children.get(pk, ()):
                    add_counts(result, total_of(child) if child in chain else outside[child])
                totals[pk] = result
            return totals[pk]

        created, updated = [], []
        for pk in chain:
            row = stored.get(pk)
            if row is None:
                created.append(OrganizationFigures(organization_id=pk, own=owns[pk], total=total_of(pk),
                                                   counted_on=today))
            elif row.own != owns[pk] or row.total != total_of(pk) or pk in counted:
                row.own, row.total = owns[pk], total_of(pk)
                if pk in counted:
                    row.counted_on = today
                updated.append(row)
        OrganizationFigures.objects.bulk_create(created)
        OrganizationFigures.objects.bulk_update(updated, ["own", "total", "counted_on"])
        _wrote()


def figures_recount(today: datetime.date | None = None) -> dict[int, tuple[Counts, Counts]]:
    """{organisation id: (own, total)} counted from scratch: what the table must hold."""
    today = today or timezone.localdate()
    tree = dict(Organization.objects.values_list("id", "parent_id").order_by())
    own = own_figures(None, today)
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in tree.items():
        children[parent_id].append(pk)
    order, stack = [], list(children[None])
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(children.get(node, ()))
    totals: dict[int, Counts] = {}
    for node in reversed(order):  # children before their parent
        total = dict(own.get(node, {}))
        for child in children.get(node, ()):
            add_counts(total, totals[child])
        totals[node] = total
    return {pk: (own.get(pk, {}), totals[pk]) for pk in order}


def figures_stored() -> dict[int, tuple[Counts, Counts]]:
    return {pk: (own, total) for pk, own, total in OrganizationFigures.objects.values_list("pk", "own", "total")}


@transaction.atomic
def figures_rebuild(*, today: datetime.date | None = None) -> int:
    """Recount everything; returns how many organisations' figures were wrong or missing."""
    today = today or timezone.localdate()
    fresh = figures_recount(today)
    stored = {row.pk: row for row in OrganizationFigures.objects.select_for_update().order_by("pk")}
    created, updated, wrong = [], [], 0
    for pk, (own, total) in fresh.items():
        row = stored.get(pk)
        if row is None:
            created.append(OrganizationFigures(organization_id=pk, own=own, total=total, counted_on=today))
        elif row.own != own or row.total != total or row.counted_on != today:
            wrong += row.own != own or row.total != total
            row.own, row.total, row.counted_on = own, total, today
            updated.append(row)
    OrganizationFigures.objects.bulk_create(created, batch_size=1000)
    OrganizationFigures.objects.bulk_update(updated, ["own", "total", "counted_on"], batch_size=1000)
    extra = [pk for pk in stored if pk not in fresh]
    for part in chunks(extra):
        OrganizationFigures.objects.filter(pk__in=part).delete()
    _wrote()
    return len(created) + wrong + len(extra)


def figures_rebuild_if_empty(**kwargs) -> None:
    """After a migration: a database that holds organisations but no figures yet (an upgrade, a bulk load) gets
    them counted once."""
    if not OrganizationFigures.objects.exists() and Organization.objects.exists():
        figures_rebuild()


# -- reading them ---------------------------------------------------------------------------------------------------

def figures_of(ids: Iterable[int]) -> dict[int, tuple[Counts, Counts]]:
    """{organisation id: (own, total)} of these organisations."""
    found: dict[int, tuple[Counts, Counts]] = {}
    for part in chunks(sorted(set(ids))):
        found.update((pk, (own, total)) for pk, own, total in
                     OrganizationFigures.objects.filter(pk__in=part).values_list("pk", "own", "total"))
    return found


def scope_roots(ids: frozenset[int] | None) -> list[int]:
    """The organisations at the top of a scope (a union of whole subtrees; None: everything): their totals sum
    to the scope's."""
    if ids is None:
        return list(Organization.objects.filter(parent__isnull=True).order_by("pk").values_list("pk", flat=True))
    roots = []
    for part in chunks(sorted(ids)):
        roots += [pk for pk, parent_id in Organization.objects.filter(pk__in=part).values_list("pk", "parent_id")
                  if parent_id not in ids]
    return roots


def view_roots(scope) -> list[int]:
    """The top of what a scope may VIEW (scope_roots of it): as its providers read them, else from the tree."""
    if scope.view_roots is not None:
        return list(scope.view_roots)
    return scope_roots(None if scope.sees_everything(VIEW) else scope.org_ids(VIEW))


def figures_total(root_ids: Iterable[int]) -> Counts:
    """The figures of these subtrees together (their roots must not lie inside one another)."""
    total: Counts = {}
    for _own, subtree in figures_of(root_ids).values():
        add_counts(total, subtree)
    return total


def scope_total(scope, action: str = VIEW) -> Counts:
    """The figures of everything the scope covers for `action` (figures_total of the organisations at its top), read
    once per request: the scope lives as long as the request, and the home page's blocks, the member list's count
    and its organisation picker each ask. Read again when figures were written since (a request that writes, then
    draws)."""
    if action == VIEW or scope.org_ids(action) == scope.org_ids(VIEW):
        roots = view_roots(scope)
    else:
        roots = scope_roots(None if scope.sees_everything(action) else scope.org_ids(action))
    memo = scope.__dict__.setdefault("_figures_totals", {})
    key = tuple(sorted(roots))
    if key not in memo or memo[key][0] != _written:
        memo[key] = (_written, figures_total(roots))
    return dict(memo[key][1])


# -- the tree's own records -----------------------------------------------------------------------------------------

def _remember_parent(sender, instance, **kwargs):
    instance._figures_parent = instance.__dict__.get("parent_id")


def _organization_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    figures_refresh(organization_ids={instance.pk, instance.parent_id, getattr(instance, "_figures_parent", None)})
    instance._figures_parent = instance.parent_id


def _organization_deleted(sender, instance, **kwargs):
    figures_refresh(organization_ids={instance.parent_id})


def _kind_saved(sender, instance, raw=False, **kwargs):
    """A kind's tier decides what some figures count (the committee seats of grassroots organisations)."""
    if not raw and not kwargs.get("created"):
        figures_refresh(organization_ids=Organization.objects.filter(kind=instance).values_list("pk", flat=True))


def connect() -> None:
    from django.apps import apps
    from django.db.models import signals

    from .models import OrganizationKind

    signals.post_init.connect(_remember_parent, sender=Organization, dispatch_uid="figures_org_init")
    signals.post_save.connect(_organization_saved, sender=Organization, dispatch_uid="figures_org_saved")
    signals.post_delete.connect(_organization_deleted, sender=Organization, dispatch_uid="figures_org_deleted")
    signals.post_save.connect(_kind_saved, sender=OrganizationKind, dispatch_uid="figures_kind_saved")
    signals.post_migrate.connect(figures_rebuild_if_empty, sender=apps.get_app_config("organizations"),
                                 dispatch_uid="figures_rebuild_if_empty")
