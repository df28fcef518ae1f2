"""What a worker does with a job: claim it, run its handler with a progress reporter, record how it ended; and the
check that puts back on the queue the jobs whose worker died.

Every write of a run is conditional on the run's token (the job's `attempts` when it was claimed): a run the check
has given up on (and that another worker may be running again) writes nothing more, and stops at its next progress().
"""

import datetime
import json
import logging
import threading
import time
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from huey.contrib.djhuey import HUEY

from . import live
from .models import Job, State
from .queue import enqueue, pending_job_ids
from .registry import JobCancelled, handler_for

log = logging.getLogger("dangbo.jobs")

GENERIC_ERROR = gettext_noop("The job stopped because of an error; the administrator can see it in the server log.")


class Progress:
    """progress(done, total=None, message="") for a handler (see jobs.registry).

    Writes at most every `interval` seconds, and always when done reaches total. Outside a transaction of the
    handler's own, it updates the job's row (done, total, message, heartbeat) in one UPDATE that also finds out
    whether the job was cancelled. Inside one, the row is out of reach (the handler's transaction would hide and
    roll back the write; on SQLite nobody else may write until it commits), so the progress goes to the queue's
    storage (jobs.live), which the pages read over the row, and the cancellation is read from there too.
    """

    interval = 0.5

    def __init__(self, job: Job, *, clock=time.monotonic):
        self.job = job
        self.token = job.attempts
        self.done = job.done
        self.total = job.total
        self.message = job.message
        self.clock = clock
        self.last = None
        self.writes = 0
        # The transactions the run itself is inside (a test's): only those the handler opens hide the row.
        self.depth = len(connection.atomic_blocks)

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        self.done = max(0, int(done))
        if total is not None:
            self.total = max(0, int(total))
        if message:
            self.message = str(message)[:500]
        now = self.clock()
        finished = self.total is not None and self.done >= self.total
        if self.last is not None and now - self.last < self.interval and not finished:
            return
        self.last = now
        self.write()

    @property
    def in_handler_transaction(self) -> bool:
        return len(connection.atomic_blocks) > self.depth

    def write(self) -> None:
        self.writes += 1
        if self.in_handler_transaction:
            live.progress_write(self.job.pk, done=self.done, total=self.total, message=self.message)
            if live.cancelled(self.job.pk):
                raise JobCancelled
            return
        updated = (Job.objects.filter(pk=self.job.pk, state=State.RUNNING, attempts=self.token,
                                      cancel_requested=False)
                   .update(done=self.done, total=self.total, message=self.message, heartbeat_at=timezone.now()))
        if not updated:
            raise JobCancelled


class Heartbeat:
    """While the handler runs, a thread says every few seconds that the worker is alive (in the queue's storage,
    which any transaction of the handler leaves alone), so a long step without progress is not taken for a dead
    worker."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.stop = threading.Event()
        self.every = max(0.5, min(10.0, settings.JOB_STALE_SECONDS / 4))
        self.thread = threading.Thread(target=self.run, name=f"job-{job_id}-heartbeat", daemon=True)

    def run(self) -> None:
        while not self.stop.is_set():
            live.beat(self.job_id)
            self.stop.wait(self.every)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)


def _close_old_connections() -> None:
    """A worker thread's connection may have outlived the database's patience between jobs; never inside a caller's
    transaction (a test's) or in the in-process queue, where the connection belongs to the caller."""
    if not HUEY.immediate and not connection.in_atomic_block:
        close_old_connections()


def job_run(job_id: int) -> Job | None:
    """Run a queued job (what the worker executes). A job that is not queued (already run, running elsewhere,
    cancelled) is left alone: enqueuing a job twice runs it once."""
    _close_old_connections()
    try:
        return _run(job_id)
    finally:
        _close_old_connections()


def _run(job_id: int) -> Job | None:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now, finished_at=None, attempts=F("attempts") + 1,
        error="", cancel_requested=False)
    job = Job.objects.filter(pk=job_id).select_related("owner").first()
    if job is None:
        log.warning("job %s does not exist (its transaction did not commit?)", job_id)
        return None
    if not claimed:
        return job
    live.clear(job.pk)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        progress = Progress(job)
        try:
            handler = handler_for(job.kind)
        except KeyError:
            log.error("job %s: no handler for the kind %r", job.pk, job.kind)
            return _finish(job, progress, State.FAILED, error=_("This server does not know how to do this kind of "
                                                                "job (%(kind)s).") % {"kind": job.kind})
        try:
            with Heartbeat(job.pk):
                result = handler(job, progress)
        except JobCancelled:
            return _finish(job, progress, State.CANCELLED, message=_("Cancelled."))
        except ValidationError as error:
            return _finish(job, progress, State.FAILED, error="\n".join(str(m) for m in error.messages))
        except Exception:
            log.exception("job %s (%s) of user %s failed", job.pk, job.kind, job.owner_id)
            return _finish(job, progress, State.FAILED, error=_(GENERIC_ERROR))
        summary = result if isinstance(result, dict) else {}
        try:
            json.dumps(summary)
        except (TypeError, ValueError):  # a programming error: the work may be done, but say it failed
            log.exception("job %s (%s): its summary cannot be stored (not JSON)", job.pk, job.kind)
            return _finish(job, progress, State.FAILED, error=_(GENERIC_ERROR))
        return _finish(job, progress, State.DONE, result=summary)


