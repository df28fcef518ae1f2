"""What is due for members, in the browser (issue 13): on a 390 px phone and a 1366 px screen the cell secretary sees
their cell's items on the home page, the grassroots committee's office lists them on the due page and records the
transfer papers from it; no page is wider than the screen."""

import datetime
import re

import pytest

from e2e.pages import SAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})
TODAY = datetime.date.today()


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def due(demo_small):
    """In the secretary's cell: a probationary member whose consideration is overdue, a member transferred out a
    week ago (the papers due)."""
    from django.contrib.auth import get_user_model

    from accounts.models import RoleAssignment
    from members import services

    admin = get_user_model().objects.get(username="admin")
    cell = RoleAssignment.objects.get(user__username="chibo").organization
    late = services.member_register(
        actor=admin, organization=cell, status="probationary", admitted_on=TODAY - datetime.timedelta(days=500),
        full_name="Trịnh Thị Dự Bị", gender="female", date_of_birth=datetime.date(1995, 3, 3), hometown="Vĩnh Phúc")
    leaving = services.member_register(
        actor=admin, organization=cell, status="full", admitted_on=datetime.date(2012, 3, 1),
        full_on=datetime.date(2013, 3, 1), full_name="Trịnh Văn Chuyển", gender="male",
        date_of_birth=datetime.date(1980, 4, 4), hometown="Vĩnh Phúc")
    services.member_transfer(actor=admin, member=leaving, kind="permanent",
                             effective_on=TODAY - datetime.timedelta(days=7),
                             to_external="Đảng bộ Công an tỉnh Tuyên Quang", reason="Chuyển công tác")
    return {"cell": cell, "late": late, "leaving": leaving}


@pytest.mark.parametrize("size", SIZES, ids=[f"{s['width']}px" for s in SIZES])
def test_the_secretary_sees_the_cells_items_on_the_home_page(page, due, size):
    page.set_viewport_size(size)
    login(page, "chibo")
    page.goto(page.base_url + "/")
    panel = page.locator("#members-due")
    assert panel.is_visible()
    assert panel.locator('[data-kind="full_membership"]', has_text="Trịnh Thị Dự Bị").count() == 1
    assert panel.locator('[data-kind="papers"]', has_text="Trịnh Văn Chuyển").count() == 1
    assert panel.locator('[data-state="overdue"]').count() >= 1
    assert width(page) <= size["width"]


@pytest.mark.parametrize("size", SIZES, ids=[f"{s['width']}px" for s in SIZES])
def test_the_office_records_the_papers_from_the_due_page(page, due, size):
    from members.models import Membership

    page.set_viewport_size(size)
    login(page, "coso")
    page.goto(page.base_url + "/members/due/")
    assert width(page) <= size["width"]
    item = page.locator('#due-papers li[data-kind="papers"]', has_text="Trịnh Văn Chuyển")
    assert item.locator('[data-state="due"]').is_visible()
    item.locator('a[data-action="papers"]').click()
    page.wait_for_url(re.compile(r".*/members/periods/\d+/papers/$"))
    assert width(page) <= size["width"]
    page.fill("#id_issued_on", TODAY.isoformat())
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*/members/{due['leaving'].pk}/$"))
    assert width(page) <= size["width"]
    assert page.locator('[data-note="papers"]').inner_text().find(TODAY.strftime("%d/%m/%Y")) >= 0
    assert Membership.objects.get(member=due["leaving"], ended_by_transfer=True).papers_issued_on == TODAY
    page.goto(page.base_url + "/members/due/")
    assert page.locator('#due-papers li[data-kind="papers"]', has_text="Trịnh Văn Chuyển").count() == 0
