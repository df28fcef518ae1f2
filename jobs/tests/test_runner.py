"""Submitting, running, cancelling and failing jobs in this process (the worker's code without the worker); the
progress reporter's throttle and cancellation; the check that requeues what a dead worker left."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from jobs import live
from jobs.models import Job, State
from jobs.registry import JobCancelled, handler_for, job_kind
from jobs.runner import GENERIC_ERROR, Progress, job_run, jobs_enqueue_missing, jobs_requeue_stale
from jobs.services import database_statistics_refresh, job_cancel, job_purge_results, job_save_result, job_submit
from jobs.testing import run_queued

pytestmark = pytest.mark.django_db
# Committed for real (what the browser tests and the worker see); the migrated data comes back before each such test
# (and is kept for the transactional tests that follow, e2e's among them).
COMMITTED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def submit(job_kinds, user_coso):
    def _submit(kind=None, user=None, **kwargs):
        kwargs.setdefault("title", "Việc thử")
        return job_submit(owner=user or user_coso, kind=kind or job_kinds.STEPS, **kwargs)
    return _submit


def test_a_job_is_queued_then_run_to_done(submit, user_coso, job_kinds):
    job = submit(params={"steps": 4}, input_name="danh-sach.xlsx", input_bytes=b"PK-data")
    assert job.state == State.QUEUED and job.attempts == 0 and job.language == translation.get_language()
    assert job.input_name == "danh-sach.xlsx" and job.input_file.read() == b"PK-data"
    [ran] = run_queued()
    assert ran.pk == job.pk and ran.state == State.DONE
    assert (ran.done, ran.total, ran.percent) == (4, 4, 100)
    assert ran.result == {"steps": 4, "pid": ran.result["pid"], "attempt": 1}
    assert ran.started_at and ran.finished_at and ran.attempts == 1 and ran.error == ""
    assert run_queued() == []


def test_running_again_a_job_that_is_not_queued_does_nothing(submit):
    job = submit()
    job_run(job.pk)
    finished = Job.objects.get(pk=job.pk).finished_at
    again = job_run(job.pk)
    assert again.state == State.DONE and again.attempts == 1 and again.finished_at == finished
    assert job_run(987654321) is None


def test_an_unknown_kind_is_refused_at_submit_and_fails_a_job_already_queued(submit, job_kinds):
    with pytest.raises(KeyError):
        submit(kind="no.such.kind")
    job = submit()
    Job.objects.filter(pk=job.pk).update(kind="gone.kind")
    with translation.override("en"):
        ran = job_run(job.pk)
    assert ran.state == State.FAILED and "gone.kind" in ran.error


def test_a_title_is_required(submit):
    with pytest.raises(ValidationError) as refused:
        submit(title="  ")
    assert "title" in refused.value.error_dict


def test_a_handler_refusal_fails_the_job_with_its_messages(submit, job_kinds):
    ran = job_run(submit(kind=job_kinds.REFUSE).pk)
    assert ran.state == State.FAILED
    assert ran.error == "Dòng 3: thiếu họ và tên.\nDòng 7: ngày sinh không hợp lệ."


def test_an_error_fails_the_job_with_a_general_message_and_the_traceback_in_the_log(submit, job_kinds, caplog):
    with translation.override("en"):
        job = submit(kind=job_kinds.FAIL)
    ran = job_run(job.pk)
    with translation.override("en"):
        assert ran.state == State.FAILED and ran.error == translation.gettext(GENERIC_ERROR)  # the job's language
    assert "a bug in the handler" not in ran.error
    logged = [r for r in caplog.records if r.name == "dangbo.jobs" and r.levelname == "ERROR"]
    assert logged and "a bug in the handler" in logged[0].exc_text


def test_a_summary_that_cannot_be_stored_fails_the_job(user_coso):
    @job_kind("jobs.test.odd_summary")
    def odd_summary(job, progress):
        return {"when": object()}

    ran = job_run(job_submit(owner=user_coso, kind="jobs.test.odd_summary", title="Tóm tắt lạ").pk)
    assert ran.state == State.FAILED and ran.result == {}


def test_a_queued_job_cancelled_never_runs(submit, user_coso):
    job = submit()
    cancelled = job_cancel(actor=user_coso, job=job)
    assert cancelled.state == State.CANCELLED and cancelled.finished_at
    assert job_run(job.pk).state == State.CANCELLED
    with pytest.raises(ValidationError):
        job_cancel(actor=user_coso, job=job)


def test_only_the_owner_cancels(submit, user_khoi):
    job = submit()
    with pytest.raises(PermissionDenied):
        job_cancel(actor=user_khoi, job=job)
    assert Job.objects.get(pk=job.pk).state == State.QUEUED


def test_a_running_job_cancelled_stops_at_its_next_progress(user_coso):
    seen = {}

    @job_kind("jobs.test.cancel_me")
    def cancel_me(job, progress):
        progress(1, 10)
        job_cancel(actor=job.owner, job=job)  # the owner presses Cancel while it runs
        seen["flag"] = Job.objects.get(pk=job.pk).cancel_requested
        progress.last = None  # past the throttle
        progress(2, 10)
        seen["after"] = True

    job = job_submit(owner=user_coso, kind="jobs.test.cancel_me", title="Dừng giữa chừng")
    ran = job_run(job.pk)
    assert seen == {"flag": True} and ran.state == State.CANCELLED and ran.done == 2


def test_cancelling_inside_the_handlers_transaction_is_seen_through_the_queue(user_coso):
    from django.db import transaction

    @job_kind("jobs.test.cancel_in_atomic")
    def cancel_in_atomic(job, progress):
        with transaction.atomic():
            progress(1, 10)
            live.cancel(job.pk)  # what job_cancel adds once its transaction commits
            progress.last = None
            progress(2, 10)

    job = job_submit(owner=user_coso, kind="jobs.test.cancel_in_atomic", title="Dừng trong giao dịch")
    assert job_run(job.pk).state == State.CANCELLED
    assert live.cancelled(job.pk) is False  # cleared once the job ended


def test_progress_writes_at_most_every_half_second_and_always_at_the_end(submit):
    job = submit()
    Job.objects.filter(pk=job.pk).update(state=State.RUNNING, attempts=1)
    job.refresh_from_db()
    now = [100.0]
    progress = Progress(job, clock=lambda: now[0])
    with CaptureQueriesContext(connection) as queries:
        for done in range(1, 1001):
            progress(done, 2000, "Đang đọc")  # a thousand calls in no time: one write
        now[0] += 0.6
        progress(1001, 2000)  # half a second later: a write
        progress(1002, 2000)
        progress(2000, 2000)  # the end: always written
    assert progress.writes == 3 and len(queries) == 3
    job.refresh_from_db()
    assert (job.done, job.total, job.message, job.percent) == (2000, 2000, "Đang đọc", 100)
    assert job.heartbeat_at is not None


def test_progress_of_a_run_given_up_on_raises_and_writes_nothing(submit):
    job = submit()
    Job.objects.filter(pk=job.pk).update(state=State.RUNNING, attempts=1)
    job.refresh_from_db()
    progress = Progress(job)
    Job.objects.filter(pk=job.pk).update(state=State.QUEUED)  # requeued by the stale check meanwhile
    with pytest.raises(JobCancelled):
        progress(1, 2)
    assert Job.objects.get(pk=job.pk).done == 0


def test_a_result_file_is_kept_under_its_name_and_replaced(submit, job_kinds):
    job = submit(kind=job_kinds.FILE, params={"text": "Xin chào"})
    ran = job_run(job.pk)
    assert ran.result_name == "ket-qua.txt" and ran.result_file.read().decode() == "Xin chào"
    first = ran.result_file.name
    job_save_result(job=ran, name="lan-2.txt", content=b"2")
    ran.refresh_from_db()
    assert ran.result_name == "lan-2.txt" and ran.result_file.name != first


def test_old_result_files_are_deleted_and_the_job_says_so(submit, job_kinds):
    old, recent = (job_run(submit(kind=job_kinds.FILE, params={"text": "x"}).pk) for _ in range(2))
    storage, old_name = old.result_file.storage, old.result_file.name
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))
    assert job_purge_results() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.result_file and old.result_name == "ket-qua.txt" and old.result_purged
    assert not storage.exists(old_name)
    assert recent.result_file and not recent.result_purged


def test_the_nightly_statistics_are_sqlites_own(submit, job_kinds):
    """SQLite plans by its statistics (ANALYZE) or by guesses; PostgreSQL's autovacuum keeps its own."""
    for _ in range(3):
        submit(kind=job_kinds.FILE, params={"text": "x"})
    ran = database_statistics_refresh()
    assert ran == (connection.vendor == "sqlite")
    if ran:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'jobs_job'")
            assert cursor.fetchone()[0] > 0