def _finish(job: Job, progress: Progress, state: str, *, error: str = "", message: str = "",
            result: dict | None = None) -> Job:
    if transaction.get_connection().needs_rollback and connection.in_atomic_block:
        # the handler broke the transaction it was run in (a test's): nothing more can be written in it
        log.error("job %s ended inside a broken transaction", job.pk)
        return job
    values = {"state": state, "finished_at": timezone.now(), "error": error, "done": progress.done,
              "total": progress.total, "message": message or progress.message, "heartbeat_at": timezone.now()}
    if state == State.DONE:
        values["result"] = result or {}
        if progress.total is None or progress.done < progress.total:
            values["total"] = values["done"] = max(progress.done, progress.total or 0)
    Job.objects.filter(pk=job.pk, state=State.RUNNING, attempts=progress.token).update(**values)
    live.clear(job.pk)
    job.refresh_from_db()
    return job


def jobs_requeue_stale(*, older_than_seconds: float | None = None) -> int:
    """Running jobs whose worker gave no sign of life for `older_than_seconds` (JOB_STALE_SECONDS) — neither a
    progress write on the row nor a heartbeat in the queue's storage — go back on the queue (the worker died: a
    restart, a crash, a machine lost); after JOB_MAX_ATTEMPTS interrupted runs they fail. Called when the worker
    starts and every minute. Returns how many were put back on the queue."""
    limit = settings.JOB_STALE_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - datetime.timedelta(seconds=limit)
    requeued = 0
    candidates = Job.objects.filter(state=State.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True)).only("pk", "attempts", "language", "cancel_requested")
    for job in candidates:
        beat = live.last_beat(job.pk)
        if beat is not None and beat >= cutoff.timestamp():
            continue  # alive, in a long transaction of its own
        still_running = Job.objects.filter(pk=job.pk, state=State.RUNNING, attempts=job.attempts)
        if job.cancel_requested:  # its owner cancelled it meanwhile: it ends here
            still_running.update(state=State.CANCELLED, finished_at=timezone.now())
        elif job.attempts >= settings.JOB_MAX_ATTEMPTS:
            with translation.override(job.language or settings.LANGUAGE_CODE):
                error = _("The job was interrupted %(count)s times (its worker stopped); it was not tried again.") % {
                    "count": job.attempts}
            still_running.update(state=State.FAILED, finished_at=timezone.now(), error=error)
            log.error("job %s failed after %s interrupted runs", job.pk, job.attempts)
        elif still_running.update(state=State.QUEUED, heartbeat_at=None, message=""):
            log.warning("job %s: its worker stopped during run %s; it is queued again", job.pk, job.attempts)
            transaction.on_commit(partial(enqueue, job.pk))
            requeued += 1
        live.clear(job.pk)
    return requeued


def jobs_enqueue_missing(*, older_than_seconds: float | None = None) -> int:
    """Queued jobs the queue does not hold (the queue was unreachable when they were asked for, or emptied since)
    are enqueued again; a job enqueued twice runs once. Called when the worker starts and every minute."""
    limit = settings.JOB_STALE_SECONDS if older_than_seconds is None else older_than_seconds
    cutoff = timezone.now() - datetime.timedelta(seconds=limit)
    waiting = list(Job.objects.filter(state=State.QUEUED, created_at__lt=cutoff).values_list("pk", flat=True))
    if not waiting:
        return 0
    missing = sorted(set(waiting) - pending_job_ids())
    for job_id in missing:
        log.warning("job %s was not on the queue; enqueued again", job_id)
        transaction.on_commit(partial(enqueue, job_id))
    return len(missing)
