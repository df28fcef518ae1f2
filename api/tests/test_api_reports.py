"""The organisation tree (nested or flat, today or on a past day, under one organisation or from the user's tops,
cut at a depth) and the meeting compliance of a period (the compliance page's figures, per cell), through the API."""

import datetime
import json

import pytest
from django.utils import timezone

from api import services
from core.dates import add_months
from core.testing.pages import doc

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LAST_MONTH = add_months(TODAY.replace(day=1), -1)


@pytest.fixture
def token(user_khoi):
    return services.api_token_create(actor=user_khoi, name="Ứng dụng", access="read_write",
                                     expires_on=timezone.localdate() + datetime.timedelta(days=30))[1]


@pytest.fixture
def api(client, token):
    def _call(url, **headers):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}", **headers)
        return response
    return _call


def body(response) -> dict:
    assert response.status_code == 200, response.content
    return json.loads(response.content)


# ---- the tree -----------------------------------------------------------------------------------------------------

def test_the_tree_nested_and_flat_are_the_same_organisations(api, world):
    nested = body(api("/api/v1/organizations/tree"))
    flat = body(api("/api/v1/organizations/tree?shape=flat"))
    assert nested["shape"] == "nested" and flat["shape"] == "flat" and nested["count"] == flat["count"]
    assert [top["id"] for top in nested["results"]] == [world.bloc.pk]  # khoi's scope: the Bloc and all below
    walked, stack = [], list(reversed(nested["results"]))
    while stack:  # depth first, children by name: the flat list's order
        node = stack.pop()
        walked.append((node["id"], node["parent_id"], node["depth"]))
        stack.extend(reversed(node["children"]))
    assert walked == [(row["id"], row["parent_id"], row["depth"]) for row in flat["results"]]
    assert all(row["children"] == [] for row in flat["results"])
    by_id = {row["id"]: row for row in flat["results"]}
    assert by_id[world.cell_a1.pk]["parent_id"] == world.gc_a.pk and by_id[world.cell_a1.pk]["depth"] == 2
    assert by_id[world.bloc.pk]["parent_id"] is None and by_id[world.bloc.pk]["depth"] == 0
    assert by_id[world.cell_a1.pk]["holds_members"] and not by_id[world.gc_a.pk]["holds_members"]


def test_a_branch_cut_at_a_depth(api, world):
    branch = body(api(f"/api/v1/organizations/tree?root={world.gc_a.pk}&shape=flat"))
    ids = {row["id"] for row in branch["results"]}
    assert world.gc_a.pk in ids and world.cell_a1.pk in ids and world.bloc.pk not in ids and world.gc_b.pk not in ids
    assert branch["results"][0] == {**branch["results"][0], "id": world.gc_a.pk, "parent_id": None, "depth": 0}
    top = body(api(f"/api/v1/organizations/tree?root={world.bloc.pk}&depth=1"))["results"][0]
    assert {child["id"] for child in top["children"]} >= {world.gc_a.pk, world.gc_b.pk}
    assert all(child["children"] == [] for child in top["children"])
    gc_a = next(child for child in top["children"] if child["id"] == world.gc_a.pk)
    assert gc_a["has_children"]  # cut off by the depth, not childless
    only = body(api(f"/api/v1/organizations/tree?root={world.bloc.pk}&depth=0"))
    assert only["count"] == 1 and only["results"][0]["has_children"]
    assert api("/api/v1/organizations/tree?root=987654").status_code == 404
    assert api("/api/v1/organizations/tree?depth=-1").status_code == 422


def test_the_tree_as_it_was_on_a_day(api, world, user_khoi):
    from organizations.services import organization_move, organization_rename

    organization_rename(actor=user_khoi, organization=world.cell_a1, new_name="Chi bộ Phòng Ngân sách mới",
                        effective_on=TODAY - datetime.timedelta(days=10), decision_number="99-QĐ/ĐUK",
                        reason="Đổi tên")
    organization_move(actor=user_khoi, organization=world.cell_a2, new_parent=world.gc_b,
                      effective_on=TODAY - datetime.timedelta(days=10), decision_number="100-QĐ/ĐUK",
                      reason="Chuyển")
    now = {row["id"]: row for row in body(api("/api/v1/organizations/tree?shape=flat"))["results"]}
    then = {row["id"]: row for row in body(api("/api/v1/organizations/tree?shape=flat&as_of=2020-01-01"))["results"]}
    assert now[world.cell_a1.pk]["name"] == "Chi bộ Phòng Ngân sách mới"
    assert then[world.cell_a1.pk]["name"] == "Chi bộ Phòng Ngân sách"
    assert (now[world.cell_a2.pk]["parent_id"], then[world.cell_a2.pk]["parent_id"]) == (world.gc_b.pk, world.gc_a.pk)
    # the branch of gc_a in 2020 still holds cell_a2; today's does not
    past = {row["id"] for row in body(api(
        f"/api/v1/organizations/tree?root={world.gc_a.pk}&shape=flat&as_of=2020-01-01"))["results"]}
    today = {row["id"] for row in body(api(f"/api/v1/organizations/tree?root={world.gc_a.pk}&shape=flat"))[
        "results"]}
    assert world.cell_a2.pk in past and world.cell_a2.pk not in today
    assert api(f"/api/v1/organizations/tree?root={world.gc_a.pk}&as_of=1900-01-01").status_code == 404


