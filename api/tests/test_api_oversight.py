"""The oversight endpoints (api/oversight.py): working groups and their visits, inspection programmes, case files and
remedies, and the progress report on a remedy.

The scope matrix mirrors test_api_scope.py's: every endpoint and method for every demo role of the test world,
through each role's own API token, each answering exactly what its page answers (the openers read from the pages' own
scope cases: meetings/tests/cases.py, inspections/tests/cases.py). Then what the scope cases cannot say: a case file
opens for its team too, and for nobody else (404 from the page and from the API alike, its secrets nowhere), and
the write's versions and refusals (428, 412, 422 in the page's words, a read-only token refused)."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from api import services
from api.tests.cases import build as build_tokens
from core.testing import USERS, app_cases, builders_for
from core.testing.pages import doc
from inspections.tests.test_scope import SECRET, case_world  # noqa: F401 (a fixture: the case file with its team)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PAGE_CASES = {(c.url, c.name): c for cases in app_cases() for c in cases.scope}
GROUP_PLACES = ("bloc", "gc_a", "gc_b")
HOLDERS = {"khoi", "admin", "team"}  # of case_world's file: the authority and the team
SIDES = ("cell_a1", "cell_b1")  # the visits of the Bloc's group; the inspected cells with their remedies


def page(url, name=""):
    return PAGE_CASES[(url, name)]


@pytest.fixture
def w(request, world):
    world.users = {name: request.getfixturevalue(f"user_{name}") for name in USERS}
    world.actor = request.getfixturevalue("actor")
    for build in builders_for("inspections"):
        build(world)
    build_tokens(world)
    return world


def call(client, w, user, method, url, body=None, **headers):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {w.api_tokens[user][1]}", **headers}
    if body is not None:
        return getattr(client, method)(url, json.dumps(body), content_type="application/json", **kwargs)
    return getattr(client, method)(url, **kwargs)


def listed(client, w, user, url) -> set[int] | None:
    """The ids of the list's rows; None when the list answers 404 (as its page)."""
    response = call(client, w, user, "get", url)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, (user, url, response.content)
    return {row["id"] for row in json.loads(response.content)["results"]}


def reads(w) -> list[tuple[str, str, str, str]]:
    """(url, place, the page's scope case, its name) of every object endpoint on the world's objects."""
    found = [(f"/api/v1/working-groups/{w.meetings.groups[place].pk}", place, "meetings:group", "")
             for place in GROUP_PLACES]
    found += [(f"/api/v1/visits/{w.meetings.visits[place].pk}", place, "meetings:visit", "") for place in SIDES]
    found.append((f"/api/v1/programmes/{w.inspections['programme'].pk}", "bloc", "inspections:programme", ""))
    for place in SIDES:
        found += [(f"/api/v1/cases/{w.inspections['open'][place].pk}", place, "inspections:case", ""),
                  (f"/api/v1/cases/{w.inspections['done'][place].pk}", place, "inspections:case", "concluded"),
                  (f"/api/v1/remedies/{w.inspections['remedy'][place].pk}", place, "inspections:remedy", "")]
    return found


def test_every_read_endpoint_answers_what_its_page_answers(client, w):
    failures, seen = [], {}
    for user in USERS:
        for url, place, name, variant in reads(w):
            expected = 200 if page(name, variant).allows(user, place) else 404
            if (status := call(client, w, user, "get", url).status_code) != expected:
                failures.append(f"{user} GET {url} ({name} at {place}): {status}, expected {expected}")
            seen.setdefault(name, set()).add(status)
    assert not failures, "\n".join(failures)
    assert all(statuses == {200, 404} for statuses in seen.values()), seen  # each opens for some, not for others


