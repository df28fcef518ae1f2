"""Reads of the organisation tree, always through the user's scope."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from core.scope import VIEW, scope_for
from core.text import collation_key, search_q

from . import hooks
from .models import Organization, OrganizationKind, OrganizationVersion, RestructuringEvent


def children_map() -> dict[int | None, list[int]]:
    """parent id -> child ids, over the whole tree (ended organisations too), in one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Organization.objects.order_by().values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def subtree_ids(root_id: int, children: dict[int | None, list[int]] | None = None) -> set[int]:
    """The organisation and everything below it (one query, or none when `children` is given)."""
    children = children if children is not None else children_map()
    seen, stack = set(), [root_id]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(children.get(node, ()))
    return seen


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


def transfer_destinations():
    """Every active cell of the installation: a member may be sent to a cell outside the sender's scope."""
    return (
        Organization.objects.filter(status=Organization.Status.ACTIVE, kind__holds_members=True)
        .select_related("parent").order_by("name_sort")
    )


def with_figures(queryset):
    """Each organisation's own figures (hooks.figures: the members...) as `figure_<key>`, in the same query."""
    return queryset.annotate(**{f"figure_{f.key}": f.current() for f in hooks.figures})


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


def organization_figure_totals(user) -> dict[str, dict[int, int]]:
    """figure_totals for the organisations the user may see (a visible organisation's subtree is visible too)."""
    totals = figure_totals()
    scope = scope_for(user)
    if scope.sees_everything():
        return totals
    visible = scope.org_ids() or frozenset()
    return {key: {pk: n for pk, n in counts.items() if pk in visible} for key, counts in totals.items()}


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
    """Rows for the organisation list, with their figures (direct members...) in the same query."""
    return with_figures(organization_qs(user).select_related("kind", "parent", "cluster").annotate(
        child_count=Count("children", filter=Q(children__status=Organization.Status.ACTIVE), distinct=True),
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


def flatten(roots: list[TreeNode]) -> list[TreeNode]:
    out = []

    def walk(node):
        out.append(node)
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return out


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
