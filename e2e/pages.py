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
