"""The address kept with an event: REMOTE_ADDR; behind the reverse proxy, the X-Forwarded-For entry the proxy wrote
(counted from the right, so a forged entry the client sent is never taken). Checked through real requests: an export
of the member list."""

import pytest
from django.test import RequestFactory

from audit.requests import client_ip
from core import security

pytestmark = [pytest.mark.django_db, pytest.mark.urls("audit.tests.urls")]


def export_address(client_for, user, **meta):
    from audit.models import SecurityEvent

    response = client_for(user).get("/members/?export=xlsx", **meta)
    assert response.status_code == 200
    return SecurityEvent.objects.get(kind=security.EXPORT).ip_address


def test_a_forged_forwarded_for_is_ignored_without_a_proxy(settings, client_for, user_khoi):
    settings.SECURE_PROXY_SSL_HEADER = None
    assert export_address(client_for, user_khoi, REMOTE_ADDR="10.9.8.7",
                          HTTP_X_FORWARDED_FOR="6.6.6.6") == "10.9.8.7"


def test_behind_the_proxy_the_address_it_forwarded_is_kept(settings, client_for, user_khoi):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.AXES_IPWARE_PROXY_COUNT = 1
    # The client sent "6.6.6.6" itself; the proxy appended the address it saw.
    assert export_address(client_for, user_khoi, REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5") == "203.0.113.5"


@pytest.mark.parametrize("forwarded,proxies,expected", [
    ("203.0.113.5", 1, "203.0.113.5"),
    ("6.6.6.6, 203.0.113.5, 10.0.0.2", 2, "203.0.113.5"),
    ("203.0.113.5", 2, "203.0.113.5"),  # fewer entries than proxies: the leftmost
    ("not-an-address", 1, "127.0.0.1"),  # nonsense: the proxy's own address
    ("[2001:db8::7]:5555", 1, "2001:db8::7"),
    ("203.0.113.5:4444", 1, "203.0.113.5"),
    ("", 1, "127.0.0.1"),
])
def test_the_forwarded_entry_taken(settings, forwarded, proxies, expected):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.AXES_IPWARE_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_request_without_an_address():
    request = RequestFactory().get("/")
    request.META.pop("REMOTE_ADDR")
    assert client_ip(request) is None
