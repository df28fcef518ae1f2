"""Each kind of security event is kept as a row and written as one line of the "dangbo.security" log; storing never
breaks the caller; an event inside a transaction is kept or dropped as audit.kinds says."""

import logging

import pytest
from django.db import connection, transaction
from django.test import RequestFactory

from audit.kinds import LABELS, WITH_THE_CHANGE
from audit.models import AppendOnly, SecurityEvent
from core import security

pytestmark = pytest.mark.django_db

KINDS = sorted(value for name, value in vars(security).items() if name.isupper() and isinstance(value, str))


def a_request(path="/members/1/?tab=history", **meta):
    meta.setdefault("REMOTE_ADDR", "10.1.2.3")
    meta.setdefault("HTTP_USER_AGENT", "Mozilla/5.0 (Linux; Android 14)")
    request = RequestFactory().get(path, **meta)
    request.request_id = "abc123def4567890"
    return request


def test_every_kind_has_a_label():
    assert sorted(LABELS) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_stored_with_the_request(kind, user_khoi, tree, events):
    request = a_request()
    request.user = user_khoi
    security.security_event(kind, request=request, target=tree.cell_a1, organization_id=tree.cell_a1.pk,
                            detail="thử")
    [event] = events(kind=kind)
    assert (event.user, event.username) == (user_khoi, user_khoi.username)
    assert event.ip_address == "10.1.2.3"
    assert event.user_agent == "Mozilla/5.0 (Linux; Android 14)"
    assert (event.method, event.path) == ("GET", "/members/1/?tab=history")
    assert event.request_id == "abc123def4567890"
    assert event.target_label == f"organizations.organization:{tree.cell_a1.pk}"
    assert event.organization_id == tree.cell_a1.pk
    assert event.detail == "thử"


def test_the_user_is_the_requests_unless_named(user_khoi, user_coso, events):
    request = a_request()
    request.user = user_khoi
    security.security_event(security.UNLOCK, request=request, user=user_coso)
    security.security_event(security.IDENTITY_READ, request=request)
    assert [e.username for e in events()] == [user_coso.username, user_khoi.username]


def test_an_anonymous_visitor_and_no_request(events):
    from django.contrib.auth.models import AnonymousUser

    request = a_request("/accounts/login/", REMOTE_ADDR="192.0.2.7")
    request.user = AnonymousUser()
    security.security_event(security.LOGIN_FAILED, request=request, detail="khoi")
    security.security_event(security.BACKUP, detail="backup var/backups/dangbo-20250101-000000.tar")
    failed, backup = events()
    assert (failed.user, failed.username, failed.ip_address, failed.detail) == (None, "", "192.0.2.7", "khoi")
    assert (backup.user, backup.ip_address, backup.path, backup.request_id) == (None, None, "", "")


def test_the_organisation_comes_from_the_target_when_not_given(world, events):
    member = world.members["a1_full"]
    security.security_event(security.IDENTITY_READ, target=member)
    [event] = events()
    assert event.organization_id == member.organization_id
    assert event.target_label == f"members.member:{member.pk}"


def test_long_values_are_cut_and_sensitive_query_values_masked(events):
    request = a_request("/x/" + "p" * 400 + "?password=hunter2&token=abc&q=" + "z" * 600,
                        HTTP_USER_AGENT="U" * 1000)
    security.security_event(security.REFUSED, request=request, detail="d" * 2000)
    [event] = events()
    assert len(event.user_agent) == 300 and len(event.detail) == 500 and len(event.path) <= 500
    assert "hunter2" not in event.path and "password=%2A%2A%2A" in event.path and "token=%2A%2A%2A" in event.path


def test_each_event_is_one_line_of_the_security_log(caplog, user_khoi):
    request = a_request()
    request.user = user_khoi
    with caplog.at_level(logging.INFO, logger="dangbo.security"):
        security.security_event(security.EXPORT, request=request, detail="format=csv rows=3")
        security.security_event(security.LOCKOUT, request=request, detail="khoi")
    export, lockout = [r for r in caplog.records if r.name == "dangbo.security"]
    assert export.levelno == logging.INFO and lockout.levelno == logging.WARNING
    assert export.getMessage().startswith("export user=thuong_vu_khoi ip=10.1.2.3 GET /members/1/?tab=history")
    assert "format=csv rows=3" in export.getMessage()
    assert export.request_id == "abc123def4567890"


