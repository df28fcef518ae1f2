"""The member figures of the organisation pages (issue 12): each organisation counts the active members of its whole
subtree (a grassroots committee whose members all sit in its cells shows the sum of its cells'), keeps its own
(direct) members as a second figure, the list filters "at least N" and sorts by the total, and every figure links to
a member list showing exactly the rows it counts."""

import pytest
from django.urls import reverse

from core.testing.pages import csv_rows, doc, member_table_names, organization_table_names, text

from .cases import figure_links

pytestmark = pytest.mark.django_db

# Active members officially registered (probationary and full, the temporarily away included): cell_a1 has five
# (the `world`'s four and `dangvien`), cell_a2 one, cell_a3 none; cell_b1 four, cell_b2 one; gcell one.
OWN = {"bloc": 0, "gc_a": 0, "cell_a1": 5, "cell_a2": 1, "cell_a3": 0, "gc_b": 0, "cell_b1": 4, "cell_b2": 1,
       "cell_b3": 0, "gcell": 1}
TOTAL = {**OWN, "gc_a": 6, "gc_b": 5, "bloc": 12}


def result_count(response) -> int:
    return int(doc(response).xpath('//*[@id="result-count"]')[0].text_content())


def names(world, *keys) -> set[str]:
    return {world.orgs[k].name for k in keys}


def test_a_grassroots_committee_counts_the_members_of_its_cells(client_for, world, user_khoi):
    response = client_for(user_khoi).get("/organizations/?status=all")
    assert response.status_code == 200
    totals = figure_links(response, "members-total")
    own = figure_links(response, "members-own")
    for key, org in world.orgs.items():
        assert totals[org.name][0] == TOTAL[key], key
        assert own[org.name][0] == OWN[key], key
    cells = ("cell_a1", "cell_a2", "cell_a3")
    assert totals[world.gc_a.name][0] == sum(totals[world.orgs[k].name][0] for k in cells) == 6


@pytest.mark.parametrize("key", ["total", "own"])
def test_each_member_figure_of_the_organisation_list_opens_exactly_its_members(client_for, world, user_khoi, key):
    client = client_for(user_khoi)
    expected = TOTAL if key == "total" else OWN
    for name, (shown, href) in figure_links(client.get("/organizations/"), f"members-{key}").items():
        listed = client.get(href)
        assert listed.status_code == 200, href
        assert result_count(listed) == len(member_table_names(listed)) == shown, (name, href)
    assert {name: shown for name, (shown, _href) in figure_links(client.get("/organizations/"),
                                                                 f"members-{key}").items()} == {
        world.orgs[k].name: n for k, n in expected.items()}


def test_the_member_list_of_a_committee_alone_is_empty_and_of_a_cell_alone_is_its_own(client_for, world, user_khoi):
    client = client_for(user_khoi)
    own = client.get(f"/members/?organization={world.gc_a.pk}&registration=official&direct=true")
    assert member_table_names(own) == []
    cell = client.get(f"/members/?organization={world.cell_a1.pk}&registration=official&direct=true")
    assert set(member_table_names(cell)) == {world.members[k].full_name
                                             for k in ("a1_full", "a1_prob", "a1_exempt", "a1_away", "dangvien")}


def test_the_list_filters_organisations_with_at_least_n_members(client_for, world, user_khoi):
    client = client_for(user_khoi)
    response = client.get("/organizations/?min_members=6")
    assert set(organization_table_names(response)) == names(world, "bloc", "gc_a")
    grassroots = client.get("/organizations/?min_members=5&tier=grassroots")
    assert set(organization_table_names(grassroots)) == names(world, "gc_a", "gc_b")
    assert result_count(grassroots) == 2
    everything = client.get("/organizations/?min_members=0")
    assert set(organization_table_names(everything)) == names(world, *world.orgs)
    assert set(organization_table_names(client.get("/organizations/?min_members=13"))) == set()


def test_the_list_sorts_by_the_subtree_total(client_for, world, user_khoi):
    client = client_for(user_khoi)
    listed = organization_table_names(client.get("/organizations/?sort=-figure_members_total"))
    shown = [TOTAL[next(k for k, o in world.orgs.items() if o.name == name)] for name in listed]
    assert shown == sorted(shown, reverse=True) and listed[0] == world.bloc.name
    ascending = organization_table_names(client.get("/organizations/?sort=figure_members_total"))
    assert ascending[-1] == world.bloc.name
    rows = csv_rows(client.get("/organizations/?sort=-figure_members_total&export=csv"))
    assert [r[1] for r in rows[1:]] == listed  # the export keeps the order


@pytest.mark.parametrize("value", ["bogus", "-1", "2.5"])
def test_an_unreadable_minimum_is_refused_and_lists_nothing(client_for, world, user_khoi, value):
    response = client_for(user_khoi).get(f"/organizations/?min_members={value}")
    assert response.status_code == 400
    assert doc(response).xpath('//*[@id="filter-errors"]//*[@data-field="min_members"]')
    assert organization_table_names(response) == []
    exported = client_for(user_khoi).get(f"/organizations/?min_members={value}&export=csv")
    assert exported.status_code == 400 and "html" in exported["Content-Type"]


