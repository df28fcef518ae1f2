"""An import batch: one uploaded file of one kind (organisations, members, committee seats), its preview (every row
checked, the changes it would make), and — once the preview is clean and the user commits — everything it wrote, in
one transaction, each record's history naming the batch."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.files import GeneratedName
from organizations.models import Organization


class State(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to import")
    UNCHANGED = "unchanged", _("Nothing to change")
    COMMITTING = "committing", _("Being imported")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Could not be read")
    ABANDONED = "abandoned", _("Abandoned")


OPEN_STATES = (State.CHECKING, State.READY, State.COMMITTING)


class ImportBatch(models.Model):
    kind = models.CharField(_("what"), max_length=30)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("into"),
                                     help_text=_("Every row must belong to this organisation or one under it."))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches",
                              verbose_name=_("uploaded by"))
    reason = models.CharField(_("reason"), max_length=500)
    file = models.FileField(_("file"), upload_to=GeneratedName("imports"))  # the user's name: file_name
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.CHECKING)
    # The preview: counts {"rows", "new", "changed", "unchanged", "errors"}, the refusals [{row, column, value,
    # message}], the changes [{row, label, action, changes: [[column, old, new]]}] and the headers not read.
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True)
    ignored_headers = models.JSONField(default=list, blank=True)
    file_error = models.TextField(_("why the file was refused"), blank=True)
    error_file = models.FileField(upload_to=GeneratedName("imports/errors"), blank=True)
    # The preview's parsed rows (imports.kinds.Parsed), which the commit checks again instead of reading the file again.
    parsed_file = models.FileField(upload_to=GeneratedName("imports/parsed"), blank=True)
    preview_job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    commit_job = models.ForeignKey("jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("imported by"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return _("Import batch #%(number)s (%(file)s)") % {"number": self.pk, "file": self.file_name}

    def get_absolute_url(self) -> str:
        return reverse("imports:detail", args=[self.pk])

    @property
    def kind_label(self) -> str:
        from .kinds import kind_for

        try:
            return str(kind_for(self.kind).label)
        except KeyError:
            return self.kind

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def job(self):
        return self.commit_job if self.state == State.COMMITTING else self.preview_job


class ImportRecord(models.Model):
    """One record an import created or changed, with the fields it changed (old and new, as shown)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")

    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="records")
    model = models.CharField(max_length=60)  # "members.member"
    object_id = models.PositiveBigIntegerField()
    row = models.PositiveIntegerField(_("row"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["batch", "row"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row} {self.action} {self.model}#{self.object_id}"
