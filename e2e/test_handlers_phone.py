"""The Bloc's inspection committee chair (`ubkt`: a seat, no role assignment) on a phone and on a desktop: every
entry of their menu and their home page open (status 200, no console error, no page wider than the screen), and
from home they reach a case file they hold and a petition in a few taps.

demo_small makes `ubkt` from the Bloc's inspection chair in office (demo.petitions_data.chair_account)."""

import re

import pytest
from playwright.sync_api import expect

from e2e.pages import login, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = ((390, 844), (1366, 900))


def open_context(browser, live_server, width, height):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations of irreversible steps (data-confirm)
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    return context, page


def assert_fits(page, width, what):
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{what}: {wide} px wide at {width} px"
    assert not page.console_errors, f"{what}: {page.console_errors[0]}"


def menu_entries(page) -> list[str]:
    """The pages the menu opens (a group's toggle is not one)."""
    hrefs = page.eval_on_selector_all("nav a[id^='nav-']", "links => links.map(a => a.getAttribute('href'))")
    return sorted({h for h in hrefs if h and h != "#"})


@pytest.mark.parametrize("width,height", SCREENS, ids=[f"{w}px" for w, _ in SCREENS])
def test_ubkt_opens_only_working_pages_and_reaches_a_case_and_a_petition(browser, live_server, demo_small, width,
                                                                         height):
    from inspections.models import Case

    assert demo_small["inspection_chair"] == "ubkt", "the small demo has a Bloc inspection chair"
    context, page = open_context(browser, live_server, width, height)
    try:
        login(page, "ubkt")
        page.goto(page.base_url + "/")
        settled(page)  # the petitions' block comes by htmx
        assert_fits(page, width, "home")
        entries = menu_entries(page)
        # the chair's work: the petitions (the seat opens the Bloc's letters) and the inspections (the seat holds
        # the Bloc's case files); nothing they could not open
        assert "/petitions/" in entries and "/inspections/" in entries
        assert "/petitions/receive/" not in entries  # receiving letters is the committee staff's (no role here)
        for href in entries:
            page.console_errors.clear()
            response = page.goto(page.base_url + href)
            assert response.status == 200, f"{href}: {response.status}"
            settled(page)
            assert_fits(page, width, href)
        # what the inspection page shows the seat opens too: the case list, the remedies, the statistics
        page.goto(page.base_url + "/inspections/")
        for link in ("#cases-link", "#remedies-link", "#statistics-link"):
            href = page.locator(link).get_attribute("href")
            page.console_errors.clear()
            response = page.goto(page.base_url + href)
            assert response.status == 200, href
            assert_fits(page, width, href)
            page.go_back()

        # From home to a case file they hold: one tap on the block of their case files
        page.goto(page.base_url + "/")
        item = page.locator("#my-cases li[data-case] a").first
        expect(item).to_be_visible()
        item.click()
        page.wait_for_url(re.compile(r".*/inspections/cases/\d+/$"))
        case = Case.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
        expect(page.locator("#case-state")).to_have_text(case.state.label)
        page.console_errors.clear()
        assert_fits(page, width, "case file")
        remedies = page.locator("#remedies tbody a")
        if remedies.count():  # a remedy of the file, and back
            remedies.first.click()
            page.wait_for_url(re.compile(r".*/inspections/remedies/\d+/$"))
            assert_fits(page, width, "remedy")
            page.go_back()
        page.goto(page.base_url + case.programme.get_absolute_url())
        assert_fits(page, width, "programme")

        # From home to a petition: the to-do's count opens the register filtered, a row opens the letter
        page.goto(page.base_url + "/")
        todo = page.locator("#petition-todo")
        expect(todo).to_be_visible()
        badge = todo.locator("a[data-figure]").first
        count = int(badge.inner_text().split()[0])
        badge.click()
        page.wait_for_url(re.compile(r".*/petitions/\?.+"))
        expect(page.locator("#result-count")).to_have_text(str(count))
        expect(page.locator("#petition-table tbody tr[data-number]")).to_have_count(min(count, 50))
        assert_fits(page, width, "register")
        page.locator("#petition-table tbody tr[data-number] a").first.click()
        page.wait_for_url(re.compile(r".*/petitions/\d+/$"))
        expect(page.locator("#sender-card")).to_be_visible()
        assert page.locator("#sender").inner_text() != "•••"  # the chair sees who wrote
        expect(page.locator("#access-log")).to_be_visible()  # and who opened the letter
        assert_fits(page, width, "petition")
    finally:
        context.close()


def test_the_clerk_on_a_phone_checks_the_sender_before_saving_and_classifies(browser, live_server, demo_small):
    """coso at 390 px: the intake form finds the earlier letter of the sender being typed (htmx), the letter is
    entered, and the classification's picker names each organisation with where it sits; no page scrolls sideways."""
    from accounts.models import RoleAssignment
    from petitions.models import Access, Petition

    committee = RoleAssignment.objects.get(user__username="coso", role="committee_staff").organization
    # a letter coso handles: the check compares only letters whose sender the clerk may see
    earlier = (Petition.objects.filter(organization=committee, anonymous=False, handlers__user__username="coso",
                                       handlers__ended_on__isnull=True).exclude(sender_name="")
               .order_by("-received_on").first())
    assert earlier is not None, "the small demo has letters in coso's hands"
    context, page = open_context(browser, live_server, 390, 844)
    try:
        login(page, "coso")
        page.goto(page.base_url + "/petitions/receive/")
        assert_fits(page, 390, "receive")
        page.select_option("#id_organization", str(committee.pk))
        page.fill("#id_sender_name", earlier.sender_name.upper())  # typed otherwise: the same sender
        page.fill("#id_sender_address", earlier.sender_address)
        page.click("#check-sender")
        found = page.locator(f"#sender-check-found li[data-number='{earlier.register_number}']")
        expect(found).to_be_visible()
        assert_fits(page, 390, "receive, checked")
        assert Access.objects.filter(petition=earlier, user__username="coso", via="sender_check").exists()
        page.fill("#id_summary", "Phản ánh lại việc cũ")
        page.fill("#id_content", "Đề nghị xem xét lại.")
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r".*/petitions/\d+/$"))
        assert_fits(page, 390, "petition")
        page.click("#do-classify")
        page.wait_for_url(re.compile(r".*/petitions/\d+/classify/$"))
        assert_fits(page, 390, "classify")
        options = page.eval_on_selector_all("#id_subject_organization option",
                                            "os => os.filter(o => o.value).map(o => o.textContent)")
        # every active organisation, the namesakes told apart by where they sit
        assert any(" — " in o for o in options) and len(set(options)) == len(options)
        assert page.locator("#action-form").get_attribute("data-confirm")
    finally:
        context.close()
