"""Every read of jobs, given the user: a person sees only their own jobs, and only while their scope still covers
what the job works on (a job about an organisation they no longer hold is gone from their list, its page 404)."""

import datetime

from django.db.models import Q
from django.http import Http404

from core.scope import ACTIONS, VIEW, scope_for

from . import live
from .models import Job, State


def _visible_q(scope) -> Q:
    """The jobs whose (organisation, action) the scope covers: covers(id, action), or no organisation at all —
    visible while the user still holds the action somewhere (a view-only job: always)."""
    visible = Q(organization_id__isnull=True, action=VIEW)
    for action in ACTIONS:
        if not scope.can(action):
            continue
        if scope.sees_everything(action):
            visible |= Q(action=action)
        else:
            visible |= Q(action=action) & (Q(organization_id__isnull=True)
                                          | Q(organization_id__in=sorted(scope.org_ids(action))))
    return visible


def job_qs(user):
    """The user's own jobs within their scope, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(owner=user).filter(_visible_q(scope_for(user))).order_by("-created_at", "-id")


def job_get(user, pk, action=None) -> Job:
    """One of the user's jobs (404 otherwise), with its live progress (see with_live)."""
    job = job_qs(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return with_live(job)


def has_jobs(user) -> bool:
    """Whether the user has asked for any job (asked once per request: cached on the user, as the scope is)."""
    cached = getattr(user, "_dangbo_has_jobs", None)
    if cached is None:
        cached = Job.objects.filter(owner=user).exists()
        try:
            user._dangbo_has_jobs = cached
        except AttributeError:
            pass
    return cached


def with_live(job: Job) -> Job:
    """A running job's progress as last told by its handler from inside its own transaction (jobs.live), when that
    is newer than what its row says."""
    if job.state != State.RUNNING:
        return job
    told = live.progress_read(job.pk)
    if told:
        at = datetime.datetime.fromtimestamp(told["at"], tz=datetime.UTC)
        if job.heartbeat_at is None or at > job.heartbeat_at:
            job.done, job.total, job.message = told["done"], told["total"], told["message"] or job.message
    return job


def with_live_all(jobs) -> list[Job]:
    return [with_live(job) for job in jobs]

