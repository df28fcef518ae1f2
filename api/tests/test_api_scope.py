"""The API's scope matrix, beside tests/test_scope_cases.py: every endpoint and method, for every demo role of the test
world, through each role's own API token. Each endpoint answers exactly what its page answers: an object where the
page's scope case lets the user open the page (else 404, writing nothing), a list with exactly the rows of the places
the user covers. The openers are read from the pages' own scope cases, so the API cannot drift from the pages."""

import json

import pytest

from api.tests.cases import build as build_tokens
from core.testing import USERS, app_cases, builders_for, covers

pytestmark = pytest.mark.django_db

PAGE_CASES = {(c.url, c.name): c for cases in app_cases() for c in cases.scope}
MEMBER_PLACES = {"a1_full": "cell_a1", "a1_prob": "cell_a1", "a1_exempt": "cell_a1", "a1_away": "cell_a1",
                 "dangvien": "own", "a2_full": "cell_a2", "b1_full": "cell_b1", "b1_prob": "cell_b1",
                 "b1_exempt": "cell_b1", "b1_away": "cell_b1", "b2_full": "cell_b2", "gcell_full": "gcell"}
ORG_PLACES = ("bloc", "gc_a", "cell_a1", "cell_a2", "cell_a3", "gc_b", "cell_b1", "cell_b2", "cell_b3", "gcell")
MEETING_PLACES = ("cell_a1", "cell_a2", "cell_b1", "gcell")
SEATS = {"bloc": "bloc_g", "gc_a": "gc_a_member", "gc_b": "gc_b_member", "cell_a1": "cell_a1_secretary",
         "cell_a2": "cell_a2_secretary", "cell_b1": "cell_b1_secretary", "cell_b2": "cell_b2_secretary"}


def page(url, name=""):
    return PAGE_CASES[(url, name)]


@pytest.fixture
def w(request, world):
    world.users = {name: request.getfixturevalue(f"user_{name}") for name in USERS}
    world.actor = request.getfixturevalue("actor")
    for build in builders_for("meetings"):
        build(world)
    build_tokens(world)
    return world


def call(client, w, user, method, url, body=None, **headers):
    token = w.api_tokens[user][1]
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}
    if body is not None:
        return getattr(client, method)(url, json.dumps(body), content_type="application/json", **kwargs)
    return getattr(client, method)(url, **kwargs)


def member_of(w, place):
    """The member of the members:detail / members:transfer cases at `place` (the page's own args)."""
    from members.models import Member

    return Member.objects.get(pk=page("members:detail").args(w, place)[0])


def snapshot():
    from meetings.tests.cases import snapshot as meetings
    from members.tests.cases import snapshot as members
    from petitions.tests.cases import snapshot as petitions

    return members(), meetings(), petitions()


def test_every_read_endpoint_answers_what_its_page_answers(client, w):
    failures = []
    for user in USERS:
        for place in ("bloc", "gc_a", "cell_a1", "cell_a2", "gc_b", "cell_b1", "gcell"):
            expected = 200 if page("organizations:detail").allows(user, place) else 404
            for query in ("", "?as_of=2020-01-01"):
                url = f"/api/v1/organizations/{w.orgs[place].pk}{query}"
                if (status := call(client, w, user, "get", url).status_code) != expected:
                    failures.append(f"{user} GET {url} ({place}): {status}, expected {expected}")
        for place in ("cell_a1", "cell_a2", "cell_b1", "own"):
            member = member_of(w, place)
            expected = 200 if page("members:detail").allows(user, place) else 404
            for url in (f"/api/v1/members/{member.pk}", f"/api/v1/members/{member.pk}/memberships"):
                if (status := call(client, w, user, "get", url).status_code) != expected:
                    failures.append(f"{user} GET {url} ({place}): {status}, expected {expected}")
        for which, name in (("planned", ""), ("held", "held")):
            for place in MEETING_PLACES:
                meeting = getattr(w.meetings, which)[place]
                expected = 200 if page("meetings:detail", name).allows(user, place) else 404
                url = f"/api/v1/meetings/{meeting.pk}"
                if (status := call(client, w, user, "get", url).status_code) != expected:
                    failures.append(f"{user} GET {url} ({which} at {place}): {status}, expected {expected}")
        for place, seat_key in SEATS.items():
            seat = w.apparatus.seats[seat_key]
            expected = 200 if page("apparatus:seat").allows(user, place) else 404
            for url in (f"/api/v1/seats/{seat.pk}", f"/api/v1/bodies/{seat.body_id}",
                        f"/api/v1/terms/{seat.body.term_id}"):
                if (status := call(client, w, user, "get", url).status_code) != expected:
                    failures.append(f"{user} GET {url} ({place}): {status}, expected {expected}")
        if call(client, w, user, "get", "/api/v1/rules").status_code != 200:  # open to everyone, as its page
            failures.append(f"{user} GET /api/v1/rules refused")
    assert not failures, "\n".join(failures)


