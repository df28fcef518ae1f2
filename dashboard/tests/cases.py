"""The home page: each user's figures; a member is sent to their own record."""

from core.testing import VIEWERS, QueryCase, ScopeCase

SCOPE_CASES = [ScopeCase("dashboard:home", VIEWERS, refusal=(302,))]


def grow(w, factor: int) -> None:
    from members.tests.cases import grow as grow_members

    grow_members(w, factor)


QUERY_CASES = [QueryCase("dashboard", "/", 24)]
