"""The shape of the cells (issue 13): a cell with fewer full members than `cell_min_full_members` (3), a grassroots
cell that has reached `grassroots_committee_min_members` (30) members, judged with the rules in force today; on the
apparatus health page and as the to-do of the organisation above (the home page), scoped to the user's subtree, in a
fixed number of queries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from apparatus import selectors
from core.testing.pages import doc
from organizations.models import Organization

from .conftest import TODAY, D

pytestmark = pytest.mark.django_db
STRUCTURE = selectors.Problem.STRUCTURE


def shape(organization, today=TODAY) -> dict:
    """code -> message of the organisation's structure problems (in English)."""
    with override("en"):
        states = selectors.apparatus_states(Organization.objects.filter(pk=organization.pk), today=today)
    return {p.code: p.message for p in states[organization.pk].problems if p.code in STRUCTURE}


# ---- the checks at their boundaries ------------------------------------------------------------------------------

def test_a_cell_needs_three_full_members(make_members, make_member, cell_a1):
    make_members(cell_a1, 2)
    make_member(cell_a1, status="probationary")  # a probationary member is not a full member
    assert shape(cell_a1) == {"cell_below_minimum": "2 full members: a cell needs at least 3. The organisation "
                                                    "above consolidates it (adds members, or merges it with another "
                                                    "cell)."}
    make_member(cell_a1)
    assert shape(cell_a1) == {}


def test_an_empty_cell_and_a_grassroots_cell_count_too(cell_a2, gcell, make_member):
    assert list(shape(cell_a2)) == ["cell_below_minimum"]
    make_member(gcell)
    assert shape(gcell)["cell_below_minimum"].startswith("1 full member: ")


def test_a_grassroots_cell_of_thirty_members_should_be_a_grassroots_committee(make_members, make_member, gcell):
    make_members(gcell, 28)
    make_member(gcell, status="probationary")  # every member counts, probationary ones included
    assert shape(gcell) == {}  # 29
    make_member(gcell, status="probationary")
    assert shape(gcell) == {"grassroots_cell_too_large": "30 members: a grassroots organisation of 30 members or "
                                                         "more is a grassroots committee with subordinate cells."}


def test_a_subordinate_cell_is_never_too_large(make_members, cell_a1):
    make_members(cell_a1, 30)
    assert shape(cell_a1) == {}


def test_judged_with_the_rules_in_force_today(set_rule, make_members, gcell, cell_a1):
    make_members(cell_a1, 2)
    make_members(gcell, 5)
    set_rule("cell_min_full_members", 2, D(2026, 1, 1))
    set_rule("grassroots_committee_min_members", 5, D(2026, 1, 1))
    assert shape(cell_a1) == {} and list(shape(gcell)) == ["grassroots_cell_too_large"]
    assert list(shape(cell_a1, today=D(2025, 12, 31))) == ["cell_below_minimum"]
    assert shape(gcell, today=D(2025, 12, 31)) == {}


def test_on_the_health_page_scoped_to_the_subtree(client_for, tree, make_members, user_coso, user_other):
    make_members(tree.cell_a1, 3)  # cell_a1 is complete; cell_a2, cell_b1, cell_b2 and gcell are empty

    def rows(user, code="cell_below_minimum"):
        page = doc(client_for(user).get(f"/apparatus/health/?problem={code}"))
        return sorted(tr.xpath(".//a")[0].text_content().strip()
                      for tr in page.xpath('//table[@id="problems"]/tbody/tr[@data-code]'))

    assert rows(user_coso) == [tree.cell_a2.name]
    assert rows(user_other) == sorted([tree.cell_b1.name, tree.cell_b2.name])


# ---- the to-do of the organisation above -------------------------------------------------------------------------

def _names(todo) -> list[str]:
    return sorted(p.organization.name for p in todo["items"])