def listed(client, w, user, url) -> set[int]:
    response = call(client, w, user, "get", url)
    assert response.status_code == 200, (user, url, response.content)
    return {row["id"] for row in json.loads(response.content)["results"]}


def test_every_list_shows_exactly_the_rows_of_the_users_places(client, w):
    failures = []
    for user in USERS:
        organizations = listed(client, w, user, "/api/v1/organizations?status=all&page_size=100")
        for place in ORG_PLACES:
            if (w.orgs[place].pk in organizations) != covers(user, place):
                failures.append(f"{user}: organisation {place} {'missing' if covers(user, place) else 'shown'}")
        members = listed(client, w, user, "/api/v1/members?status=all&page_size=100")
        for key, place in MEMBER_PLACES.items():
            if (w.members[key].pk in members) != covers(user, place):
                failures.append(f"{user}: member {key} {'missing' if covers(user, place) else 'shown'}")
        searched = listed(client, w, user, "/api/v1/members?status=all&q=ly+thi")  # Lý Thị Mai of cell_a1
        if (w.members["a1_full"].pk in searched) != covers(user, "cell_a1"):
            failures.append(f"{user}: the search shows a1_full wrongly")
        meetings = listed(client, w, user, "/api/v1/meetings?page_size=100")
        for which in ("planned", "held"):
            for place in MEETING_PLACES:
                if (getattr(w.meetings, which)[place].pk in meetings) != covers(user, place) or user == "dangvien" \
                        and getattr(w.meetings, which)[place].pk in meetings:
                    failures.append(f"{user}: meeting {which} at {place} wrong")
        terms = listed(client, w, user, "/api/v1/terms?page_size=100")
        bodies = listed(client, w, user, "/api/v1/bodies?page_size=100")
        seats = listed(client, w, user, "/api/v1/seats?state=all&page_size=100")
        for place, seat_key in SEATS.items():
            seat = w.apparatus.seats[seat_key]
            shown = (seat.pk in seats, seat.body_id in bodies, seat.body.term_id in terms)
            if shown != (covers(user, place) and user != "dangvien",) * 3:
                failures.append(f"{user}: apparatus of {place} shown {shown}")
    assert not failures, "\n".join(failures)


def test_the_tree_shows_exactly_the_users_places_and_opens_where_the_page_does(client, w):
    """The tree (nested and flat, today and on a past day) holds exactly the organisations the user covers, under
    the tops of the user's scope; a branch opens where the tree page opens it (organizations:tree_branch), else
    404, and holds only that branch."""
    from core.testing import PARENT

    failures = []
    for user in USERS:
        flat = json.loads(call(client, w, user, "get", "/api/v1/organizations/tree?shape=flat").content)
        ids = {row["id"] for row in flat["results"]}
        for place in ORG_PLACES:
            if (w.orgs[place].pk in ids) != covers(user, place):
                failures.append(f"{user}: tree node {place} {'missing' if covers(user, place) else 'shown'}")
        nested = json.loads(call(client, w, user, "get", "/api/v1/organizations/tree").content)
        tops = {row["id"] for row in nested["results"]}
        expected_tops = {w.orgs[p].pk for p in ORG_PLACES if covers(user, p) and not covers(user, PARENT.get(p, "-"))}
        if tops != expected_tops or nested["count"] != flat["count"]:
            failures.append(f"{user}: the nested tree's tops {tops}, expected {expected_tops}")
        past = json.loads(call(client, w, user, "get", "/api/v1/organizations/tree?shape=flat&as_of=2020-01-01")
                          .content)
        if not {row["id"] for row in past["results"]} <= {w.orgs[p].pk for p in ORG_PLACES if covers(user, p)}:
            failures.append(f"{user}: the tree of 2020 shows places outside the scope")
        for place in ("bloc", "gc_a", "cell_a1", "gc_b", "gcell"):
            expected = 200 if page("organizations:tree_branch").allows(user, place) else 404
            response = call(client, w, user, "get", f"/api/v1/organizations/tree?root={w.orgs[place].pk}&shape=flat")
            if response.status_code != expected:
                failures.append(f"{user} tree at {place}: {response.status_code}, expected {expected}")
                continue
            if expected == 200:
                below = {w.orgs[p].pk for p in ORG_PLACES if p == place or place in ancestors_of(p)}
                got = {row["id"] for row in json.loads(response.content)["results"]}
                if got != {pk for pk in below if pk in ids}:
                    failures.append(f"{user} tree at {place}: {got}, expected the branch {below}")
    assert not failures, "\n".join(failures)


