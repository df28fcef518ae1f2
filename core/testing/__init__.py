"""The test harness every app declares its cases to (used by tests only; nothing here runs in production).

Each app that has pages keeps a module `<app>/tests/cases.py` with:

- `SCOPE_CASES`: one or more `ScopeCase` per URL name of the app: who may open the URL, on an object at which
  places of the test world, and what a list shows. tests/test_scope_cases.py runs them all against every demo role;
  tests/test_urls.py fails on any URL name without one.
- `QUERY_CASES`: the pages whose query count must not grow with the data (tests/test_query_cases.py).
- `build(w)`: adds the app's objects to the shared test world `w` (root conftest `world`: the tree, named members
  in every cell, the users), so that its cases find something at each place.
- `grow(w, factor)`: adds `factor` slices of the app's data (and of what its pages show from the apps below), for
  the query counts measured at two sizes.
- `snapshot()`: a comparable picture of the app's tables and their history: equal before and after a refused
  request means it wrote nothing.

The places are the organisations of the test world by key; "own" is the `dangvien` member's own record (in cell_a1).
"""

import importlib
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings

PLACES = ("bloc", "gc_a", "cell_a1", "cell_a2", "cell_a3", "gc_b", "cell_b1", "cell_b2", "cell_b3", "gcell")
SIDE_A = frozenset({"gc_a", "cell_a1", "cell_a2", "cell_a3"})
SIDE_B = frozenset({"gc_b", "cell_b1", "cell_b2", "cell_b3"})
USERS = ("admin", "khoi", "coso", "chibo", "dangvien", "other")
# The places each demo role covers (its role assignment's subtree); "own" is the member's own record.
COVERS: dict[str, frozenset[str]] = {
    "admin": frozenset(PLACES),
    "khoi": frozenset(PLACES),
    "coso": SIDE_A,
    "chibo": frozenset({"cell_a1"}),
    "dangvien": frozenset({"own"}),
    "other": SIDE_B,
}
STAFF = frozenset({"admin", "khoi", "coso", "other"})  # hold every action of committee staff over their subtree
VIEWERS = STAFF | {"chibo"}  # everyone with an organisation to see
EVERYONE = frozenset(USERS)
DENIED = (403, 404)


PARENT = {"gc_a": "bloc", "gc_b": "bloc", "gcell": "bloc", "cell_a1": "gc_a", "cell_a2": "gc_a", "cell_a3": "gc_a",
          "cell_b1": "gc_b", "cell_b2": "gc_b", "cell_b3": "gc_b", "own": "cell_a1"}


def ancestors(place: str) -> set[str]:
    found = set()
    while place in PARENT:
        place = PARENT[place]
        found.add(place)
    return found


def may_name(user: str, place: str) -> bool:
    """Whether a page may name `place` to `user`: a place it covers, or an ancestor of one (a row's parent)."""
    return covers(user, place) or any(place in ancestors(p) for p in COVERS[user])


def covers(user: str, place: str | None) -> bool:
    """Whether `user`'s assignment covers `place` (the own record lies in cell_a1)."""
    if place is None:
        return True
    return place in COVERS[user] or (place == "own" and "cell_a1" in COVERS[user])


@dataclass(frozen=True)
class ScopeCase:
    """What a URL lets each demo role do.

    url        the URL name ("members:edit")
    at         places of the objects the URL is aimed at (its args come from `args(w, place)`); () for a URL
               without an object
    openers    the users who may open it on objects at the places they cover (GET 200; or, for `method="post"`,
               who may press the button); everyone else is refused (403/404, or the `refusal` statuses)
    payload    POST data that succeeds for an opener: every refused user's POST must write nothing
               (the apps' snapshots are equal), and the `control` user's POST at `control_at` must succeed (302)
    marks      for a list: the texts that identify the rows at a place; an opener sees all the marks of the places
               it covers and none of the others, anywhere on the page or in the file
    query      appended to the URL ("export=csv")
    """

    url: str
    openers: frozenset[str]
    at: tuple[str, ...] = ()
    args: Callable | None = None
    payload: Callable | None = None
    marks: Callable | None = None
    mark_places: tuple[str, ...] = ("cell_a1", "cell_b1")
    query: str = ""
    method: str = "get"
    refusal: tuple[int, ...] = DENIED
    opened: tuple[int, ...] = (200,)
    control: str = "khoi"
    control_at: str | None = None
    name: str = ""
    target: str = "url"  # "payload": the place is the organisation the POST names (a creation page), not the URL's
    post_refusal: tuple[int, ...] = DENIED  # (200,) too where the form refuses a foreign organisation on its field
    below_only: bool = False  # committee staff act strictly below their own committee (RESTRUCTURE, APPARATUS)

    @property
    def key(self) -> str:
        return f"{self.url}{'?' + self.query if self.query else ''}{'#' + self.name if self.name else ''}"

    def allows(self, user: str, place: str | None) -> bool:
        if self.below_only and (user, place) in (("coso", "gc_a"), ("other", "gc_b")):
            return False
        return user in self.openers and covers(user, place)

    def may_open(self, user: str, place: str | None) -> bool:
        """Whether GET opens the page: on a creation page the place is in the payload, not the URL."""
        return user in self.openers if self.target == "payload" else self.allows(user, place)