def test_the_todo_is_for_whoever_restructures_the_cells(tree, make_members, user_khoi, user_coso, user_other,
                                                        user_chibo):
    make_members(tree.gcell, 30)
    make_members(tree.cell_a1, 3)
    khoi = selectors.structure_todo(user_khoi, today=TODAY)
    assert sorted((p.organization.name, p.code) for p in khoi["items"]) == sorted([
        (tree.cell_a2.name, "cell_below_minimum"), (tree.cell_b1.name, "cell_below_minimum"),
        (tree.cell_b2.name, "cell_below_minimum"), (tree.gcell.name, "grassroots_cell_too_large")])
    # A grassroots committee's staff restructure its cells, not the others' (nor their own committee).
    assert _names(selectors.structure_todo(user_coso, today=TODAY)) == [tree.cell_a2.name]
    assert _names(selectors.structure_todo(user_other, today=TODAY)) == sorted([tree.cell_b1.name, tree.cell_b2.name])
    # A cell's secretary does not restructure their own cell: nothing.
    assert selectors.structure_todo(user_chibo, today=TODAY) == {"items": [], "total": 0, "counts": []}


def _panel(client):
    page = doc(client.get(reverse("dashboard:home")))
    panel = page.xpath('//*[@id="structure-todo"]')
    return panel[0] if panel else None


def test_the_home_page_lists_the_cells_to_restructure(client_for, tree, make_members, user_coso, user_other,
                                                      user_chibo):
    make_members(tree.cell_a1, 3)
    client = client_for(user_coso)
    panel = _panel(client)
    items = panel.xpath('.//li[contains(@class, "structure-item")]')
    assert [(li.get("data-code"), li.xpath(".//a")[0].text_content()) for li in items] == [
        ("cell_below_minimum", tree.cell_a2.name)]
    for href in panel.xpath(".//a/@href"):
        assert client.get(href).status_code == 200, href
    other = _panel(client_for(user_other))
    assert sorted(a.text_content() for a in other.xpath('.//li//a')) == sorted([tree.cell_b1.name, tree.cell_b2.name])
    assert _panel(client_for(user_chibo)) is None
    make_members(tree.cell_a2, 3)
    assert _panel(client) is None  # nothing left to do


def test_many_cells_are_counted_and_linked_to_the_health_page(client_for, tree, make_org, user_coso):
    for i in range(selectors.STRUCTURE_LISTED_AT_MOST):
        make_org("cell", tree.gc_a, name=f"Chi bộ Phòng thử {i}")
    panel = _panel(client_for(user_coso))
    counts = panel.xpath('.//a[@data-code]')
    assert [(a.get("data-code"), a.xpath("./strong")[0].text_content()) for a in counts] == [
        ("cell_below_minimum", str(selectors.STRUCTURE_LISTED_AT_MOST + 2))]
    listed = doc(client_for(user_coso).get(counts[0].get("href")))
    assert len(listed.xpath('//table[@id="problems"]/tbody/tr[@data-code="cell_below_minimum"]')) == (
        selectors.STRUCTURE_LISTED_AT_MOST + 2)


# ---- a fixed number of queries -----------------------------------------------------------------------------------

def _grow(n, make_org, make_members, tree):
    for _ in range(n):
        gc = make_org("grassroots_committee", tree.bloc)
        make_members(make_org("cell", gc), 1)
        make_members(make_org("cell", gc), 3)
        make_members(make_org("grassroots_cell", tree.bloc), 30)


@pytest.mark.parametrize("who", ["user_khoi", "user_coso"])
def test_a_fixed_number_of_queries(request, client_for, tree, make_org, make_members, who):
    user = request.getfixturevalue(who)

    def measure():
        fresh = get_user_model().objects.get(pk=user.pk)  # the scope computed again
        with CaptureQueriesContext(connection) as selector:
            todo = selectors.structure_todo(fresh, today=TODAY)
        client = client_for(get_user_model().objects.get(pk=user.pk))
        with CaptureQueriesContext(connection) as home:
            assert client.get(reverse("dashboard:home")).status_code == 200
        return len(selector.captured_queries), len(home.captured_queries), todo["total"]

    make_members(tree.cell_a1, 1)
    # gc_a with more than a secretary's few cells from the start, so that its staff's home page keeps its blocks
    make_members(make_org("cell", tree.gc_a), 1)
    _grow(1, make_org, make_members, tree)
    measure()  # the first request warms the caches of the process
    small = measure()
    _grow(4, make_org, make_members, tree)
    make_members(make_org("cell", tree.gc_a), 1)
    large = measure()
    assert large[2] > small[2]  # more to do, the same queries (the home page: no more; a list of the few
    # organisations concerned becomes counts from the kept figures past STRUCTURE_LISTED_AT_MOST)
    assert large[0] == small[0] and large[1] <= small[1], (small, large)
    assert small[0] <= 11  # the health report's (apparatus/tests/test_checks.py)