def ancestors_of(place):
    from core.testing import ancestors

    return ancestors(place)


def test_compliance_lists_exactly_the_cells_of_the_users_places(client, w):
    """The compliance of exactly the cells the user covers (the page's rows: meetings:compliance lists the cells of
    the places covered), under an organisation only where the page accepts it (else 400, as the page refuses it)."""
    from meetings.tests.cases import ALL_CELLS, LAST_MONTH

    failures = []
    for user in USERS:
        for query in (f"month={LAST_MONTH:%Y-%m}", f"month={LAST_MONTH:%Y-%m}&period=year",
                      f"month_from={LAST_MONTH.replace(month=1):%Y-%m}&month_to={LAST_MONTH:%Y-%m}"):
            response = call(client, w, user, "get", f"/api/v1/compliance?{query}&page_size=100")
            assert response.status_code == 200, (user, query, response.content)
            cells = {row["organization"]["id"] for row in json.loads(response.content)["results"]}
            for place in ALL_CELLS:
                if (w.orgs[place].pk in cells) != (covers(user, place) and user != "dangvien"):
                    failures.append(f"{user} compliance ({query}): cell {place} wrong")
        for place in ("gc_a", "gc_b"):
            response = call(client, w, user, "get", f"/api/v1/compliance?organization={w.orgs[place].pk}")
            expected = 200 if covers(user, place) else 400
            if response.status_code != expected:
                failures.append(f"{user} compliance under {place}: {response.status_code}, expected {expected}")
            elif expected == 200:
                cells = {row["organization"]["id"] for row in json.loads(response.content)["results"]}
                if cells != {w.orgs[c].pk for c in ALL_CELLS if place in ancestors_of(c)}:
                    failures.append(f"{user} compliance under {place}: {cells}")
    assert not failures, "\n".join(failures)


