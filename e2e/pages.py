"""What every browser test does the same way: sign in as a demo user, and find a page's own Save button."""

import re

from demo.generator import DEMO_PASSWORD

# The navbar carries hidden language buttons: the form's own Save button is the one in main.
SAVE = "main form button[type=submit]"


def login(page, username):
    """Sign in as `username` (any earlier session is dropped); a member-only user lands on their own record."""
    page.context.clear_cookies()
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/(members/\d+/)?$"))


def choose_organization(page, field: str, organization) -> None:
    """Choose `organization` in an organisation field (organizations.widgets) as a person does: from the select when
    the choices are few, otherwise by typing part of its name in the search box and tapping it in the list."""
    select = page.locator(f"select#id_{field}")
    if select.count():
        select.select_option(str(organization.pk))
        return
    box = page.locator(f"#id_{field}")
    box.fill("")
    box.type(organization.name)
    page.locator(f"#id_{field}_results [data-id='{organization.pk}']").click()
    assert page.locator(f"#id_{field}_value").input_value() == str(organization.pk)


def open_filters(page) -> None:
    """Show a list's filter form. On a phone it waits behind its button and slides open: a tap on its Submit button
    while it is still sliding can land on nothing, so this waits until Bootstrap has finished opening it."""
    toggle = page.locator("#filter-toggle")
    if toggle.is_visible() and not page.locator("#filter-form.show").count():
        toggle.click()
    page.wait_for_selector("#filter-form:not(.collapsing)", state="visible")


def settled(page) -> None:
    """The page loaded ("load": its styles, scripts and images in, its scripts run) and every htmx request it made
    answered and swapped in: what "networkidle" waited for, without its half second of quiet after every page (most
    of the time of the tests that walk every menu). htmx marks an element `.htmx-request` while its request is out;
    a block loaded on "load" has asked by then, as htmx starts on DOMContentLoaded."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")
