"""Every app's query-count cases (`<app>/tests/cases.py`): a page runs the same number of queries at 1× and 5× its
data (no N+1), at most its bound, and shows the data at both sizes."""

import pytest

from core.testing import USERS, app_cases, count_queries

pytestmark = pytest.mark.django_db

CASES = [(cases.app, case, user) for cases in app_cases() for case in cases.queries for user in case.users]


@pytest.mark.parametrize("app,case,user", CASES, ids=[f"{c.name}-{u}" for _a, c, u in CASES])
def test_query_count_does_not_grow_with_the_data(request, client_for, world, one_batch, app, case, user):
    grow = next(c.grow for c in app_cases() if c.app == app)
    world.users = {name: request.getfixturevalue(f"user_{name}") for name in USERS}
    world.actor = request.getfixturevalue("actor")
    client = client_for(world.users[user])

    with one_batch():  # the data grown as an import would (its figures recounted once, at its end)
        grow(world, 1)
    url = case.url(world) if callable(case.url) else case.url
    small, response, body, small_sql = count_queries(client, url, status=case.status)
    small_rows = len(case.rows(response)) if case.rows else None
    with one_batch():
        grow(world, 4)
    big, response, body, big_sql = count_queries(client, url, status=case.status)
    big_rows = len(case.rows(response)) if case.rows else None

    print(f"\nQUERIES {user:8s} {case.name:36s} small={small:3d} big={big:3d}")
    if small_rows is not None:
        assert small_rows > 0 and big_rows >= small_rows, "the page shows no data"
    assert big == small or (case.lists_then_counts and big < small), "query count grows with the data (N+1):\n" + "\n".join(
        sql for sql in big_sql if sql not in small_sql)
    assert small <= case.bound, f"{small} queries (bound {case.bound}):\n" + "\n".join(small_sql)
