"""The actions each role grants, over the subtree of its assignment: `accounts`' part of the scope.

A role assignment covers an organisation and its whole subtree. A user's scope is the union of their
assignments. The Scope value and the action names live in `core.scope` (every app reads them); this
module fills them in, registered as a scope provider in AccountsConfig.ready().
"""

import datetime

from django.db import connection

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
    ScopeRead,
)
from organizations.models import Organization
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


def assignments_in_force(user_id: int, today: datetime.date) -> list[tuple[str, int | None, int | None, int | None]]:
    """(role, organisation, its parent, the number of the tree's roots when the organisation is one) of the user's
    assignments in force today. Every request of every page asks it, so its SQL is written out: built by the ORM,
    the query cost 0.9 ms of Python for 0.07 ms in the database (test_scope_unit holds it to the ORM's). The roots
    are counted in the same query: an assignment at the only root covers everything, known without a second round
    trip to the database."""
    with connection.cursor() as cursor:
        cursor.execute(*assignments_sql(user_id, today))
        return cursor.fetchall()


def assignments_sql(user_id: int, today: datetime.date) -> tuple[str, list]:
    """assignments_in_force's query: the columns a ScopeRead reads (text, integer, integer, integer)."""
    qn, day = connection.ops.quote_name, connection.ops.adapt_datefield_value(today)
    assignment, organization = qn(RoleAssignment._meta.db_table), qn(Organization._meta.db_table)
    return (f"SELECT a.role, a.organization_id, o.parent_id, CASE WHEN o.id IS NOT NULL AND o.parent_id IS NULL"
            f" THEN (SELECT COUNT(*) FROM {organization} r WHERE r.parent_id IS NULL) END FROM {assignment} a"
            f" LEFT JOIN {organization} o ON o.id = a.organization_id"
            " WHERE a.user_id = %s AND (a.started_on IS NULL OR a.started_on <= %s)"
            " AND (a.ended_on IS NULL OR a.ended_on > %s)", [user_id, day, day])


def roles_apply(user, scope: Scope, assignments: list[tuple]) -> None:
    """The actions of the user's role assignments in force today (the member role's own record: `members`), from
    the assignments read (assignments_in_force's rows; a superuser's are not read)."""
    if user.is_superuser:
        scope.actions.update({a: ALL for a in GRANTS[Role.ADMIN]})
        scope.roles = scope.roles | {Role.ADMIN}
        return
    actions = scope.actions
    roots = None
    tops: dict[int, frozenset[int]] = {}  # the organisations VIEW is granted on, each with its subtree
    for role, org_id, parent_id, root_count in assignments:
        if role == Role.MEMBER:
            continue
        if role == Role.ADMIN:
            covered = ALL
        elif org_id is None:
            continue  # an incomplete assignment grants nothing (RoleAssignment.clean refuses it)
        else:
            if parent_id is None and roots is None:
                roots = [org_id] if root_count == 1 else root_ids()  # a root, and the only one: no need to read them
            if parent_id is None and roots == [org_id]:
                # The subtree of the only root is the whole installation: no id list in every query.
                covered = ALL
            else:
                # the subtree's rows only (a recursive walk down parent_id), never the whole tree
                covered = frozenset(subtree_ids(org_id))
                if VIEW in GRANTS.get(role, ()) and VIEW not in BELOW_ONLY.get(role, ()):
                    tops[org_id] = covered
        for action in GRANTS.get(role, ()):
            granted = covered
            if action in BELOW_ONLY.get(role, ()) and covered is not ALL:
                granted = covered - {org_id}
            current = actions.get(action, frozenset())
            if current is ALL or granted is ALL:
                actions[action] = ALL
            else:
                actions[action] = current | granted
    scope.roles = scope.roles | {r for r, _o, _p, _n in assignments}
    # the top of what VIEW covers, known now without a query (organizations.figures.view_roots): the tree's roots
    # when they were read, else the assigned organisations that lie in no other assignment's subtree
    viewed = actions.get(VIEW)
    if viewed is ALL:
        scope.view_roots = tuple(roots) if roots is not None else None
    elif viewed:
        scope.view_roots = tuple(sorted(top for top in tops
                                        if not any(top in subtree for other, subtree in tops.items() if other != top)))


# accounts' part of the scope, read with the other providers' rows in one query (core.scope.ScopeRead)
roles_read = ScopeRead(sql=lambda user: None if user.is_superuser else assignments_sql(user.pk, datetime.date.today()),
                       apply=roles_apply)
