"""Putting a job on the queue (the Huey task jobs.tasks.run_job), and what the queue holds."""

import logging

from huey.contrib.djhuey import HUEY

log = logging.getLogger("dangbo.jobs")


def enqueue(job_id: int) -> None:
    """Hand the job to the workers (in the test run's memory queue: run it now, in this process). Called once the
    transaction that queued the job has committed, so a worker always finds its row."""
    from .tasks import run_job  # the tasks module imports the runner and the services, which enqueue through here

    try:
        run_job(job_id)
    except Exception:  # the queue unreachable: the job stays queued and the periodic check enqueues it again
        log.exception("job %s could not be put on the queue", job_id)


def pending_job_ids() -> set[int]:
    """The jobs the queue holds (waiting for a worker), read from the queue itself."""
    from .tasks import run_job

    found = set()
    for task in HUEY.pending():
        if isinstance(task, run_job.task_class) and task.args:
            found.add(task.args[0])
    return found
