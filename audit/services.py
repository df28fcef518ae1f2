"""Keeping security events (registered on core.hooks.security_event in AuditConfig.ready()).

Every event is written to the "dangbo.security" log at once (one line; lockouts as warnings), then stored as a
SecurityEvent row. Storing never breaks the request: a failure is logged on "dangbo.security" and the request goes on.

When the row is written (audit.kinds):
- Outside any transaction (a page, a login, a refusal: the project does not wrap requests in transactions) every
  event is written at once, in autocommit, so a refusal is kept although the view then raises.
- Inside a transaction, an event of WITH_THE_CHANGE (a role change, a password or second-factor change, a lock
  lifted) is written in that transaction, in a savepoint: it commits with the change it records and vanishes with it
  if the change is rolled back (on_commit would leave a window where the change is committed and its event lost).
- Inside a transaction, any other event (an attempt, a refusal, a read, an export) happened whatever the transaction
  becomes: it waits, and is written once the transaction is over — at the commit (on_commit), or, after a rollback,
  when the request finishes (request_finished) or with the next event written. Its log line is written at once either
  way.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from . import requests
from .kinds import WARNINGS, WITH_THE_CHANGE
from .models import SecurityEvent

log = logging.getLogger("dangbo.security")

DETAIL_MAX = 500
RETENTION_DAYS = 730


def retention_days() -> int:
    return int(getattr(settings, "AUDIT_RETENTION_DAYS", RETENTION_DAYS))


def _in_transaction(connection) -> bool:
    """Inside an atomic block of the code, the test case's own wrapping block left out (as Django's durable check
    does), so that a test sees what production does."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def security_event_build(*, kind: str, user=None, request=None, target=None, organization_id: int | None = None,
                         detail: str = "") -> SecurityEvent:
    """The row of one event (not saved), with what it keeps of the request."""
    event = SecurityEvent(when=timezone.now(), kind=kind, detail=str(detail or "")[:DETAIL_MAX])
    if user is not None and getattr(user, "is_authenticated", False):
        event.user_id = user.pk
        event.username = user.get_username()[:150]
    if request is not None:
        event.ip_address = requests.client_ip(request)
        event.user_agent = requests.user_agent(request)
        event.method = (getattr(request, "method", "") or "")[:10]
        event.path = requests.page(request)[:500]
        event.request_id = str(getattr(request, "request_id", "") or "")[:64]
    if target is not None and getattr(target, "pk", None) is not None:
        event.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        event.target_id = str(target.pk)[:64]
        if organization_id is None:
            organization_id = getattr(target, "organization_id", None)
    event.organization_id = organization_id if isinstance(organization_id, int) else None
    return event


def _log_line(event: SecurityEvent) -> None:
    level = logging.WARNING if event.kind in WARNINGS else logging.INFO
    log.log(level, "%s user=%s ip=%s %s %s target=%s org=%s %s", event.kind, event.username or "-",
            event.ip_address or "-", event.method or "-", event.path or "-", event.target_label or "-",
            event.organization_id or "-", event.detail, extra={"request_id": event.request_id or "-"})


def _store(event: SecurityEvent, connection) -> None:
    try:
        if _in_transaction(connection):
            with transaction.atomic(using=connection.alias):  # a savepoint: a failure leaves the caller's work intact
                event.save(using=connection.alias)
        else:
            event.save(using=connection.alias)  # one statement in autocommit
    except Exception:
        log.exception("the security event %s could not be stored", event.kind)


def _pending(connection) -> list:
    if not hasattr(connection, "_dangbo_security_pending"):
        connection._dangbo_security_pending = []
    return connection._dangbo_security_pending


def security_events_flush(using: str = DEFAULT_DB_ALIAS, **_signal) -> None:
    """Write the events that waited for their transaction to end (after a commit, a rollback, or a request)."""
    connection = connections[using]
    pending = _pending(connection)
    while pending:
        _store(pending.pop(0), connection)


def security_event_store(*, kind: str, user=None, request=None, target=None, organization_id=None,
                         detail: str = "") -> SecurityEvent | None:
    """The handler of core.hooks.security_event: log the event, then keep it (never raises)."""
    try:
        event = security_event_build(kind=kind, user=user, request=request, target=target,
                                     organization_id=organization_id, detail=detail)
        _log_line(event)
    except Exception:
        log.exception("the security event %s could not be recorded", kind)
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    if not _in_transaction(connection):
        security_events_flush()  # what a rolled-back transaction left waiting comes first
        _store(event, connection)
    elif kind in WITH_THE_CHANGE:
        _store(event, connection)
    else:
        _pending(connection).append(event)
        transaction.on_commit(security_events_flush)
    return event


def security_events_purge(*, now: datetime.datetime | None = None) -> int:
    """Drop the events older than AUDIT_RETENTION_DAYS (the retention; the periodic task audit.tasks runs it)."""
    limit = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    deleted, _by_model = SecurityEvent.objects.filter(when__lt=limit).delete()  # bulk: Model.delete() refuses
    if deleted:
        log.info("security log: %s events older than %s days deleted", deleted, retention_days())
    return deleted
