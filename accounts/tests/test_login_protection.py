"""Login protection through the real login page: lockout per user name and per address (django-axes), the lockout
page, the administrator's unlock page, the security events of logging in and out, and the password validators."""

import datetime
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from core import security as events
from core.testing.pages import doc

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
# What dangbo/settings.py is asked to say (see the report): the two limits through accounts.security.failure_limit,
# and the user name's failures forgotten by accounts (not by axes, which would also forget the address's).
PROTECTION = dict(AXES_FAILURE_LIMIT="accounts.security.failure_limit", AXES_RESET_ON_SUCCESS=False,
                  LOGIN_FAILURE_LIMIT=5, LOGIN_ADDRESS_FAILURE_LIMIT=20)


@pytest.fixture(autouse=True)
def _protection():
    with override_settings(**PROTECTION):
        yield


def client_at(address: str = "192.0.2.10") -> Client:
    return Client(REMOTE_ADDR=address)


def log_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# ---- lockout per user name and per address -------------------------------------------------------------------------

def test_five_wrong_passwords_lock_the_user_name_even_for_the_right_password(user_khoi):
    client = client_at()
    for attempt in range(1, 5):
        response = log_in(client, user_khoi.username, f"sai-{attempt}")
        assert response.status_code == 200 and doc(response).xpath('//form//div[contains(@class,"alert-danger")]')
    fifth = log_in(client, user_khoi.username, "sai-5")
    assert fifth.status_code == 429 and doc(fifth).xpath('//*[@id="lockout"][@data-user-locked="1"]')
    right = log_in(client, user_khoi.username, PASSWORD)
    assert right.status_code == 429 and not logged_in(client)
    # the user name is locked from every address, not only the one that guessed
    elsewhere = client_at("198.51.100.7")
    assert log_in(elsewhere, user_khoi.username, PASSWORD).status_code == 429 and not logged_in(elsewhere)
    # another user at the first address still logs in (the address has 7 failures, below its 20)
    other = client_at()
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("nguoi_khac", password=PASSWORD)
    assert log_in(other, "nguoi_khac", PASSWORD).status_code == 302 and logged_in(other)


def test_failures_spread_over_many_names_lock_the_address(user_coso):
    attacker = client_at("203.0.113.50")
    statuses = [log_in(attacker, f"ten_{n}", "doan-mo").status_code for n in range(5) for _ in range(4)]
    assert statuses[:19] == [200] * 19 and statuses[19] == 429  # no name reached 5; the address reached 20
    page = log_in(attacker, user_coso.username, PASSWORD)
    assert page.status_code == 429 and not logged_in(attacker)
    assert doc(page).xpath('//*[@id="lockout"][@data-address-locked="1"][@data-user-locked="0"]')
    elsewhere = client_at("198.51.100.8")
    assert log_in(elsewhere, user_coso.username, PASSWORD).status_code == 302 and logged_in(elsewhere)


def test_the_address_limit_is_above_the_user_limit_and_read_from_settings(rf):
    from accounts.security import address_failure_limit, failure_limit, user_failure_limit

    assert (user_failure_limit(), address_failure_limit()) == (5, 20)
    request = rf.post(LOGIN)
    request.axes_attempt_time = timezone.now()
    assert failure_limit(request, {"username": "ai_do"}) == 20
    with override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ADDRESS_FAILURE_LIMIT=None):
        assert (user_failure_limit(), address_failure_limit()) == (3, 12)
    with override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=2):  # never below the per-user limit
        assert address_failure_limit() == 5


def test_a_successful_login_forgets_its_own_failures_but_not_the_address(user_khoi):
    from axes.models import AccessAttempt

    client = client_at("192.0.2.77")
    for _ in range(3):
        log_in(client, "ten_khac", "doan")
    for _ in range(4):
        log_in(client, user_khoi.username, "sai")
    assert log_in(client, user_khoi.username, PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=user_khoi.username).exists()
    assert AccessAttempt.objects.get(username="ten_khac").failures_since_start == 3


# ---- the pages say nothing about whether a user name exists ----------------------------------------------------------

def _alert(response) -> str:
    return " ".join(" ".join(doc(response).xpath('//div[contains(@class,"alert")]//text()')).split())