def test_a_row_is_never_changed_or_deleted(events):
    security.security_event(security.LOGIN)
    [event] = events()
    event.detail = "sửa"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    assert SecurityEvent.objects.get().detail == ""


# ---- storing never breaks the caller ---------------------------------------------------------------------------

def test_an_event_that_cannot_be_built_is_logged_and_the_caller_goes_on(caplog, events):
    class NotAModel:
        pk = 1

    with caplog.at_level(logging.INFO, logger="dangbo.security"):
        security.security_event(security.IDENTITY_READ, target=NotAModel())
    assert events() == []
    assert any("could not be recorded" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_row_the_database_refuses_is_logged_and_the_callers_transaction_goes_on(caplog, events, user_khoi):
    from django.contrib.auth import get_user_model

    with caplog.at_level(logging.INFO, logger="dangbo.security"), transaction.atomic():
        # A negative organisation id breaks the column's check constraint: the insert fails in its savepoint.
        security.security_event(security.ROLE_CHANGE, organization_id=-1)
        assert get_user_model().objects.filter(pk=user_khoi.pk).exists()  # the transaction is still usable
    assert events() == []
    assert any("could not be stored" in r.getMessage() and r.exc_info for r in caplog.records)


# ---- inside a transaction ----------------------------------------------------------------------------------------

class Rollback(Exception):
    pass


@pytest.mark.parametrize("kind", sorted(WITH_THE_CHANGE))
def test_a_change_rolled_back_leaves_no_event(kind, events, request_ends):
    with pytest.raises(Rollback), transaction.atomic():
        security.security_event(kind, detail="role")
        raise Rollback
    request_ends()
    assert events() == []


@pytest.mark.parametrize("kind", sorted(WITH_THE_CHANGE))
def test_a_change_committed_keeps_its_event_in_its_transaction(kind, events):
    with transaction.atomic():
        security.security_event(kind, detail="role")
        assert [e.kind for e in events()] == [kind]  # written with the change, not after it


@pytest.mark.parametrize("kind", sorted(set(KINDS) - WITH_THE_CHANGE))
def test_an_attempt_inside_a_transaction_that_rolls_back_is_kept(kind, events, request_ends):
    with pytest.raises(Rollback), transaction.atomic():
        security.security_event(kind, detail="attempt")
        raise Rollback
    assert events() == []  # waiting for the request to end
    request_ends()
    assert [(e.kind, e.detail) for e in events()] == [(kind, "attempt")]


def test_an_attempt_left_waiting_is_written_with_the_next_event(events):
    with pytest.raises(Rollback), transaction.atomic():
        security.security_event(security.REFUSED, detail="first")
        raise Rollback
    security.security_event(security.NOT_FOUND, detail="second")
    assert [e.detail for e in events()] == ["first", "second"]


def test_an_attempt_inside_a_transaction_that_commits_is_written_at_the_commit(events,
                                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        security.security_event(security.IDENTITY_READ, detail="read")
        assert events() == []
    assert [e.detail for e in events()] == ["read"]
    assert not getattr(connection, "_dangbo_security_pending", [])


# ---- retention ---------------------------------------------------------------------------------------------------

def test_the_purge_drops_only_events_past_the_retention(settings, events):
    import datetime

    from django.utils import timezone

    from audit.services import security_events_purge

    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    for days in (31, 29, 0):
        SecurityEvent.objects.create(kind=security.LOGIN, when=now - datetime.timedelta(days=days),
                                     detail=str(days))
    assert security_events_purge(now=now) == 1
    assert sorted(e.detail for e in events()) == ["0", "29"]


def test_the_retention_defaults_to_two_years(settings):
    from audit.services import retention_days

    del settings.AUDIT_RETENTION_DAYS
    assert retention_days() == 730
