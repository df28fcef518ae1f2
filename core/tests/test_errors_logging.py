"""Errors that leave a trace: an unhandled error answers the 500 page with the request's id, the same id is in the
X-Request-ID header, and the server log — as the configured LOGGING handler writes it — holds the traceback with
that id. The 403 and 404 pages show the id too.

This module is also the test URLconf (override_settings(ROOT_URLCONF=__name__)): the application's URLs plus a few
views that fail on purpose.
"""

import io
import logging
import re
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path


class Boom(Exception):
    pass


def boom(request):
    raise Boom("the forced error of test_errors_logging")


def needs_the_database(request):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.count()  # outside a database test: refused, as when the database is down


def refused(request):
    raise PermissionDenied


urlpatterns = [
    path("test-errors/boom/", boom),
    path("test-errors/database/", needs_the_database),
    path("test-errors/refused/", refused),
    path("", include("dangbo.urls")),
]
handler403 = "core.errors.handler403"
handler404 = "core.errors.handler404"
handler500 = "core.errors.handler500"

ERRORS = override_settings(ROOT_URLCONF=__name__)


@contextmanager
def server_log():
    """What the configured console handler writes (settings.LOGGING: formatter with the request id, its filter),
    into a buffer instead of stderr for the duration."""
    handlers = {h for name in ("django.request", "django", "dangbo") for h in logging.getLogger(name).handlers
                if isinstance(h, logging.StreamHandler)}
    assert handlers, "LOGGING configures no console handler"
    buffer = io.StringIO()
    previous = {handler: handler.setStream(buffer) for handler in handlers}
    try:
        yield buffer
    finally:
        for handler, stream in previous.items():
            handler.setStream(stream)


def _shown_id(html: str) -> str:
    match = re.search(r'id="request-id" data-request-id="([^"]+)"', html)
    assert match, html[:2000]
    return match.group(1)


@ERRORS
def test_an_unhandled_error_shows_its_id_and_logs_its_traceback_with_it():
    client = Client(raise_request_exception=False)
    with server_log() as log:
        response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{16}", request_id)
    assert _shown_id(response.content.decode()) == request_id
    written = log.getvalue()
    # The log line carries the id (the formatter's [%(request_id)s]) and the traceback follows it.
    line = next(line for line in written.splitlines() if "Internal Server Error: /test-errors/boom/" in line)
    assert f"ERROR [{request_id}] django.request" in line
    assert "Traceback (most recent call last)" in written
    assert 'raise Boom("the forced error of test_errors_logging")' in written
    assert "Boom: the forced error of test_errors_logging" in written


@ERRORS
def test_the_proxys_request_id_is_kept():
    client = Client(raise_request_exception=False)
    with server_log() as log:
        response = client.get("/test-errors/boom/", headers={"X-Request-ID": "nginx-4f1c2a9b77"})
    assert response.headers["X-Request-ID"] == "nginx-4f1c2a9b77"
    assert _shown_id(response.content.decode()) == "nginx-4f1c2a9b77"
    assert "[nginx-4f1c2a9b77] django.request" in log.getvalue()
    # Not an id: a header that would inject into the log is replaced by a fresh one.
    with server_log():
        response = client.get("/test-errors/boom/", headers={"X-Request-ID": "x\nFAKE LOG LINE"})
    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-ID"])


@ERRORS
def test_the_500_page_is_drawn_without_the_database():
    """No `db` mark: any query raises, as a database that is down would. The view's own query fails; the error
    page, drawn with no context processor and no base template, still comes with its id."""
    client = Client(raise_request_exception=False)
    with server_log() as log:
        response = client.get("/test-errors/database/")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    assert _shown_id(response.content.decode()) == request_id
    assert f"[{request_id}]" in log.getvalue() and "Database access not allowed" in log.getvalue()
    assert "<script" not in response.content.decode() and "style=" not in response.content.decode()  # CSP


@ERRORS
def test_the_403_and_404_pages_show_the_id(db, client_for, user_admin):
    client = client_for(user_admin)
    for url, status in (("/test-errors/refused/", 403), ("/no-such-page/", 404)):
        response = client.get(url)
        assert response.status_code == status
        assert _shown_id(response.content.decode()) == response.headers["X-Request-ID"]


def test_the_application_urlconf_names_the_handlers():
    from django.urls import get_resolver

    resolver = get_resolver("dangbo.urls")
    for code in (403, 404, 500):
        handler = resolver.resolve_error_handler(code)
        assert handler.__module__ == "core.errors", code


@pytest.mark.django_db
def test_a_missing_object_in_the_app_answers_404_with_the_id(client_for, user_admin):
    response = client_for(user_admin).get("/members/999999999/")
    assert response.status_code == 404
    assert _shown_id(response.content.decode()) == response.headers["X-Request-ID"]
