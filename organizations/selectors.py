"""Reads of the organisation tree, always through the user's scope."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.http import Http404

from core.scope import MANAGE_MEMBERS, VIEW, scope_for
from core.text import collation_key, search_q

from . import hooks
from .figures import ancestors, figures_of, scope_total, view_roots
from .models import Organization, OrganizationKind, OrganizationVersion, RestructuringEvent


def children_map() -> dict[int | None, list[int]]:
    """parent id -> child ids, over the whole tree (ended organisations too), in one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Organization.objects.order_by().values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def _subtree_sql(count: int) -> str:
    """The ids of `count` organisations and everything below them: a recursive walk down parent_id (its index),
    so it reads the subtree's rows only, never the whole tree (UNION, not UNION ALL: a cycle cannot loop)."""
    table = connection.ops.quote_name(Organization._meta.db_table)
    marks = ", ".join(["%s"] * count)
    return (f"WITH RECURSIVE subtree(id) AS (SELECT id FROM {table} WHERE id IN ({marks}) "
            f"UNION SELECT child.id FROM {table} child JOIN subtree ON child.parent_id = subtree.id) "
            "SELECT id FROM subtree")


def subtrees_ids(root_ids) -> set[int]:
    """The organisations and everything below them, in one query that reads only those rows."""
    roots = sorted({int(pk) for pk in root_ids})
    if not roots:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(_subtree_sql(len(roots)), roots)
        return {row[0] for row in cursor.fetchall()}


def subtree_ids(root_id: int, children: dict[int | None, list[int]] | None = None) -> set[int]:
    """The organisation and everything below it: from `children` when the caller holds the whole tree's map
    already, otherwise one query over the subtree's rows only (subtrees_ids)."""
    if children is None:
        return subtrees_ids([root_id])
    seen, stack = set(), [root_id]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(children.get(node, ()))
    return seen


def subtree_q(field: str, root_id: int) -> Q:
    """`field` (an organisation id column) lies in the organisation's subtree, as a subquery: the ids are neither
    read into Python nor sent back as a list."""
    return Q(**{f"{field}__in": RawSQL(_subtree_sql(1), [int(root_id)])})


