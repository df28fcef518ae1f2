"""The job pages' scope and query-count cases. A job is its owner's alone, and only while the owner's scope covers
the organisation it works on: every user has a job at each place (the list shows each the ones at the places it
covers); coso's and khoi's jobs at cell_a1 and cell_b1 are the objects of the job pages (coso no longer covers
cell_b1: its job there is gone, 404); dangvien's job about no organisation is always theirs."""

from core.scope import VIEW
from core.testing import EVERYONE, QueryCase, ScopeCase
from core.testing.pages import doc

PLACES = ("cell_a1", "cell_b1", "gcell")


def title_at(place) -> str:
    return f"Việc thử ở {place}"


def _submit(w, owner, place, **extra):
    from jobs.services import job_submit
    from jobs.tests.job_kinds import STEPS

    return job_submit(owner=w.users[owner], kind=STEPS, title=title_at(place) if place else "Việc thử của riêng tôi",
                      organization_id=w.orgs[place].pk if place else None, action=VIEW, **extra)


def build(w) -> None:
    from jobs.models import Job, State
    from jobs.services import job_save_result

    w.jobs = {}
    for owner in w.users:
        for place in PLACES:
            w.jobs[(owner, place, "queued")] = _submit(w, owner, place)
        w.jobs[(owner, None, "queued")] = _submit(w, owner, None)
    for owner in ("coso", "khoi"):
        for place in ("cell_a1", "cell_b1"):
            job = _submit(w, owner, place)
            Job.objects.filter(pk=job.pk).update(state=State.DONE, done=3, total=3)
            w.jobs[(owner, place, "done")] = job_save_result(job=job, name="ket-qua.csv", content=b"a,b\n1,2\n")


def job_of(owner: str, purpose: str = "queued"):
    def args(w, place):
        return [w.jobs[(owner, place, purpose)].pk]
    return args


def titles_at(w, place) -> set[str]:
    return {title_at(place)}


def snapshot() -> dict:
    from jobs.models import Job

    return {"jobs": list(Job.objects.order_by("pk").values_list(
        "pk", "owner_id", "state", "cancel_requested", "finished_at", "result_file", "done"))}


CANCEL = dict(method="post", control="coso", control_at="cell_a1")

SCOPE_CASES = [
    ScopeCase("jobs:list", EVERYONE, marks=titles_at, mark_places=PLACES),
    ScopeCase("jobs:list", EVERYONE, query="state=queued", marks=titles_at, mark_places=PLACES, name="waiting"),
    ScopeCase("jobs:detail", frozenset({"coso"}), at=("cell_a1", "cell_b1"), args=job_of("coso")),
    ScopeCase("jobs:detail", frozenset({"khoi"}), at=("cell_a1", "cell_b1"), args=job_of("khoi"), name="khoi"),
    ScopeCase("jobs:detail", frozenset({"dangvien"}), args=job_of("dangvien"), name="no_subtree"),
    ScopeCase("jobs:progress", frozenset({"coso"}), at=("cell_a1", "cell_b1"), args=job_of("coso")),
    ScopeCase("jobs:result", frozenset({"coso"}), at=("cell_a1", "cell_b1"), args=job_of("coso", "done")),
    ScopeCase("jobs:result", frozenset({"khoi"}), at=("cell_a1", "cell_b1"), args=job_of("khoi", "done"),
              name="khoi"),
    ScopeCase("jobs:cancel", frozenset({"coso"}), at=("cell_a1", "cell_b1"), args=job_of("coso"), **CANCEL),
]


def job_rows(response) -> list:
    return doc(response).xpath('//table[@id="job-table"]/tbody/tr[@data-job]')


def grow(w, factor: int) -> None:
    """`factor` slices of 10 jobs for khoi and for coso, in every state (a result file, a deleted one, an error),
    at places each covers and at one coso does not."""
    from jobs.models import Job, State
    from jobs.services import job_save_result

    if not hasattr(w, "users"):
        return
    for _ in range(factor):
        for owner in ("khoi", "coso"):
            for i, place in enumerate(("cell_a1", "cell_a2", "cell_b1", "gcell", None) * 2):
                job = _submit(w, owner, place)
                state = (State.QUEUED, State.RUNNING, State.DONE, State.FAILED, State.CANCELLED)[i % 5]
                Job.objects.filter(pk=job.pk).update(state=state, done=i, total=10, error="Lỗi" if i % 5 == 3 else "",
                                                     result_name="cu.csv" if i == 7 else "")
                if state == State.DONE and i < 5:
                    job_save_result(job=job, name="ket-qua.csv", content=b"x\n")


QUERY_CASES = [
    QueryCase("jobs", "/jobs/", 8, rows=job_rows),
    QueryCase("jobs_waiting", "/jobs/?state=queued", 8, rows=job_rows),
]
