"""Petitions (đơn thư): complaints, denunciations and feedback received by a committee, from intake to archive.

A petition sits in the register of the organisation that received it (`organization`, which also decides who may
see it); the organisation it is about (`subject_organization`) and the kind of case decide, through rule data,
which committee is competent. Nothing is deleted: a letter that is not handled keeps its reason and stays in the
register as a reference for supervision.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.files import GeneratedName
from core.versions import Versioned

# Fields that identify the sender: shown only to the assigned handlers and the inspection committee chair.
IDENTITY_FIELDS = ("sender_name", "sender_address", "sender_contact", "signatories")


class Kind(models.TextChoices):
    COMPLAINT_DISCIPLINE = "complaint_discipline", _("Complaint against a disciplinary decision")
    COMPLAINT = "complaint", _("Other complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    FEEDBACK = "feedback", _("Feedback, recommendation")


COMPLAINT_KINDS = (Kind.COMPLAINT_DISCIPLINE, Kind.COMPLAINT)


class Channel(models.TextChoices):
    POST = "post", _("By post")
    IN_PERSON = "in_person", _("In person")
    FORWARDED = "forwarded", _("Forwarded by another body")
    ONLINE = "online", _("Online")


class Concerns(models.TextChoices):
    MEMBER = "member", _("A party member")
    ORGANIZATION = "organization", _("A party organisation")


class State(models.TextChoices):
    RECEIVED = "received", _("Received, not classified")
    NOT_HANDLED = "not_handled", _("Not handled")
    ACCEPTED = "accepted", _("Accepted, awaiting assignment")
    IN_PROGRESS = "in_progress", _("Being verified")
    VERIFIED = "verified", _("Verified")
    CONCLUDED = "concluded", _("Concluded")
    NOTIFIED = "notified", _("Sender notified")
    ARCHIVED = "archived", _("Archived")


OPEN_STATES = (State.ACCEPTED, State.IN_PROGRESS, State.VERIFIED)
SETTLED_STATES = (State.CONCLUDED, State.NOTIFIED, State.ARCHIVED)


class Ground(models.TextChoices):
    """Why a letter is not handled. The codes the rule data lists (petition_not_handled_grounds) apply."""

    ANONYMOUS = "anonymous", _("Anonymous")
    FALSE_IDENTITY = "false_identity", _("False name or no address")
    REPEATED = "repeated", _("Repeated without new evidence")
    VAGUE = "vague", _("Vague content")
    UNSIGNED_COPY = "unsigned_copy", _("Unsigned copy")
    MULTIPLE_SIGNATORIES = "multiple_signatories", _("Signed by two or more people")
    OUT_OF_TIME = "out_of_time", _("Filed after the time limit")
    OUT_OF_JURISDICTION = "out_of_jurisdiction", _("Out of jurisdiction (forwarded)")


class Outcome(models.TextChoices):
    FOUNDED = "founded", _("Founded")
    PARTLY_FOUNDED = "partly_founded", _("Partly founded")
    UNFOUNDED = "unfounded", _("Unfounded")
    ANSWERED = "answered", _("Answered")


class Petition(Versioned, models.Model):
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="petitions",
                                     verbose_name=_("received by"))
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("register number"))
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    forwarded_by = models.CharField(_("forwarded by"), max_length=255, blank=True,
                                    help_text=_("The body that forwarded the letter, if any."))
    # The sender (masked for everyone but the handlers and the inspection committee chair)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    sender_name = models.CharField(_("sender"), max_length=200, blank=True)
    sender_address = models.CharField(_("sender's address"), max_length=300, blank=True)
    sender_contact = models.CharField(_("sender's contact"), max_length=200, blank=True,
                                      help_text=_("Telephone, e-mail."))
    signatory_count = models.PositiveSmallIntegerField(_("number of signatories"), default=1)
    signatories = models.TextField(_("other signatories"), blank=True)
    signed_original = models.BooleanField(_("signed original"), default=True,
                                          help_text=_("Unticked for a photocopy without an original signature."))
    # What it is about
    subject_persons = models.CharField(_("persons concerned"), max_length=500, blank=True)
    subject_organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True,
                                             blank=True, related_name="petitions_about",
                                             verbose_name=_("organisation concerned"))
    concerns = models.CharField(_("about"), max_length=20, choices=Concerns.choices, default=Concerns.MEMBER)
    summary = models.CharField(_("summary"), max_length=300)
    content = models.TextField(_("content"))
    # Classification
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, blank=True)
    also_denounces = models.BooleanField(_("also denounces"), default=False,
                                         help_text=_("The letter both complains and denounces."))
    # The disciplinary decision complained against: linked when it was issued in this system (its number and date
    # are then copied from it), typed otherwise (a decision issued elsewhere). The day the complainant received it
    # is always typed: receipt is per person.
    discipline_decision = models.ForeignKey("inspections.DisciplineDecision", on_delete=models.PROTECT, null=True,
                                            blank=True, related_name="complaints",
                                            verbose_name=_("disciplinary decision complained against"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision dated"), null=True, blank=True)
    decision_received_on = models.DateField(_("decision received by the complainant on"), null=True, blank=True)
    repeat_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="repeats",
                                  verbose_name=_("repeat of"))
    grounds = models.JSONField(_("grounds for not handling"), default=list, blank=True)
    not_handled_reason = models.CharField(_("why not handled"), max_length=30, choices=Ground.choices, blank=True)
    competent_organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True,
                                               blank=True, related_name="petitions_competent",
                                               verbose_name=_("competent organisation"))
    forwarded_to = models.CharField(_("forwarded to"), max_length=255, blank=True)
    forwarded_on = models.DateField(_("forwarded on"), null=True, blank=True)
    classified_on = models.DateField(_("classified on"), null=True, blank=True)
    classification_note = models.TextField(_("classification note"), blank=True)
    # Handling
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED)
    due_on = models.DateField(_("to be settled by"), null=True, blank=True)
    verification = models.TextField(_("verification findings"), blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    inspection_proposed = models.BooleanField(_("inspection on signs of violation proposed"), default=False)
    # The inspection on signs of violation opened on this denunciation (services.petition_open_inspection).
    inspection_case = models.ForeignKey("inspections.Case", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="petitions",
                                        verbose_name=_("inspection on signs of violation"))
    notified_on = models.DateField(_("sender notified on"), null=True, blank=True)
    notification = models.TextField(_("notification to the sender"), blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "number"], name="petitions_one_number_per_register"),
        ]
        indexes = [models.Index(fields=["organization", "received_on"]), models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.register_number} — {self.summary}"

    def get_absolute_url(self) -> str:
        return reverse("petitions:detail", args=[self.pk])

    @property
    def register_number(self) -> str:
        return f"{self.number}/{self.year}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_settled(self) -> bool:
        return self.state in SETTLED_STATES

    @property
    def on_time(self) -> bool | None:
        """Settled by its deadline (None while open, or without a deadline)."""
        if not self.concluded_on or not self.due_on:
            return None
        return self.concluded_on <= self.due_on


class Handler(Versioned, models.Model):
    """A user assigned to settle a petition, from a date until relieved."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="handlers",
                                 verbose_name=_("petition"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="petitions_handled",
                             verbose_name=_("handler"))
    lead = models.BooleanField(_("lead handler"), default=False)
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("relieved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["petition", "-lead", "assigned_on", "id"]
        verbose_name = _("handler")
        verbose_name_plural = _("handlers")
        constraints = [
            models.UniqueConstraint(fields=["petition", "user"], condition=Q(ended_on__isnull=True),
                                    name="petitions_one_open_assignment_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.petition}"


class Attachment(models.Model):
    """A scan or file of the letter. It may show the sender: opened only by those who see the identity."""

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")
    title = models.CharField(_("title"), max_length=300)
    # `title` keeps the name the file was uploaded under; it is stored under a generated name (core.files).
    file = models.FileField(_("file"), upload_to=GeneratedName("petitions"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["petition", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class Access(models.Model):
    """One opening of a petition (page, export, API, attachment, or a register page that showed its sender): who,
    when, and whether the sender was shown."""

    class Via(models.TextChoices):
        PAGE = "page", _("Page")
        EXPORT = "export", _("Export")
        API = "api", _("API")
        ATTACHMENT = "attachment", _("Attachment")
        REGISTER = "register", _("Register")
        SENDER_CHECK = "sender_check", _("Sender check at intake")

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    via = models.CharField(_("through"), max_length=20, choices=Via.choices)
    identity_shown = models.BooleanField(_("sender shown"), default=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("petition access")
        verbose_name_plural = _("petition accesses")
        indexes = [models.Index(fields=["petition", "at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.petition_id} ({self.at:%d/%m/%Y %H:%M})"
