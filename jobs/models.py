"""A background job: who asked for it, what it works on, where it stands, and what it produced.

Jobs are never deleted by their owners: a cancelled job is a state. Result files may be deleted after
JOB_RESULT_DAYS (the row stays, with the file's name), by a periodic task (jobs.tasks). Files are stored under
generated names (core.files.GeneratedName); the names people see are `input_name` and `result_name`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import GeneratedName
from core.scope import VIEW


class State(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = (State.DONE, State.FAILED, State.CANCELLED)


class Job(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs",
                              verbose_name=_("asked by"))
    kind = models.CharField(_("kind"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    # The subtree the job works on (organisations sit above jobs in the layers: an id, not a foreign key). The owner
    # sees the job only while their scope still covers it for `action`; None: no subtree.
    organization_id = models.PositiveBigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=30, default=VIEW)
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)  # the language it was asked in
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("status"), max_length=500, blank=True)
    cancel_requested = models.BooleanField(default=False)
    input_file = models.FileField(upload_to=GeneratedName("jobs/input"), blank=True, max_length=300)
    input_name = models.CharField(_("file"), max_length=255, blank=True)
    result_file = models.FileField(upload_to=GeneratedName("jobs/result"), blank=True, max_length=300)
    result_name = models.CharField(_("result file"), max_length=255, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_created"),
                   models.Index(fields=["state", "heartbeat_at"], name="jobs_state_heartbeat")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    @property
    def can_cancel(self) -> bool:
        return self.state == State.QUEUED or (self.state == State.RUNNING and not self.cancel_requested)

    @property
    def percent(self) -> int | None:
        """0–100; None while the total is unknown (an indeterminate bar)."""
        if self.state == State.DONE:
            return 100
        if not self.total:
            return 0 if self.state == State.QUEUED else None
        return max(0, min(100, self.done * 100 // self.total))

    @property
    def result_purged(self) -> bool:
        """The job produced a file that was deleted since (JOB_RESULT_DAYS)."""
        return bool(self.result_name) and not self.result_file
