"""Key flow in a real browser: the Bloc standing committee reads the dashboard, finds a member by a name
typed without diacritics, transfers them, and sees the transfer in the record's history."""

import datetime
import re

import pytest

from dashboard.selectors import dashboard_figures
from e2e.pages import choose_organization, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def figure(page, name) -> int:
    text = page.locator(f"#headline [data-figure={name}]").inner_text()
    return int(re.sub(r"\D", "", text))


def test_khoi_dashboard_search_transfer_history(page, demo_small, django_user_model):
    from members.choices import ACTIVE_STATUSES
    from members.models import Member
    from organizations.models import Organization

    khoi = django_user_model.objects.get(username="khoi")
    expected = dashboard_figures(khoi)
    assert expected["members"] > 0

    login(page, "khoi")
    assert figure(page, "grassroots") == expected["grassroots"]
    assert figure(page, "cells") == expected["cells"]
    assert figure(page, "members") == expected["members"]
    assert page.locator("#chart-age").is_visible()

    # A member whose name carries diacritics, searched for without them.
    candidates = Member.objects.filter(
        status__in=ACTIVE_STATUSES, temporary_organization__isnull=True, temporary_external="",
        organization__kind__code="cell",
    ).order_by("id")[:200]
    member = next(m for m in candidates if m.name_search != m.full_name.lower())
    typed = member.name_search  # e.g. "nguyen thi hang": lower case, no diacritics
    page.click("#nav-search-icon")  # at 1366 px the menu's search is an icon leading to the search page
    page.wait_for_url(re.compile(r".*/search/$"))
    page.fill("main input[name=q]", typed)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/search/.*"))
    page.get_by_role("link", name=member.full_name, exact=True).first.click()
    page.wait_for_url(re.compile(rf".*/members/{member.pk}/$"))
    assert page.locator("h1").inner_text().strip() == member.full_name

    destination = (
        Organization.objects.filter(status="active", kind__holds_members=True)
        .exclude(pk=member.organization_id).order_by("name_sort").first()
    )
    page.click("#action-transfer")
    page.check("input[name=kind][value=permanent]")
    choose_organization(page, "to_organization", destination)
    today = datetime.date.today().strftime("%d/%m/%Y")
    page.fill("#id_effective_on", datetime.date.today().isoformat())  # the date picker's value
    page.fill("#id_decision_number", "45-QĐ/ĐUK")
    page.fill("#id_reason", "Điều động công tác sang đơn vị mới")
    page.click("#action-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*/members/{member.pk}/$"))

    assert destination.name in page.locator("#member-organization").inner_text()
    history = page.locator("#history").inner_text()
    assert "Điều động công tác sang đơn vị mới" in history
    assert destination.name in history
    memberships = page.locator("#memberships").inner_text()
    assert today in memberships

    member.refresh_from_db()
    assert member.organization_id == destination.pk

