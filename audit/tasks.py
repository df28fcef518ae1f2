"""The security log's retention: every night, drop the events older than AUDIT_RETENTION_DAYS (audit.services)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services


@db_periodic_task(crontab(hour="3", minute="15"), name="audit.purge_security_events")
def purge_security_events() -> None:
    services.security_events_purge()