def _running(job, *, beat_ago: float, attempts: int = 1):
    Job.objects.filter(pk=job.pk).update(state=State.RUNNING, attempts=attempts,
                                         heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_ago))


def test_a_running_job_whose_worker_died_is_queued_again(submit, django_capture_on_commit_callbacks):
    dead, alive, inside = submit(), submit(), submit()
    _running(dead, beat_ago=300)
    _running(alive, beat_ago=5)
    _running(inside, beat_ago=300)
    live.beat(inside.pk)  # its heartbeat thread is alive: a long transaction of its own, not a dead worker
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        assert jobs_requeue_stale(older_than_seconds=60) == 1
    assert len(enqueued) == 1
    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {dead.pk: State.QUEUED, alive.pk: State.RUNNING, inside.pk: State.RUNNING}
    [ran] = run_queued()
    assert ran.pk == dead.pk and ran.state == State.DONE and ran.attempts == 2


def test_a_job_interrupted_too_often_fails_and_a_cancelled_one_ends(submit, user_coso, settings):
    settings.JOB_MAX_ATTEMPTS = 3
    with translation.override("en"):
        tired, cancelled = submit(), submit()
    _running(tired, beat_ago=300, attempts=3)
    _running(cancelled, beat_ago=300)
    job_cancel(actor=user_coso, job=cancelled)
    assert jobs_requeue_stale(older_than_seconds=60) == 0
    tired.refresh_from_db()
    cancelled.refresh_from_db()
    assert tired.state == State.FAILED and "3" in tired.error  # "interrupted 3 times", in the job's language
    assert cancelled.state == State.CANCELLED


