"""Sessions end when idle (SESSION_IDLE_MINUTES, core.middleware.SessionIdleMiddleware) and when the browser closes;
their cookies are Secure under HTTPS.

Time is moved by moving the stored session's expiry and its last-seen mark (the database is what the session
backend reads), not by mocking the clock.
"""

import datetime
import json
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD

HOME = "/"


def _stored(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _set(client, *, expires_in: datetime.timedelta, seen_ago: int) -> None:
    """The session as it is `seen_ago` seconds after the last renewal, `expires_in` before it runs out."""
    session = client.session
    session["_seen"] = int(time.time()) - seen_ago
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() + expires_in)


def _signed_in(response) -> bool:
    return response.status_code == 200 and response.wsgi_request.user.is_authenticated


def test_the_idle_time_is_the_session_age():
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60
    assert "core.middleware.SessionIdleMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
def test_a_session_idle_longer_than_the_limit_is_over(client_for, user_khoi):
    client = client_for(user_khoi)
    assert _signed_in(client.get(HOME))
    # SESSION_IDLE_MINUTES without a request: the stored expiry has passed.
    _set(client, expires_in=-datetime.timedelta(seconds=1), seen_ago=settings.SESSION_COOKIE_AGE + 1)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_activity_renews_the_session(client_for, user_khoi):
    client = client_for(user_khoi)
    # Two minutes before the end, after a quiet spell: a request pushes the end a full idle time away.
    _set(client, expires_in=datetime.timedelta(minutes=2), seen_ago=5 * 60)
    assert _signed_in(client.get(HOME))
    remaining = _stored(client).expire_date - timezone.now()
    assert remaining > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    # Again within the minute: not written again (a request does not write the session row each time).
    before = _stored(client).expire_date
    assert _signed_in(client.get(HOME))
    assert _stored(client).expire_date == before


@pytest.mark.django_db
def test_a_renewed_session_outlives_the_first_expiry(client_for, user_khoi):
    """Active every few minutes for longer than the idle limit: still signed in."""
    client = client_for(user_khoi)
    first_end = _stored(client).expire_date
    _set(client, expires_in=datetime.timedelta(minutes=1), seen_ago=120)
    assert _signed_in(client.get(HOME))
    assert _stored(client).expire_date > first_end


@pytest.mark.django_db
@override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_end_with_the_browser_and_are_secure_under_https(client, user_khoi):
    page = client.get(reverse("login"), secure=True)
    csrf = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"]
    response = client.post(reverse("login"), {"username": user_khoi.username, "password": PASSWORD}, secure=True)
    assert response.status_code == 302, response.content[:2000]
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie


def test_production_settings_make_the_cookies_secure_and_the_session_short():
    """The settings as a production environment reads them (a subprocess: the settings read the environment once)."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"DEBUG", "DEMO_MODE", "HTTPS", "PYTEST_VERSION", "SESSION_IDLE_MINUTES",
                          "SESSION_AT_BROWSER_CLOSE", "SECRET_KEY"}}
    env.update(DJANGO_SETTINGS_MODULE="dangbo.settings", SECRET_KEY="x" * 60)
    code = ("import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({n: "
            "getattr(s, n, None) for n in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY',"
            " 'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'SESSION_COOKIE_AGE', 'SECURE_SSL_REDIRECT',"
            " 'SECURE_PROXY_SSL_HEADER']}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True, "SESSION_COOKIE_AGE": 30 * 60, "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    env.update(SESSION_IDLE_MINUTES="10", SESSION_AT_BROWSER_CLOSE="0")
    result = subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=60)
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SESSION_COOKIE_AGE"] == 600 and values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is False
