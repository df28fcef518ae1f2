"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    # Playwright's sync API refuses to run inside a running asyncio loop; pytest-django's live server
    # is a thread, so a plain sync session is fine.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    artifacts = os.environ.get("E2E_SCREENSHOTS")
    if artifacts:
        os.makedirs(artifacts, exist_ok=True)
    context.close()


@pytest.fixture
def demo_small(transactional_db):
    """The demo installation at a small size, with the five demo users."""
    from demo.generator import SCALES, generate

    return generate(seed=2018, **SCALES["small"])
