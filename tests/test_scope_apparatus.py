"""Scope matrix of the apparatus pages (terms, bodies, seats, health, staffing, allowances) through the real views.

Same contract as tests/test_scope_matrix.py: every object URL of an object OUTSIDE the user's subtree answers
403/404 to GET and POST, and a POST with data that WOULD succeed for `user_khoi` (checked by the controls)
writes nothing. APPARATUS is held by admin, bloc_standing and committee_staff, the latter only strictly
below its own organisation: it manages its cells' committees, not its own. Every list and export shows
exactly the user's rows (no row of another subtree, every row of its own).

The apparatus data (`build_apparatus`, on top of the `world` fixture) is written through the real services:

    bloc    term, executive committee: a1_full and gcell_full (allowance, but the superior level is not paid);
            no secretary (no_secretary)
    gc_a    term, executive committee: a1_full secretary (allowance), a2_full committee member (full-time);
            standing committee: a1_full; a seat of a1_exempt (allowance) held RECENT..ENDED, 11 months ago
    cell_a1 term whose next congress is due soon (congress_due); cell committee: dangvien secretary (allowance)
    cell_a2 term, cell committee: a2_full secretary (allowance)           + a2_extra, a member with no seat
    cell_a3 no term (no_term)
    gc_b / cell_b1 / cell_b2 / cell_b3 mirror side a (b1_full, b2_full, b1_away, b1_exempt; b2_full holds two
            paid seats, the higher allowance wins)
    gcell   term with an empty cell committee (no_secretary)
"""

import datetime
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.urls import reverse

from core.testing.pages import TODAY, csv_rows, detail_links, dmy, doc, figure, form_errors, text, xlsx_rows

pytestmark = pytest.mark.django_db

DENIED = (403, 404)
D = datetime.date