def root_ids() -> list[int]:
    """The tree's roots (every request's scope may ask: written out, as the ORM's query cost 0.25 ms of Python)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {connection.ops.quote_name(Organization._meta.db_table)}"
                       " WHERE parent_id IS NULL ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def is_subordinate_cell(tier: str, holds_members: bool) -> bool:
    """A cell below a grassroots committee ("chi bộ trực thuộc", the article's 287), whatever its kind's code."""
    return tier == OrganizationKind.Tier.BELOW_GRASSROOTS and holds_members


def organization_qs(user, action: str = VIEW):
    scope = scope_for(user)
    if not scope.can(action):
        return Organization.objects.none()
    return Organization.objects.filter(scope.org_q("id", action))


def organization_get(user, pk, action: str = VIEW) -> Organization:
    """The organisation, or 404 when it is outside the user's scope (no hint that it exists)."""
    try:
        organization = Organization.objects.select_related("kind", "parent", "cluster").get(pk=pk)
    except (Organization.DoesNotExist, ValueError):
        raise Http404
    if not scope_for(user).covers(organization.pk, action):
        raise Http404
    return organization


def organization_choices(user, action: str = VIEW, *, active_only: bool = True, holds_members: bool | None = None):
    qs = organization_qs(user, action).select_related("kind")
    if active_only:
        qs = qs.filter(status=Organization.Status.ACTIVE)
    if holds_members is not None:
        qs = qs.filter(kind__holds_members=holds_members)
    return qs.order_by("name_sort")


def choices_at_least(user, action: str = VIEW, *, active_only: bool = True, holds_members: bool | None = None) -> int:
    """How many organisations organization_choices offers at least, known without reading them: the scope's ids
    (all of them, when ended ones are offered too) or, for what the user may view, the active organisations of its
    kept figures (read once per request: scope_total). 0 when neither says. A picker above SELECT_MAX choices is a
    search box, decided from this without reading a hundred and one names."""
    if holds_members is not None:
        return 0
    scope = scope_for(user)
    ids = scope.org_ids(action)
    if ids is not None and not active_only:
        return len(ids)
    if action != VIEW or not scope.can(VIEW):
        return 0
    return sum(n for key, n in scope_total(scope).items() if key.startswith("org:"))


PICK_LIMIT = 20


def organization_pick(user, *, text: str = "", action: str = VIEW, active_only: bool = True,
                      holds_members: bool | None = None, anywhere: bool = False, limit: int = PICK_LIMIT,
                      exclude: int | None = None) -> tuple[list[Organization], bool]:
    """The picker's answer: up to `limit` organisations the user may both see and act on whose name (or code) has
    words beginning with what was typed, in name order, and whether more match. `anywhere`: the installation's
    active cells (where a member may be transferred), for a user who manages members somewhere."""
    if anywhere:
        qs = transfer_destinations() if scope_for(user).can(MANAGE_MEMBERS) else Organization.objects.none()
    else:
        qs = organization_choices(user, action, active_only=active_only, holds_members=holds_members)
    if action != VIEW and not anywhere:
        qs = qs.filter(scope_for(user).org_q("id", VIEW)) if scope_for(user).can(VIEW) else qs.none()
    return pick_from(qs.select_related("parent"), text=text, limit=limit, exclude=exclude)


def pick_from(queryset, *, text: str = "", limit: int = PICK_LIMIT, exclude: int | None = None
              ) -> tuple[list, bool]:
    """A picker's answer from a queryset the caller has scoped (organisations or members: both keep `name_search`):
    up to `limit` rows whose name has words beginning with what was typed, in the queryset's order, and whether
    more match."""
    if text.strip():
        queryset = queryset.filter(search_q(text))
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def transfer_destinations():
    """Every active cell of the installation: a member may be sent to a cell outside the sender's scope."""
    return (
        Organization.objects.filter(status=Organization.Status.ACTIVE, kind__holds_members=True)
        .select_related("parent").order_by("name_sort")
    )


def with_figures(queryset):
    """Each organisation's own figures (hooks.figures: the members...) as `figure_<key>`, in the same query; a
    figure the kept figures hold is read from them with its total as `figure_<key>_total` (nothing counted)."""
    return queryset.annotate(**{name: value for f in hooks.figures for name, value in (
        [(f"figure_{f.key}", _kept_figure("own", f.key)), (f"figure_{f.key}_total", _kept_figure("total", f.key))]
        if f.kept else [(f"figure_{f.key}", f.current())])})


def _kept_figure(part: str, key: str):
    return Coalesce(Cast(KeyTextTransform(key, f"figures__{part}"), IntegerField()), Value(0))


def own_counts(figure: hooks.Figure) -> dict[int, int]:
    """{organisation id: its own count today} for a figure: its grouped count, or its annotation over the tree."""
    if figure.counts is not None:
        return figure.counts()
    return dict(Organization.objects.order_by().annotate(n=figure.current()).values_list("id", "n"))


def subtree_sums(own: dict[int, int], children: dict[int | None, list[int]]) -> dict[int, int]:
    """{organisation id: its own count plus all its descendants'} for every organisation of the children map."""
    order, seen, stack = [], set(), list(children.get(None, ()))
    while stack:  # pre-order from the roots: a parent comes before its children
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(children.get(node, ()))
    totals: dict[int, int] = {}
    for node in reversed(order):  # children first
        totals[node] = own.get(node, 0) + sum(totals.get(child, 0) for child in children.get(node, ()))
    return totals


def figure_totals(children: dict[int | None, list[int]] | None = None) -> dict[str, dict[int, int]]:
    """For each figure: {organisation id: its count today with everything below it}, from one grouped count per
    figure and the tree's children map (one query), summed in Python: a fixed number of queries at any size."""
    if not hooks.figures:
        return {}
    children = children if children is not None else children_map()
    return {f.key: subtree_sums(own_counts(f), children) for f in hooks.figures}


def organization_figure_totals(user) -> dict[str, dict[int, int] | None]:
    """figure_totals for the organisations the user may see (a visible organisation's subtree is visible too); a
    figure the kept figures hold is None: its total is read with each row (`figure_<key>_total`, with_figures)."""
    kept = {f.key: None for f in hooks.figures if f.kept}
    if len(kept) == len(hooks.figures):
        return kept
    totals = {key: counts for key, counts in figure_totals().items() if key not in kept}
    scope = scope_for(user)
    if not scope.sees_everything():
        visible = scope.org_ids() or frozenset()
        totals = {key: {pk: n for pk, n in counts.items() if pk in visible} for key, counts in totals.items()}
    return {**totals, **kept}


@dataclass(frozen=True)
class FigureCell:
    """One figure of one organisation: its own count and its total with the subtree, each linked to its rows."""

    figure: hooks.Figure
    organization_id: int
    own: int
    total: int
    linked: bool = True  # the lists show today's rows: a past day's figures are not linked

    @property
    def own_url(self) -> str | None:
        return self.figure.own_url(self.organization_id) if self.linked and self.figure.own_url else None

    @property
    def total_url(self) -> str | None:
        return self.figure.list_url(self.organization_id) if self.linked and self.figure.list_url else None


def figure_cells(organization_id: int, own: dict[str, int], totals: dict[str, int], *, linked: bool = True
                 ) -> list[FigureCell]:
    """The figures of one organisation, in the figures' order, from {key: own count} and {key: total}."""
    return [FigureCell(f, organization_id, own.get(f.key, 0) or 0, totals.get(f.key, 0) or 0, linked)
            for f in hooks.figures]


def organization_table_qs(user):
    """Rows for the organisation list, with their figures (direct members...) in the same query. The sub-units are
    counted per row drawn (a subquery), not by grouping every organisation of the scope before the page is cut."""
    children = (Organization.objects.filter(parent=OuterRef("pk"), status=Organization.Status.ACTIVE).order_by()
                .values("parent").annotate(n=Count("id")).values("n"))
    return with_figures(organization_qs(user).select_related("kind", "parent", "cluster").annotate(
        child_count=Coalesce(Subquery(children), Value(0)),
    ))


def organization_subtree_ids(user, organization: Organization) -> set[int]:
    """The organisation and all below it, intersected with what the user may see."""
    ids = subtree_ids(organization.pk)
    scope = scope_for(user)
    if scope.sees_everything():
        return ids
    return ids & set(scope.org_ids() or ())


def organization_events(organization: Organization):
    return (
        RestructuringEvent.objects.filter(Q(organization=organization) | Q(related=organization))
        .select_related("organization", "actor")
        .distinct()
        .order_by("-effective_on", "-id")
    )


@dataclass
class TreeNode:
    id: int
    name: str
    code: str
    kind_label: str
    kind_code: str
    tier: str
    holds_members: bool
    status: str
    parent_id: int | None = None
    depth: int = 0
    own: dict[str, int] = field(default_factory=dict)  # figure key -> its own count
    totals: dict[str, int] = field(default_factory=dict)  # figure key -> with its subtree
    children: list["TreeNode"] = field(default_factory=list)

    linked: bool = True  # today's tree links its figures to their rows; a past day's does not
    has_sub_units: bool = False  # a row drawn without its children (a large tree's branch) that has some

    @property
    def expandable(self) -> bool:
        return bool(self.children) or self.has_sub_units

    @property
    def figure_cells(self) -> list[FigureCell]:
        """Own and with the subtree for each figure, in the figures' order (the tree's columns)."""
        return figure_cells(self.id, self.own, self.totals, linked=self.linked)


def _attach(nodes: dict[int, TreeNode], parents: dict[int, int | None], visible: set[int] | None) -> list[TreeNode]:
    roots = []
    for pk, node in nodes.items():
        parent_id = parents.get(pk)
        if parent_id in nodes:
            nodes[parent_id].children.append(node)
        elif visible is None or pk in visible:
            roots.append(node)

    def finish(node: TreeNode, depth: int) -> dict[str, int]:
        node.depth = depth
        node.children.sort(key=lambda n: collation_key(n.name))
        node.totals = dict(node.own)
        for child in node.children:
            for key, n in finish(child, depth + 1).items():
                node.totals[key] = node.totals.get(key, 0) + n
        return node.totals

    roots.sort(key=lambda n: collation_key(n.name))
    for root in roots:
        finish(root, 0)
    return roots


def organization_tree(user, *, as_of: datetime.date | None = None) -> list[TreeNode]:
    """The visible tree with its figures (members...), now or as it was on `as_of` (a query per figure or so)."""
    scope = scope_for(user)
    visible = None if scope.sees_everything() else set(scope.org_ids() or ())
    nodes: dict[int, TreeNode] = {}
    parents: dict[int, int | None] = {}
    if as_of is None:
        rows = Organization.objects.filter(status=Organization.Status.ACTIVE).values_list(
            "id", "name", "code", "kind__label", "kind__code", "kind__tier", "kind__holds_members", "status", "parent_id"
        )
        counts = {f.key: Counter(dict(with_figures(Organization.objects.filter(status=Organization.Status.ACTIVE))
                                      .values_list("id", f"figure_{f.key}"))) for f in hooks.figures}
    else:
        rows = (
            OrganizationVersion.objects.filter(valid_from__lte=as_of)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
            .values_list("organization_id", "name", "organization__code", "kind__label", "kind__code",
                         "kind__tier", "kind__holds_members", "organization__status", "parent_id")
        )
        counts = {f.key: Counter(f.as_of(as_of)) for f in hooks.figures}
    for pk, name, code, kind_label, kind_code, tier, holds_members, status, parent_id in rows:
        if visible is not None and pk not in visible:
            continue
        nodes[pk] = TreeNode(pk, name, code, kind_label, kind_code, tier, holds_members, status, parent_id=parent_id,
                             own={key: c.get(pk, 0) for key, c in counts.items()}, linked=as_of is None)
        parents[pk] = parent_id
    return _attach(nodes, parents, visible)


def _subtree_as_of_sql() -> str:
    """The ids of an organisation and everything below it in the tree of one day (the versions valid that day): a
    recursive walk down the versions' parent_id (UNION: a cycle cannot loop)."""
    table = connection.ops.quote_name(OrganizationVersion._meta.db_table)
    return (f"WITH RECURSIVE subtree(id) AS (SELECT CAST(%s AS BIGINT) UNION SELECT version.organization_id FROM {table} version "
            "JOIN subtree ON version.parent_id = subtree.id "
            "WHERE version.valid_from <= %s AND (version.valid_to IS NULL OR version.valid_to > %s)) "
            "SELECT id FROM subtree")


def organization_subtree(user, *, root: Organization | None = None, as_of: datetime.date | None = None,
                         depth: int | None = None) -> list[TreeNode]:
    """The visible tree (today's, or as it was on `as_of`: names, parents, kinds of that day) under `root` (an
    organisation the caller read through organization_get), or from the user's roots; `depth` levels below the top at
    most. Without figures: one query for the rows (and none for the scope, computed once per request), whatever the
    size of the tree. The nodes' depth counts from the top of what is returned (0)."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return []
    visible = None if scope.sees_everything() else set(scope.org_ids() or ())
    kind = ("kind__label", "kind__code", "kind__tier", "kind__holds_members")
    if as_of is None:
        rows = Organization.objects.filter(status=Organization.Status.ACTIVE)
        if root is not None:
            rows = rows.filter(subtree_q("id", root.pk))
        elif visible is not None:
            rows = rows.filter(scope.org_q("id"))
        rows = rows.order_by().values_list("id", "name", "code", *kind, "status", "parent_id")
    else:
        rows = OrganizationVersion.objects.filter(valid_from__lte=as_of).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
        if root is not None:
            day = connection.ops.adapt_datefield_value(as_of)
            rows = rows.filter(organization_id__in=RawSQL(_subtree_as_of_sql(), [root.pk, day, day]))
        elif visible is not None:
            rows = rows.filter(scope.org_q("organization_id"))
        rows = rows.order_by().values_list("organization_id", "name", "organization__code", *kind,
                                           "organization__status", "parent_id")
    nodes: dict[int, TreeNode] = {}
    parents: dict[int, int | None] = {}
    for pk, name, code, kind_label, kind_code, tier, holds_members, status, parent_id in rows:
        if visible is not None and pk not in visible:
            continue
        nodes[pk] = TreeNode(pk, name, code, kind_label, kind_code, tier, holds_members, status, parent_id=parent_id,
                             linked=as_of is None)
        parents[pk] = parent_id
    if root is not None:
        if root.pk not in nodes:
            return []  # not in the tree of that day (not yet established, or ended)
        parents[root.pk] = None  # the top of what is returned, whatever lies above it
    roots = _attach(nodes, parents, None if root is None else {root.pk})
    if root is not None:
        roots = [n for n in roots if n.id == root.pk]
    if depth is not None:
        for node in flatten(roots):
            if node.depth >= depth:
                node.has_sub_units, node.children = bool(node.children), []
    return roots


def flatten(roots: list[TreeNode]) -> list[TreeNode]:
    out = []

    def walk(node):
        out.append(node)
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return out


TREE_WHOLE_MAX = 500  # a tree up to this many organisations is drawn whole; a larger one two levels deep


def tree_rows(roots: list[TreeNode]) -> tuple[list[TreeNode], bool]:
    """The rows the tree page draws, and whether that is the whole tree: a larger tree shows its first two levels
    and each branch is fetched when opened (organizations:tree_branch), so the page stays the size of what is read.
    """
    flat = flatten(roots)
    if len(flat) <= TREE_WHOLE_MAX:
        return flat, True
    return [n for n in flat if n.depth <= 1], False


def tree_branch(user, pk: int, *, as_of: datetime.date | None = None) -> TreeNode:
    """One organisation of the visible tree (today or on `as_of`), with its sub-units; 404 outside it."""
    if as_of is None:
        scope = scope_for(user)
        if not scope.covers(pk):
            raise Http404
        # its depth on the page: the visible organisations above it
        depth = sum(1 for above in ancestors({pk}) if above != pk and scope.covers(above))
        nodes = _kept_nodes(Organization.objects.filter(pk=pk, status=Organization.Status.ACTIVE), depth=depth)
        if not nodes:
            raise Http404
        node = nodes[0]
        node.children = _kept_nodes(Organization.objects.filter(parent_id=pk, status=Organization.Status.ACTIVE),
                                    depth=depth + 1)
        return node
    stack = list(organization_tree(user, as_of=as_of))
    while stack:
        node = stack.pop()
        if node.id == pk:
            return node
        stack.extend(node.children)
    raise Http404


def _kept_nodes(organizations, *, depth: int) -> list[TreeNode]:
    """Today's tree rows of these organisations (in name order) with their kept figures (organizations.figures)
    and whether they have sub-units: three queries, whatever lies below them."""
    rows = list(organizations.order_by("name_sort", "pk").values_list(
        "id", "name", "code", "kind__label", "kind__code", "kind__tier", "kind__holds_members", "status",
        "parent_id"))
    ids = [row[0] for row in rows]
    kept = figures_of(ids)
    parents = set(Organization.objects.filter(parent_id__in=ids, status=Organization.Status.ACTIVE).order_by()
                  .values_list("parent_id", flat=True).distinct())
    nodes = []
    for pk, name, code, kind_label, kind_code, tier, holds_members, status, parent_id in rows:
        own, total = kept.get(pk, ({}, {}))
        nodes.append(TreeNode(pk, name, code, kind_label, kind_code, tier, holds_members, status, parent_id=parent_id,
                              depth=depth, own={f.key: own.get(f.key, 0) for f in hooks.figures},
                              totals={f.key: total.get(f.key, 0) for f in hooks.figures},
                              has_sub_units=pk in parents))
    return nodes


def tree_page(user) -> tuple[list[TreeNode], bool, dict]:
    """Today's tree page: its rows, whether they are the whole tree, its summary. Up to TREE_WHOLE_MAX
    organisations the whole tree; above, the first two levels read with their kept figures (organizations.figures),
    so the page costs what it draws, not the size of the tree below it."""
    scope = scope_for(user)
    roots = view_roots(scope)
    total = scope_total(scope)
    kinds = {k.code: k for k in OrganizationKind.objects.all()}
    by_kind = Counter({code: total.get(f"org:{code}", 0) for code in kinds if total.get(f"org:{code}")})
    if sum(by_kind.values()) <= TREE_WHOLE_MAX:
        tree = organization_tree(user)
        return *tree_rows(tree), tree_summary(tree)
    top = _kept_nodes(Organization.objects.filter(pk__in=roots, status=Organization.Status.ACTIVE), depth=0)
    below = _kept_nodes(Organization.objects.filter(parent_id__in=[n.id for n in top],
                                                    status=Organization.Status.ACTIVE), depth=1)
    rows = []
    for node in top:
        node.children = [child for child in below if child.parent_id == node.id]
        rows += [node, *node.children]
    summary = {
        "organizations": sum(by_kind.values()),
        "figures": [(f, total.get(f.key, 0), f.list_url(None) if f.list_url else None) for f in hooks.figures],
        "columns": 2 + 2 * len(hooks.figures),
        "cells": sum(n for code, n in by_kind.items()
                     if is_subordinate_cell(kinds[code].tier, kinds[code].holds_members)),
        "grassroots": sum(n for code, n in by_kind.items() if kinds[code].tier == OrganizationKind.Tier.GRASSROOTS),
        "by_kind": by_kind,
    }
    return rows, False, summary


def tree_summary(roots: list[TreeNode]) -> dict:
    """The article's headline figures from a (possibly past) tree."""
    flat = flatten(roots)
    kinds = Counter(n.kind_code for n in flat)
    return {
        "organizations": len(flat),
        "figures": [(f, sum(r.totals.get(f.key, 0) for r in roots),
                     f.list_url(None) if f.list_url and all(r.linked for r in roots) else None) for f in hooks.figures],
        "columns": 2 + 2 * len(hooks.figures),
        "cells": sum(1 for n in flat if is_subordinate_cell(n.tier, n.holds_members)),
        "grassroots": sum(1 for n in flat if n.tier == "grassroots"),
        "by_kind": kinds,
    }


def search_organizations(user, text: str) -> list:
    if not text:
        return []
    return list(organization_qs(user).filter(search_q(text)).select_related("kind").order_by("name_sort")[:30])


def tree_as_of(day: datetime.date) -> dict[int, tuple[int | None, int]]:
    """{organisation id: (parent id, kind id)} of every organisation as it was on `day` (its dated versions), in
    one query: a report as of a day before a restructuring counts the organisations that existed then, under the
    parents they had."""
    return {pk: (parent_id, kind_id) for pk, parent_id, kind_id in
            OrganizationVersion.objects.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)).order_by()
            .values_list("organization_id", "parent_id", "kind_id")}


def subtrees_as_of(root_ids, day: datetime.date, tree: dict | None = None) -> set[int]:
    """The organisations under `root_ids` (themselves included) as the tree was on `day`; a root that did not exist
    then contributes nothing."""
    tree = tree_as_of(day) if tree is None else tree
    children: dict[int | None, list[int]] = {}
    for pk, (parent_id, _kind) in tree.items():
        children.setdefault(parent_id, []).append(pk)
    seen: set[int] = set()
    stack = [pk for pk in root_ids if pk in tree]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(children.get(node, ()))
    return seen