def test_the_login_form_answers_the_same_for_an_unknown_name_a_wrong_password_and_a_disabled_account(make_user):
    disabled = make_user("da_nghi")
    disabled.is_active = False
    disabled.save()
    make_user("co_that")
    answers = [log_in(client_at(), name, password) for name, password in
               (("co_that", "sai-roi"), ("khong_co_ai", "sai-roi"), ("da_nghi", PASSWORD))]
    assert {r.status_code for r in answers} == {200}
    assert len({_alert(r) for r in answers}) == 1 and _alert(answers[0])


def test_the_lockout_page_is_the_same_for_an_unknown_name(make_user):
    make_user("co_that")
    pages = []
    for name in ("co_that", "khong_co_ai"):
        client = client_at(f"192.0.2.{len(pages) + 30}")
        for _ in range(5):
            response = log_in(client, name, "sai")
        text = " ".join(doc(response).xpath('//*[@id="lockout"]//text()')).replace(name, "NAME")
        pages.append(re.sub(r"\b\d{1,2}:\d{2}\b", "HH:MM", text).split())  # the two may straddle a minute
    assert pages[0] == pages[1]


# ---- the lockout page -------------------------------------------------------------------------------------------------

def _lock(name="bi_khoa", address="192.0.2.99"):
    client = client_at(address)
    for _ in range(5):
        response = log_in(client, name, "sai")
    return response


@override_settings(LOGIN_LOCKOUT_CONTACT="Văn phòng Đảng ủy Khối, 0211 3862 555", LANGUAGE_CODE="en")
def test_the_lockout_page_says_until_when_and_whom_to_call():
    before = timezone.now()
    page = _lock()
    assert page.status_code == 429
    tree = doc(page)
    until = datetime.datetime.fromisoformat(tree.xpath('//*[@id="lockout-until"]/@data-until')[0])
    assert before + datetime.timedelta(minutes=59) < until < timezone.now() + datetime.timedelta(minutes=61)
    assert "Văn phòng Đảng ủy Khối, 0211 3862 555" in tree.xpath('string(//*[@id="lockout-contact"])')
    assert "bi_khoa" in tree.xpath('string(//*[@id="lockout-username"])')
    assert tree.xpath("//html/@lang") == ["en"] or tree.xpath("//html/@lang") == ["vi"]


@override_settings(AXES_COOLOFF_TIME=None)
def test_without_a_cool_off_the_lock_stays_until_an_administrator_lifts_it():
    page = _lock()
    assert page.status_code == 429
    assert doc(page).xpath('//*[@id="lockout-until"]/@data-until') == [""]


# ---- the administrator's unlock page ------------------------------------------------------------------------------

def test_the_administrator_sees_the_locks_and_lifts_one_with_a_reason(client_for, user_admin, user_khoi):
    for _ in range(5):
        log_in(client_at("192.0.2.5"), user_khoi.username, "sai")
    admin = client_for(user_admin)
    listing = admin.get(reverse("accounts:login_locks"))
    assert listing.status_code == 200
    row = doc(listing).xpath(f'//table[@id="lock-table"]//tr[@data-lock="username-{user_khoi.username}"]')
    assert row and row[0].xpath('string(.//td[@data-failures])').strip() == "5"
    unlock = reverse("accounts:login_unlock", args=["username", user_khoi.username])
    assert row[0].xpath(f'.//a[@href="{unlock}"]')
    refused = admin.post(unlock, {"reason": ""})  # a reason is required
    assert refused.status_code == 200 and doc(refused).xpath('//*[@id="id_reason_error"]')
    assert log_in(client_at("192.0.2.6"), user_khoi.username, PASSWORD).status_code == 429
    done = admin.post(unlock, {"reason": "Đồng chí gọi điện, đã xác minh"})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login_locks")
    assert not doc(admin.get(reverse("accounts:login_locks"))).xpath('//tr[@data-lock]')
    client = client_at("192.0.2.6")
    assert log_in(client, user_khoi.username, PASSWORD).status_code == 302 and logged_in(client)
    from audit.models import SecurityEvent

    event = SecurityEvent.objects.get(kind=events.UNLOCK)
    assert event.user == user_admin and f"username={user_khoi.username}" in event.detail
    assert "đã xác minh" in event.detail


