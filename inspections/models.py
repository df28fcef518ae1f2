"""Inspection, supervision and discipline.

An *authority* (the standing committee or the inspection committee of an organisation) keeps a yearly
*programme*; each programme item is a *case* (one inspection or supervision) that moves through a
configurable *workflow* (states and allowed transitions are rows, edited in /admin/). A case records its
steps (dated, with their document), findings, conclusion and remedies; remedies are followed up to the end
(progress reports by the responsible organisation, a follow-up check). Discipline decisions are issued by an
authority, numbered in its yearly series, with the form allowed for the subject by the rule data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.files import GeneratedName
from core.versions import Versioned


class Authority(models.Model):
    """A body that inspects, supervises and disciplines, with the symbol of its documents (e.g. `ĐUK`,
    `UBKTĐUK`): the decision numbers it issues read `12-QĐ/ĐUK`."""

    class Kind(models.TextChoices):
        STANDING_COMMITTEE = "standing_committee", _("Standing committee")
        INSPECTION_COMMITTEE = "inspection_committee", _("Inspection committee")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="authorities", verbose_name=_("organisation"))
    kind = models.CharField(_("body"), max_length=30, choices=Kind.choices)
    symbol = models.CharField(_("document symbol"), max_length=30,
                              help_text=_("What follows “-QĐ/” in its decision numbers, e.g. ĐUK or UBKTĐUK."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization__name_sort", "kind"]
        verbose_name = _("inspecting authority")
        verbose_name_plural = _("inspecting authorities")
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="inspections_one_authority")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organization}"


class DecisionCounter(models.Model):
    """The last decision number an authority issued in a year, when the numbers started again at 1 each year: kept
    as history. Decisions are numbered by documents.numbering since inspections/0006, which carried these counters
    onto its series (services.reserve_decision_numbers)."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="inspections_counter_year")]

    def __str__(self) -> str:
        return f"{self.authority} {self.year}: {self.last}"


class CaseType(models.TextChoices):
    REGULAR_SUPERVISION = "regular_supervision", _("Regular supervision")
    THEMATIC_SUPERVISION = "thematic_supervision", _("Thematic supervision")
    LOWER_ORGANIZATION = "lower_organization", _("Inspection of a lower organisation")
    SIGNS_OF_VIOLATION = "signs_of_violation", _("Inspection on signs of violation")
    PARTY_FINANCE = "party_finance", _("Party-finance inspection")
    DISCIPLINE_ENFORCEMENT = "discipline_enforcement", _("Inspection of discipline enforcement")


class Workflow(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("case workflow")
        verbose_name_plural = _("case workflows")

    def __str__(self) -> str:
        return self.name


class WorkflowState(models.Model):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="states")
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"))
    is_initial = models.BooleanField(_("initial"), default=False)
    issues_decision = models.BooleanField(_("issues a numbered decision"), default=False)
    sets_self_report_due = models.BooleanField(_("sets the self-report deadline"), default=False)
    requires_conclusion = models.BooleanField(_("requires the conclusion"), default=False,
                                              help_text=_("Entering it records the case as concluded."))
    is_final = models.BooleanField(_("closes the case"), default=False,
                                   help_text=_("Entered only when every remedy is done or carried over."))
    is_cancelled = models.BooleanField(_("cancels the case"), default=False)

    class Meta:
        ordering = ["workflow", "order"]
        verbose_name = _("workflow state")
        verbose_name_plural = _("workflow states")
        constraints = [models.UniqueConstraint(fields=["workflow", "code"], name="inspections_state_code")]

    def __str__(self) -> str:
        return self.label


