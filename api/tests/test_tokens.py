"""Personal API tokens: only a hash kept, the token shown once, expiry, revocation, read-only refused on writes, each
use recorded (when, from where); the token pages belong to their user alone."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from core.testing.pages import doc

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def make_token(user, access="read_write", days=30, name="Ứng dụng thử"):
    return services.api_token_create(actor=user, name=name, access=access,
                                     expires_on=timezone.localdate() + datetime.timedelta(days=days))


def bearer(text):
    return {"HTTP_AUTHORIZATION": f"Bearer {text}"}


def test_only_a_hash_of_the_secret_is_kept(user_khoi):
    token, text = make_token(user_khoi)
    prefix, secret = services.split_token(text)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert row["prefix"] == prefix
    assert row["secret_hash"] == services.hash_secret(secret) and len(row["secret_hash"]) == 64
    assert not any(secret in str(value) for value in row.values())
    history = ApiToken.history.filter(id=token.pk).values().get()
    assert not any(secret in str(value) for value in history.values())
    assert history["history_user_id"] == user_khoi.pk


def test_the_token_is_shown_once_on_the_page_that_made_it(client_for, user_coso):
    client = client_for(user_coso)
    expires = (timezone.localdate() + datetime.timedelta(days=60)).strftime("%d/%m/%Y")
    response = client.post(reverse("api:token_create"), {"name": "Điện thoại", "access": "read", "expires_on": expires})
    assert response.status_code == 302 and response["Location"] == reverse("api:tokens")
    token = ApiToken.objects.get(user=user_coso)
    assert token.access == "read" and token.name == "Điện thoại"
    page = doc(client.get(reverse("api:tokens")))
    shown = page.xpath('//code[@id="new-token-text"]/text()')
    assert len(shown) == 1 and services.api_token_authenticate(shown[0]) == token
    again = doc(client.get(reverse("api:tokens")))
    assert not again.xpath('//code[@id="new-token-text"]')
    assert again.xpath(f'//tr[@data-token-id="{token.pk}"]/@data-state') == ["active"]
    # the token works once shown
    assert client_for(None).get("/api/v1/members", **bearer(shown[0])).status_code == 200


def test_a_bad_form_keeps_what_was_typed_and_writes_nothing(client_for, user_coso):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for(user_coso).post(reverse("api:token_create"),
                                          {"name": "Máy chủ huyện", "access": "read_write", "expires_on": yesterday})
    assert response.status_code == 200
    page = doc(response)
    assert page.xpath('//input[@name="name"]/@value') == ["Máy chủ huyện"]
    assert page.xpath('//*[contains(@class, "invalid-feedback")]')
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("change", [{"expires_on": -1}, {"expires_on": 0}, {"expires_on": services.MAX_DAYS + 1},
                                    {"access": "admin"}, {"name": "  "}])
def test_the_service_refuses_what_it_cannot_accept(user_khoi, change):
    kwargs = {"name": "Ứng dụng", "access": "read", "expires_on": timezone.localdate() + datetime.timedelta(days=5)}
    for key, value in change.items():
        kwargs[key] = timezone.localdate() + datetime.timedelta(days=value) if key == "expires_on" else value
    with pytest.raises(ValidationError) as refused:
        services.api_token_create(actor=user_khoi, **kwargs)
    assert set(refused.value.message_dict) == set(change)
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused(client_for, user_khoi):
    token, text = make_token(user_khoi)
    assert client_for(None).get("/api/v1/organizations", **bearer(text)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    response = client_for(None).get("/api/v1/organizations", **bearer(text))
    assert response.status_code == 401 and "Bearer" in response["WWW-Authenticate"]
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate())
    assert client_for(None).get("/api/v1/organizations", **bearer(text)).status_code == 200  # through its last day


def test_a_revoked_token_is_refused_and_only_its_owner_revokes_it(client_for, user_khoi, user_coso):
    token, text = make_token(user_khoi)
    url = reverse("api:token_revoke", args=[token.pk])
    assert client_for(user_coso).post(url).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert client_for(user_khoi).post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.history.filter(id=token.pk, history_type="~", history_user=user_khoi).exists()
    assert client_for(None).get("/api/v1/organizations", **bearer(text)).status_code == 401
    page = doc(client_for(user_khoi).get(reverse("api:tokens")))
    assert page.xpath(f'//tr[@data-token-id="{token.pk}"]/@data-state') == ["revoked"]
    assert not page.xpath(f'//form[@action="{url}"]')


@pytest.mark.parametrize("text", ["dgb_nothere_abc", "dgb_", "xyz", "dgb_abc_", ""])
def test_a_malformed_or_unknown_token_is_refused(client_for, user_khoi, text):
    token, real = make_token(user_khoi)
    wrong_secret = real[:-3] + ("aaa" if not real.endswith("aaa") else "bbb")
    for value in (text, wrong_secret):
        response = client_for(None).get("/api/v1/members", HTTP_AUTHORIZATION=f"Bearer {value}")
        assert response.status_code == 401, value


def test_a_read_only_token_is_refused_on_writes(client_for, world, user_khoi):
    from members.models import Member

    token, text = make_token(user_khoi, access="read")
    member = world.members["a1_full"]
    before = list(Member.objects.order_by("pk").values_list("pk", "organization_id", "revision"))
    body = {"kind": "permanent", "to_organization": world.cell_a2.pk, "effective_on": TODAY.isoformat(),
            "reason": "Điều động"}
    response = client_for(None).post(f"/api/v1/members/{member.pk}/transfer", json.dumps(body),
                                     content_type="application/json", HTTP_IF_MATCH=f'"{member.revision}"',
                                     **bearer(text))
    assert response.status_code == 403
    assert list(Member.objects.order_by("pk").values_list("pk", "organization_id", "revision")) == before
    assert client_for(None).get(f"/api/v1/members/{member.pk}", **bearer(text)).status_code == 200
    write, write_text = make_token(user_khoi, access="read_write")
    response = client_for(None).post(f"/api/v1/members/{member.pk}/transfer", json.dumps(body),
                                     content_type="application/json", HTTP_IF_MATCH=f'"{member.revision}"',
                                     **bearer(write_text))
    assert response.status_code == 200
    assert Member.objects.get(pk=member.pk).organization_id == world.cell_a2.pk


def test_each_use_is_recorded_with_its_address(client_for, user_khoi):
    token, text = make_token(user_khoi)
    assert token.last_used_at is None and token.last_used_from is None
    client_for(None).get("/api/v1/organizations", REMOTE_ADDR="10.1.2.3", **bearer(text))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None and token.last_used_from == "10.1.2.3"
    client_for(None).get("/api/v1/members", REMOTE_ADDR="2001:db8::7", **bearer(text))
    token.refresh_from_db()
    assert token.last_used_at >= first and token.last_used_from == "2001:db8::7"
    # again from the same address within the minute: nothing written (the reads do not wait on a commit)...
    moved = token.last_used_at - services.LAST_USE_PRECISION + datetime.timedelta(seconds=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=moved)
    with CaptureQueriesContext(connection) as queries:
        client_for(None).get("/api/v1/organizations", REMOTE_ADDR="2001:db8::7", **bearer(text))
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == moved
    # ...a minute after, it is
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=moved - datetime.timedelta(seconds=10))
    client_for(None).get("/api/v1/organizations", REMOTE_ADDR="2001:db8::7", **bearer(text))
    token.refresh_from_db()
    assert token.last_used_at > moved
    page = doc(client_for(user_khoi).get(reverse("api:tokens")))
    assert "2001:db8::7" in page.xpath(f'string(//tr[@data-token-id="{token.pk}"])')


def test_a_token_of_a_deactivated_user_is_refused(client_for, user_khoi):
    token, text = make_token(user_khoi)
    user_khoi.is_active = False
    user_khoi.save()
    assert client_for(None).get("/api/v1/members", **bearer(text)).status_code == 401


def test_a_token_acts_with_its_users_scope_only(client_for, world, user_coso):
    token, text = make_token(user_coso)
    response = client_for(None).get("/api/v1/members?status=all&page_size=100", **bearer(text))
    names = {row["full_name"] for row in json.loads(response.content)["results"]}
    assert world.members["a1_full"].full_name in names and world.members["b1_full"].full_name not in names
    assert client_for(None).get(f"/api/v1/members/{world.members['b1_full'].pk}", **bearer(text)).status_code == 404


def test_the_user_menu_links_to_the_token_page(client_for, user_dangvien):
    page = doc(client_for(user_dangvien).get("/"))
    assert page.xpath('//a[@id="nav-api-tokens"]/@href') == [reverse("api:tokens")]


def test_making_and_revoking_a_token_are_in_the_security_log(client_for, user_khoi):
    from audit.models import SecurityEvent
    from core import security

    token, text = make_token(user_khoi, access="read")
    client_for(user_khoi).post(reverse("api:token_revoke", args=[token.pk]))
    events = list(SecurityEvent.objects.filter(kind=security.API_TOKEN).order_by("id").values_list("user_id",
                                                                                                   "detail"))
    assert [user for user, _detail in events] == [user_khoi.pk, user_khoi.pk]
    assert events[0][1].startswith(f"created {token.prefix} read until ") and events[1][1] == f"revoked {token.prefix}"
    assert not any(services.split_token(text)[1] in detail for _user, detail in events)  # never the secret
    # a refused revocation writes nothing there
    client_for(user_khoi).post(reverse("api:token_revoke", args=[token.pk]))
    assert SecurityEvent.objects.filter(kind=security.API_TOKEN).count() == 2
