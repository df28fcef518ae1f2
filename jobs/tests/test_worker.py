"""The worker as a real process (`manage.py run_huey`, through jobs.tests.worker to load the test job kinds), on both
queues — SQLite (a file) and Redis — against the test database: PostgreSQL's test database itself, or, on SQLite
(an in-memory test database), a file copy of it the worker uses and the test reads back.

Jobs are submitted the ordinary way (job_submit, enqueued when the transaction commits) into the queue the worker
reads; the test waits (at most 60 s) for what the worker writes to the database.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage

from jobs import live
from jobs.models import Job, State
from jobs.services import job_submit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REDIS_URL = "redis://127.0.0.1:6379/0"
TIMEOUT = 60
STALE_SECONDS = 2  # the worker's JOB_STALE_SECONDS: a killed worker's job is stale soon


@contextmanager
def _queue(storage):
    """This process's queue is the worker's for the test (the test run's own is in memory, run in process)."""
    saved = HUEY.storage, HUEY.name, HUEY.immediate
    HUEY._immediate = False  # the attribute: the property would make a new memory storage
    HUEY.storage, HUEY.name = storage, storage.name
    try:
        yield
    finally:
        storage.flush_all()
        HUEY.storage, HUEY.name, HUEY._immediate = saved


@pytest.fixture(params=["sqlite", "redis"])
def broker(request, tmp_path):
    """The queue the worker reads, with a name of its own; this process enqueues into it."""
    name = f"dangbo-test-{uuid.uuid4().hex[:12]}"
    if request.param == "redis":
        storage = RedisStorage(name, url=REDIS_URL)
        try:
            storage.conn.ping()
        except Exception as error:  # noqa: BLE001
            pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}): the Redis half of the worker tests needs it")
        url = REDIS_URL
    else:
        path = tmp_path / "queue.sqlite3"
        storage = SqliteStorage(name, filename=str(path))
        url = f"sqlite:///{path}"
    with _queue(storage):
        yield type("Broker", (), {"kind": request.param, "url": url, "name": name, "storage": storage})


class Database:
    """The test database as the worker sees it. PostgreSQL: the same database (the rows are committed). SQLite: a
    file copy made before the worker starts (`publish`), read while it runs and copied back (`collect`)."""

    def __init__(self, tmp_path: Path):
        connection.ensure_connection()
        self.shared = connection.vendor != "sqlite"
        self.file = tmp_path / "db.sqlite3"

    @property
    def url(self) -> str:
        if not self.shared:
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s.get("PASSWORD") else "")
        return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"

    def publish(self) -> None:
        if not self.shared:
            target = sqlite3.connect(self.file)
            with target:
                connection.connection.backup(target)
            target.close()

    def collect(self) -> None:
        if not self.shared:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

    def job(self, pk: int) -> dict:
        """state, done, total, attempts of a job as the worker left them."""
        fields = ("state", "done", "total", "attempts")
        if self.shared:
            return Job.objects.values(*fields).get(pk=pk)
        with sqlite3.connect(self.file, timeout=10) as db:
            row = db.execute(f"select {', '.join(fields)} from jobs_job where id = ?", (pk,)).fetchone()
        return dict(zip(fields, row, strict=True))

    def groups(self, prefix: str) -> int:
        if self.shared:
            from django.contrib.auth.models import Group

            return Group.objects.filter(name__startswith=prefix).count()
        with sqlite3.connect(self.file, timeout=10) as db:
            return db.execute("select count(*) from auth_group where name like ?", (prefix + "%",)).fetchone()[0]


class Workers:
    """`python -m jobs.tests.worker` processes (manage.py run_huey with the test kinds), stopped after the test."""

    def __init__(self, tmp_path: Path, broker, database: Database):
        self.log = tmp_path / "worker.log"
        self.processes: list[subprocess.Popen] = []
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "dangbo.settings", "DATABASE_URL": database.url,
                    "CONN_MAX_AGE": "0", "QUEUE_URL": broker.url, "QUEUE_NAME": broker.name,
                    "MEDIA_ROOT": str(settings.MEDIA_ROOT), "JOB_STALE_SECONDS": str(STALE_SECONDS),
                    "PYTHONUNBUFFERED": "1"}

    def start(self) -> subprocess.Popen:
        with self.log.open("ab") as log:
            process = subprocess.Popen([sys.executable, "-m", "jobs.tests.worker", "--workers", "2"],
                                       cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        return process

    def kill(self, process) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # huey: finish the running jobs and stop
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:] if self.log.exists() else ""


