"""On a 390 px phone (issue 12): a member finds what they need first on their home page and their own record, and no
page is wider than the screen; the Bloc office reads each organisation's members with its whole subtree on the
organisation list and keeps those with at least 200."""

import re

import pytest

from e2e.pages import login, open_filters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def phone(page):
    page.set_viewport_size(PHONE)
    return page


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def top(page, selector) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"] + page.evaluate("window.scrollY")


def test_a_member_on_a_phone_sees_what_they_need_first(page, demo_small, django_user_model):
    from members.models import Member

    own = Member.objects.get(user__username="dangvien")
    login(phone(page), "dangvien")
    page.goto(page.base_url + "/")
    assert width(page) <= PHONE["width"]
    # the home page's first screen: their own block (and whatever comes before it is theirs too)
    assert top(page, "#my-record") < PHONE["height"]
    assert page.locator(f'#my-record a[href="/members/{own.pk}/"]').is_visible()

    page.click(f'#my-record a[href="/members/{own.pk}/"]')
    page.wait_for_url(re.compile(rf".*/members/{own.pk}/$"))
    assert width(page) <= PHONE["width"]
    assert page.locator("h1").inner_text().strip() == own.full_name
    # their meetings (and the other panels about them) before the file and the long membership history
    cards = page.eval_on_selector_all("main .card[id]", "els => els.map(e => e.id)")
    first = cards[0]
    assert first not in ("party-membership", "member-file", "membership-periods", "history"), cards
    assert top(page, f"#{first}") < PHONE["height"], "the first panel is below the first screen"
    for card in ("party-membership", "member-file", "membership-periods", "history"):
        assert cards.index(first) < cards.index(card)
    if "member-meetings" in cards:  # the meetings' panel: the next meeting on the first screen
        assert top(page, "#member-meetings") < PHONE["height"]


def test_the_bloc_office_filters_the_organisations_with_at_least_200_members_on_a_phone(page, demo_small):
    from members.choices import ACTIVE_STATUSES
    from members.models import Member
    from organizations.models import Organization
    from organizations.selectors import children_map, subtree_ids

    children = children_map()
    active = {o.pk: o for o in Organization.objects.filter(status="active").select_related("kind")}

    def total(pk):
        return Member.objects.filter(status__in=ACTIVE_STATUSES, organization_id__in=subtree_ids(pk, children)).count()

    totals = {pk: total(pk) for pk in active}
    committee = max((o for o in active.values() if o.kind.tier == "grassroots" and not o.kind.holds_members),
                    key=lambda o: totals[o.pk])
    assert totals[committee.pk] > 0
    assert not Member.objects.filter(organization=committee).exists()  # its members are all in its cells

    login(phone(page), "khoi")
    page.goto(page.base_url + "/organizations/")
    assert width(page) <= PHONE["width"]
    row = page.locator(f'#organization-table tbody tr:has(a[href="/organizations/{committee.pk}/"])')
    shown = row.locator('[data-figure="members-total"]').inner_text()
    assert int(re.sub(r"\D", "", shown)) == totals[committee.pk]
    assert int(re.sub(r"\D", "", row.locator('[data-figure="members-own"]').inner_text())) == 0
    # the subtree figure is in view beside the name, without scrolling the table sideways
    box = row.locator('[data-figure="members-total"]').bounding_box()
    assert box and box["x"] + box["width"] <= PHONE["width"]

    for at_least in (200, totals[committee.pk]):
        open_filters(page)
        page.fill("#id_min_members", str(at_least))
        with page.expect_navigation(url=re.compile(rf".*min_members={at_least}.*")):
            page.click("#filter-form button[type=submit]")
        assert width(page) <= PHONE["width"]
        listed = {int(re.search(r"/organizations/(\d+)/", href).group(1)) for href in page.eval_on_selector_all(
            "#organization-table tbody tr td a.cell-name", "els => els.map(e => e.getAttribute('href'))")}
        assert listed == {pk for pk, n in totals.items() if n >= at_least}, at_least
        assert committee.pk in listed or totals[committee.pk] < at_least
    # the figure opens exactly the members it counts
    page.click(f'#organization-table tr:has(a[href="/organizations/{committee.pk}/"]) [data-figure="members-total"]')
    page.wait_for_url(re.compile(r".*/members/\?organization=.*"))
    assert int(page.locator("#result-count").inner_text()) == totals[committee.pk]
    assert width(page) <= PHONE["width"]
