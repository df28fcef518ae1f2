"""The demo logins on the login page."""

import pytest

from core.testing.pages import doc, text

pytestmark = pytest.mark.django_db


def test_login_page_shows_the_demo_logins_only_in_demo_mode(client, settings):
    from demo.generator import DEMO_PASSWORD, DEMO_USERS  # written by a colleague

    settings.DEMO_MODE = False
    body = text(client.get("/accounts/login/"))
    assert 'id="demo-logins"' not in body and DEMO_PASSWORD not in body

    settings.DEMO_MODE = True
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    block = doc(response).xpath('//*[@id="demo-logins"]')
    assert len(block) == 1
    shown = block[0].text_content()
    assert DEMO_PASSWORD in shown
    assert DEMO_USERS, "no demo user defined"
    for username, _label in DEMO_USERS:
        assert username in shown