@pytest.fixture
def database(tmp_path):
    return Database(tmp_path)


@pytest.fixture
def workers(tmp_path, broker, database):
    started = Workers(tmp_path, broker, database)
    yield started
    started.stop_all()


def wait_for(check, workers, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        for process in workers.processes:
            if process.poll() not in (None, -signal.SIGKILL):
                pytest.fail(f"the worker exited ({process.returncode}) waiting for {what}:\n{workers.output()}")
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout} s\nworker output:\n{workers.output()}")


def submit(user, kind, **params) -> Job:
    from jobs.tests import job_kinds

    return job_submit(owner=user, kind=getattr(job_kinds, kind), title=f"Thử {kind}", params=params)


def test_a_submitted_job_is_run_by_the_worker(user_coso, broker, database, workers):
    if database.shared:
        workers.start()  # already waiting when the job arrives
    job = submit(user_coso, "STEPS", steps=3, delay=0.05)
    database.publish()
    if not database.shared:
        workers.start()  # SQLite: the worker's copy of the database must hold the job before it starts
    wait_for(lambda: database.job(job.pk)["state"] == State.DONE, workers, "the job done")
    database.collect()
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts) == (State.DONE, 3, 3, 1)
    assert job.result["pid"] not in (os.getpid(), None) and job.result["steps"] == 3
    assert broker.storage.queue_size() == 0


def test_jobs_survive_a_restart_of_the_worker(user_coso, broker, database, workers):
    """Submitted while no worker runs: the queue keeps them (a file, or Redis) until one starts."""
    jobs = [submit(user_coso, "STEPS", steps=2) for _ in range(3)]
    if broker.kind == "sqlite":  # the queue is the file: another reader of it finds the jobs
        assert SqliteStorage(broker.name, filename=broker.url.removeprefix("sqlite:///")).queue_size() == 3
    else:
        assert RedisStorage(broker.name, url=REDIS_URL).queue_size() == 3
    database.publish()
    workers.start()
    wait_for(lambda: all(database.job(j.pk)["state"] == State.DONE for j in jobs), workers, "the three jobs done")
    database.collect()
    assert set(Job.objects.values_list("state", flat=True)) == {State.DONE}


def test_a_job_cut_off_by_a_dead_worker_is_run_again_by_the_next(user_coso, broker, database, workers):
    job = submit(user_coso, "STEPS", steps=40, delay=0.1)
    database.publish()
    first = workers.start()
    wait_for(lambda: database.job(job.pk)["done"] >= 3, workers, "the job under way")
    workers.kill(first)  # the machine lost: nothing of the job's end is written
    cut = database.job(job.pk)
    assert cut["state"] == State.RUNNING and cut["attempts"] == 1 and 3 <= cut["done"] < 40
    time.sleep(STALE_SECONDS + 0.5)  # its heartbeat is old now
    workers.start()  # on start, the worker finds the job stale and queues it again
    wait_for(lambda: database.job(job.pk)["state"] == State.DONE, workers, "the job run again")
    database.collect()
    job.refresh_from_db()
    assert (job.state, job.done, job.attempts, job.result["attempt"]) == (State.DONE, 40, 2, 2)
    assert "queued again" in workers.output()


def test_progress_inside_the_jobs_own_transaction_is_seen_while_it_runs(user_coso, broker, database, workers):
    """An import writes everything in one transaction: the page still follows it (the queue carries its progress),
    while what it writes stays invisible until it commits."""
    job = submit(user_coso, "ATOMIC", steps=4, delay=0.5)
    database.publish()
    workers.start()
    told = wait_for(lambda: (live.progress_read(job.pk) or {}).get("done", 0) >= 2 and live.progress_read(job.pk),
                    workers, "the progress told from inside the transaction")
    assert told["total"] == 4 and told["message"].startswith("Bước")
    row = database.job(job.pk)
    assert row["state"] == State.RUNNING and row["done"] == 0  # the row is out of the transaction's reach
    assert database.groups(f"job-{job.pk}-") == 0  # nothing the transaction wrote is visible yet
    wait_for(lambda: database.job(job.pk)["state"] == State.DONE, workers, "the job done")
    assert database.groups(f"job-{job.pk}-") == 4
    assert live.progress_read(job.pk) is None