class WorkflowTransition(models.Model):
    class Actor(models.TextChoices):
        AUTHORITY = "authority", _("The inspecting authority")
        TEAM = "team", _("The case team or the authority")
        SUBJECT = "subject", _("The subject organisation")

    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="transitions")
    source = models.ForeignKey(WorkflowState, on_delete=models.CASCADE, related_name="outgoing",
                               verbose_name=_("from"))
    target = models.ForeignKey(WorkflowState, on_delete=models.CASCADE, related_name="incoming",
                               verbose_name=_("to"))
    actor = models.CharField(_("who may act"), max_length=20, choices=Actor.choices, default=Actor.AUTHORITY)
    label = models.CharField(_("button"), max_length=200, blank=True)

    class Meta:
        ordering = ["workflow", "source__order", "target__order"]
        verbose_name = _("workflow transition")
        verbose_name_plural = _("workflow transitions")
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="inspections_transition_once")]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Programme(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="programmes",
                                  verbose_name=_("authority"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "authority"]
        verbose_name = _("inspection programme")
        verbose_name_plural = _("inspection programmes")
        constraints = [models.UniqueConstraint(fields=["authority", "year"], name="inspections_programme_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:programme", args=[self.pk])


class Case(Versioned, models.Model):
    """One item of a programme: an inspection or a supervision, followed from its decision to its closing."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cases",
                                  verbose_name=_("programme"))
    type = models.CharField(_("type"), max_length=30, choices=CaseType.choices)
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"), blank=True)
    subject_organizations = models.ManyToManyField("organizations.Organization", blank=True, related_name="+",
                                                   verbose_name=_("organisations inspected"))
    subject_members = models.ManyToManyField("members.Member", blank=True, related_name="+",
                                             verbose_name=_("members inspected"))
    planned_from = models.DateField(_("planned from"))
    planned_to = models.DateField(_("planned to"))
    team_head = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("team head"))
    team_members = models.ManyToManyField("members.Member", blank=True, related_name="+",
                                          verbose_name=_("team members"))
    workflow = models.ForeignKey(Workflow, on_delete=models.PROTECT, related_name="+", verbose_name=_("workflow"))
    state = models.ForeignKey(WorkflowState, on_delete=models.PROTECT, related_name="+", verbose_name=_("state"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    self_report_due = models.DateField(_("self-report due"), null=True, blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[subject_organizations, subject_members, team_members])

    class Meta:
        ordering = ["programme", "planned_from", "id"]
        verbose_name = _("inspection / supervision")
        verbose_name_plural = _("inspections / supervisions")
        indexes = [models.Index(fields=["type", "planned_from"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:case", args=[self.pk])


class CaseStep(models.Model):
    """The case entered a state on a date, with the document of that step (appended, never edited)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="steps")
    state = models.ForeignKey(WorkflowState, on_delete=models.PROTECT, related_name="+", verbose_name=_("step"))
    on = models.DateField(_("date"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_title = models.CharField(_("document"), max_length=300, blank=True)
    document = models.FileField(_("file"), upload_to=GeneratedName("inspections/steps"), blank=True)
    file_name = models.CharField(_("file name"), max_length=120, blank=True,
                                 help_text=_("The name the file was uploaded under (it is stored under a generated "
                                             "name)."))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "on", "id"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")

    def __str__(self) -> str:
        return f"{self.state} ({self.on:%d/%m/%Y})"


class Finding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        SHORTCOMING = "shortcoming", _("Shortcoming")
        VIOLATION = "violation", _("Violation")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("finding"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation concerned"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("member concerned"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "kind", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:80]


class Remedy(Versioned, models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        REPORTED = "reported", _("Reported done, awaiting check")
        DONE = "done", _("Done (checked)")
        CARRIED_OVER = "carried_over", _("Carried over")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="remedies", verbose_name=_("inspection"))
    text = models.TextField(_("remedy"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="remedies",
                                     verbose_name=_("responsible organisation"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reported_on = models.DateField(_("reported done on"), null=True, blank=True)
    checked_on = models.DateField(_("follow-up check on"), null=True, blank=True)
    check_note = models.TextField(_("follow-up check"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("remedy")
        verbose_name_plural = _("remedies")
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("inspections:remedy", args=[self.pk])

    def is_overdue(self, today) -> bool:
        return self.status == self.Status.OPEN and self.deadline < today


# Overdue = still in progress past its deadline (one definition for the pages, the to-do and the statistics).
def overdue_q(today) -> Q:
    return Q(status=Remedy.Status.OPEN, deadline__lt=today)


class RemedyReport(models.Model):
    remedy = models.ForeignKey(Remedy, on_delete=models.PROTECT, related_name="reports")
    reported_on = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    evidence = models.FileField(_("evidence"), upload_to=GeneratedName("inspections/evidence"), blank=True)
    file_name = models.CharField(_("file name"), max_length=120, blank=True,
                                 help_text=_("The name the evidence file was uploaded under (it is stored under a "
                                             "generated name)."))
    evidence_title = models.CharField(_("evidence (document)"), max_length=300, blank=True)
    done = models.BooleanField(_("the remedy is done"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["remedy", "reported_on", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.reported_on:%d/%m/%Y}: {self.text[:60]}"


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    REMOVAL_FROM_POST = "removal_from_post", _("Removal from post")
    EXPULSION = "expulsion", _("Expulsion")
    DISSOLUTION = "dissolution", _("Dissolution")


class SubjectKind(models.TextChoices):
    ORGANIZATION = "organization", _("Party organisation")
    FULL_MEMBER = "full_member", _("Full member")
    PROBATIONARY_MEMBER = "probationary_member", _("Probationary member")


class DisciplineDecision(Versioned, models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="decisions",
                                  verbose_name=_("issuing body"))
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
                             verbose_name=_("inspection"))
    subject_kind = models.CharField(_("subject"), max_length=30, choices=SubjectKind.choices)
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("organisation disciplined"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("member disciplined"))
    seat = models.ForeignKey("apparatus.Seat", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("post removed from"))
    form = models.CharField(_("form of discipline"), max_length=30, choices=DisciplineForm.choices)
    reason = models.TextField(_("reason"))
    number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decided on"))
    effective_on = models.DateField(_("effective on"))
    received_on = models.DateField(_("received by the subject on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("discipline decision")
        verbose_name_plural = _("discipline decisions")

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("inspections:decision", args=[self.pk])
