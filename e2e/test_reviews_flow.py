"""The quality review in the browser (issue 17), at 390 px (a phone) and 1366 px: the Bloc opens a review, the demo
member self-assesses from the campaign's page, the cell secretary proposes the cell from the home page (one choice per
member, the member disciplined this year held to the rule), the Bloc decides the cell, and the results page shows the
distribution. No page is wider than the screen."""

import datetime

import pytest

from e2e.pages import SAVE, choose_organization, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def fits(page, size) -> None:
    assert width(page) <= size["width"], page.url


@pytest.mark.parametrize("size", SIZES, ids=[f"{s['width']}px" for s in SIZES])
def test_the_bloc_opens_a_member_self_assesses_the_cell_proposes_the_bloc_decides(page, demo_small, size):
    from accounts.models import RoleAssignment
    from organizations.models import Organization
    from reviews.models import MemberReview, ReviewCampaign

    today = datetime.date.today()
    root = Organization.objects.get(parent__isnull=True)
    cell = RoleAssignment.objects.get(user__username="chibo").organization
    page.set_viewport_size(size)

    login(page, "khoi")
    page.goto(page.base_url + "/reviews/")
    page.locator("#review-open").click()
    page.wait_for_url("**/reviews/open/")
    fits(page, size)
    choose_organization(page, "organization", root)
    page.fill("#id_title", f"Kiểm điểm quý IV/{today.year}")
    page.select_option("#id_period_kind", "quarter")
    page.fill("#id_period_start", f"{today.year}-10-01")
    page.fill("#id_period_end", f"{today.year}-12-31")
    page.fill("#id_self_assessment_due", f"{today.year}-12-08")
    page.fill("#id_cell_meetings_due", f"{today.year}-12-18")
    page.fill("#id_decisions_due", f"{today.year + 1}-01-10")
    page.locator(SAVE).click()
    page.wait_for_url("**/reviews/campaigns/*/")
    campaign = ReviewCampaign.objects.get(period_kind="quarter")
    assert campaign.member_reviews.filter(organization=cell).exists()
    fits(page, size)

    login(page, "dangvien")
    page.goto(page.base_url + f"/reviews/campaigns/{campaign.pk}/")
    page.locator("#review-self").click()
    page.wait_for_url("**/reviews/members/*/")
    fits(page, size)
    page.fill("#id_general_points", "27")
    page.fill("#id_task_points", "60.5")
    page.fill("#id_self_notes", "Hoàn thành tốt nhiệm vụ chuyên môn và công tác đảng.")
    page.locator(SAVE).click()
    page.wait_for_selector("#self-done")
    mine = MemberReview.objects.get(campaign=campaign, member__user__username="dangvien")
    assert str(mine.points) == "87.5"

    login(page, "chibo")
    page.goto(page.base_url + "/")
    page.locator(f'[data-review-cell="{cell.pk}"][data-review-campaign="{campaign.pk}"] a.btn').click()
    page.wait_for_url(f"**/reviews/campaigns/{campaign.pk}/cells/{cell.pk}/propose/")
    fits(page, size)
    page.fill("#id_meeting_on", today.isoformat())
    page.fill("#id_meeting_reference", "Biên bản họp chi bộ")
    choose_ratings(page)
    page.locator("#save").click()
    page.wait_for_url(f"**/reviews/campaigns/{campaign.pk}/?org={cell.pk}")
    assert page.locator(".alert-success").is_visible()
    rated = campaign.member_reviews.filter(organization=cell, treatment="rated")
    assert not rated.filter(proposed_rating="").exists()
    fits(page, size)

    login(page, "khoi")
    page.goto(page.base_url + f"/reviews/campaigns/{campaign.pk}/?org={cell.pk}")
    page.locator("#review-decide").click()
    page.wait_for_url(f"**/reviews/campaigns/{campaign.pk}/decide/{cell.pk}/")
    fits(page, size)
    page.fill("#id_decided_on", today.isoformat())
    page.fill("#id_decision_number", "15-QĐ/ĐU")
    page.locator("#save").click()
    page.wait_for_url(f"**/reviews/campaigns/{campaign.pk}/?org={cell.pk}")
    assert not rated.filter(rating="").exists()
    page.locator("#review-results").click()
    page.wait_for_url(f"**/reviews/campaigns/{campaign.pk}/results/?org={cell.pk}")
    good = page.locator('#review-distribution tr[data-rating="good"] [data-percent]').inner_text()
    assert float(good.replace(",", ".")) > 0
    fits(page, size)


def choose_ratings(page) -> None:
    """Good for every member the sheet rates; not complete for a member disciplined this year (the rule's ceiling)."""
    rows = page.locator("#review-sheet > div[data-review]")
    for i in range(rows.count()):
        row = rows.nth(i)
        select = row.locator("select")
        if not select.count():
            continue  # listed, not rated
        select.select_option("not_complete" if row.locator("[data-disciplined]").count() else "good")
