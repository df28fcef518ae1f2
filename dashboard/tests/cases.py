"""The home page: each user's figures; a member is sent to their own record."""

from core.testing import VIEWERS, QueryCase, ScopeCase

SCOPE_CASES = [ScopeCase("dashboard:home", VIEWERS, refusal=(302,))]


def grow(w, factor: int) -> None:
    """The members' slices with their terms, committees and seats (the home page's apparatus figures)."""
    from apparatus.tests.cases import grow as grow_apparatus

    grow_apparatus(w, factor)


QUERY_CASES = [QueryCase("dashboard", "/", 24)]