def test_every_list_shows_exactly_the_rows_of_the_users_places(client, w):
    failures = []
    for user in USERS:
        groups = listed(client, w, user, "/api/v1/working-groups?page_size=100")
        for place in GROUP_PLACES:
            if (w.meetings.groups[place].pk in groups) != page("meetings:groups").allows(user, place):
                failures.append(f"{user}: working group of {place} wrong")
        visits = listed(client, w, user, "/api/v1/visits?page_size=100")
        for place in SIDES:
            if (w.meetings.visits[place].pk in visits) != page("meetings:visit").allows(user, place):
                failures.append(f"{user}: visit to {place} wrong")
        programmes = listed(client, w, user, "/api/v1/programmes?page_size=100")
        if (w.inspections["programme"].pk in programmes) != page("inspections:programme").allows(user, "bloc"):
            failures.append(f"{user}: programme wrong")
        cases = listed(client, w, user, "/api/v1/cases?page_size=100")
        if (cases is not None) != (user in page("inspections:cases").openers):  # the page's guard: 404 otherwise
            failures.append(f"{user}: case list {'opens' if cases is not None else 'refused'}")
        for place in SIDES:
            shown = {w.inspections[k][place].pk in (cases or ()) for k in ("open", "done")}
            if shown != {page("inspections:cases").allows(user, place)}:
                failures.append(f"{user}: case files at {place} shown {shown}")
        remedies = listed(client, w, user, "/api/v1/remedies?page_size=100")
        for place in SIDES:
            if (w.inspections["remedy"][place].pk in remedies) != page("inspections:remedies").allows(user, place):
                failures.append(f"{user}: remedy at {place} wrong")
    assert not failures, "\n".join(failures)


def test_the_remedy_report_refuses_outside_the_pages_scope_and_writes_nothing(client, w):
    """Whoever the page lets report gets past the scope to the form's refusal (422: a report without its text, so
    nothing is written either way); everyone else gets 404, and nothing is written."""
    from inspections.models import Remedy
    from inspections.tests.cases import snapshot

    failures = []
    before = snapshot()
    for user in USERS:
        for place in SIDES:
            remedy = Remedy.objects.get(pk=w.inspections["remedy"][place].pk)
            response = call(client, w, user, "post", f"/api/v1/remedies/{remedy.pk}/reports",
                            {"reported_on": TODAY.isoformat(), "text": ""}, HTTP_IF_MATCH=f'"{remedy.revision}"')
            expected = 422 if page("inspections:remedy_report").allows(user, place) else 404
            if response.status_code != expected:
                failures.append(f"{user} report at {place}: {response.status_code}, expected {expected}")
    assert snapshot() == before, "a refused write wrote something"
    assert not failures, "\n".join(failures)


def test_every_oversight_endpoint_refuses_the_anonymous(client, w):
    group, visit = w.meetings.groups["bloc"], w.meetings.visits["cell_a1"]
    case, remedy = w.inspections["done"]["cell_a1"], w.inspections["remedy"]["cell_a1"]
    for method, url in (("get", "/api/v1/working-groups"), ("get", f"/api/v1/working-groups/{group.pk}"),
                        ("get", "/api/v1/visits"), ("get", f"/api/v1/visits/{visit.pk}"),
                        ("get", "/api/v1/programmes"), ("get", f"/api/v1/programmes/{w.inspections['programme'].pk}"),
                        ("get", "/api/v1/cases"), ("get", f"/api/v1/cases/{case.pk}"), ("get", "/api/v1/remedies"),
                        ("get", f"/api/v1/remedies/{remedy.pk}"), ("post", f"/api/v1/remedies/{remedy.pk}/reports")):
        response = client.generic(method.upper(), url, "{}", content_type="application/json")
        assert response.status_code == 401, (method, url, response.status_code)