def test_an_address_lock_is_listed_with_the_names_tried_and_lifted(client_for, user_admin):
    for n in range(20):
        log_in(client_at("203.0.113.77"), f"ten_{n % 5}", "doan")
    admin = client_for(user_admin)
    row = doc(admin.get(reverse("accounts:login_locks"))).xpath('//tr[@data-lock="address-203.0.113.77"]')
    assert row and "ten_0" in row[0].text_content()
    assert admin.post(reverse("accounts:login_unlock", args=["address", "203.0.113.77"]),
                      {"reason": "Văn phòng Sở"}).status_code == 302
    assert log_in(client_at("203.0.113.77"), "ten_0", "doan").status_code == 200  # counting starts again


@pytest.mark.parametrize("name", ["khoi", "coso", "chibo", "dangvien"])
def test_only_the_administrator_opens_the_locks(request, client_for, name):
    from axes.models import AccessAttempt

    _lock("bi_khoa")
    client = client_for(request.getfixturevalue(f"user_{name}"))
    assert client.get(reverse("accounts:login_locks")).status_code == 403
    unlock = reverse("accounts:login_unlock", args=["username", "bi_khoa"])
    assert client.get(unlock).status_code == 403
    assert client.post(unlock, {"reason": "thử"}).status_code == 403
    assert AccessAttempt.objects.filter(username="bi_khoa").exists()


def test_a_lock_that_is_not_there_is_not_found(client_for, user_admin):
    admin = client_for(user_admin)
    assert admin.get(reverse("accounts:login_unlock", args=["username", "khong_bi_khoa"])).status_code == 404
    assert admin.get(reverse("accounts:login_unlock", args=["nothing", "x"])).status_code == 404


def test_the_menu_shows_the_locks_to_the_administrator_only(client_for, user_admin, user_khoi):
    url = reverse("accounts:login_locks")
    assert doc(client_for(user_admin).get("/")).xpath(f'//a[@href="{url}"]')
    assert not doc(client_for(user_khoi).get("/")).xpath(f'//a[@href="{url}"]')


# ---- security events ------------------------------------------------------------------------------------------------

def test_logins_failures_lockouts_and_logouts_are_recorded(user_khoi):
    from audit.models import SecurityEvent

    client = client_at("192.0.2.40")
    assert log_in(client, user_khoi.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(6):
        log_in(client, user_khoi.username, "sai")
    rows = list(SecurityEvent.objects.order_by("when", "id"))
    assert [e.kind for e in rows] == [events.LOGIN, events.LOGOUT] + [events.LOGIN_FAILED] * 4 + [
        events.LOCKOUT, events.LOGIN_FAILED, events.LOGIN_FAILED]
    assert rows[0].user == user_khoi and rows[0].ip_address == "192.0.2.40"
    assert all(f"username={user_khoi.username}" in e.detail for e in rows[2:])
    assert "sai" not in " ".join(e.detail for e in rows)  # the password tried is never kept
    assert rows[6].kind == events.LOCKOUT and rows[6].ip_address == "192.0.2.40"


def test_the_events_are_written_to_the_security_log(caplog, user_khoi):
    import logging

    logger = logging.getLogger("dangbo.security")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="dangbo.security"):
            log_in(client_at(), user_khoi.username, "sai")
    finally:
        logger.removeHandler(caplog.handler)
    assert any(r.getMessage().startswith(events.LOGIN_FAILED) and user_khoi.username in r.getMessage()
               for r in caplog.records)


def test_a_password_change_is_recorded_and_a_weak_password_refused(client_for, user_chibo):
    from audit.models import SecurityEvent

    client = client_for(user_chibo)
    weak = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "12345678",
                                                    "new_password2": "12345678"})
    assert weak.status_code == 200 and weak.context["form"].errors.get("new_password2")
    user_chibo.refresh_from_db()
    assert user_chibo.check_password(PASSWORD)
    assert not SecurityEvent.objects.filter(kind=events.PASSWORD_CHANGE).exists()
    strong = "Cay-bang-lang-2026!"
    done = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": strong,
                                                    "new_password2": strong})
    assert done.status_code == 302
    event = SecurityEvent.objects.get(kind=events.PASSWORD_CHANGE)
    assert event.user == user_chibo and event.target_id == str(user_chibo.pk)
