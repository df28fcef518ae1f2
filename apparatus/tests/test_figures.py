"""Every figure of the apparatus pages links to exactly its rows (issue 12): the count shown equals the rows of the
page its link opens (the health page's problem counts, the staffing analysis' summary and row figures, an
organisation's full members and committee sizes); and on a member's own page their panels come before the file."""

import datetime

import pytest
from django.urls import reverse

from core.testing.pages import doc, member_table_names, organization_table_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


def result_count(response) -> int:
    return int(doc(response).xpath('//*[@id="result-count"]')[0].text_content())


def seat_rows(response) -> int:
    assert response.status_code == 200
    rows = doc(response).xpath('//table[@id="seat-table"]/tbody/tr[td/a]')
    assert result_count(response) == len(rows)
    return len(rows)


def number(element) -> int:
    return int("".join(c for c in element.text_content() if c.isdigit()))


def lower_threshold(value: int):
    """The full-time-post threshold amended from today, as an administrator does in the rule list."""
    from rules.models import Rule
    from rules.selectors import rule_get

    today = datetime.date.today()
    current = rule_get("full_time_post_member_threshold", on=today)
    Rule.objects.filter(pk=current.pk).update(effective_to=today)
    Rule.objects.create(code=current.code, label=current.label, value=value, unit=current.unit,
                        regulation="Quy định sửa đổi (thử)", effective_from=today, effective_to=current.effective_to)


@pytest.mark.parametrize("user_name", ["user_khoi", "user_coso"])
def test_each_problem_count_of_the_health_page_opens_exactly_its_rows(request, client_for, world, app, user_name):
    client = client_for(request.getfixturevalue(user_name))
    page = doc(client.get("/apparatus/health/"))
    cards = page.xpath('//*[@id="problem-counts"]//a[@data-code]')
    assert cards and sum(number(c) for c in cards) == len(page.xpath('//table[@id="problems"]/tbody/tr[@data-code]'))
    for card in cards:
        opened = doc(client.get("/apparatus/health/" + card.get("href")))
        rows = opened.xpath('//table[@id="problems"]/tbody/tr[@data-code]')
        assert len(rows) == number(card), card.get("data-code")
        assert {r.get("data-code") for r in rows} <= {card.get("data-code")}


def test_the_staffing_figures_open_exactly_their_rows(khoi, world, app):
    lower_threshold(5)  # gc_a (7 members) and gc_b (5) are eligible, the grassroots cell never
    page = doc(khoi.get("/apparatus/staffing/"))
    grassroots = page.xpath('//a[@id="grassroots-link"]')[0]
    listed = khoi.get(grassroots.get("href"))
    assert number(grassroots.xpath('.//*[@id="grassroots-count"]')[0]) == result_count(listed) == 3
    assert len(organization_table_names(listed)) == 3
    eligible = page.xpath('//a[@id="eligible-link"]')[0]
    listed = khoi.get(eligible.get("href"))
    assert set(organization_table_names(listed)) == {world.gc_a.name, world.gc_b.name}
    assert number(eligible.xpath('.//*[@id="eligible-count"]')[0]) == result_count(listed) == 2
    committee = page.xpath('//a[@id="committee-link"]')[0]
    assert number(committee.xpath('.//*[@id="committee-total"]')[0]) == seat_rows(khoi.get(committee.get("href"))) == 4
    for link_id in ("concurrent-link", "full-time-link"):
        link = page.xpath(f'//a[@id="{link_id}"]')[0]
        assert number(link) == seat_rows(khoi.get(link.get("href"))), link_id
    checked = 0
    for tr in page.xpath('//table[@id="staffing"]/tbody/tr'):
        for link in tr.xpath(".//a[@data-figure]"):
            opened = khoi.get(link.get("href"))
            if link.get("data-figure") == "row-members":
                shown = len(member_table_names(opened))
                assert result_count(opened) == shown
            else:
                shown = seat_rows(opened)
            assert shown == number(link), (tr.get("data-id"), link.get("data-figure"))
            checked += 1
    assert checked >= 12


def test_an_organisations_apparatus_figures_open_exactly_their_rows(khoi, world, app):
    page = doc(khoi.get(reverse("apparatus:organization", args=[world.cell_a1.pk])))
    full = page.xpath('//a[@id="full-members"]')[0]
    listed = khoi.get(full.get("href"))
    assert number(full) == result_count(listed) == len(member_table_names(listed))
    committee = doc(khoi.get(reverse("apparatus:organization", args=[world.gc_a.pk])))
    badges = committee.xpath('//a[starts-with(@data-figure, "seats-")]')
    assert badges
    for badge in badges:
        assert number(badge) == seat_rows(khoi.get(badge.get("href"))), badge.get("data-figure")


def test_the_seat_list_of_an_organisation_alone_leaves_out_its_sub_units(khoi, world, app):
    everything = seat_rows(khoi.get(f"/apparatus/seats/?organization={world.gc_a.pk}"))
    own = seat_rows(khoi.get(f"/apparatus/seats/?organization={world.gc_a.pk}&direct=true"))
    cells = sum(seat_rows(khoi.get(f"/apparatus/seats/?organization={world.orgs[k].pk}"))
                for k in ("cell_a1", "cell_a2", "cell_a3"))
    assert own and cells and everything == own + cells


def _card_order(response) -> list[str]:
    """The ids of the member page's cards, in document order (what a phone shows from the top)."""
    return [card.get("id") for card in doc(response).xpath('//main//*[contains(@class, "card")][@id]')]


def test_on_their_own_page_a_member_finds_their_panels_before_the_file(client_for, world, app, user_dangvien,
                                                                       user_khoi):
    own = world.members["dangvien"]  # the secretary of cell_a1: a seat
    mine = _card_order(client_for(user_dangvien).get(reverse("members:detail", args=[own.pk])))
    for card in ("party-membership", "member-file", "membership-periods", "history"):
        assert mine.index("member-seats") < mine.index(card), mine
    theirs = _card_order(client_for(user_khoi).get(reverse("members:detail", args=[own.pk])))
    assert theirs.index("party-membership") < theirs.index("member-seats"), theirs  # the office reads the file first