def test_lists_filter_order_and_refuse_as_their_pages(client, w):
    overdue = listed(client, w, "khoi", "/api/v1/remedies?deadline=overdue&page_size=100")
    assert {w.inspections["remedy"][p].pk for p in SIDES} <= overdue
    assert listed(client, w, "khoi", "/api/v1/remedies?status=done") == set()
    assert call(client, w, "khoi", "get", "/api/v1/remedies?due_from=31/02/2026").status_code == 400
    concluded = listed(client, w, "khoi", "/api/v1/cases?event=concluded&page_size=100")
    assert concluded == {w.inspections["done"][p].pk for p in SIDES}
    assert call(client, w, "khoi", "get", "/api/v1/cases?state=987654").status_code == 400
    rows = json.loads(call(client, w, "khoi", "get", "/api/v1/cases?ordering=-planned_from&page_size=100").content)
    assert [r["planned_from"] for r in rows["results"]] == sorted((r["planned_from"] for r in rows["results"]),
                                                                  reverse=True)
    planned = listed(client, w, "khoi", "/api/v1/visits?state=planned&page_size=100")
    assert planned == {w.meetings.visits[p].pk for p in SIDES}
    assert listed(client, w, "khoi", "/api/v1/visits?state=visited") == set()
    assert listed(client, w, "khoi", f"/api/v1/visits?organization={w.orgs['cell_a1'].pk}") == {
        w.meetings.visits["cell_a1"].pk}
    assert call(client, w, "coso", "get", f"/api/v1/visits?organization={w.orgs['gc_b'].pk}").status_code == 400
    assert listed(client, w, "khoi", f"/api/v1/working-groups?organization={w.orgs['gc_a'].pk}") == {
        w.meetings.groups["gc_a"].pk}
    group = json.loads(call(client, w, "khoi", "get", f"/api/v1/working-groups/{w.meetings.groups['bloc'].pk}").content)
    assert {v["id"] for v in group["visits"]} == {w.meetings.visits[p].pk for p in SIDES}


# ---- a case file is confidential: the team opens it, nobody else (the page and the API alike) -------------------

def test_a_case_file_answers_404_from_page_and_api_alike_to_whoever_does_not_hold_it(case_world):  # noqa: F811
    users = case_world["users"]
    case, programme, remedy = case_world["case"], case_world["programme"], case_world["remedy"]
    pairs = ((f"/inspections/cases/{case.pk}/", f"/api/v1/cases/{case.pk}"),
             (f"/inspections/programmes/{programme.pk}/", f"/api/v1/programmes/{programme.pk}"),
             (f"/inspections/remedies/{remedy.pk}/", f"/api/v1/remedies/{remedy.pk}"),
             ("/inspections/cases/", "/api/v1/cases"))
    opened = {}
    for who, user in users.items():
        _token, text = services.api_token_create(actor=user, name="Ứng dụng", access="read",
                                                 expires_on=timezone.localdate() + datetime.timedelta(days=5))
        browser = Client()
        browser.force_login(user)
        for page_url, api_url in pairs:
            answer = Client().get(api_url, HTTP_AUTHORIZATION=f"Bearer {text}")
            assert answer.status_code == browser.get(page_url).status_code, (who, page_url, api_url)
            opened[who, api_url] = answer.status_code
            if who not in HOLDERS:
                assert SECRET not in answer.content.decode(), (who, api_url)
        if who == "chibo":  # the cell responsible reads its remedy: of the case, only its type
            body = json.loads(Client().get(f"/api/v1/remedies/{remedy.pk}", HTTP_AUTHORIZATION=f"Bearer {text}")
                              .content)
            assert body["case"] is None and body["may_report"] and not body["may_check"]
            assert body["case_type"] == case.type
    assert {who for who in users if opened[who, f"/api/v1/cases/{case.pk}"] == 200} == HOLDERS
    assert opened["team", "/api/v1/cases"] == 200 and opened["chibo", "/api/v1/cases"] == 404


# ---- reporting on a remedy: the page's form and service, with the remedy's version ------------------------------

@pytest.fixture
def chibo_api(case_world):  # noqa: F811
    """The secretary of cell_a1 (responsible for the remedy) through a read-write token."""
    _token, text = services.api_token_create(actor=case_world["users"]["chibo"], name="Ứng dụng chi bộ",
                                             access="read_write",
                                             expires_on=timezone.localdate() + datetime.timedelta(days=5))

    def _call(method, url, body=None, **headers):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {text}", **headers}
        if body is None:
            return Client().generic(method.upper(), url, **headers)
        return Client().generic(method.upper(), url, json.dumps(body), content_type="application/json", **headers)
    return _call


def remedy_state(remedy):
    from inspections.models import Remedy, RemedyReport

    return (list(Remedy.objects.filter(pk=remedy.pk).values_list("status", "reported_on", "revision")),
            list(RemedyReport.objects.filter(remedy=remedy).order_by("pk").values_list("pk", "text", "done")),
            Remedy.history.count())


