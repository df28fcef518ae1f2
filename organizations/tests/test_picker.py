"""The organisation picker (organizations.widgets): a select while the choices are few, a search box above
SELECT_MAX; the search answers only with organisations of the user's scope, for the action asked."""

import datetime

import pytest
from django.urls import reverse

from core.testing import count_queries
from core.testing.pages import doc, form_values
from organizations.models import Organization
from organizations.testing import add_cells
from organizations.widgets import SELECT_MAX

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_cells(gc_a, kinds):
    """More cells under gc_a than a select lists: "Chi bộ Tổ 000" ..."""
    return add_cells(gc_a, kinds["cell"], SELECT_MAX + 5)


def picked(response) -> list[str]:
    return [b.get("data-label") for b in doc(response).xpath("//button[@data-id]")]


def test_few_choices_stay_a_select(client_for, user_coso, cell_a1, cell_a2, cell_b1):
    response = client_for(user_coso).get(reverse("members:list"))
    select = doc(response).xpath("//select[@name='organization']")
    assert select, "a short list is a select"
    labels = select[0].xpath("./option/text()")
    assert {cell_a1.name, cell_a2.name} <= set(labels)
    assert cell_b1.name not in labels


def test_many_choices_become_a_search_box_that_lists_none(client_for, user_coso, many_cells, cell_a1):
    response = client_for(user_coso).get(reverse("members:list"), {"organization": cell_a1.pk})
    tree = doc(response)
    assert not tree.xpath("//select[@name='organization']")
    assert not any(cell.name in response.content.decode() for cell in many_cells)
    hidden = tree.xpath("//input[@type='hidden'][@name='organization']")
    assert hidden and hidden[0].get("value") == str(cell_a1.pk)
    box = tree.xpath("//input[@id='id_organization']")[0]
    assert box.get("value") == cell_a1.name and box.get("name") is None  # its words are never sent with the form
    assert tree.xpath("//label[@for='id_organization']"), "the label names the search box"
    url = tree.xpath("//*[@data-picker]")[0].get("data-picker")
    assert reverse("organizations:pick") in url and "ended=1" in url


def test_a_refused_choice_is_kept_in_the_form(client_for, user_coso, many_cells, cell_b1):
    """An organisation of another subtree, sent by hand: refused on its field, the value kept, its name not shown."""
    response = client_for(user_coso).get(reverse("members:list"), {"organization": cell_b1.pk})
    assert response.status_code == 400
    assert cell_b1.name not in response.content.decode()


def test_search_finds_words_in_scope_only(client_for, user_coso, user_other, many_cells, cell_a1, cell_b1):
    url = reverse("organizations:pick")
    mine = picked(client_for(user_coso).get(url, {"q": "chi bo phong"}))
    assert cell_a1.name in mine and cell_b1.name not in mine
    theirs = picked(client_for(user_other).get(url, {"q": "chi bo phong"}))
    assert cell_b1.name in theirs and cell_a1.name not in theirs
    assert picked(client_for(user_other).get(url, {"q": "to 001"})) == []


def test_search_is_bounded_and_says_so(client_for, user_coso, many_cells):
    response = client_for(user_coso).get(reverse("organizations:pick"), {"q": "to"})
    names = picked(response)
    assert names == [f"Chi bộ Tổ {n:03d}" for n in range(20)]  # the first 20 in name order
    assert "narrow" in response.content.decode() or "thu hẹp" in response.content.decode()
    assert picked(client_for(user_coso).get(reverse("organizations:pick"), {"q": "tổ 104"})) == ["Chi bộ Tổ 104"]


def test_search_for_an_action_offers_what_the_form_accepts(client_for, user_chibo, user_coso, cell_a1, gc_a):
    url = reverse("organizations:pick")
    # a cell secretary sees the cell but does not manage its members: nothing to offer for that action
    assert cell_a1.name in picked(client_for(user_chibo).get(url, {"q": "chi bo"}))
    assert picked(client_for(user_chibo).get(url, {"q": "chi bo", "action": "manage_members", "cells": "1"})) == []
    cells = picked(client_for(user_coso).get(url, {"q": "", "action": "manage_members", "cells": "1"}))
    assert cell_a1.name in cells and gc_a.name not in cells
    assert client_for(user_coso).get(url, {"action": "nonsense"}).status_code == 400


def test_transfer_destinations_are_every_cell_for_who_manages_members(client_for, user_coso, user_chibo, cell_b1):
    url = reverse("organizations:pick")
    assert cell_b1.name in picked(client_for(user_coso).get(url, {"q": "nghiep vu", "anywhere": "1"}))
    assert picked(client_for(user_chibo).get(url, {"q": "nghiep vu", "anywhere": "1"})) == []


@pytest.mark.figures_unkept  # 200 organisations bulk-created: the figures are not what this test is about
def test_search_queries_do_not_grow(client_for, user_coso, gc_a, kinds, many_cells):
    client = client_for(user_coso)
    url = reverse("organizations:pick") + "?q=to"
    first = count_queries(client, url)[0]
    Organization.objects.bulk_create([Organization(parent=gc_a, kind=kinds["cell"], code=f"X-{n}", name=f"Chi bộ X {n}",
                                                   name_search=f"x-{n} chi bo x {n}", name_sort=f"x{n}",
                                                   established_on=datetime.date(2015, 1, 1)) for n in range(200)])
    assert count_queries(client, url)[0] == first


def test_admit_form_keeps_the_chosen_cell(client_for, user_coso, many_cells):
    """A picker-shaped form field sends and keeps its value like a select (the admission form, refused)."""
    cell = many_cells[0]
    response = client_for(user_coso).post(reverse("members:admit"), {"organization": cell.pk, "full_name": ""})
    assert response.status_code == 200
    assert form_values(response)["organization"] == str(cell.pk)
    assert doc(response).xpath("//input[@id='id_organization']")[0].get("value") == cell.name


@pytest.mark.parametrize("who", ["user_coso", "user_khoi"])
def test_a_wide_scope_is_a_search_box_without_reading_a_hundred_names(request, client_for, who, many_cells):
    """The scope's ids (a committee's subtree) or the kept figures (whoever sees everything) say there are more
    choices than a select lists: no organisation's name is read to learn it."""
    user = request.getfixturevalue(who)
    _n, response, _body, queries = count_queries(client_for(user), reverse("members:list"))
    assert doc(response).xpath("//*[@data-picker]") and not doc(response).xpath("//select[@name='organization']")
    assert not [sql for sql in queries if f"LIMIT {SELECT_MAX + 1}" in sql]


def test_a_scope_figures_are_read_again_after_a_write(user_khoi, gc_a, kinds):
    """scope_total keeps a request's figures once read; a write of the figures in the same request is seen."""
    from core.scope import scope_for
    from organizations.figures import scope_total

    scope = scope_for(user_khoi)
    before = scope_total(scope).get("org:cell", 0)
    add_cells(gc_a, kinds["cell"], 3)
    assert scope_total(scope).get("org:cell", 0) == before + 3
