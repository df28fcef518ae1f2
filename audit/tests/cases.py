"""The security log's scope and query-count cases: the page is the administrators' alone (everyone else 403,
whatever subtree they hold), and it lists and exports the whole installation's events."""

from core.testing import QueryCase, ScopeCase
from core.testing.pages import doc

ADMINS = frozenset({"admin"})
REFUSED = (403,)

SCOPE_CASES = [
    ScopeCase("audit:list", ADMINS, refusal=REFUSED),
    ScopeCase("audit:list", ADMINS, query="kind=login_failed&since=01/01/2020", refusal=REFUSED, name="filtered"),
    ScopeCase("audit:list", ADMINS, query="export=csv", refusal=REFUSED, name="export"),
]


def event_rows(response) -> list:
    return doc(response).xpath('//table[@id="security-table"]/tbody/tr[@data-event]')


def grow(w, factor: int) -> None:
    """`factor` slices of 30 events: every kind, by several users, about organisations (targets), from a few
    addresses, some of an anonymous visitor."""
    from django.test import RequestFactory

    from audit.kinds import LABELS
    from core import security

    users = list(getattr(w, "users", {}).values()) or [None]
    targets = [org for org in getattr(w, "orgs", {}).values()][:5] or [None]
    factory = RequestFactory()
    kinds = list(LABELS)
    for i in range(30 * factor):
        request = factory.get(f"/members/?page={i}", REMOTE_ADDR=f"10.0.{i % 3}.{i % 250}",
                              HTTP_USER_AGENT="Mozilla/5.0 (test)")
        request.request_id = f"req{i:013d}"
        user = users[i % len(users)] if i % 7 else None
        request.user = user
        security.security_event(kinds[i % len(kinds)], request=request, user=user, target=targets[i % len(targets)],
                                detail=f"chi tiết {i}")


QUERY_CASES = [
    QueryCase("security_log", "/audit/", 6, users=("admin",), rows=event_rows),
    QueryCase("security_log_filtered", "/audit/?kind=export&user=a&since=01/01/2020", 6, users=("admin",)),
    QueryCase("security_log_csv", "/audit/?export=csv", 7, users=("admin",)),
]