def test_queued_jobs_the_queue_lost_are_enqueued_again(submit, django_capture_on_commit_callbacks):
    lost, fresh = submit(), submit()
    Job.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_enqueue_missing(older_than_seconds=60) == 1  # the in-process queue runs it at once
    assert Job.objects.get(pk=lost.pk).state == State.DONE
    assert Job.objects.get(pk=fresh.pk).state == State.QUEUED


@COMMITTED
def test_a_job_submitted_in_a_committed_transaction_runs_at_once_in_the_test_queue(submit):
    job = submit(params={"steps": 2})
    assert Job.objects.get(pk=job.pk).state == State.DONE  # HUEY.immediate: what the browser tests rely on


@COMMITTED
def test_a_job_of_a_rolled_back_transaction_is_never_run(submit):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        submit()
        raise RuntimeError("the caller's service refused")
    assert not Job.objects.exists()


@COMMITTED
def test_progress_inside_the_handlers_transaction_is_read_from_another_connection(user_coso, job_kinds):
    """An import writes everything in one transaction: its progress must still reach the page while it runs."""
    from django.contrib.auth.models import Group
    from django.db import connections

    from jobs.selectors import job_get

    job = Job.objects.create(owner=user_coso, kind=job_kinds.ATOMIC, title="Nhập", params={"steps": 3})
    gate = job_kinds.gates[job.pk] = threading.Event()
    worker = threading.Thread(target=lambda: (job_run(job.pk), connections.close_all()))
    worker.start()
    try:
        deadline = time.monotonic() + 20
        seen = None
        while time.monotonic() < deadline:
            seen = job_get(user_coso, job.pk)  # this thread's connection, as the progress page reads it
            if seen.state == State.RUNNING and seen.done == 1:
                break
            time.sleep(0.05)
        assert (seen.state, seen.done, seen.total, seen.message) == (State.RUNNING, 1, 3, "Bước 1")
        row = Job.objects.values("done", "total").get(pk=job.pk)
        assert row == {"done": 0, "total": None}  # the row itself is out of the transaction's reach
    finally:
        gate.set()
        worker.join(30)
        job_kinds.gates.pop(job.pk, None)
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (State.DONE, 3, 3)
    assert Group.objects.filter(name__startswith=f"job-{job.pk}-").count() == 3
    assert live.progress_read(job.pk) is None


def test_registering_two_handlers_under_one_name_is_refused():
    @job_kind("jobs.test.twice")
    def first(job, progress):
        return None

    job_kind("jobs.test.twice")(first)  # again (a module imported twice): fine
    with pytest.raises(ValueError):
        @job_kind("jobs.test.twice")
        def second(job, progress):
            return None
    assert handler_for("jobs.test.twice") is first