def test_every_write_endpoint_refuses_outside_the_pages_scope_and_writes_nothing(client, w):
    """Whoever the page lets act gets past the scope to the service's own refusal (422: the body is refused on
    purpose, so nothing is written either way); everyone else gets 404 (an object) or the form's refusal of the
    organisation (a creation), and nothing is written."""
    from meetings.models import Meeting

    failures = []
    before = snapshot()
    for user in USERS:
        for place in ("cell_a1", "cell_a2", "cell_b1"):
            member = member_of(w, place)
            allowed = page("members:transfer").allows(user, place)
            body = {"kind": "permanent", "effective_on": "2025-01-10", "reason": "Thử phạm vi"}  # no destination
            response = call(client, w, user, "post", f"/api/v1/members/{member.pk}/transfer", body,
                            HTTP_IF_MATCH=f'"{member.revision}"')
            expected = 422 if allowed else 404
            if response.status_code != expected:
                failures.append(f"{user} transfer at {place}: {response.status_code}, expected {expected}")
        for place in MEETING_PLACES:
            meeting = Meeting.objects.get(pk=w.meetings.held[place].pk)
            allowed = page("meetings:attendance").allows(user, place)
            response = call(client, w, user, "put", f"/api/v1/meetings/{meeting.pk}/attendance",
                            {"presences": [], "reason": "Thử phạm vi"}, HTTP_IF_MATCH=f'"{meeting.revision}"')
            expected = 422 if allowed else 404
            if response.status_code != expected:
                failures.append(f"{user} attendance at {place}: {response.status_code}, expected {expected}")
        for place in MEETING_PLACES:
            allowed = page("meetings:plan").allows(user, place)
            response = call(client, w, user, "post", "/api/v1/meetings",
                            {"organization": w.orgs[place].pk, "kind": "regular", "planned_on": "31/02/2026",
                             "reason": "Thử phạm vi"})  # a day the form refuses
            expected = 422 if allowed else 404
            if response.status_code != expected:
                failures.append(f"{user} plan at {place}: {response.status_code}, expected {expected}")
        for place in MEETING_PLACES:
            meeting = Meeting.objects.get(pk=w.meetings.planned[place].pk)
            allowed = page("meetings:record").allows(user, place)
            body = {"held_on": meeting.planned_on.isoformat(), "started_at": "15:00", "ended_at": "14:00",
                    "reason": "Thử phạm vi"}  # an end before the start: the service refuses it
            response = call(client, w, user, "put", f"/api/v1/meetings/{meeting.pk}/record", body,
                            HTTP_IF_MATCH=f'"{meeting.revision}"')
            fields = {e["field"] for e in json.loads(response.content).get("errors", [])}
            expected = 422 if allowed else 404
            if response.status_code != expected or allowed and fields != {"ended_at"}:
                failures.append(f"{user} record at {place}: {response.status_code} {fields}, expected {expected}")
        for place in ("gc_a", "gc_b"):
            allowed = page("petitions:receive").allows(user, place)
            body = {"organization": w.orgs[place].pk, "received_on": "2025-03-03", "channel": "post",
                    "concerns": "member", "summary": "Thư thử phạm vi", "content": "Nội dung."}  # no sender
            response = call(client, w, user, "post", "/api/v1/petitions", body)
            fields = {e["field"] for e in json.loads(response.content).get("errors", [])}
            if allowed and (response.status_code, fields) != (422, {"sender_name"}) or not allowed and not (
                    response.status_code == 403 or response.status_code == 422 and "organization" in fields):
                failures.append(f"{user} receive at {place}: {response.status_code} {fields}, allowed={allowed}")
        for place in ("cell_a1", "cell_b1", "gcell"):
            allowed = page("members:register").allows(user, place)
            body = {"organization": w.orgs[place].pk, "status": "full", "admitted_on": "2010-05-01",
                    "full_on": "2011-05-01", "full_name": "Nguyễn Văn Phạm Vi", "gender": "none",
                    "date_of_birth": "1980-01-01", "reason": "Thử phạm vi"}  # a gender the form refuses
            response = call(client, w, user, "post", "/api/v1/members", body)
            fields = {e["field"] for e in json.loads(response.content).get("errors", [])}
            if response.status_code != 422 or ("organization" in fields) == allowed or "gender" not in fields:
                failures.append(f"{user} register at {place}: {response.status_code} {fields}, allowed={allowed}")
            allowed = page("members:admit").allows(user, place)
            body = {"organization": w.orgs[place].pk, "admitted_on": "2025-01-10", "decision_number": "1-QĐ",
                    "full_name": "Nguyễn Văn Kết Nạp", "gender": "none", "date_of_birth": "1990-01-01",
                    "reason": "Thử phạm vi"}
            response = call(client, w, user, "post", "/api/v1/admissions", body)
            fields = {e["field"] for e in json.loads(response.content).get("errors", [])}
            if response.status_code != 422 or ("organization" in fields) == allowed or "gender" not in fields:
                failures.append(f"{user} admit at {place}: {response.status_code} {fields}, allowed={allowed}")
    assert snapshot() == before, "a refused write wrote something"
    assert not failures, "\n".join(failures)