def test_the_tree_of_a_cell_secretary_is_their_cell(client_for, world, user_chibo):
    _token, text = services.api_token_create(actor=user_chibo, name="Điện thoại", access="read",
                                             expires_on=timezone.localdate() + datetime.timedelta(days=3))
    client = client_for(None)
    tree = json.loads(client.get("/api/v1/organizations/tree", HTTP_AUTHORIZATION=f"Bearer {text}").content)
    assert [(row["id"], row["parent_id"], row["children"]) for row in tree["results"]] == [(world.cell_a1.pk, None, [])]
    assert client.get(f"/api/v1/organizations/tree?root={world.gc_a.pk}",
                      HTTP_AUTHORIZATION=f"Bearer {text}").status_code == 404


# ---- compliance ---------------------------------------------------------------------------------------------------

@pytest.fixture
def meetings_held(world, actor):
    from meetings.tests.cases import hold

    day = LAST_MONTH + datetime.timedelta(days=9)
    return [hold(actor, world.cell_a1, day), hold(actor, world.cell_b1, day, excused=[world.members["b1_prob"]])]


def page_rows(client, query) -> dict:
    response = client.get(f"/meetings/compliance/?{query}")
    assert response.status_code == 200
    rows = {}
    for tr in doc(response).xpath('//table[@id="compliance"]/tbody/tr[@data-failing]'):
        pk = int(tr.xpath(".//td[1]/a/@href")[0].rstrip("/").rsplit("/", 1)[-1])
        rows[pk] = {"failing": tr.get("data-failing") == "1", "months": tr.xpath(".//td/@data-status"),
                    "missed_thematic": int(tr.xpath(".//td/@data-missed-thematic")[0]),
                    "benchmark": " ".join(tr.xpath("string(./td[last()-1])").split())}
    return rows


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_compliance_has_the_pages_figures(api, client_for, user_khoi, meetings_held, world, period):
    query = f"month={LAST_MONTH:%Y-%m}&period={period}"
    page = page_rows(client_for(user_khoi), query)
    answer = body(api(f"/api/v1/compliance?{query}&page_size=100"))
    mine = {row["organization"]["id"]: {
        "failing": row["failing"], "months": [m["status"] for m in row["months"]],
        "missed_thematic": row["missed_thematic"], "benchmark": f"{row['good']} / {row['judged']}"}
        for row in answer["results"]}
    assert mine == page and answer["count"] == len(page) == answer["summary"]["cells"]
    held = {row["organization"]["id"]: row for row in answer["results"]}[world.cell_a1.pk]
    month = next(m for m in held["months"] if m["month"] == LAST_MONTH.isoformat())
    assert (month["status"], month["meeting_id"]) == ("held", meetings_held[0].pk)
    assert held["present"] and held["expected"] and held["rate"] == round(100 * held["present"] / held["expected"], 1)
    assert answer["start"] <= LAST_MONTH.isoformat() < answer["end"] and LAST_MONTH.isoformat() in answer["months"]


def test_compliance_over_a_range_filtered_and_sorted(api, meetings_held, world):
    start = add_months(LAST_MONTH, -4)
    ranged = body(api(f"/api/v1/compliance?month_from={start:%Y-%m}&month_to={LAST_MONTH:%Y-%m}&page_size=100"))
    assert ranged["months"] == [add_months(start, i).isoformat() for i in range(5)]
    assert all(len(row["months"]) == 5 for row in ranged["results"])
    every = body(api(f"/api/v1/compliance?month={LAST_MONTH:%Y-%m}&page_size=100"))["results"]
    failing = body(api(f"/api/v1/compliance?month={LAST_MONTH:%Y-%m}&failing=true&page_size=100"))
    assert failing["results"] and {row["organization"]["id"] for row in failing["results"]} == {
        row["organization"]["id"] for row in every if row["failing"]}
    under = body(api(f"/api/v1/compliance?month={LAST_MONTH:%Y-%m}&organization={world.gc_b.pk}"))
    assert {row["parent"] for row in under["results"]} == {world.gc_b.name}
    worst = body(api(f"/api/v1/compliance?month={LAST_MONTH:%Y-%m}&ordering=result&page_size=100"))["results"]
    assert worst[-1]["organization"]["id"] in {world.cell_a1.pk, world.cell_b1.pk}
    paged = body(api(f"/api/v1/compliance?month={LAST_MONTH:%Y-%m}&page_size=2&page=2"))
    assert paged["page"] == 2 and len(paged["results"]) == 2 and paged["previous"] == 1


@pytest.mark.parametrize("query,field", [
    ("month=2026-13", "month"), ("month_from=2025-01", "month_to"), ("month_from=2025-05&month_to=2025-01", "month_to"),
    ("month_from=2020-01&month_to=2025-01", "month_to"), ("month=2025-01&month_from=2025-01&month_to=2025-02",
                                                          "month_from"),
    ("organization=987654", "organization"), ("month_from=1800-01&month_to=1800-02", "month_from"),
])
def test_a_period_the_page_refuses_is_refused(api, world, query, field):
    response = api(f"/api/v1/compliance?{query}")
    assert response.status_code == 400, response.content
    assert field in {e["field"] for e in json.loads(response.content)["errors"]}