def test_a_report_needs_the_remedys_version_and_is_the_pages(case_world, chibo_api):  # noqa: F811
    from inspections.models import RemedyReport

    remedy = case_world["remedy"]
    url = f"/api/v1/remedies/{remedy.pk}/reports"
    read = chibo_api("get", f"/api/v1/remedies/{remedy.pk}")
    assert read.status_code == 200 and read["ETag"] == f'"{remedy.revision}"'
    body = {"reported_on": TODAY.isoformat(), "text": "Đã hoàn trả quỹ chi bộ", "evidence_title": "Biên bản hoàn trả",
            "done": True}
    before = remedy_state(remedy)
    assert chibo_api("post", url, body).status_code == 428
    assert chibo_api("post", url, body, HTTP_IF_MATCH="not-a-version").status_code == 412
    assert remedy_state(remedy) == before
    written = chibo_api("post", url, body, HTTP_IF_MATCH=read["ETag"])
    assert written.status_code == 201, written.content
    answer = json.loads(written.content)
    assert answer["status"] == "reported" and answer["reported_on"] == TODAY.isoformat()
    assert written["ETag"] == f'"{remedy.revision + 1}"' == f'"{answer["version"]}"'
    report = RemedyReport.objects.filter(remedy=remedy).latest("pk")
    assert (report.text, report.evidence_title, report.done, report.created_by) == (
        "Đã hoàn trả quỹ chi bộ", "Biên bản hoàn trả", True, case_world["users"]["chibo"])
    assert answer["reports"][-1]["id"] == report.pk
    # the version read before that write is stale now: 412, nothing written, the current ETag given
    before = remedy_state(remedy)
    stale = chibo_api("post", url, {**body, "text": "Lần nữa"}, HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412 and stale["ETag"] == written["ETag"]
    assert remedy_state(remedy) == before


def test_a_refused_report_is_the_pages_refusal_in_vietnamese_and_writes_nothing(case_world, chibo_api):  # noqa: F811
    remedy = case_world["remedy"]
    url = f"/api/v1/remedies/{remedy.pk}/reports"
    browser = Client()
    browser.force_login(case_world["users"]["chibo"])
    before = remedy_state(remedy)
    # the service's refusal (a remedy reported done names its evidence) and the form's (the progress is required)
    for body, field in (({"reported_on": TODAY.isoformat(), "text": "Xong", "done": True}, "evidence_title"),
                        ({"reported_on": TODAY.isoformat(), "text": ""}, "text")):
        refused = chibo_api("post", url, body, HTTP_IF_MATCH=f'"{remedy.revision}"')
        assert refused.status_code == 422 and refused["Content-Language"] == "vi", refused.content
        errors = {e["field"]: e["messages"] for e in json.loads(refused.content)["errors"]}
        assert list(errors) == [field]
        form = {**body, "reported_on": TODAY.strftime("%d/%m/%Y"), "done": "on" if body.get("done") else "",
                "revision": remedy.revision}
        shown = doc(browser.post(f"/inspections/remedies/{remedy.pk}/report/", form)).xpath(
            f'string(//*[@id="id_{field}_error"])')
        assert errors[field] == [shown.strip()], (errors, shown)
        english = chibo_api("post", url, body, HTTP_IF_MATCH=f'"{remedy.revision}"', HTTP_ACCEPT_LANGUAGE="en")
        assert english.status_code == 422 and english["Content-Language"] == "en"
    assert remedy_state(remedy) == before


def test_a_read_only_token_is_refused_on_the_report(case_world):  # noqa: F811
    remedy = case_world["remedy"]
    _token, text = services.api_token_create(actor=case_world["users"]["chibo"], name="Chỉ đọc", access="read",
                                             expires_on=timezone.localdate() + datetime.timedelta(days=5))
    before = remedy_state(remedy)
    response = Client().post(f"/api/v1/remedies/{remedy.pk}/reports",
                             json.dumps({"reported_on": TODAY.isoformat(), "text": "Đang làm"}),
                             content_type="application/json", HTTP_IF_MATCH=f'"{remedy.revision}"',
                             HTTP_AUTHORIZATION=f"Bearer {text}")
    assert response.status_code == 403
    assert remedy_state(remedy) == before
