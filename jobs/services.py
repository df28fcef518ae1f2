"""Every write to a job that is not the run itself (jobs.runner): asking for one, cancelling it, storing the file it
produced, deleting old result files. A job records who asked and when; a cancellation is its state and time."""

import datetime
import logging
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.scope import VIEW
from core.validation import require_text

from . import live
from .models import FINISHED, Job, State
from .queue import enqueue
from .registry import handler_for

log = logging.getLogger("dangbo.jobs")


@transaction.atomic
def job_submit(*, owner, kind: str, title: str, params: dict | None = None, organization_id: int | None = None,
               action: str = VIEW, input_name: str = "", input_bytes: bytes | None = None, input_file=None) -> Job:
    """A queued job of a registered kind; the workers get it once the caller's transaction commits (nothing runs for
    a job whose transaction rolls back). Its language is the one active now (the job's texts and files use it)."""
    handler_for(kind)  # an unknown kind is a programming error, refused here rather than in the worker
    job = Job(owner=owner, kind=kind, title=require_text(title, "title", _("Name the job."))[:300],
              params=params or {}, organization_id=organization_id, action=action,
              language=translation.get_language() or settings.LANGUAGE_CODE, state=State.QUEUED)
    name = (input_name or getattr(input_file, "name", "") or "").rsplit("/", 1)[-1][:255]
    if input_bytes is not None:
        job.input_file.save(name or "input", ContentFile(input_bytes), save=False)
    elif input_file is not None:
        job.input_file.save(name or "input", input_file, save=False)
    job.input_name = name if (input_bytes is not None or input_file is not None) else ""
    job.full_clean()
    job.save()
    transaction.on_commit(partial(enqueue, job.pk))
    return job


@transaction.atomic
def job_cancel(*, actor, job: Job) -> Job:
    """The owner cancels: a waiting job at once; a running one is asked to stop, which its handler does at its next
    progress() (an import then writes nothing). A finished job cannot be cancelled."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if actor is None or job.owner_id != actor.pk:
        raise PermissionDenied
    if job.state in FINISHED:
        raise ValidationError(_("This job has already finished."))
    if job.state == State.QUEUED:
        job.state = State.CANCELLED
        job.finished_at = timezone.now()
        job.message = _("Cancelled before it started.")
        job.save(update_fields=["state", "finished_at", "message"])
    elif not job.cancel_requested:
        job.cancel_requested = True
        job.message = _("Stopping…")
        job.save(update_fields=["cancel_requested", "message"])
        transaction.on_commit(partial(live.cancel, job.pk))  # for a handler inside its own transaction
    return job


@transaction.atomic
def job_save_result(*, job: Job, name: str, content: bytes | None = None, path=None) -> Job:
    """Store the file a job produced (from bytes or a file on disk), under the name its owner downloads it by. Called
    by the handler while the job runs; an earlier result file of the job is replaced."""
    if (content is None) == (path is None):
        raise ValueError("job_save_result takes content or path")
    name = (name or "result").rsplit("/", 1)[-1][:255]
    old = Job.objects.filter(pk=job.pk).values_list("result_file", flat=True).first()
    if content is not None:
        job.result_file.save(name, ContentFile(content), save=False)
    else:
        with Path(path).open("rb") as handle:
            job.result_file.save(name, File(handle), save=False)
    job.result_name = name
    Job.objects.filter(pk=job.pk).update(result_file=job.result_file.name, result_name=name)
    if old and old != job.result_file.name:
        transaction.on_commit(partial(job.result_file.storage.delete, old))
    return job


def job_purge_results(*, older_than_days: int | None = None) -> int:
    """Delete the result files of jobs finished more than `older_than_days` (JOB_RESULT_DAYS) ago; the jobs stay,
    with the file's name, and their page says the file was deleted. Returns how many files were deleted."""
    days = settings.JOB_RESULT_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    purged = 0
    old = Job.objects.filter(state__in=FINISHED, finished_at__lt=cutoff).exclude(result_file="")
    for job in old.only("pk", "result_file").iterator():
        try:
            job.result_file.storage.delete(job.result_file.name)
        except OSError:
            log.warning("job %s: could not delete its result file %s", job.pk, job.result_file.name, exc_info=True)
            continue
        Job.objects.filter(pk=job.pk).update(result_file="")
        purged += 1
    return purged


def database_statistics_refresh() -> bool:
    """SQLite: refresh the query planner's statistics (ANALYZE). Without them SQLite picks an index by guesses, and
    at province size a guess can read 100,000 members instead of a range of 200 (the badges' count on the home page:
    9 ms with its statistics, 2 s without). Whole, not sampled (analysis_limit): a sample of 1,000 rows per index
    sent the members' to-do back to the status index. 1.5-3 s at province size. PostgreSQL keeps its own
    (autovacuum): nothing to do. True when it ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
