"""The optional second factor (TOTP, django-otp): required of administrators and the Bloc's standing committee when
OTP_REQUIRED is on, set up from a QR code before any other page, asked after the password, wrong codes counted like
wrong passwords; anyone may turn it on for themselves; nobody else is bothered."""

import base64
import re
import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from conftest import PASSWORD
from core import security as events
from core.testing.pages import doc

from .test_login_protection import PROTECTION

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")


@pytest.fixture(autouse=True)
def _settings():
    # django-otp's own back-off (1, 2, 4 s after a wrong code) would make the tests wait; the login limits still apply
    with override_settings(**PROTECTION, OTP_TOTP_THROTTLE_FACTOR=0):
        yield


required = override_settings(OTP_REQUIRED=True)


def code(key_hex: str) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return f"{totp.token():06d}"


def device_code(device) -> str:
    """The code the user's app shows now (the device's replay guard reset: a test may log in twice in 30 s)."""
    type(device).objects.filter(pk=device.pk).update(last_t=-1)
    return code(device.key)


def make_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def password_login(user, address="192.0.2.20") -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def wrong(device) -> str:
    right = device_code(device)
    return "000000" if right != "000000" else "111111"


def event_kinds(kind):
    from audit.models import SecurityEvent

    return SecurityEvent.objects.filter(kind=kind)


@required
def test_an_administrator_sets_up_an_app_before_any_other_page(user_admin):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = password_login(user_admin)
    for page in ("/", "/members/", reverse("password_change")):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), page
    setup = client.get(f"{SETUP}?next=/members/")
    assert setup.status_code == 200
    tree = doc(setup)
    src = tree.xpath('//img[@id="otp-qr"]/@src')[0]
    assert src.startswith("data:image/svg+xml;base64,") and b"<svg" in base64.b64decode(src.split(",", 1)[1])
    assert not tree.xpath("//*[@style]") and not tree.xpath("//script[not(@src)]")  # nothing the CSP refuses
    key = client.session["dangbo_totp_pending_key"]
    secret = tree.xpath('string(//*[@id="otp-secret"])').replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)).hex() == key
    assert not TOTPDevice.objects.exists()  # looking at the page stores nothing
    refused = client.post(SETUP, {"token": "000000" if code(key) != "000000" else "111111", "next": "/members/"})
    assert refused.status_code == 200 and doc(refused).xpath('//*[@id="id_token_error"]')
    assert event_kinds(events.OTP_FAILED).count() == 1
    done = client.post(SETUP, {"token": code(key), "next": "/members/"})
    assert done.status_code == 302 and done["Location"] == "/members/"
    assert TOTPDevice.objects.get(user=user_admin).confirmed
    assert client.get("/").status_code == 200
    assert event_kinds(events.OTP_DEVICE).get().user == user_admin