@dataclass(frozen=True)
class QueryCase:
    """A page whose number of queries must be the same at 1× and 5× the data, and at most `bound`.

    url      the path, or a function of the world returning it
    rows     a function of the response counting the rows it shows (they must be there, and not fewer at 5×)
    lists_then_counts  the page lists a few items and counts many (the home page's to-do): at 5× it may switch to
             the counts, with fewer queries, never more
    """

    name: str
    url: str | Callable
    bound: int
    users: tuple[str, ...] = ("khoi", "coso")
    rows: Callable | None = None
    status: int = 200
    lists_then_counts: bool = False


@dataclass
class AppCases:
    app: str
    scope: list[ScopeCase] = field(default_factory=list)
    queries: list[QueryCase] = field(default_factory=list)
    build: Callable | None = None
    grow: Callable | None = None
    snapshot: Callable | None = None


def local_apps() -> list[str]:
    """Our apps in their dependency order (settings.INSTALLED_APPS, which README's layers follow)."""
    ours = {"core", "audit", "jobs", "rules", "organizations", "accounts", "members", "apparatus", "documents",
            "meetings", "inspections", "dues", "reviews", "badges", "petitions", "notifications", "imports", "studies",
            "reports", "api", "news", "dashboard", "demo"}
    return [app for app in settings.INSTALLED_APPS if app in ours]


def app_cases() -> list[AppCases]:
    found = []
    for app in local_apps():
        try:
            module = importlib.import_module(f"{app}.tests.cases")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.tests.cases":
                raise
            continue
        found.append(AppCases(app, list(getattr(module, "SCOPE_CASES", [])), list(getattr(module, "QUERY_CASES", [])),
                              getattr(module, "build", None), getattr(module, "grow", None),
                              getattr(module, "snapshot", None)))
    return found


def app_of(url_name: str) -> str:
    return url_name.split(":", 1)[0] if ":" in url_name else "core"


def builders_for(app: str) -> list[Callable]:
    """The `build` functions of the apps up to `app` in the layers (its pages show what those hold)."""
    apps = local_apps()
    limit = apps.index(app) if app in apps else len(apps) - 1
    return [c.build for c in app_cases() if c.build and apps.index(c.app) <= limit]


def snapshot_all() -> dict:
    return {c.app: c.snapshot() for c in app_cases() if c.snapshot}


# URL names that are not our pages: the administration, Django's language switch, the API's endpoints (django-ninja's
# views, not pages: their scope matrix is api/tests/test_api_scope.py), Wagtail's (the news site's CMS, its public
# pages and their images: Wagtail's own permissions and page privacy; news/tests covers who reaches what).
FOREIGN_NAMESPACES = ("admin", "api-v1")
FOREIGN_NAMES = ("set_language", "wagtailimages_serve")
FOREIGN_MODULES = ("wagtail.",)  # every URL an include() of these modules brings


def url_patterns(urlconf=None) -> dict[str, object]:
    """Every named URL of the project (namespace:name) -> its view callable, the administration left out."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: dict[str, object] = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                if inner in FOREIGN_NAMESPACES:
                    continue
                module = getattr(pattern.urlconf_name, "__name__", pattern.urlconf_name)
                if isinstance(module, str) and module.startswith(FOREIGN_MODULES):
                    continue
                walk(pattern.url_patterns, f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace
                     else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.name not in FOREIGN_NAMES:
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern.callback

    walk(get_resolver(urlconf).url_patterns, "")
    return found


def uncovered(names, cases) -> list[str]:
    """The URL names without a scope case."""
    covered = {case.url for case in cases}
    return sorted(name for name in names if name not in covered)


def count_queries(client, url: str, *, status: int = 200):
    """(number of queries, response, body) of one request, after a warm-up request (per-process caches such as
    content types and translations are not what is measured); a streamed export is read inside the count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.testing.pages import content

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        body = content(response)
    if getattr(response, "streaming", False):
        response.streaming_content = [body]  # read once inside the count; readable again by the caller
    assert response.status_code == status, url
    return len(captured.captured_queries), response, body, [q["sql"] for q in captured.captured_queries]


@contextmanager
def rolled_back():
    """A savepoint undone at its end, as a test case's own block is: what the code inside writes is gone afterwards,
    and the code sees no transaction of its own around it (Django's `_from_testcase` mark, which the durable check
    and audit.services read), so that it runs as it does in production."""
    from django.db import transaction

    block = transaction.atomic()
    block._from_testcase = True
    with block:
        yield
        transaction.set_rollback(True)


def deferred_checks_done() -> None:
    """For a class's or module's shared data, built once inside a transaction rolled back after its last test: the
    foreign keys of what it wrote are checked now, once. Left deferred (PostgreSQL), they were checked again at the end
    of every test (Django's check before a test case rolls back), since rolling a test's savepoint back brings the
    pending checks back with it: 18 s at the end of each test of the demo Bloc. SQLite checks nothing at a test's end."""
    from django.db import connection

    if connection.features.can_defer_constraint_checks:
        connection.check_constraints()
