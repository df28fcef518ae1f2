"""The actions each role grants, over the subtree of its assignment: `accounts`' part of the scope.

A role assignment covers an organisation and its whole subtree. A user's scope is the union of their
assignments. The Scope value and the action names live in `core.scope` (every app reads them); this
module fills them in, registered as a scope provider in AccountsConfig.ready().
"""

import datetime

from django.db.models import Q

from core.scope import (
    ALL,
    APPARATUS,
    BADGES,
    CONFIGURE,
    DOCUMENTS,
    DUES,
    EDIT_MEMBER,
    ESTABLISH,
    EXPORT,
    INSPECT,
    MANAGE_MEMBERS,
    MEETINGS,
    NEWS,
    NEWS_WRITE,
    PETITIONS,
    REMEDY,
    RESTRUCTURE,
    REVIEWS,
    SECRET_DOCUMENTS,
    VIEW,
    Scope,
)
from organizations.selectors import root_ids, subtree_ids

from .models import Role, RoleAssignment

GRANTS: dict[str, set[str]] = {
    Role.ADMIN: {VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, ESTABLISH, APPARATUS, MEETINGS, INSPECT, REMEDY,
                 DUES, BADGES, REVIEWS, PETITIONS, DOCUMENTS, SECRET_DOCUMENTS, NEWS, NEWS_WRITE, CONFIGURE, EXPORT},
    # the Bloc's office runs the public news site: it moderates the readers' comments and writes the sections of
    # its subtree (approving and publishing is Wagtail's Moderators group: news.editors)
    Role.BLOC_STANDING: {VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, ESTABLISH, APPARATUS, MEETINGS, INSPECT, REMEDY,
                         DUES, BADGES, REVIEWS, PETITIONS, DOCUMENTS, SECRET_DOCUMENTS, NEWS, NEWS_WRITE, EXPORT},
    Role.COMMITTEE_STAFF: {VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, ESTABLISH, APPARATUS, MEETINGS, REMEDY,
                           DUES, BADGES, REVIEWS, PETITIONS, DOCUMENTS, SECRET_DOCUMENTS, EXPORT},
    # a cell's secretary keeps the cell's register, its confidential documents left to the committees' office
    Role.CELL_SECRETARY: {VIEW, EDIT_MEMBER, MEETINGS, REMEDY, DUES, BADGES, REVIEWS, DOCUMENTS, EXPORT},
    Role.MEMBER: {VIEW},
    # writes the news site's sections of its subtree (submitted to the moderators), sees nothing else of the app
    Role.NEWS_EDITOR: {NEWS_WRITE},
}

# Actions a role holds only strictly below its organisation: a grassroots committee reorganises
# its cells, but renaming, dissolving or handing over the committee itself is its superior's decision;
# likewise it approves its cells' committees, while its own committee is approved by the superior.
BELOW_ONLY: dict[str, set[str]] = {Role.COMMITTEE_STAFF: {RESTRUCTURE, APPARATUS}}


def roles_scope(user, scope: Scope) -> None:
    """The actions of the user's role assignments in force today (the member role's own record: `members`)."""
    if user.is_superuser:
        scope.actions.update({a: ALL for a in GRANTS[Role.ADMIN]})
        scope.roles = scope.roles | {Role.ADMIN}
        return
    today = datetime.date.today()
    assignments = list(
        RoleAssignment.objects.filter(user=user)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=today))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values_list("role", "organization_id", "organization__parent_id")
    )
    actions = scope.actions
    roots = None
    for role, org_id, parent_id in assignments:
        if role == Role.MEMBER:
            continue
        if role == Role.ADMIN:
            covered = ALL
        elif org_id is None:
            continue  # an incomplete assignment grants nothing (RoleAssignment.clean refuses it)
        else:
            if parent_id is None and roots is None:
                roots = root_ids()
            if parent_id is None and roots == [org_id]:
                # The subtree of the only root is the whole installation: no id list in every query.
                covered = ALL
            else:
                # the subtree's rows only (a recursive walk down parent_id), never the whole tree
                covered = frozenset(subtree_ids(org_id))
        for action in GRANTS.get(role, ()):
            granted = covered
            if action in BELOW_ONLY.get(role, ()) and covered is not ALL:
                granted = covered - {org_id}
            current = actions.get(action, frozenset())
            if current is ALL or granted is ALL:
                actions[action] = ALL
            else:
                actions[action] = current | granted
    scope.roles = scope.roles | {r for r, _o, _p in assignments}