def test_a_committee_sees_its_own_subtree_counts_only(client_for, world, user_coso):
    client = client_for(user_coso)
    totals = figure_links(client.get("/organizations/"), "members-total")
    assert {name: n for name, (n, _href) in totals.items()} == {
        world.orgs[k].name: TOTAL[k] for k in ("gc_a", "cell_a1", "cell_a2", "cell_a3")}
    assert set(organization_table_names(client.get("/organizations/?min_members=1"))) == names(
        world, "gc_a", "cell_a1", "cell_a2")


def test_the_tree_shows_and_links_the_subtree_totals(client_for, world, user_khoi):
    client = client_for(user_khoi)
    response = client.get("/organizations/tree/")
    totals = figure_links(response, "members-total")
    assert {name: n for name, (n, _href) in totals.items()} == {o.name: TOTAL[k] for k, o in world.orgs.items()}
    summary = doc(response).xpath('//*[@id="tree-summary"]//a[@data-figure="members"]')[0]
    assert int(summary.text_content()) == 12
    assert result_count(client.get(summary.get("href"))) == 12
    for name, (shown, href) in [*totals.items(), *figure_links(response, "members-own").items()]:
        assert result_count(client.get(href)) == shown, (name, href)
    # a past day's figures are not today's list: shown, not linked
    past = client.get("/organizations/tree/?as_of=01/06/2024")
    assert not doc(past).xpath('//table[@id="tree"]//a[@data-figure]')
    assert doc(past).xpath('//table[@id="tree"]//*[@data-figure="members-total"]')


def test_the_organisation_page_shows_its_sub_units_totals_and_links_them(client_for, world, user_khoi):
    client = client_for(user_khoi)
    page = client.get(reverse("organizations:detail", args=[world.bloc.pk]))
    totals = figure_links(page, "members-total")
    assert {name: n for name, (n, _href) in totals.items()} == {
        world.orgs[k].name: TOTAL[k] for k in ("gc_a", "gc_b", "gcell")}
    for name, (shown, href) in totals.items():
        assert result_count(client.get(href)) == shown, name
    fact = doc(page).xpath('//a[@id="subtree-members"]')[0]
    assert int(fact.text_content()) == 12 == result_count(client.get(fact.get("href")))
    # the sub-units count is the rows of the sub-units table, which the list's "Sub-units" figure opens
    committee = doc(client.get(reverse("organizations:detail", args=[world.gc_a.pk])))
    assert int(committee.xpath('//*[@data-figure="children"]')[0].text_content()) == 3
    assert len(committee.xpath('//table[@id="children"]/tbody/tr')) == 3
    listed = doc(client.get("/organizations/"))
    link = listed.xpath(f'//table[@id="organization-table"]//a[@href="{world.gc_a.get_absolute_url()}#children"]')
    assert link and link[0].text_content().strip() == "3"


def test_a_cell_page_counts_its_members_and_guests_and_links_them(client_for, world, user_khoi):
    client = client_for(user_khoi)
    page = doc(client.get(reverse("organizations:detail", args=[world.cell_a1.pk])))
    own = page.xpath('//a[@data-figure="own-members"]')[0]
    assert int(own.text_content()) == 5 == result_count(client.get(own.get("href")))


def test_an_ended_sub_unit_is_listed_apart_from_the_active_ones(client_for, world, user_khoi, actor):
    import datetime

    from organizations.services import organization_dissolve

    organization_dissolve(actor=actor, organization=world.cell_a3, effective_on=datetime.date.today(),
                          decision_number="9-QĐ/ĐUK", reason="Giải thể")
    page = doc(client_for(user_khoi).get(reverse("organizations:detail", args=[world.gc_a.pk])))
    active = [" ".join(a.text_content().split()) for a in page.xpath('//table[@id="children"]/tbody/tr/td[1]/a')]
    assert sorted(active) == sorted([world.cell_a1.name, world.cell_a2.name])
    assert world.cell_a3.name in page.xpath('//*[@id="ended-children"]')[0].text_content()
    assert page.xpath('//*[@data-figure="children"]')[0].text_content() == "2"


def test_an_administrator_sees_the_account_linked_to_a_member_file(client_for, world, user_admin, user_dangvien):
    client = client_for(user_admin)
    linked = doc(client.get(reverse("members:detail", args=[world.members["dangvien"].pk])))
    account = linked.xpath('//*[@id="member-account"]')[0]
    assert user_dangvien.username in account.text_content()
    hrefs = account.xpath(".//a/@href")
    assert reverse("admin:auth_user_change", args=[user_dangvien.pk]) in hrefs
    assert reverse("admin:members_member_change", args=[world.members["dangvien"].pk]) in hrefs
    none = doc(client.get(reverse("members:detail", args=[world.members["a1_full"].pk])))
    account = none.xpath('//*[@id="member-account"]')[0]
    assert account.xpath(".//a/@href") == [reverse("admin:members_member_change", args=[world.members["a1_full"].pk])]


def test_only_an_administrator_sees_the_linked_account(client_for, world, user_khoi, user_dangvien):
    for user in (user_khoi, user_dangvien):
        page = client_for(user).get(reverse("members:detail", args=[world.members["dangvien"].pk]))
        assert page.status_code == 200
        assert not doc(page).xpath('//*[@id="member-account"]')
        assert reverse("admin:members_member_change", args=[world.members["dangvien"].pk]) not in text(page)
