"""In the browser: the Bloc office narrows the member list to one cell by typing part of its name (the organisation
picker: the filter lists no organisation until asked), on a phone and a desktop; and a tree too large to draw whole
opens a branch by fetching its rows."""

import re

import pytest

from e2e.pages import login, open_filters

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def crowded(demo_small):
    """The small demo with 500 more cells under its first grassroots committee: more organisations than a select
    lists (organizations.widgets.SELECT_MAX) and than the tree draws whole (TREE_WHOLE_MAX)."""
    from organizations.models import Organization, OrganizationKind
    from organizations.selectors import TREE_WHOLE_MAX
    from organizations.testing import add_cells

    committee = Organization.objects.filter(kind__code="grassroots_committee").order_by("name_sort").first()
    cells = add_cells(committee, OrganizationKind.objects.get(code="cell"), TREE_WHOLE_MAX, code="THEM",
                      name="Chi bộ Thêm")
    return committee, cells


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "desktop"])
def test_member_list_narrowed_by_typing_a_cell_name(page, crowded, size):
    from members.choices import ACTIVE_STATUSES
    from members.models import Member
    from organizations.models import Organization

    page.set_viewport_size(size)
    login(page, "khoi")
    page.goto(page.base_url + "/members/")
    assert page.locator("select#id_organization").count() == 0, "the Bloc's organisations are not listed"
    cell = (Organization.objects.filter(status="active", kind__holds_members=True, members__status__in=ACTIVE_STATUSES)
            .distinct().order_by("name_sort").first())
    open_filters(page)
    box = page.locator("#id_organization")
    box.click()
    words = cell.name.split()
    box.type(" ".join(words[-3:]))
    option = page.locator(f"#id_organization_results [data-id='{cell.pk}']")
    option.wait_for()
    assert width(page) <= size["width"]
    while "active" not in (option.get_attribute("class") or ""):
        box.press("ArrowDown")
    box.press("Enter")  # chooses; does not send the form
    assert page.locator("#id_organization_value").input_value() == str(cell.pk)
    assert box.input_value() == cell.name
    page.click("#filter-form button[type=submit]")
    page.wait_for_url(re.compile(rf".*organization={cell.pk}.*"))
    shown = Member.objects.filter(status__in=ACTIVE_STATUSES).filter(organization=cell).count()
    assert page.locator("#id_organization").input_value() == cell.name
    assert str(shown) in page.locator("h1").inner_text()
    assert width(page) <= size["width"]


def test_a_large_tree_opens_a_branch_on_demand(page, crowded):
    from organizations.selectors import TREE_WHOLE_MAX

    committee, cells = crowded
    login(page, "khoi")
    page.goto(page.base_url + "/organizations/tree/")
    assert page.locator("#tree-lazy").is_visible()
    assert page.locator(f"#tree tr[data-id='{cells[0].pk}']").count() == 0
    row = page.locator(f"#tree tr[data-id='{committee.pk}']")
    row.locator(".tree-toggle").click()
    first = page.locator(f"#tree tr[data-id='{cells[0].pk}']")
    first.wait_for()
    assert first.is_visible()
    assert page.locator(f"#tree tr[data-parent='{committee.pk}']").count() >= TREE_WHOLE_MAX
    row.locator(".tree-toggle").click()  # closes again, without fetching twice
    assert not first.is_visible()
    row.locator(".tree-toggle").click()
    assert first.is_visible()
    assert page.locator(f"#tree tr[data-id='{cells[0].pk}']").count() == 1


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "desktop"])
def test_merge_sources_are_chosen_by_typing_and_taken_out_again(page, crowded, size):
    """Several organisations by the multiple picker: each chosen joins the list with a button that takes it out;
    the form, refused for its missing decision, comes back with the ones kept."""
    committee, cells = crowded
    page.set_viewport_size(size)
    login(page, "khoi")
    page.goto(page.base_url + f"/organizations/{cells[0].pk}/merge/")
    assert page.locator("select[name=sources]").count() == 0, "the Bloc's organisations are not listed"
    box = page.locator("#id_sources")
    for cell in (cells[1], cells[2]):
        box.click()
        box.fill("")
        box.type(cell.name.split()[-1])
        option = page.locator(f"#id_sources_results [data-id='{cell.pk}']")
        option.wait_for()
        option.click()
        page.locator(f"#id_sources_chosen [data-chosen='{cell.pk}']").wait_for()
        assert box.input_value() == ""
    assert width(page) <= size["width"]
    page.locator(f"#id_sources_chosen [data-chosen='{cells[1].pk}'] [data-picker-remove]").click()
    assert page.locator("#id_sources_chosen [data-chosen]").count() == 1
    page.locator("form:has(#id_sources_chosen) button[type=submit]").first.click()  # no decision: refused
    page.wait_for_load_state()
    kept = page.locator("#id_sources_chosen [data-chosen]")
    assert kept.count() == 1 and kept.first.get_attribute("data-chosen") == str(cells[2].pk)
    assert cells[2].name in kept.first.inner_text()
