"""The Huey tasks (the worker, `manage.py run_huey`, loads this module): run a job; every minute, put back on the
queue what a dead worker left (and what never reached the queue); every night, delete old result files and refresh
the SQLite planner's statistics.

When the worker starts, before it takes anything from the queue, it does the minute's check at once: the jobs a
stopped worker was running go back on the queue, so a restart picks up where the last run was cut off.
"""

import logging

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from . import runner, services

log = logging.getLogger("dangbo.jobs")


@db_task(name="jobs.run_job")
def run_job(job_id: int) -> None:
    runner.job_run(job_id)


@db_periodic_task(crontab(minute="*"), name="jobs.requeue_stale")
def requeue_stale() -> None:
    runner.jobs_requeue_stale()
    runner.jobs_enqueue_missing()


@db_periodic_task(crontab(minute="17", hour="3"), name="jobs.purge_results")
def purge_results() -> None:
    services.job_purge_results()


@db_periodic_task(crontab(minute="40", hour="3"), name="jobs.database_statistics")
def database_statistics() -> None:
    services.database_statistics_refresh()


@HUEY.on_startup(name="jobs.requeue_on_startup")
def requeue_on_startup() -> None:
    """Each worker thread runs it as it starts; the second finds nothing left to do (every write is conditional)."""
    try:
        requeued = runner.jobs_requeue_stale()
        missing = runner.jobs_enqueue_missing()
        if requeued or missing:
            log.warning("worker start: %s interrupted jobs queued again, %s queued jobs put back on the queue",
                        requeued, missing)
    except Exception:
        log.exception("worker start: the check of interrupted jobs failed")
    finally:
        close_old_connections()
