"""A large tree is drawn two levels deep; each branch's rows come from organizations:tree_branch when opened, in
the user's scope only (today and as of a past day)."""

import datetime

import pytest
from django.urls import reverse

from core.testing import count_queries
from core.testing.pages import doc, tree_names
from organizations.selectors import TREE_WHOLE_MAX
from organizations.testing import add_cells

pytestmark = pytest.mark.django_db
ESTABLISHED = datetime.date(2015, 1, 1)


@pytest.fixture
def large(tree, kinds):
    """Enough cells under gc_a that the Bloc's tree is no longer drawn whole."""
    return add_cells(tree.gc_a, kinds["cell"], TREE_WHOLE_MAX)


def rows_of(response):
    return {tr.get("data-id"): tr for tr in doc(response).xpath("//tr[contains(@class,'tree-row')]")}


def test_a_small_tree_is_drawn_whole(client_for, user_khoi, tree):
    names = tree_names(client_for(user_khoi).get(reverse("organizations:tree")))
    assert tree.cell_a1.name in names
    assert not doc(client_for(user_khoi).get(reverse("organizations:tree"))).xpath("//tr[@data-load]")


def test_a_large_tree_shows_two_levels_and_opens_a_branch(client_for, user_khoi, tree, large):
    client = client_for(user_khoi)
    response = client.get(reverse("organizations:tree"))
    names = tree_names(response)
    assert tree.gc_a.name in names and tree.gc_b.name in names
    assert tree.cell_a1.name not in names and large[0].name not in names
    rows = rows_of(response)
    url = rows[str(tree.gc_a.pk)].get("data-load")
    assert url == reverse("organizations:tree_branch", args=[tree.gc_a.pk])
    # the summary still counts the whole tree
    assert doc(response).xpath("//*[@data-figure='cells']/text()")[0].replace(".", "").replace(",", "") == str(
        TREE_WHOLE_MAX + 4)
    branch = client.get(url)
    assert branch.status_code == 200
    opened = rows_of(branch)
    assert str(tree.cell_a1.pk) in opened and str(large[-1].pk) in opened
    assert str(tree.cell_b1.pk) not in opened
    assert all(tr.get("data-depth") == "2" for tr in opened.values())


def test_a_branch_outside_the_scope_is_not_found(client_for, user_coso, user_other, tree, large):
    assert client_for(user_other).get(reverse("organizations:tree_branch", args=[tree.gc_a.pk])).status_code == 404
    assert client_for(user_coso).get(reverse("organizations:tree_branch", args=[tree.gc_a.pk])).status_code == 200


def test_a_branch_as_of_a_past_day(client_for, user_khoi, tree, large):
    url = reverse("organizations:tree_branch", args=[tree.gc_a.pk])
    before = client_for(user_khoi).get(url, {"as_of": "2010-01-01"})
    assert before.status_code == 404  # nothing existed then
    then = rows_of(client_for(user_khoi).get(url, {"as_of": "2016-01-01"}))
    assert str(large[0].pk) in then


def test_the_page_and_a_branch_keep_their_query_counts(client_for, user_khoi, tree, large, kinds):
    client = client_for(user_khoi)
    page = count_queries(client, reverse("organizations:tree"))[0]
    branch = count_queries(client, reverse("organizations:tree_branch", args=[tree.gc_a.pk]))[0]
    add_cells(tree.gc_b, kinds["cell"], 50, code="Y", name="Chi bộ Y")
    assert count_queries(client, reverse("organizations:tree"))[0] == page
    assert count_queries(client, reverse("organizations:tree_branch", args=[tree.gc_a.pk]))[0] == branch


def test_a_branch_on_a_date_it_cannot_read_is_refused_naming_it(client_for, user_khoi, tree):
    response = client_for(user_khoi).get(reverse("organizations:tree_branch", args=[tree.gc_a.pk]),
                                         {"as_of": "bogus"})
    assert response.status_code == 400
    assert doc(response).xpath('//*[@id="filter-errors"]//*[@data-field="as_of"]')
