"""The home page's figures count exactly the user's subtree, and each opens a list of exactly that many."""

import datetime

import pytest

from core.testing.pages import TODAY, doc, figure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("user_name,expected", [
    # (grassroots, cells, members) of the user's own subtree
    ("user_coso", (1, 3, 9)),
    ("user_chibo", (0, 1, 5)),
    ("user_other", (1, 3, 12)),
    ("user_khoi", (3, 6, 22)),
    ("user_admin", (3, 6, 22)),
])
def test_dashboard_counts_only_the_users_subtree(request, client_for, world, make_member, actor, user_name,
                                                 expected):
    from members.services import member_end

    # world: side a has 6 active members (5 in cell_a1), side b 5, gcell 1
    for _ in range(3):
        make_member(world.cell_a2)
    for _ in range(7):
        make_member(world.cell_b2)
    gone = make_member(world.cell_a1)
    member_end(actor=actor, member=gone, status="deceased", effective_on=TODAY, reason="Từ trần")
    client = client_for(request.getfixturevalue(user_name))
    response = client.get("/")
    assert response.status_code == 200
    grassroots, cells, members = expected
    if user_name == "user_chibo":  # one cell: the home page is the cell's, with no Bloc figures
        assert not doc(response).xpath('//*[@id="bloc-figures"]')
    else:
        assert figure(response, "grassroots") == grassroots
        assert figure(response, "cells") == cells
        assert figure(response, "members") == members
    tree = client.get("/organizations/tree/")
    assert (figure(tree, "grassroots"), figure(tree, "cells"), figure(tree, "members")) == expected
    listed = client.get("/members/")
    assert figure_count(listed) == members




@pytest.mark.parametrize("user_name", ["user_khoi", "user_coso", "user_other"])
def test_each_dashboard_figure_opens_a_list_of_exactly_that_many(request, client_for, world, actor, tree, user_name):
    from core.testing.pages import doc, figure
    from members.choices import TransferKind
    from members.services import member_transfer

    # A member of gc_b attends a cell of gc_a on temporary transfer: counted at home, listed at the host.
    guest = world.members["b1_full"]
    member_transfer(actor=actor, member=guest, kind=TransferKind.TEMPORARY, to_organization=tree.cell_a2,
                    effective_on=TODAY, until=TODAY + datetime.timedelta(days=200), reason="Biệt phái")
    client = client_for(request.getfixturevalue(user_name))
    dashboard = client.get("/")
    for figure_id, name in (("fig-members", "members"),):
        link = doc(dashboard).xpath(f'//*[@id="{figure_id}"]')[0].get("href")
        assert figure_count(client.get(link)) == figure(dashboard, name), (user_name, link)
    for link in doc(dashboard).xpath('//table[contains(@class, "breakdown")]//a/@href'):
        shown = doc(dashboard).xpath(f'//a[@href="{link}"]/ancestor::tr/td[2]')[0].text_content()
        if link.startswith("/members/"):
            assert figure_count(client.get(link)) == int(shown.replace(".", "").replace(",", "")), link


def figure_count(response) -> int:
    from core.testing.pages import doc

    return int(doc(response).xpath('//*[@id="result-count"]')[0].text_content().strip().replace(".", ""))

