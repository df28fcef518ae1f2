"""A denouncer's identity revealed is a security event (core.security.IDENTITY_READ), recorded where the sender is
shown — the page, the API, the register, the intake's sender check, a scan — and only there: a page that shows the
sender masked records none."""

import pytest

from accounts.models import Role
from audit.models import SecurityEvent
from core import security

pytestmark = pytest.mark.django_db


def reads():
    return list(SecurityEvent.objects.filter(kind=security.IDENTITY_READ).order_by("id").values_list(
        "target_id", "organization_id", "username"))


@pytest.fixture
def colleague(make_user, gc_a):
    return make_user("can_bo_co_so_2", Role.COMMITTEE_STAFF, gc_a)


def test_the_handler_reading_the_sender_is_recorded_a_colleague_seeing_it_masked_is_not(
        client_for, user_coso, colleague, handled, gc_a):
    handler, other = client_for(user_coso), client_for(colleague)
    assert other.get(f"/petitions/{handled.pk}/").status_code == 200
    assert other.get(f"/api/v1/petitions/{handled.pk}").status_code == 200
    assert other.get("/petitions/").status_code == 200
    assert reads() == []
    assert handler.get(f"/petitions/{handled.pk}/").status_code == 200
    assert reads() == [(str(handled.pk), gc_a.pk, "can_bo_co_so")]
    assert handler.get(f"/api/v1/petitions/{handled.pk}").status_code == 200
    assert handler.get("/petitions/").status_code == 200
    assert handler.get("/api/v1/petitions").status_code == 200
    events = SecurityEvent.objects.filter(kind=security.IDENTITY_READ).order_by("id")
    assert events.count() == 4
    assert [e.detail.rsplit("(", 1)[-1].split(")")[0] for e in events[:2]] == ["page", "api"]
    assert "register" in events[2].detail and "api" in events[3].detail


def test_an_anonymous_letter_reveals_no_one(client_for, chair_a, receive, gc_a):
    petition = receive(gc_a, anonymous=True)
    assert client_for(chair_a).get(f"/petitions/{petition.pk}/").status_code == 200
    assert reads() == []
    named = receive(gc_a)
    assert client_for(chair_a).get(f"/petitions/{named.pk}/").status_code == 200  # the chair sees every sender
    assert reads() == [(str(named.pk), gc_a.pk, "chu_nhiem_ubkt")]
