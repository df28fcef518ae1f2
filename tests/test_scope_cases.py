"""Every app's scope cases (`<app>/tests/cases.py`), run against every demo role through the real pages.

For each case and each place it is aimed at: the users the case names as openers get the page where their role
covers the place, everyone else is refused (403/404) and their POST writes nothing; the control user's POST
succeeds and writes (so each refusal can fail both ways). A list shows each opener the marks of the places it covers
and none of the others, anywhere on the page or in the exported file.
"""

import pytest
from django.urls import reverse

from core.testing import USERS, app_cases, app_of, builders_for, local_apps, may_name, rolled_back, snapshot_all
from core.testing.pages import content, xlsx_rows

pytestmark = pytest.mark.django_db

CASES = [case for cases in app_cases() for case in cases.scope]


def scope_world(request, world):
    """The root `world` with the users, ready for the apps' builders."""
    world.users = {name: request.getfixturevalue(f"user_{name}") for name in USERS}
    world.actor = request.getfixturevalue("actor")
    return world


def url_of(case, w, place) -> str:
    args = case.args(w, place) if case.args else []
    url = reverse(case.url, args=args)
    return f"{url}?{case.query}" if case.query else url


def body_text(response) -> str:
    if "spreadsheetml" in response.get("Content-Type", ""):
        return "\n".join(str(v) for row in xlsx_rows(response) for v in row if v is not None)
    return content(response).decode("utf-8", errors="replace")


# One test per app: its world is built once (the world and the builders of the apps up to it: most of a case's time
# when each case built its own), and each case runs inside a savepoint rolled back after it, so that a control POST
# leaves nothing for the next case to see. A failure names its case.
APPS = [app for app in local_apps() if any(app_of(case.url) == app for case in CASES)]


@pytest.mark.parametrize("app", APPS)
def test_scope_cases(request, client_for, world, app):
    w = scope_world(request, world)
    for build in builders_for(app):
        build(w)
    failures = []
    for case in (case for case in CASES if app_of(case.url) == app):
        with rolled_back():
            clients = {name: client_for(user) for name, user in w.users.items()}  # no message or session carried over
            failures += [f"[{case.key}] {failure}" for failure in check_case(case, w, clients)]
    assert not failures, "\n".join(failures)


def check_case(case, w, clients) -> list[str]:
    failures, refused_posts = [], []
    before = snapshot_all()  # every refused POST below must leave it as it is
    for user in USERS:
        for place in case.at or (None,):
            url = url_of(case, w, place)
            allowed = case.allows(user, place)
            if case.method == "get":
                response = clients[user].get(url)
                expected = case.opened if case.may_open(user, place) else case.refusal
                if response.status_code not in expected:
                    failures.append(f"{user} GET {url} at {place}: {response.status_code}, expected {expected}")
                    continue
                if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                    page = content(response).decode()
                    if "{{" in page or "{%" in page or ('<html lang="vi">' not in page and "<html" in page):
                        failures.append(f"{user} GET {url}: template syntax left in the page, or not in Vietnamese")
                if case.may_open(user, place) and case.marks:
                    body = body_text(response)
                    for mark_place in case.mark_places:
                        for mark in case.marks(w, mark_place):
                            if case.allows(user, mark_place) and mark not in body:
                                failures.append(f"{user} at {url}: {mark!r} of {mark_place} missing")
                            if mark in body and not may_name(user, mark_place):
                                failures.append(f"{user} at {url}: {mark!r} of {mark_place} shown")
            if not allowed and (case.payload or case.method == "post"):
                status = clients[user].post(url, case.payload(w, place) if case.payload else {}).status_code
                refused_posts.append(f"{user} at {place}")
                if status not in case.post_refusal:
                    failures.append(f"{user} POST {url} at {place}: {status}, expected {case.post_refusal}")
    if refused_posts and snapshot_all() != before:
        failures.append(f"a refused POST to {case.url} wrote to the database (one of: {', '.join(refused_posts)})")
    if case.payload or case.method == "post":
        place = case.control_at or (case.at[-1] if case.at else None)
        if not case.allows(case.control, place):
            return [*failures, f"the control user {case.control} cannot act at {place}"]
        url = url_of(case, w, place)
        before = snapshot_all()
        response = clients[case.control].post(url, case.payload(w, place) if case.payload else {})
        if response.status_code != 302:
            from core.testing.pages import form_errors

            failures.append(f"control {case.control} POST {url}: {response.status_code} {form_errors(response)}")
        elif snapshot_all() == before:
            failures.append(f"control {case.control} POST {url} wrote nothing")
    return failures
