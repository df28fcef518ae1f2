"""Every night, the news sections' editor groups put right from the role assignments (news.editors): an assignment
whose dated start or end falls today takes effect even for someone who does not log in."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .editors import editors_sync_all

log = logging.getLogger("dangbo.news")


@db_periodic_task(crontab(minute="20", hour="0"), name="news.editors_sync")
def sync_editors() -> None:
    log.info("news editors synchronised: %s", editors_sync_all())
