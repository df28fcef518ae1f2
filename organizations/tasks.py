"""Every night, the organisations' figures and the other kept tables (cell meetings' compliance) recounted from
scratch: the age bands move with the calendar, and whatever was written around the services (a bulk load, a repair in
the database) is counted again."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .figures import rebuild_everything

log = logging.getLogger("dangbo.figures")


@db_periodic_task(crontab(minute="5", hour="0"), name="organizations.figures_rebuild")
def rebuild_figures() -> None:
    changed = rebuild_everything()
    log.info("figures recounted, rows changed: %s", changed)