def test_every_endpoint_refuses_the_anonymous(client, w):
    member, meeting, org = w.members["a1_full"], w.meetings.held["cell_a1"], w.orgs["cell_a1"]
    for method, url in (("get", "/api/v1/organizations"), ("get", f"/api/v1/organizations/{org.pk}"),
                        ("get", "/api/v1/members"), ("get", f"/api/v1/members/{member.pk}"),
                        ("get", f"/api/v1/members/{member.pk}/memberships"), ("get", "/api/v1/meetings"),
                        ("get", f"/api/v1/meetings/{meeting.pk}"), ("post", "/api/v1/members"),
                        ("post", f"/api/v1/members/{member.pk}/transfer"),
                        ("put", f"/api/v1/meetings/{meeting.pk}/attendance"), ("get", "/api/v1/terms"),
                        ("get", "/api/v1/bodies"), ("get", "/api/v1/seats"), ("get", "/api/v1/rules"),
                        ("get", "/api/v1/petitions"), ("get", "/api/v1/petitions/1"),
                        ("post", "/api/v1/meetings"), ("post", "/api/v1/admissions"),
                        ("get", "/api/v1/organizations/tree"), ("get", f"/api/v1/organizations/tree?root={org.pk}"),
                        ("get", "/api/v1/compliance"), ("put", f"/api/v1/meetings/{meeting.pk}/record"),
                        ("post", "/api/v1/petitions")):
        response = client.generic(method.upper(), url, "{}", content_type="application/json")
        assert response.status_code == 401, (method, url, response.status_code)


def test_petitions_answer_what_the_register_answers_masked_and_logged(request, client, world):
    """The register's JSON moved onto the API (the old /petitions/api/ endpoints are gone): for every role, the
    letters of exactly the registers the register page shows (its old scope case: every role, the places covered),
    each sender masked exactly as on the pages (the same record, petitions.views.api_record, with the pages' rule of
    who sees the sender), each petition returned logged as an opening through the API (with whether its sender was
    shown), and one petition only where its page opens it."""
    from petitions.models import Access
    from petitions.selectors import can_see_identity
    from petitions.tests.cases import PLACES, summaries_at
    from petitions.views import api_record

    world.users = {name: request.getfixturevalue(f"user_{name}") for name in USERS}
    world.actor = request.getfixturevalue("actor")
    for build in builders_for("petitions"):
        build(world)
    build_tokens(world)
    w = world
    letters = {p.pk: p for place in PLACES for p in w.petitions[place].values()}

    def expected_record(user, petition_id):
        from petitions.selectors import petition_get

        petition = petition_get(w.users[user], petition_id)
        return json.loads(json.dumps(api_record(petition, can_see_identity(w.users[user], petition))))

    failures = []
    for user in USERS:
        before = Access.objects.count()
        response = call(client, w, user, "get", "/api/v1/petitions?page_size=100")
        rows = json.loads(response.content)["results"]
        shown = {r["summary"] for r in rows}
        for place in PLACES:
            marks = summaries_at(w, place)
            if (marks <= shown if covers(user, place) else not marks & shown) is False:
                failures.append(f"{user}: the letters of {place}'s register {'missing' if covers(user, place) else 'shown'}")
        if {r["id"] for r in rows} - set(letters):
            failures.append(f"{user}: letters outside the test world's registers")
        logged = list(Access.objects.order_by("pk")[before:].values_list("petition_id", "via", "identity_shown"))
        if sorted(logged) != sorted((r["id"], "api", r["identity_shown"]) for r in rows):
            failures.append(f"{user}: the openings logged {logged} are not the rows returned")
        for row in rows:
            if row != expected_record(user, row["id"]):
                failures.append(f"{user}: letter {row['id']} is not the register's record")
            if not row["identity_shown"] and row["sender_name"] not in ("•••", ""):
                failures.append(f"{user}: letter {row['id']} shows its sender")
        for place in PLACES:
            petition = w.petitions[place]["accepted"]
            expected = 200 if page("petitions:detail").allows(user, place) else 404
            before = Access.objects.count()
            response = call(client, w, user, "get", f"/api/v1/petitions/{petition.pk}")
            if response.status_code != expected:
                failures.append(f"{user} petition at {place}: {response.status_code}, expected {expected}")
                continue
            after = Access.objects.count()
            if expected == 200:
                if json.loads(response.content) != expected_record(user, petition.pk):
                    failures.append(f"{user} petition at {place}: not the page's record")
                if after != before + 1 or not Access.objects.filter(petition=petition, via="api").exists():
                    failures.append(f"{user} petition at {place}: the opening is not logged once")
            elif after != before:
                failures.append(f"{user} petition at {place}: a refused read was logged as an opening")
    assert any(r["identity_shown"] for r in json.loads(call(
        client, w, "khoi", "get", "/api/v1/petitions?page_size=100").content)["results"]), "the handler sees no sender"
    assert not failures, "\n".join(failures)
