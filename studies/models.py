"""Studying a resolution or directive (học tập, quán triệt nghị quyết): a committee launches a campaign on a document
of its register; each grassroots organisation under it holds a study session for its members (attendance per member,
made up later when absent), and each member writes a takeaway (thu hoạch) that their cell's secretary accepts or
returns. Deadlines are the launcher's, per campaign: no regulation found fixes them (SOURCES-2026 §1, unconfirmed)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class Mode(models.TextChoices):
    # Kon Tum's Quy định 489 marks each resolution one or the other (SOURCES-2026 §1)
    THOROUGH = "thorough", _("Thorough study (quán triệt)")
    BRIEFING = "briefing", _("Briefing (phổ biến)")


class Level(models.TextChoices):
    # who holds the sessions: each grassroots organisation for all its members, or each cell for its own (a grassroots
    # cell, having no cells, holds its own either way); the launcher's plan says which
    GRASSROOTS = "grassroots", _("Each grassroots organisation")
    CELLS = "cells", _("Each cell")


class StudyCampaign(Versioned, models.Model):
    """One document to study, launched by a committee for its whole subtree."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("study campaign", "Open")
        CLOSED = "closed", pgettext_lazy("study campaign", "Closed")

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="study_campaigns",
                                 verbose_name=_("document"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="study_campaigns", verbose_name=_("launched by"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.THOROUGH)
    level = models.CharField(_("who holds the sessions"), max_length=10, choices=Level.choices, default=Level.GRASSROOTS)
    title = models.CharField(_("title"), max_length=500)
    sessions_by = models.DateField(_("sessions by"))
    takeaways_by = models.DateField(_("takeaways by"))
    programmes_by = models.DateField(_("action programmes by"), null=True, blank=True)
    report_by = models.DateField(_("final reports by"), null=True, blank=True)
    launched_on = models.DateField(_("launched on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("launched by (user)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-launched_on", "-id"]
        verbose_name = _("study campaign")
        verbose_name_plural = _("study campaigns")
        constraints = [models.UniqueConstraint(fields=["document", "organization"], name="study_one_per_document")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("studies:campaign", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class StudySession(Versioned, models.Model):
    """The study session of one grassroots organisation (its members and those of its cells) or of one cell, as the
    campaign's level says."""

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("study session", "Planned")
        HELD = "held", pgettext_lazy("study session", "Held")
        CANCELLED = "cancelled", pgettext_lazy("study session", "Cancelled")

    campaign = models.ForeignKey(StudyCampaign, on_delete=models.PROTECT, related_name="sessions",
                                 verbose_name=_("campaign"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="study_sessions", verbose_name=_("organisation"))
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    reporter = models.CharField(_("reporter"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField(_("reason cancelled"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "organization__name_sort", "id"]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"], name="study_one_session_per_org")]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("studies:session", args=[self.pk])


class StudyAttendance(Versioned, models.Model):
    """One member of the session's roster: present, excused or absent, and the day they made it up."""

    class Presence(models.TextChoices):
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Absent with reason")
        ABSENT = "absent", _("Absent without reason")

    session = models.ForeignKey(StudySession, on_delete=models.PROTECT, related_name="attendance",
                                verbose_name=_("session"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="study_attendance",
                               verbose_name=_("member"))
    presence = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    made_up_on = models.DateField(_("made up on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "member__name_sort", "id"]
        verbose_name = _("study attendance")
        verbose_name_plural = _("study attendance")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="study_one_attendance_per_member")]

    def __str__(self) -> str:
        return f"{self.member} – {self.session}"

    @property
    def studied(self) -> bool:
        return self.presence == self.Presence.PRESENT or self.made_up_on is not None


class Takeaway(Versioned, models.Model):
    """A member's written takeaway (bài thu hoạch) in a campaign, assessed by their cell's secretary."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("takeaway", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("takeaway", "Accepted")
        RETURNED = "returned", pgettext_lazy("takeaway", "Returned")

    campaign = models.ForeignKey(StudyCampaign, on_delete=models.PROTECT, related_name="takeaways",
                                 verbose_name=_("campaign"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="takeaways",
                               verbose_name=_("member"))
    text = models.TextField(_("takeaway"))
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("assessed by"))
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "member__name_sort", "id"]
        verbose_name = _("takeaway")
        verbose_name_plural = _("takeaways")
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="study_one_takeaway_per_member")]

    def __str__(self) -> str:
        return f"{self.member} – {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("studies:takeaway", args=[self.campaign_id])


class ActionProgramme(Versioned, models.Model):
    """An organisation's action programme or plan (chương trình hành động, kế hoạch thực hiện) for a campaign."""

    campaign = models.ForeignKey(StudyCampaign, on_delete=models.PROTECT, related_name="programmes",
                                 verbose_name=_("campaign"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="action_programmes", verbose_name=_("organisation"))
    title = models.CharField(_("title"), max_length=500)
    adopted_on = models.DateField(_("adopted on"))
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="action_programmes", verbose_name=_("document"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "organization__name_sort", "id"]
        verbose_name = _("action programme")
        verbose_name_plural = _("action programmes")
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"],
                                               name="study_one_programme_per_org")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("studies:programme", args=[self.pk])


class ProgrammeTask(Versioned, models.Model):
    """One task of a programme: what, who (an organisation of the subtree or a person), by when, how far, and the
    evidence once done."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("programme task", "Not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("programme task", "In progress")
        DONE = "done", pgettext_lazy("programme task", "Done")
        DROPPED = "dropped", pgettext_lazy("programme task", "Dropped")

    CLOSED = (Status.DONE, Status.DROPPED)

    programme = models.ForeignKey(ActionProgramme, on_delete=models.PROTECT, related_name="tasks",
                                  verbose_name=_("action programme"))
    title = models.CharField(_("task"), max_length=500)
    owner_organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True,
                                           blank=True, related_name="programme_tasks",
                                           verbose_name=_("owner organisation"))
    owner_name = models.CharField(_("owner (person)"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("evidence document"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "deadline", "id"]
        verbose_name = _("programme task")
        verbose_name_plural = _("programme tasks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("studies:task", args=[self.pk])

    def overdue(self, today) -> bool:
        return self.status not in self.CLOSED and self.deadline < today


class ImplementationReport(Versioned, models.Model):
    """A report on carrying the programme out: interim (sơ kết) or final (tổng kết), with the tasks' figures of its
    day kept as they were, registered as the organisation's outgoing report (BC) and printed in the Party's format."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("Interim report (sơ kết)")
        FINAL = "final", _("Final report (tổng kết)")

    programme = models.ForeignKey(ActionProgramme, on_delete=models.PROTECT, related_name="reports",
                                  verbose_name=_("action programme"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("report"))
    tasks_total = models.PositiveIntegerField(_("tasks"), default=0)
    tasks_done = models.PositiveIntegerField(_("tasks done"), default=0)
    tasks_overdue = models.PositiveIntegerField(_("tasks overdue"), default=0)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("registered as"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "reported_on", "id"]
        verbose_name = _("implementation report")
        verbose_name_plural = _("implementation reports")
        constraints = [models.UniqueConstraint(fields=["programme"], condition=models.Q(kind="final"),
                                               name="study_one_final_report")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.programme}"
