"""Party badges in the browser (issue 17): on a 390 px phone and a 1366 px screen the grassroots committee's office
opens the list for the next presentation date in one click, downloads it as Excel, ticks a member and records the
decision's award; the member's page then shows the badge. No page is wider than the screen."""

import pytest
from openpyxl import load_workbook

from e2e.pages import login, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("size", SIZES, ids=[f"{s['width']}px" for s in SIZES])
def test_the_committee_proposes_and_records_the_badges_of_the_next_date(page, demo_small, size):
    from django.utils import timezone

    from badges.models import BadgeAward
    from badges.reckoning import Calendar
    from rules.selectors import RuleBook

    upcoming = Calendar(RuleBook()).on_or_after(timezone.localdate())
    page.set_viewport_size(size)
    login(page, "coso")
    page.goto(page.base_url + "/")
    settled(page)  # a click while the page still lays itself out can land beside the link (seen once at 1366 px)
    reminder = page.locator("#home-badges-list")
    if reminder.count():  # within the reminder's days of the date (the seeded 60): the home page leads there
        reminder.click()
    else:
        page.goto(page.base_url + "/badges/")
    page.wait_for_url("**/badges/**")
    assert upcoming.strftime("%d/%m/%Y") in page.locator("h1").inner_text()
    rows = page.locator("table.badge-rows tbody tr[data-member]")
    assert rows.count() >= 2
    assert width(page) <= size["width"]

    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    with open(download.value.path(), "rb") as file:  # saved without its extension
        sheet = load_workbook(file).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    first = rows.first
    member_id = int(first.get_attribute("data-member"))
    name = first.locator("a").first.inner_text().strip()
    assert name in names

    page.locator(f"#award-{member_id}").check()
    page.fill("#id_decision_number", "125-QĐ/TU")
    page.fill("#id_decided_on", timezone.localdate().isoformat())
    page.locator("#save").click()
    page.wait_for_url(f"**/badges/?date={upcoming:%Y-%m-%d}")
    assert page.locator(".alert-success").is_visible()
    assert page.locator(f'tr[data-member="{member_id}"][data-awarded]').count() == 1
    award = BadgeAward.objects.get(member_id=member_id)
    assert (award.presentation_date, award.decision_number) == (upcoming, "125-QĐ/TU")
    assert width(page) <= size["width"]

    page.locator(f'tr[data-member="{member_id}"] a').first.click()
    page.wait_for_url(f"**/members/{member_id}/")
    assert page.locator(f'#member-badges [data-award="{award.milestone}"]').is_visible()
    assert width(page) <= size["width"]
