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
    page.on("dialog", lambda dialog: dialog.accept())  # data-confirm before an irreversible step: the user agrees
    page.base_url = live_server.url
    yield page
    artifacts = os.environ.get("E2E_SCREENSHOTS")
    if artifacts:
        os.makedirs(artifacts, exist_ok=True)
    context.close()


# Each browser test is transactional, and its flush also removes what the data migrations seeded (organisation
# kinds, rules, allowance categories), which the demo generator needs. The first test here keeps a copy of the
# migrated data; every later test gets it back before it starts.
_MIGRATED: dict[str, str] = {}


def _keep_or_restore_migrated_data():
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    from organizations.models import OrganizationKind

    if OrganizationKind.objects.exists():
        _MIGRATED.setdefault(connection.alias, connection.creation.serialize_db_to_string())
        return
    contents = _MIGRATED.get(connection.alias) or getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        pytest.fail("the migrated data was flushed by an earlier transactional test before this module kept a copy")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(contents)
    with connection.cursor() as cursor:  # PostgreSQL: the rows came back with their ids
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def migrated_data(transactional_db):
    _keep_or_restore_migrated_data()


@pytest.fixture
def demo_small(transactional_db, migrated_data):
    """The demo installation at a small size, with the five demo users."""
    from demo.generator import SCALES, generate

    return generate(seed=2018, **SCALES["small"])
