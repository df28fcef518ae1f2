"""The API in the browser (issue 19): on a 390 px phone and a 1366 px screen a cell secretary makes a token from the
user menu's page, copies it (shown once), a program reads the members with it, the secretary revokes it and the
program is refused. The API's docs page loads only our own files and breaks nothing of the Content-Security-Policy."""

import pytest

from e2e.pages import SAVE, login
from e2e.test_csp import LISTEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = ({"width": 390, "height": 844}, {"width": 1366, "height": 900})


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("size", SIZES, ids=[f"{s['width']}px" for s in SIZES])
def test_a_secretary_makes_uses_and_revokes_a_token(page, demo_small, size):
    from api.models import ApiToken

    page.set_viewport_size(size)
    login(page, "chibo")
    page.goto(page.base_url + "/")
    href = page.locator("#nav-api-tokens").get_attribute("href")
    page.goto(page.base_url + href)
    assert width(page) <= size["width"]
    page.locator("#token-create").click()
    page.fill("#id_name", "Ứng dụng điện thoại")
    page.locator("input[name=access][value=read]").check()
    page.locator(SAVE).click()
    page.wait_for_url(f"**{href}")
    text = page.locator("#new-token-text").inner_text().strip()
    assert text.startswith("dgb_") and width(page) <= size["width"]

    headers = {"Authorization": f"Bearer {text}"}
    response = page.request.get(page.base_url + "/api/v1/members?page_size=5", headers=headers)
    assert response.status == 200 and response.json()["count"] > 0
    token = ApiToken.objects.get(name="Ứng dụng điện thoại")
    assert token.last_used_at is not None and token.last_used_from == "127.0.0.1"

    page.reload()
    assert page.locator("#new-token-text").count() == 0  # shown once
    row = page.locator(f'tr[data-token-id="{token.pk}"]')
    row.locator("button[type=submit]").click()  # data-confirm: the page fixture accepts the dialog
    page.wait_for_url(f"**{href}")
    assert page.locator(f'tr[data-token-id="{token.pk}"][data-state="revoked"]').count() == 1
    assert width(page) <= size["width"]
    assert page.request.get(page.base_url + "/api/v1/members", headers=headers).status == 401


def test_the_docs_page_uses_our_files_only_and_keeps_the_csp(page):
    requests, console = [], []
    page.add_init_script(LISTEN)
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: console.append(message.text) if "Content Security Policy" in message.text
            else None)
    response = page.goto(page.base_url + "/api/v1/docs")
    assert response.status == 200 and "script-src 'self'" in response.headers["content-security-policy"]
    page.locator(".swagger-ui .information-container").wait_for()  # the schema was read and drawn
    page.locator(".opblock-tag-section").first.wait_for()
    page.evaluate("() => new Promise((done) => setTimeout(done, 200))")
    assert page.evaluate("window.__csp") == [] and console == []
    assert requests and all(url.startswith(page.base_url) or url.startswith("data:") for url in requests), requests
    assert any(url.endswith("/api/v1/openapi.json") for url in requests)
