"""For tests of the apps that submit jobs (no production code uses it): run what is queued, as a worker would."""

from .models import Job, State
from .runner import job_run


def run_queued() -> list[Job]:
    """Run every queued job in this process with job_run, oldest first, and the jobs those jobs submit, until none
    is left; the jobs as they ended."""
    ran: list[Job] = []
    for _round in range(100):
        waiting = list(Job.objects.filter(state=State.QUEUED).order_by("created_at", "id").values_list("pk", flat=True))
        if not waiting:
            return ran
        ran += [job for job in map(job_run, waiting) if job is not None]
    raise RuntimeError("jobs keep submitting jobs")
