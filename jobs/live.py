"""What a running job tells the world outside the database: its live progress, its heartbeat, a cancellation.

A handler may run inside its own transaction (an import writes all or nothing). What it writes to the database
there is invisible to every other connection until it commits, and on SQLite no other connection can write at all
meanwhile (one writer at a time). So a running job's progress and heartbeat also go to the queue's own storage
(Huey's key-value store: the queue's SQLite file, Redis, or memory in the test run), which the web processes and the
other workers read: the progress page, the stale-job check, the owner's cancellation. Each value is small and is
removed when the job ends.
"""

import logging
import time

from huey.contrib.djhuey import HUEY

log = logging.getLogger("dangbo.jobs")


def _key(job_id: int, what: str) -> str:
    return f"dangbo.jobs.{job_id}.{what}"


def _put(key: str, value) -> None:
    try:
        HUEY.put(key, value)
    except Exception:  # the queue's storage unavailable: progress is not worth failing the job for
        log.warning("could not write %s to the queue's storage", key, exc_info=True)


def _get(key: str):
    try:
        return HUEY.get(key, peek=True)
    except Exception:
        log.warning("could not read %s from the queue's storage", key, exc_info=True)
        return None


def progress_write(job_id: int, *, done: int, total: int | None, message: str) -> None:
    _put(_key(job_id, "progress"), {"done": done, "total": total, "message": message, "at": time.time()})


def progress_read(job_id: int) -> dict | None:
    """{"done", "total", "message", "at" (epoch seconds)} or None."""
    return _get(_key(job_id, "progress"))


def beat(job_id: int) -> None:
    _put(_key(job_id, "beat"), time.time())


def last_beat(job_id: int) -> float | None:
    return _get(_key(job_id, "beat"))


def cancel(job_id: int) -> None:
    _put(_key(job_id, "cancel"), True)


def cancelled(job_id: int) -> bool:
    return bool(_get(_key(job_id, "cancel")))


def clear(job_id: int) -> None:
    for what in ("progress", "beat", "cancel"):
        try:
            HUEY.delete(_key(job_id, what))
        except Exception:
            log.warning("could not clear job %s's %s in the queue's storage", job_id, what, exc_info=True)