def month_start(months_back: int, today: datetime.date = TODAY) -> datetime.date:
    """The first day of the month `months_back` months before today's month."""
    index = today.year * 12 + today.month - 1 - months_back
    return D(index // 12, index % 12 + 1, 1)


RECENT = month_start(12)  # congress of most organisations: the next one is far off
DUE_SOON = month_start(28)  # a subordinate cell's congress 28 months ago: due (30 months) within the notice period
ENDED = month_start(11)  # the day the ended seats ended


# ---- the apparatus data, through the real services ----------------------------------------------------------

def apparatus_snapshot() -> dict:
    """A comparable picture of the apparatus tables and their history (equal before/after: nothing written)."""
    from apparatus.models import Body, Seat, Term

    return {
        "terms": list(Term.objects.order_by("pk").values_list(
            "pk", "organization_id", "label", "kind", "congress_on", "started_on", "ended_on", "decision_number",
            "note")),
        "bodies": list(Body.objects.order_by("pk").values_list("pk", "term_id", "kind", "started_on", "ended_on",
                                                               "decision_number")),
        "seats": list(Seat.objects.order_by("pk").values_list(
            "pk", "body_id", "member_id", "position", "started_on", "engagement", "allowance_category_id",
            "ended_on", "end_reason", "end_decision_number")),
        "history": (Term.history.count(), Body.history.count(), Seat.history.count()),
    }


def build_apparatus(world, actor, make_member):
    from apparatus import services
    from apparatus.models import AllowanceCategory, Body, Seat

    cat = {c.code: c for c in AllowanceCategory.objects.all()}
    m = world.members
    a2_extra = make_member(world.cell_a2, full_name="Ông Văn Thêm", gender="male")
    terms, bodies, seats = {}, {}, {}

    def term(key, congress_on, create_main_body=True):
        terms[key] = services.term_open(actor=actor, organization=world.orgs[key], label=f"{congress_on.year}–"
                                        f"{congress_on.year + 5}", congress_on=congress_on,
                                        create_main_body=create_main_body)
        if create_main_body:
            bodies[key] = terms[key].bodies.get()
        return terms[key]

    def seat(key, body, member, position, allowance=None, **kwargs):
        seats[key] = services.seat_assign(
            actor=actor, body=body, member=member, position=position,
            started_on=kwargs.pop("started_on", max(RECENT, body.started_on)),
            allowance_category=cat[allowance] if allowance else None, **kwargs)
        return seats[key]

    term("bloc", RECENT)
    seat("bloc_a1", bodies["bloc"], m["a1_full"], "committee_member")
    seat("bloc_g", bodies["bloc"], m["gcell_full"], "committee_member", "grassroots_member")
    term("gcell", RECENT)
    for side, full, second, third in (("a", "a1_full", "a2_full", "dangvien"), ("b", "b1_full", "b2_full", "b1_away")):
        term(f"gc_{side}", RECENT)
        bodies[f"gc_{side}_standing"] = services.body_create(actor=actor, term=terms[f"gc_{side}"],
                                                             kind=Body.Kind.STANDING_COMMITTEE)
        executive = bodies[f"gc_{side}"]
        seat(f"gc_{side}_secretary", executive, m[full], "secretary", "grassroots_secretary")
        if side == "a":
            seat("gc_a_member", executive, m[second], "committee_member", engagement=Seat.Engagement.FULL_TIME)
        else:
            seat("gc_b_member", executive, m[second], "committee_member", "grassroots_member")
        seat(f"gc_{side}_standing", bodies[f"gc_{side}_standing"], m[full], "secretary")
        gone = seat(f"gc_{side}_ended", executive, m[f"{side}1_exempt"], "committee_member", "grassroots_member")
        services.seat_end(actor=actor, seat=gone, ended_on=ENDED, end_reason=Seat.EndReason.RESIGNED)
        term(f"cell_{side}1", DUE_SOON)
        seat(f"cell_{side}1_secretary", bodies[f"cell_{side}1"], m[third], "secretary", "cell_secretary")
        term(f"cell_{side}2", RECENT)
        seat(f"cell_{side}2_secretary", bodies[f"cell_{side}2"], m[f"{side}2_full"], "secretary", "cell_secretary")
    for s in seats.values():
        s.refresh_from_db()
    return SimpleNamespace(terms=terms, bodies=bodies, seats=seats, a2_extra=a2_extra, categories=cat)


@pytest.fixture
def app(world, actor, make_member):
    return build_apparatus(world, actor, make_member)


@pytest.fixture
def snapshot(db_snapshot):
    def _snapshot():
        return db_snapshot(), apparatus_snapshot()

    return _snapshot


def _user(request, name):
    return request.getfixturevalue(name)


# Seats each user sees (current ones), and the ended ones of its subtree.
CURRENT_SEATS = {
    "a": {"gc_a_secretary", "gc_a_member", "gc_a_standing", "cell_a1_secretary", "cell_a2_secretary"},
    "b": {"gc_b_secretary", "gc_b_member", "gc_b_standing", "cell_b1_secretary", "cell_b2_secretary"},
    "bloc": {"bloc_a1", "bloc_g"},
}
ALL_CURRENT = CURRENT_SEATS["a"] | CURRENT_SEATS["b"] | CURRENT_SEATS["bloc"]
VISIBLE_SEATS = {  # user -> (current seats, ended seats)
    "user_admin": (ALL_CURRENT, {"gc_a_ended", "gc_b_ended"}),
    "user_khoi": (ALL_CURRENT, {"gc_a_ended", "gc_b_ended"}),
    "user_coso": (CURRENT_SEATS["a"], {"gc_a_ended"}),
    "user_chibo": ({"cell_a1_secretary"}, set()),
    "user_other": (CURRENT_SEATS["b"], {"gc_b_ended"}),
}
ALL_ORGS = {"bloc", "gc_a", "cell_a1", "cell_a2", "cell_a3", "gc_b", "cell_b1", "cell_b2", "cell_b3", "gcell"}
VISIBLE_ORGS = {  # user -> (organisations in scope, ancestors whose name may appear as a parent)
    "user_admin": (ALL_ORGS, set()),
    "user_khoi": (ALL_ORGS, set()),
    "user_coso": ({"gc_a", "cell_a1", "cell_a2", "cell_a3"}, {"bloc"}),
    "user_chibo": ({"cell_a1"}, {"gc_a", "bloc"}),
    "user_other": ({"gc_b", "cell_b1", "cell_b2", "cell_b3"}, {"bloc"}),
}
SIDE_A_MEMBERS = {"a1_full", "a1_prob", "a1_exempt", "a1_away", "dangvien", "a2_full"}
SIDE_B_MEMBERS = {"b1_full", "b1_prob", "b1_exempt", "b1_away", "b2_full"}
ALL_MEMBERS = SIDE_A_MEMBERS | SIDE_B_MEMBERS | {"gcell_full"}
VISIBLE_MEMBERS = {
    "user_admin": ALL_MEMBERS, "user_khoi": ALL_MEMBERS, "user_coso": SIDE_A_MEMBERS,
    "user_chibo": SIDE_A_MEMBERS - {"a2_full"}, "user_other": SIDE_B_MEMBERS,
}
PROBLEMS = {("bloc", "no_secretary"), ("gcell", "no_secretary"), ("cell_a1", "congress_due"),
            ("cell_a3", "no_term"), ("cell_b1", "congress_due"), ("cell_b3", "no_term")}
LIST_USERS = ["user_admin", "user_khoi", "user_coso", "user_chibo", "user_other"]
ROLE_USERS = ["user_coso", "user_chibo", "user_dangvien", "user_other"]


def seat_pks_on_page(response) -> list[int]:
    """Seat primary keys of the rows of #seat-table (the position column links to the seat)."""
    rows = doc(response).xpath('//table[@id="seat-table"]/tbody/tr')
    pks = []
    for tr in rows:
        links = [a.get("href") for a in tr.xpath(".//a")]
        found = [int(x) for h in links for x in re.findall(r"^/apparatus/seats/(\d+)/$", h or "")]
        if found:
            pks.append(found[0])
    return pks


def assert_hides_others(body: str, world, user_name, where):
    """No link to, and no name of, a member or organisation outside the user's subtree (ancestors' names aside)."""
    orgs, ancestors = VISIBLE_ORGS[user_name]
    hidden_members = {k: world.members[k] for k in ALL_MEMBERS - VISIBLE_MEMBERS[user_name]}
    hidden_orgs = {k: world.orgs[k] for k in ALL_ORGS - orgs}
    assert not detail_links(body, "members") & {m.pk for m in hidden_members.values()}, where
    assert not detail_links(body, "organizations") & {o.pk for o in hidden_orgs.values()}, where
    assert not {int(pk) for pk in re.findall(r'href="/apparatus/organizations/(\d+)/', body)} & {
        o.pk for o in hidden_orgs.values()}, where
    for key, member in hidden_members.items():
        assert member.full_name not in body, f"{key} ({member.full_name}) shown to {user_name} at {where}"
    for key, org in hidden_orgs.items():
        if key not in ancestors:
            assert org.name not in body, f"{key} ({org.name}) shown to {user_name} at {where}"


# ---- object URLs: targets and payloads that succeed for a user in scope ------------------------------------

def targets(world, app, name):
    """URLs of one group of apparatus objects; `name` is "a" or "b" (a side) or "a2" (cell_a2, sibling of cell_a1)."""
    if name == "a2":
        cell, new_term_org, committee = "cell_a2", "cell_a3", "gc_a"
    else:
        cell, new_term_org, committee = f"cell_{name}1", f"cell_{name}3", f"gc_{name}"
    seat = app.seats[f"{cell}_secretary"]
    return {
        "organization": reverse("apparatus:organization", args=[world.orgs[cell].pk]),
        "term_open": reverse("apparatus:term_open", args=[world.orgs[new_term_org].pk]),
        "term_correct": reverse("apparatus:term_correct", args=[app.terms[cell].pk]),
        "body_create": reverse("apparatus:body_create", args=[app.terms[committee].pk]),
        "seat_assign": reverse("apparatus:seat_assign", args=[app.bodies[cell].pk]),
        "seat": reverse("apparatus:seat", args=[seat.pk]),
        "seat_end": reverse("apparatus:seat_end", args=[seat.pk]),
        "seat_update": reverse("apparatus:seat_update", args=[seat.pk]),
    }


def payload(world, app, name, action):
    deputy = app.a2_extra if name == "a2" else world.members[f"{name}1_full"]
    cell = "cell_a2" if name == "a2" else f"cell_{name}1"
    term = app.terms[cell]
    return {
        "organization": {},
        "term_open": {"label": "2026–2031", "kind": "congress", "congress_on": dmy(TODAY), "started_on": "",
                      "decision_number": "", "create_main_body": "on", "reason": ""},
        "term_correct": {"label": term.label + " (sửa)", "congress_on": dmy(term.congress_on),
                         "decision_number": "12-QĐ/ĐU", "note": "", "reason": "Sửa nhầm số quyết định"},
        "body_create": {"kind": "inspection_committee", "started_on": "", "decision_number": "13-QĐ/ĐU",
                        "reason": ""},
        "seat_assign": {"member": deputy.pk, "position": "deputy_secretary", "started_on": dmy(TODAY),
                        "start_method": "elected", "decision_number": "", "engagement": "concurrent",
                        "allowance_category": app.categories["cell_deputy"].pk, "reason": ""},
        "seat": {},
        "seat_end": {"ended_on": dmy(TODAY), "end_reason": "resigned", "decision_number": "", "reason": "Xin thôi"},
        "seat_update": {"engagement": "full_time", "allowance_category": "", "reason": "Chuyển sang chuyên trách"},
    }[action]


ACTIONS = ["organization", "term_open", "term_correct", "body_create", "seat_assign", "seat", "seat_end", "seat_update"]
WRITES = [a for a in ACTIONS if a not in ("organization", "seat")]
OUTSIDE = {"user_coso": ["b"], "user_chibo": ["b", "a2"], "user_dangvien": ["a", "b"], "user_other": ["a"]}


@pytest.mark.parametrize("user_name,group", [(u, g) for u in ROLE_USERS for g in OUTSIDE[u]])
def test_apparatus_urls_outside_scope_are_refused(request, client_for, world, app, snapshot, user_name, group):
    client = client_for(_user(request, user_name))
    failures = []
    for action, url in targets(world, app, group).items():
        get = client.get(url).status_code
        before = snapshot()
        post = client.post(url, payload(world, app, group, action)).status_code
        wrote = snapshot() != before
        if get not in DENIED or post not in DENIED or wrote:
            failures.append(f"{action} {url}: GET {get}, POST {post}, wrote={wrote}")
    assert not failures, f"{user_name} reached objects of {group}: {failures}"


@pytest.mark.parametrize("group", ["a", "b", "a2"])
def test_control_the_same_requests_succeed_for_the_bloc(client_for, world, app, snapshot, user_khoi, group):
    client = client_for(user_khoi)
    urls = targets(world, app, group)
    for action in ACTIONS:
        assert client.get(urls[action]).status_code == 200, action
    # in an order where no write spoils the next (the seat ends last)
    for action in ("seat_update", "seat_assign", "body_create", "term_correct", "term_open", "seat_end"):
        before = snapshot()
        response = client.post(urls[action], payload(world, app, group, action))
        assert response.status_code == 302, (action, form_errors(response))
        assert snapshot() != before, action


def test_control_writes_have_the_intended_effect(client_for, world, app, user_khoi):
    from apparatus.models import Body, Seat, Term

    client = client_for(user_khoi)
    urls = targets(world, app, "b")
    seat = app.seats["cell_b1_secretary"]
    for action in ("seat_update", "seat_assign", "body_create", "term_correct", "seat_end", "term_open"):
        response = client.post(urls[action], payload(world, app, "b", action))
        assert response.status_code == 302, (action, form_errors(response))
    seat.refresh_from_db()
    assert (seat.engagement, seat.ended_on, seat.end_reason) == ("full_time", TODAY, "resigned")
    deputy = Seat.objects.get(body=app.bodies["cell_b1"], position="deputy_secretary")
    assert deputy.member == world.members["b1_full"] and deputy.allowance_category.code == "cell_deputy"
    assert Body.objects.filter(term=app.terms["gc_b"], kind="inspection_committee").exists()
    assert Term.objects.get(pk=app.terms["cell_b1"].pk).decision_number == "12-QĐ/ĐU"
    assert Term.objects.get(organization=world.cell_b3).label == "2026–2031"


# ---- committee staff: its cells, not its own committee ------------------------------------------------------

def _own_committee_requests(world, app):
    executive, seat = app.bodies["gc_a"], app.seats["gc_a_member"]
    return {
        "term_open": (reverse("apparatus:term_open", args=[world.gc_a.pk]),
                      payload(world, app, "a", "term_open")),
        "term_correct": (reverse("apparatus:term_correct", args=[app.terms["gc_a"].pk]),
                         {"label": "2025–2030 (sửa)", "congress_on": dmy(RECENT), "decision_number": "1-QĐ",
                          "note": "", "reason": "Sửa"}),
        "body_create": (reverse("apparatus:body_create", args=[app.terms["gc_a"].pk]),
                        payload(world, app, "a", "body_create")),
        "seat_assign": (reverse("apparatus:seat_assign", args=[executive.pk]),
                        {**payload(world, app, "a", "seat_assign"), "member": world.members["dangvien"].pk,
                         "position": "deputy_secretary", "allowance_category": ""}),
        "seat_end": (reverse("apparatus:seat_end", args=[seat.pk]), payload(world, app, "a", "seat_end")),
        "seat_update": (reverse("apparatus:seat_update", args=[seat.pk]),
                        {"engagement": "concurrent", "allowance_category": "", "reason": "Kiêm nhiệm"}),
    }


def test_committee_staff_cannot_manage_its_own_committee(client_for, world, app, snapshot, user_coso):
    client = client_for(user_coso)
    before = snapshot()
    for action, (url, data) in _own_committee_requests(world, app).items():
        assert client.get(url).status_code in DENIED, action
        assert client.post(url, data).status_code in DENIED, action
    assert snapshot() == before
    # It still sees its committee's apparatus and seats, without the management buttons.
    page = client.get(reverse("apparatus:organization", args=[world.gc_a.pk]))
    assert page.status_code == 200
    body = text(page)
    assert world.members["a1_full"].full_name in body
    assert 'id="new-term"' not in body and 'id="add-seat-' not in body and 'id="add-body"' not in body
    assert reverse("apparatus:seat_end", args=[app.seats["gc_a_member"].pk]) not in body
    seat_page = client.get(reverse("apparatus:seat", args=[app.seats["gc_a_member"].pk]))
    assert seat_page.status_code == 200
    assert reverse("apparatus:seat_end", args=[app.seats["gc_a_member"].pk]) not in text(seat_page)


def test_control_the_bloc_manages_the_grassroots_committee(client_for, world, app, snapshot, user_khoi):
    client = client_for(user_khoi)
    requests = _own_committee_requests(world, app)
    page = text(client.get(reverse("apparatus:organization", args=[world.gc_a.pk])))
    assert 'id="new-term"' in page and 'id="add-seat-executive_committee"' in page
    for action in ("seat_update", "seat_assign", "body_create", "term_correct", "seat_end", "term_open"):
        url, data = requests[action]
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code == 302, (action, form_errors(response))
        assert snapshot() != before, action


def test_committee_staff_manages_the_committees_of_its_cells(client_for, world, app, user_coso):
    from apparatus.models import Body, Seat, Term

    client = client_for(user_coso)
    page = text(client.get(reverse("apparatus:organization", args=[world.cell_a1.pk])))
    assert 'id="new-term"' in page and 'id="add-seat-cell_committee"' in page
    urls = targets(world, app, "a")
    for action in ("seat_update", "seat_assign", "term_correct", "seat_end"):
        assert client.get(urls[action]).status_code == 200, action
        response = client.post(urls[action], payload(world, app, "a", action))
        assert response.status_code == 302, (action, form_errors(response))
    assert Seat.objects.filter(body=app.bodies["cell_a1"], position="deputy_secretary",
                               member=world.members["a1_full"], ended_on__isnull=True).exists()
    assert Seat.objects.get(pk=app.seats["cell_a1_secretary"].pk).ended_on == TODAY
    # A new cell's first term without its committee, then the committee on its own.
    response = client.post(urls["term_open"], {**payload(world, app, "a", "term_open"), "create_main_body": ""})
    assert response.status_code == 302, form_errors(response)
    term = Term.objects.get(organization=world.cell_a3)
    assert not term.bodies.exists()
    response = client.post(reverse("apparatus:body_create", args=[term.pk]),
                           {"kind": "cell_committee", "started_on": "", "decision_number": "", "reason": ""})
    assert response.status_code == 302, form_errors(response)
    assert list(Body.objects.filter(term=term).values_list("kind", flat=True)) == ["cell_committee"]


def test_cell_secretary_views_its_cell_but_manages_nothing(client_for, world, app, snapshot, user_chibo):
    client = client_for(user_chibo)
    page = client.get(reverse("apparatus:organization", args=[world.cell_a1.pk]))
    assert page.status_code == 200
    body = text(page)
    assert world.members["dangvien"].full_name in body
    assert 'id="new-term"' not in body and 'id="add-seat-' not in body and "/correct/" not in body
    seat = app.seats["cell_a1_secretary"]
    detail = client.get(reverse("apparatus:seat", args=[seat.pk]))
    assert detail.status_code == 200 and reverse("apparatus:seat_end", args=[seat.pk]) not in text(detail)
    before = snapshot()
    requests = {action: (url, payload(world, app, "a", action))
                for action, url in targets(world, app, "a").items() if action in WRITES}
    # ... including a new term of its own cell (the targets open one in cell_a3, outside its view)
    requests["term_open_own_cell"] = (reverse("apparatus:term_open", args=[world.cell_a1.pk]),
                                      payload(world, app, "a", "term_open"))
    for action, (url, data) in requests.items():
        assert client.get(url).status_code in DENIED, action
        assert client.post(url, data).status_code in DENIED, action
    assert snapshot() == before
    # The committee above the cell is not its to see.
    assert client.get(reverse("apparatus:organization", args=[world.gc_a.pk])).status_code == 404


def test_member_role_sees_no_apparatus_page(client_for, world, app, snapshot, user_dangvien):
    client = client_for(user_dangvien)
    own_seat = app.seats["cell_a1_secretary"]
    assert own_seat.member == world.members["dangvien"]
    before = snapshot()
    for url in ("/apparatus/health/", "/apparatus/staffing/", "/apparatus/staffing/?export=xlsx",
                "/apparatus/allowances/", "/apparatus/allowances/?export=xlsx", "/apparatus/seats/",
                "/apparatus/seats/?export=csv", "/apparatus/seats/?export=xlsx"):
        assert client.get(url).status_code in DENIED, url
    for action, url in targets(world, app, "a").items():
        assert client.get(url).status_code in DENIED, action
        assert client.post(url, payload(world, app, "a", action)).status_code in DENIED, action
    assert snapshot() == before


@pytest.mark.parametrize("user_name", LIST_USERS)
def test_seat_and_organisation_pages_open_exactly_within_the_scope(request, client_for, world, app, user_name):
    client = client_for(_user(request, user_name))
    current, ended = VISIBLE_SEATS[user_name]
    for key, seat in app.seats.items():
        status = client.get(reverse("apparatus:seat", args=[seat.pk])).status_code
        assert status == (200 if key in current | ended else 404), key
    orgs, _ancestors = VISIBLE_ORGS[user_name]
    for key, org in world.orgs.items():
        status = client.get(reverse("apparatus:organization", args=[org.pk])).status_code
        assert status == (200 if key in orgs else 404), key


# ---- lists and exports ------------------------------------------------------------------------------------

SEAT_LISTS = {
    # key: (query string, which seats: "current" / "all" / "grassroots")
    "default": ("", "current"),
    "all": ("?state=all", "all"),
    "ended": ("?state=ended", "ended"),
    "grassroots": ("?level=grassroots", "grassroots"),
    "foreign_filter": ("?organization={foreign}&state=all", "all"),
}
# an organisation outside the user's subtree to filter on (None: a pk that does not exist)
FOREIGN = {"user_admin": None, "user_khoi": None, "user_coso": "gc_b", "user_chibo": "cell_a2", "user_other": "gc_a"}
GRASSROOTS = {"gc_a_secretary", "gc_a_member", "gc_b_secretary", "gc_b_member"}


def expected_seats(user_name, which):
    current, ended = VISIBLE_SEATS[user_name]
    return {"current": current, "all": current | ended, "ended": ended, "grassroots": current & GRASSROOTS}[which]


def _seat_list_url(world, user_name, key, export=""):
    query, _which = SEAT_LISTS[key]
    foreign = FOREIGN[user_name]
    url = "/apparatus/seats/" + query.format(foreign=world.orgs[foreign].pk if foreign else 999999)
    if export:
        url += ("&" if "?" in url else "?") + f"export={export}"
    return url


@pytest.mark.parametrize("user_name", LIST_USERS)
def test_seat_list_shows_exactly_the_users_seats(request, client_for, world, app, user_name):
    client = client_for(_user(request, user_name))
    for key, (_query, which) in SEAT_LISTS.items():
        expected = {app.seats[k].pk for k in expected_seats(user_name, which)}
        response = client.get(_seat_list_url(world, user_name, key))
        assert response.status_code == 200, key
        assert sorted(seat_pks_on_page(response)) == sorted(expected), key
        count = int(doc(response).xpath('//*[@id="result-count"]')[0].text_content().strip())
        assert count == len(expected), key
        assert_hides_others(text(response), world, user_name, key)


def _seat_signature(seat):
    return seat.member.full_name, seat.body.organization.name, seat.body.term.label


@pytest.mark.parametrize("user_name", LIST_USERS)
def test_seat_exports_hold_exactly_the_users_seats(request, client_for, world, app, user_name):
    client = client_for(_user(request, user_name))
    for key in ("default", "all", "foreign_filter"):
        expected = Counter(_seat_signature(app.seats[k]) for k in expected_seats(user_name, SEAT_LISTS[key][1]))
        for fmt in ("csv", "xlsx"):
            response = client.get(_seat_list_url(world, user_name, key, export=fmt))
            assert response.status_code == 200, (key, fmt)
            rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
            # columns: full name, date of birth, position, body, organisation, term, ...
            assert Counter((r[0], r[4], r[5]) for r in rows[1:]) == expected, (key, fmt)
            body = "\n".join(str(v) for row in rows for v in row if v is not None)
            assert_hides_others(body, world, user_name, f"{key}.{fmt}")


@pytest.mark.parametrize("user_name", LIST_USERS)
def test_health_page_lists_exactly_the_problems_of_the_subtree(request, client_for, world, app, user_name):
    client = client_for(_user(request, user_name))
    orgs, _ancestors = VISIBLE_ORGS[user_name]
    pk_to_key = {o.pk: k for k, o in world.orgs.items()}
    response = client.get("/apparatus/health/")
    assert response.status_code == 200
    shown = set()
    for tr in doc(response).xpath('//table[@id="problems"]/tbody/tr[contains(@class, "problem")]'):
        href = tr.xpath(".//a/@href")[0]
        shown.add((pk_to_key[int(re.search(r"/apparatus/organizations/(\d+)/", href).group(1))], tr.get("data-code")))
    assert shown == {p for p in PROBLEMS if p[0] in orgs}
    counts = {a.get("data-code"): int(a.xpath('.//div[contains(@class, "fs-4")]')[0].text_content())
              for a in doc(response).xpath('//*[@id="problem-counts"]//a')}
    assert {c: n for c, n in counts.items() if n} == dict(Counter(code for _k, code in shown))
    assert_hides_others(text(response), world, user_name, "health")
    for code in ("no_term", "congress_due"):
        filtered = client.get(f"/apparatus/health/?problem={code}")
        codes = [tr.get("data-code") for tr in doc(filtered).xpath('//table[@id="problems"]/tbody/tr[@data-code]')]
        assert codes == [code] * len({p for p in shown if p[1] == code})


STAFFING = {  # grassroots organisation -> (members of its subtree, committee, standing, full-time, concurrent)
    "gc_a": (7, 2, 1, 1, 1), "gc_b": (5, 2, 1, 0, 2), "gcell": (1, 0, 0, 0, 0),
}


@pytest.mark.parametrize("user_name", LIST_USERS)
def test_staffing_rows_are_exactly_the_users_grassroots_organisations(request, client_for, world, app, user_name):
    client = client_for(_user(request, user_name))
    orgs, _ancestors = VISIBLE_ORGS[user_name]
    expected = {world.orgs[k].name: v for k, v in STAFFING.items() if k in orgs}
    response = client.get("/apparatus/staffing/")
    assert response.status_code == 200
    shown = {}
    for tr in doc(response).xpath('//table[@id="staffing"]/tbody/tr'):
        cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
        shown[cells[1]] = (int(cells[3]), int(cells[4]), 0 if cells[5] == "—" else int(cells[5]), int(cells[6]),
                           int(cells[7]))
    assert shown == expected
    assert_hides_others(text(response), world, user_name, "staffing")
    rows = xlsx_rows(client.get("/apparatus/staffing/?export=xlsx"))
    assert {r[0]: (r[2], r[3], r[4], r[5], r[6]) for r in rows[1:]} == expected


# person -> (organisation of the paid seat, allowance category) for the current month
ALLOWANCES = {
    "a1_full": ("gc_a", "grassroots_secretary"), "dangvien": ("cell_a1", "cell_secretary"),
    "a2_full": ("cell_a2", "cell_secretary"), "b1_full": ("gc_b", "grassroots_secretary"),
    "b2_full": ("gc_b", "grassroots_member"), "b1_away": ("cell_b1", "cell_secretary"),
}


def expected_allowances(world, user_name):
    members = VISIBLE_MEMBERS[user_name]
    orgs, _ancestors = VISIBLE_ORGS[user_name]
    return {world.members[k].full_name: (world.orgs[o].name, c) for k, (o, c) in ALLOWANCES.items()
            if k in members and o in orgs}


@pytest.mark.parametrize("user_name", LIST_USERS)
def test_allowance_list_and_export_hold_exactly_the_users_people(request, client_for, world, app, user_name):
    from apparatus.models import AllowanceRate

    client = client_for(_user(request, user_name))
    month = TODAY.replace(day=1)
    amount = {r.category.code: r.monthly_amount for r in AllowanceRate.objects.filter(effective_to__isnull=True)
              .select_related("category")}
    labels = {c.code: c.label for c in app.categories.values()}
    expected = expected_allowances(world, user_name)
    response = client.get(f"/apparatus/allowances/?month={month:%Y-%m}")
    assert response.status_code == 200
    shown = {}
    for tr in doc(response).xpath('//table[@id="allowances"]/tbody/tr[td/a]'):
        cells = [" ".join(td.text_content().split()) for td in tr.xpath("./td")]
        shown[cells[1]] = (cells[2], cells[4], int(re.sub(r"\D", "", cells[5])))
    assert shown == {name: (org, labels[code], amount[code]) for name, (org, code) in expected.items()}
    total = int(re.sub(r"\D", "", doc(response).xpath('//*[@id="allowance-total"]')[0].text_content()) or 0)
    assert total == sum(amount[code] for _org, code in expected.values())
    assert_hides_others(text(response), world, user_name, "allowances")
    export = client.get(f"/apparatus/allowances/?month={month:%Y-%m}&export=xlsx")
    assert export.status_code == 200
    rows = xlsx_rows(export)
    people, total_row = rows[1:-1], rows[-1]
    assert {r[0]: (r[2], r[4], r[5]) for r in people} == {
        name: (org, labels[code], amount[code]) for name, (org, code) in expected.items()}
    assert total_row[-1] == total
    assert_hides_others("\n".join(str(v) for r in rows for v in r if v is not None), world, user_name, "xlsx")


@pytest.mark.parametrize("user_name,expected", [
    ("user_admin", 4), ("user_khoi", 4), ("user_coso", 2), ("user_chibo", 0), ("user_other", 2)])
def test_dashboard_committee_figure_equals_the_grassroots_seat_list(request, client_for, world, app, user_name,
                                                                   expected):
    client = client_for(_user(request, user_name))
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    shown = figure(dashboard, "committee")
    link = doc(dashboard).xpath('//*[@id="fig-committee"]')[0].get("href")
    listed = client.get(link)
    assert "level=grassroots" in link
    assert len(seat_pks_on_page(listed)) == shown == expected
    assert int(doc(listed).xpath('//*[@id="result-count"]')[0].text_content()) == shown
    # the health badges are the counts of the user's own health page
    badges = {re.search(r"problem=(\w+)", a.get("href")).group(1): int(a.xpath(".//span")[0].text_content())
              for a in doc(dashboard).xpath('//a[contains(@href, "/apparatus/health/?problem=")]')}
    orgs, _ancestors = VISIBLE_ORGS[user_name]
    assert badges == dict(Counter(code for key, code in PROBLEMS if key in orgs))


# ---- members and organisations show their apparatus ------------------------------------------------------

MEMBER_SEATS = {  # member -> seats listed on the member page (every seat held, whatever body)
    "a1_full": {"bloc_a1", "gc_a_secretary", "gc_a_standing"}, "dangvien": {"cell_a1_secretary"},
    "a1_exempt": {"gc_a_ended"}, "b1_full": {"gc_b_secretary", "gc_b_standing"},
}
MEMBER_CASES = {  # user -> (a visible member with seats, a member of another subtree)
    "user_khoi": ("b1_full", None), "user_coso": ("a1_full", "b1_full"), "user_chibo": ("dangvien", "a2_full"),
    "user_dangvien": ("dangvien", "a1_full"), "user_other": ("b1_full", "a1_exempt"),
}


@pytest.mark.parametrize("user_name", list(MEMBER_CASES))
def test_member_page_lists_the_seats_of_a_visible_member_only(request, client_for, world, app, user_name):
    client = client_for(_user(request, user_name))
    visible, foreign = MEMBER_CASES[user_name]
    page = client.get(reverse("members:detail", args=[world.members[visible].pk]))
    assert page.status_code == 200
    rows = doc(page).xpath('//table[@id="seats"]/tbody/tr/@data-seat')
    assert sorted(int(pk) for pk in rows) == sorted(app.seats[k].pk for k in MEMBER_SEATS[visible])
    # A seat links to its record only where the viewer may open it (the body's organisation is in scope).
    for href in doc(page).xpath('//table[@id="seats"]/tbody/tr/td[1]/a/@href'):
        assert client.get(href).status_code == 200, href
    if foreign:
        assert client.get(reverse("members:detail", args=[world.members[foreign].pk])).status_code == 404


@pytest.mark.parametrize("user_name,org_key,leader", [
    ("user_coso", "gc_a", "a1_full"), ("user_coso", "cell_a1", "dangvien"), ("user_chibo", "cell_a1", "dangvien"),
    ("user_other", "cell_b1", "b1_away"), ("user_khoi", "cell_b2", "b2_full")])
def test_organisation_page_shows_its_apparatus_summary(request, client_for, world, app, user_name, org_key, leader):
    client = client_for(_user(request, user_name))
    page = client.get(reverse("organizations:detail", args=[world.orgs[org_key].pk]))
    assert page.status_code == 200
    summary = doc(page).xpath('//*[@id="apparatus-summary"]')
    assert summary, "no apparatus summary"
    assert summary[0].xpath('.//a[@id="apparatus-link"]/@href') == [
        reverse("apparatus:organization", args=[world.orgs[org_key].pk])]
    assert world.members[leader].full_name in summary[0].text_content()
    assert app.terms[org_key].label in summary[0].text_content()


