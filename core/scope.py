"""Who may see and do what, over which organisations: the value every selector filters through.

The scope is computed once per request from the user's role assignments (`accounts`) and the tree
(`organizations`), both above `core` in the layers; they plug their part in through `scope_providers`
in their AppConfig.ready(), so every app, `organizations` included, asks this module and nothing higher.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

VIEW = "view"
EDIT_MEMBER = "edit_member"  # correct a member's file
MANAGE_MEMBERS = "manage_members"  # admit, transfer, status changes
RESTRUCTURE = "restructure"  # rename, move, merge, split, transfer out, dissolve an organisation
ESTABLISH = "establish"  # create or receive an organisation under this one (or move one here)
APPARATUS = "apparatus"  # record terms, committees and who holds which seat
MEETINGS = "meetings"  # plan and record cell meetings
INSPECT = "inspect"  # run the programmes and case files of the authorities (committees) of these organisations
REMEDY = "remedy"  # report progress on the remedies these organisations are responsible for
DUES = "dues"  # collect the cell's party dues, record members' dues bases and reliefs
BADGES = "badges"  # list the members due a Party badge, record interruptions, illness and the awards
REVIEWS = "reviews"  # run quality reviews: open campaigns, enter self-assessments, propose and decide ratings
PETITIONS = "petitions"  # receive, classify and settle petitions (the sender's identity needs more: see petitions)
DOCUMENTS = "documents"  # keep the register of incoming and outgoing documents, issue numbered documents
SECRET_DOCUMENTS = "secret_documents"  # read and record the confidential documents of these registers (documents)
NEWS = "news"  # moderate the public news site's reader comments (approve, reject, spam, reply; see e-mail and IP)
NEWS_WRITE = "news_write"  # write the news site's sections of these organisations (Wagtail's CMS; news.editors)
CONFIGURE = "configure"  # kinds, rules, users
EXPORT = "export"

ACTIONS = (VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, ESTABLISH, APPARATUS, MEETINGS, INSPECT, REMEDY, DUES,
           BADGES, REVIEWS, PETITIONS, DOCUMENTS, SECRET_DOCUMENTS, NEWS, NEWS_WRITE, CONFIGURE, EXPORT)

ALL = None  # sentinel: every organisation


@dataclass
class Scope:
    """Organisation ids each action is allowed on (ALL = everywhere), plus the own member record."""

    actions: dict[str, frozenset[int] | None] = field(default_factory=dict)
    own_member_id: int | None = None
    roles: frozenset[str] = frozenset()
    # the organisations at the top of what VIEW covers, when the providers read them on the way (None: not known)
    view_roots: tuple[int, ...] | None = None

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
    def is_member_only(self) -> bool:
        return not self.can(VIEW) and self.own_member_id is not None

    def org_q(self, field_name: str = "id", action: str = VIEW) -> Q:
        if self.sees_everything(action):
            return Q()
        return Q(**{f"{field_name}__in": sorted(self.org_ids(action) or ())})


@dataclass(frozen=True)
class ScopeRead:
    """A scope provider whose rows are read together with the other providers' in one query (every request of every
    page computes a scope: one round trip to the database instead of one per provider). `sql(user)`: a SELECT of
    four columns typed (text, integer, integer, integer), with its parameters, or None when there is nothing to
    read for this user; `apply(user, scope, rows)` adds the provider's part from its rows."""

    sql: Callable[[object], tuple[str, list] | None]
    apply: Callable[[object, "Scope", list[tuple]], None]


# Each provider adds its part to a fresh Scope, in registration order (accounts: the actions of the roles;
# members: the own record of a member-role user): a callable (user, scope), or a ScopeRead.
ScopeProvider = Callable[[object, Scope], None] | ScopeRead
scope_providers: list[ScopeProvider] = []


def register_scope_provider(provider: ScopeProvider) -> None:
    if provider not in scope_providers:
        scope_providers.append(provider)


def _read_together(user) -> dict[int, list[tuple]]:
    """{provider's index: its rows} of every ScopeRead provider, in one UNION ALL."""
    from django.db import connection

    parts, params = [], []
    for index, provider in enumerate(scope_providers):
        if isinstance(provider, ScopeRead) and (read := provider.sql(user)) is not None:
            parts.append(f"SELECT {index} AS part, provided.* FROM ({read[0]}) provided")
            params += read[1]
    rows: dict[int, list[tuple]] = {}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for part, *row in cursor.fetchall():
                rows.setdefault(part, []).append(tuple(row))
    return rows


def compute_scope(user) -> Scope:
    scope = Scope()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return scope
    read = _read_together(user)
    for index, provider in enumerate(scope_providers):
        if isinstance(provider, ScopeRead):
            provider.apply(user, scope, read.get(index, []))
        else:
            provider(user, scope)
    return scope


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