@required
def test_the_bloc_standing_committee_must_use_one_and_the_others_are_not_asked(client_for, user_khoi, user_coso,
                                                                               user_chibo, user_dangvien):
    response = client_for(user_khoi).get("/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    for user in (user_coso, user_chibo, user_dangvien):
        client = client_for(user)
        assert client.get("/").status_code == 200, user
        assert client.get(VERIFY).status_code == 302  # nothing owed: sent on


def test_when_not_required_nobody_is_asked(client_for, user_admin, user_khoi):
    for user in (user_admin, user_khoi):
        assert client_for(user).get("/").status_code == 200


def test_everyone_reaches_login_security_from_the_user_menu(client_for, user_admin, user_khoi, user_dangvien):
    for user in (user_admin, user_khoi, user_dangvien):
        client = client_for(user)
        links = doc(client.get("/")).xpath('//*[@id="nav-login-security"]/@href')
        assert links == [reverse("accounts:security")], user
        assert client.get(links[0]).status_code == 200, user


@required
def test_a_user_with_an_app_gives_its_code_after_the_password(user_admin):
    from axes.models import AccessAttempt

    device = make_device(user_admin)
    client = password_login(user_admin)
    response = client.get("/petitions/")
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Fpetitions%2F"
    assert client.get(response["Location"]).status_code == 200
    refused = client.post(VERIFY, {"token": wrong(device), "next": "/"})
    assert refused.status_code == 200 and doc(refused).xpath('//*[@id="id_token_error"]')
    assert AccessAttempt.objects.get(username=user_admin.username).failures_since_start == 1
    done = client.post(VERIFY, {"token": device_code(device), "next": "/"})
    assert done.status_code == 302 and done["Location"] == "/"
    assert client.get("/").status_code == 200
    assert not AccessAttempt.objects.filter(username=user_admin.username).exists()  # forgiven once complete


@required
def test_an_htmx_request_is_sent_to_the_code_form_as_a_whole_page(user_admin):
    make_device(user_admin)
    client = password_login(user_admin)
    response = client.get("/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == VERIFY


@required
def test_wrong_codes_lock_like_wrong_passwords(user_admin):
    device = make_device(user_admin)
    client = password_login(user_admin)
    for _ in range(4):
        assert client.post(VERIFY, {"token": wrong(device)}).status_code == 200
    locked = client.post(VERIFY, {"token": wrong(device)})
    assert locked.status_code == 429 and doc(locked).xpath('//*[@id="lockout"][@data-user-locked="1"]')
    assert "_auth_user_id" not in client.session  # the half-done login ended
    assert client.get("/").status_code == 302
    again = Client(REMOTE_ADDR="192.0.2.21")
    assert again.post(reverse("login"), {"username": user_admin.username, "password": PASSWORD}).status_code == 429
    assert event_kinds(events.OTP_FAILED).count() == 5 and event_kinds(events.LOCKOUT).count() == 1


@required
def test_a_right_password_does_not_reset_the_count_of_wrong_codes(user_admin):
    device = make_device(user_admin)
    client = password_login(user_admin)
    for _ in range(3):
        client.post(VERIFY, {"token": wrong(device)})
    client.post(reverse("logout"))
    client = password_login(user_admin)
    assert client.post(VERIFY, {"token": wrong(device)}).status_code == 200
    assert client.post(VERIFY, {"token": wrong(device)}).status_code == 429


def test_anyone_may_turn_it_on_and_off(client_for, user_chibo):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = client_for(user_chibo)
    security = reverse("accounts:security")
    assert doc(client.get(security)).xpath('//*[@id="two-step"][@data-enabled="0"][@data-required="0"]')
    client.get(SETUP)
    key = client.session["dangbo_totp_pending_key"]
    assert client.post(SETUP, {"token": code(key)})["Location"] == security
    assert doc(client.get(security)).xpath('//*[@id="two-step"][@data-enabled="1"]')
    device = TOTPDevice.objects.get(user=user_chibo)
    # the next login asks for the code
    other = password_login(user_chibo, "192.0.2.30")
    assert other.get("/")["Location"].startswith(VERIFY)
    assert other.post(VERIFY, {"token": device_code(device)}).status_code == 302
    # turning it off asks for a current code
    remove = reverse("accounts:otp_remove")
    refused = other.post(remove, {"token": wrong(device)})
    assert refused.status_code == 200 and TOTPDevice.objects.filter(user=user_chibo).exists()
    assert other.post(remove, {"token": device_code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user_chibo).exists()
    assert [e.detail for e in event_kinds(events.OTP_DEVICE).order_by("id")] == ["added", "removed"]
    assert Client(REMOTE_ADDR="192.0.2.31").post(reverse("login"), {"username": user_chibo.username,
                                                                    "password": PASSWORD}).status_code == 302


@required
def test_a_required_second_factor_cannot_be_turned_off(user_khoi):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = make_device(user_khoi)
    client = password_login(user_khoi)
    client.post(VERIFY, {"token": device_code(device)})
    assert doc(client.get(reverse("accounts:security"))).xpath('//*[@id="two-step"][@data-required="1"]')
    refused = client.post(reverse("accounts:otp_remove"), {"token": device_code(device)})
    assert refused.status_code == 200 and TOTPDevice.objects.filter(user=user_khoi).exists()


@required
def test_the_gate_leaves_the_logout_and_static_files_open(client_for, user_admin):
    client = client_for(user_admin)
    assert not re.match(SETUP, client.get("/static/css/app.css").get("Location", ""))
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
