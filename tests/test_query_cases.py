"""Every app's query-count cases (`<app>/tests/cases.py`): a page runs the same number of queries at 1× and 5× its
data (no N+1), at most its bound, and shows the data at both sizes.

One test per app: its data is grown once to 1× and once more to 5× (each growth cost more than measuring all the
app's pages when every case grew its own), and each page is measured inside a savepoint rolled back after it, so that
what one request writes (a page seen, a session) does not reach the next. A failure names its case and user."""

import pytest

from core.testing import USERS, app_cases, count_queries, local_apps, rolled_back

pytestmark = pytest.mark.django_db

CASES = [(cases.app, case, user) for cases in app_cases() for case in cases.queries for user in case.users]
APPS = [app for app in local_apps() if any(a == app for a, _c, _u in CASES)]


def measure(client, url, case):
    """(queries, rows shown, SQL) of the page, nothing it wrote kept."""
    with rolled_back():
        n, response, _body, sql = count_queries(client, url, status=case.status)
        rows = len(case.rows(response)) if case.rows else None
    return n, rows, sql


@pytest.mark.parametrize("app", APPS)
def test_query_counts_do_not_grow_with_the_data(request, client_for, world, one_batch, app):
    grow = next(c.grow for c in app_cases() if c.app == app)
    world.users = {name: request.getfixturevalue(f"user_{name}") for name in USERS}
    world.actor = request.getfixturevalue("actor")
    clients = {name: client_for(user) for name, user in world.users.items()}
    cases = [(case, user) for a, case, user in CASES if a == app]

    with one_batch():  # the data grown as an import would (its figures recounted once, at its end)
        grow(world, 1)
    urls = {(case.name, user): case.url(world) if callable(case.url) else case.url for case, user in cases}
    small = {(case.name, user): measure(clients[user], urls[case.name, user], case) for case, user in cases}
    with one_batch():
        grow(world, 4)
    failures = []
    for case, user in cases:
        key = (case.name, user)
        (n_small, rows_small, sql_small), (n_big, rows_big, sql_big) = small[key], measure(clients[user], urls[key],
                                                                                             case)
        print(f"\nQUERIES {user:8s} {case.name:36s} small={n_small:3d} big={n_big:3d}")
        where = f"[{case.name}-{user}] {urls[key]}"
        if rows_small is not None and not (rows_small > 0 and rows_big >= rows_small):
            failures.append(f"{where}: the page shows no data ({rows_small} rows at 1×, {rows_big} at 5×)")
        if not (n_big == n_small or (case.lists_then_counts and n_big < n_small)):
            failures.append(f"{where}: query count grows with the data (N+1), {n_small} → {n_big}:\n"
                            + "\n".join(sql for sql in sql_big if sql not in sql_small))
        if n_small > case.bound:
            failures.append(f"{where}: {n_small} queries (bound {case.bound}):\n" + "\n".join(sql_small))
    assert not failures, "\n\n".join(failures)
