"""Who may see and do what, over which organisations. The one place scoping is decided.

A role assignment covers an organisation and its whole subtree. A user's scope is the
union of their assignments; the "member" role covers only the member's own record.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from .models import Role, RoleAssignment

VIEW = "view"
EDIT_MEMBER = "edit_member"  # correct a member's file
MANAGE_MEMBERS = "manage_members"  # admit, transfer, status changes
RESTRUCTURE = "restructure"  # rename, move, merge, split, transfer out, dissolve an organisation
ESTABLISH = "establish"  # create or receive an organisation under this one (or move one here)
APPARATUS = "apparatus"  # record terms, committees and who holds which seat
MEETINGS = "meetings"  # plan and record cell meetings
INSPECT = "inspect"  # run the programmes and case files of the authorities (committees) of these organisations
REMEDY = "remedy"  # report progress on the remedies these organisations are responsible for
PETITIONS = "petitions"  # receive, classify and settle petitions (the sender's identity needs more: see petitions)
CONFIGURE = "configure"  # kinds, rules, users
EXPORT = "export"

GRANTS: dict[str, set[str]] = {
    Role.ADMIN: {VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, ESTABLISH, APPARATUS, MEETINGS, INSPECT, REMEDY,
                 PETITIONS, CONFIGURE, EXPORT},
    Role.BLOC_STANDING: {VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, ESTABLISH, APPARATUS, MEETINGS, INSPECT, REMEDY,
                         PETITIONS, EXPORT},
    Role.COMMITTEE_STAFF: {VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, ESTABLISH, APPARATUS, MEETINGS, REMEDY,
                           PETITIONS, EXPORT},
    Role.CELL_SECRETARY: {VIEW, EDIT_MEMBER, MEETINGS, REMEDY, EXPORT},
    Role.MEMBER: {VIEW},
}

# Actions a role holds only strictly below its organisation: a grassroots committee reorganises
# its cells, but renaming, dissolving or handing over the committee itself is its superior's decision;
# likewise it approves its cells' committees, while its own committee is approved by the superior.
BELOW_ONLY: dict[str, set[str]] = {Role.COMMITTEE_STAFF: {RESTRUCTURE, APPARATUS}}

ALL = None  # sentinel: every organisation


@dataclass
class Scope:
    """Organisation ids each action is allowed on (ALL = everywhere), plus the own member record."""

    actions: dict[str, frozenset[int] | None] = field(default_factory=dict)
    own_member_id: int | None = None
    roles: frozenset[str] = frozenset()

    def org_ids(self, action: str = VIEW) -> frozenset[int] | None:
        return self.actions.get(action, frozenset())

    def sees_everything(self, action: str = VIEW) -> bool:
        return action in self.actions and self.actions[action] is ALL

    def covers(self, organization_id: int | None, action: str = VIEW) -> bool:
        if action not in self.actions:
            return False
        ids = self.actions[action]
        return ids is ALL or (organization_id is not None and organization_id in ids)

    def can(self, action: str) -> bool:
        """Whether the user may do `action` anywhere at all (to show or hide a menu entry)."""
        ids = self.actions.get(action)
        return action in self.actions and (ids is ALL or bool(ids))

    @property
    def can_restructure(self) -> bool:
        return self.can(RESTRUCTURE)

    @property
    def can_export(self) -> bool:
        return self.can(EXPORT)

    @property
    def can_establish(self) -> bool:
        return self.can(ESTABLISH)

    @property
    def can_manage_apparatus(self) -> bool:
        return self.can(APPARATUS)

    @property
    def can_manage_members(self) -> bool:
        return self.can(MANAGE_MEMBERS)

    @property
    def can_handle_petitions(self) -> bool:
        return self.can(PETITIONS)

    @property
    def is_member_only(self) -> bool:
        return not self.can(VIEW) and self.own_member_id is not None

    def org_q(self, field_name: str = "id", action: str = VIEW) -> Q:
        if self.sees_everything(action):
            return Q()
        return Q(**{f"{field_name}__in": sorted(self.org_ids(action) or ())})


def _descendant_map() -> dict[int, list[int]]:
    from organizations.models import Organization

    children: dict[int, list[int]] = {}
    for pk, parent_id in Organization.objects.order_by().values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    return children


def subtree_ids(root_id: int, children: dict[int, list[int]] | None = None) -> set[int]:
    children = children if children is not None else _descendant_map()
    seen, stack = set(), [root_id]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(children.get(node, ()))
    return seen


def compute_scope(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(actions={a: ALL for a in GRANTS[Role.ADMIN]}, roles=frozenset({Role.ADMIN}))

    from datetime import date

    today = date.today()
    assignments = list(
        RoleAssignment.objects.filter(user=user)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=today))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values_list("role", "organization_id")
    )
    actions: dict[str, frozenset[int] | None] = {}
    own_member_id = None
    children = None
    for role, org_id in assignments:
        if role == Role.MEMBER:
            member = getattr(user, "member", None)
            own_member_id = member.pk if member else None
            continue
        if role == Role.ADMIN:
            covered = ALL
        elif org_id is None:
            continue  # an incomplete assignment grants nothing (RoleAssignment.clean refuses it)
        else:
            if children is None:
                children = _descendant_map()
            covered = frozenset(subtree_ids(org_id, children))
            if org_id in children.get(None, ()) and len(children.get(None, ())) == 1:
                # The subtree of the only root is the whole installation: no id list in every query.
                covered = ALL
        for action in GRANTS.get(role, ()):
            granted = covered
            if action in BELOW_ONLY.get(role, ()) and covered is not ALL:
                granted = covered - {org_id}
            current = actions.get(action, frozenset())
            if current is ALL or granted is ALL:
                actions[action] = ALL
            else:
                actions[action] = current | granted
    return Scope(actions=actions, own_member_id=own_member_id, roles=frozenset(r for r, _ in assignments))


def scope_for(user) -> Scope:
    """Computed once per request (cached on the user object)."""
    cached = getattr(user, "_dangbo_scope", None)
    if cached is None:
        cached = compute_scope(user)
        try:
            user._dangbo_scope = cached
        except AttributeError:
            pass
    return cached


def forget_scope(user) -> None:
    if hasattr(user, "_dangbo_scope"):
        del user._dangbo_scope
