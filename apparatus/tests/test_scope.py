"""What the scope cases (apparatus/tests/cases.py) cannot say: exactly which rows each user's lists and exports hold,
which management buttons each user is shown, and what the writes of those allowed do.

The refusals themselves (every URL of an object outside the user's subtree answers 403/404 to GET and POST and a
POST writes nothing; committee staff manage the committees below their own organisation, not their own) are the
SCOPE_CASES, run by tests/test_scope_cases.py. The data is `build` of apparatus/tests/cases.py (the `app` fixture).
"""

import re
from collections import Counter

import pytest
from django.urls import reverse

from core.testing.pages import TODAY, csv_rows, detail_links, dmy, doc, figure, form_errors, text, xlsx_rows

from .cases import RECENT

pytestmark = pytest.mark.django_db


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
            ("cell_a3", "no_term"), ("cell_b1", "congress_due"), ("cell_b3", "no_term"),
            # cells of fewer than 3 full members (cell_a1 has 4, cell_b1 3)
            ("cell_a2", "cell_below_minimum"), ("cell_a3", "cell_below_minimum"), ("cell_b2", "cell_below_minimum"),
            ("cell_b3", "cell_below_minimum"), ("gcell", "cell_below_minimum")}
LIST_USERS = ["user_admin", "user_khoi", "user_coso", "user_chibo", "user_other"]


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


def test_committee_staff_sees_its_own_committee_without_the_management_buttons(client_for, world, app, user_coso):
    """Refused to manage it (the scope cases, `below_only`), it still sees its committee's apparatus and seats."""
    client = client_for(user_coso)
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


def test_cell_secretary_views_its_cell_but_is_shown_no_management_button(client_for, world, app, user_chibo):
    client = client_for(user_chibo)
    page = client.get(reverse("apparatus:organization", args=[world.cell_a1.pk]))
    assert page.status_code == 200
    body = text(page)
    assert world.members["dangvien"].full_name in body
    assert 'id="new-term"' not in body and 'id="add-seat-' not in body and "/correct/" not in body
    seat = app.seats["cell_a1_secretary"]
    detail = client.get(reverse("apparatus:seat", args=[seat.pk]))
    assert detail.status_code == 200 and reverse("apparatus:seat_end", args=[seat.pk]) not in text(detail)
    # Its refusals (every write, a new term of its own cell included) and the committee above the cell, which is
    # not its to see, are scope cases.


# ---- lists and exports ------------------------------------------------------------------------------------

SEAT_LISTS = {
    # key: (query string, which seats: "current" / "all" / "grassroots")
    "default": ("", "current"),
    "all": ("?state=all", "all"),
    "ended": ("?state=ended", "ended"),
    "grassroots": ("?level=grassroots", "grassroots"),
    "foreign_filter": ("?organization={foreign}&state=all", None),  # refused (400): never the unfiltered list
}
# an organisation outside the user's subtree to filter on (None: a pk that does not exist)
FOREIGN = {"user_admin": None, "user_khoi": None, "user_coso": "gc_b", "user_chibo": "cell_a2", "user_other": "gc_a"}
GRASSROOTS = {"gc_a_secretary", "gc_a_member", "gc_b_secretary", "gc_b_member"}


def expected_seats(user_name, which):
    current, ended = VISIBLE_SEATS[user_name]
    return {"current": current, "all": current | ended, "ended": ended, "grassroots": current & GRASSROOTS,
            None: set()}[which]


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
        assert response.status_code == (200 if which else 400), key
        if which is None:  # the filter is named, nothing is listed
            assert doc(response).xpath('//*[@id="filter-errors"]//*[@data-field="organization"]'), key
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
            if SEAT_LISTS[key][1] is None:  # refused: the page naming the filter, no file
                assert response.status_code == 400 and "html" in response["Content-Type"], (key, fmt)
                assert_hides_others(text(response), world, user_name, f"{key}.{fmt}")
                continue
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
        shown[cells[1]] = (int(cells[2]), int(cells[3]), 0 if cells[4] == "—" else int(cells[4]), int(cells[5]),
                           int(cells[6]))
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
    if not doc(dashboard).xpath('//*[@data-figure="committee"]'):
        assert expected == 0  # a home without the organisation figures (a cell secretary's): nothing to compare
        return
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


