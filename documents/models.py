"""The register of documents (sổ văn bản đi / đến) of each organisation, the bodies that issue its outgoing
documents and the counters that number them. Nothing is deleted: a document registered by mistake is cancelled,
with the reason, and its number stays used (the series has no gap)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.files import GeneratedName
from core.versions import Versioned


class Issuer(Versioned, models.Model):
    """A body of an organisation that issues documents: its committee (or the cell itself), its standing committee,
    its inspection committee, its congress. `symbol` is the body's abbreviation in a number ("ĐUK" in
    "12-NQ/ĐUK"); `name` and `superior` are the two lines printed top left."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("The committee (the cell itself)")
        STANDING_COMMITTEE = "standing_committee", _("Standing committee")
        INSPECTION_COMMITTEE = "inspection_committee", _("Inspection committee")
        CONGRESS = "congress", _("Congress")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="issuers",
                                     verbose_name=_("organisation"))
    kind = models.CharField(_("body"), max_length=30, choices=Kind.choices)
    symbol = models.CharField(_("abbreviation"), max_length=30,
                              help_text=_("Written after the slash of a number, e.g. ĐUK in 12-NQ/ĐUK."))
    name = models.CharField(_("name printed"), max_length=200,
                            help_text=_("The issuing body as printed top left, e.g. ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH."))
    superior = models.CharField(_("superior body printed above it"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "kind"]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        constraints = [models.UniqueConstraint(fields=["organization", "kind"], name="documents_one_issuer_per_body")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organization} ({self.symbol})"


class Counter(models.Model):
    """The last number given in one series (`key`: the organisation, the body's abbreviation, the kind as written and
    the period — a committee term, a calendar year where no term is recorded, a congress; or the year of the incoming
    register). Locked while a number is given (select_for_update; SQLite's write lock), so two documents issued at
    once never share a number and none is skipped."""

    key = models.CharField(max_length=120, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")


class Confidentiality(models.TextChoices):
    """The secrecy mark (độ mật). Any mark but "normal" is read only by who holds SECRET_DOCUMENTS over the register's
    organisation (its committee's office, a superior's, administrators): selectors.document_qs."""

    NORMAL = "normal", _("Not confidential")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")


class SignAs(models.TextChoices):
    ON_BEHALF = "T/M", "T/M"
    DEPUTY = "K/T", "K/T"
    BY_ORDER = "T/L", "T/L"
    OWN = "", _("(none: signed in own name)")


class Document(Versioned, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("document status", "Registered")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="documents", verbose_name=_("register of"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(_("kind"), max_length=8)
    # outgoing: the number the service gave, its series and period; incoming: the number as received
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
                               verbose_name=_("issued by"))
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    series = models.CharField(max_length=120, blank=True, editable=False)
    term = models.ForeignKey("apparatus.Term", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="documents", verbose_name=_("term"))
    symbol = models.CharField(_("number and symbol"), max_length=80)
    issued_on = models.DateField(_("dated"))
    sender = models.CharField(_("issuing body"), max_length=255, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    arrival_number = models.PositiveIntegerField(_("arrival number"), null=True, blank=True)
    arrival_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    title = models.CharField(_("summary"), max_length=500, help_text=_("The trích yếu: what the document is about."))
    body = models.TextField(_("text"), blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    sign_as = models.CharField(_("signs"), max_length=3, choices=SignAs.choices, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer"), max_length=100, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    confidentiality = models.CharField(_("confidentiality"), max_length=12, choices=Confidentiality.choices,
                                       default=Confidentiality.NORMAL)
    file = models.FileField(_("file"), upload_to=GeneratedName("documents"), blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    cancel_reason = models.CharField(_("why cancelled"), max_length=500, blank=True)
    search = models.CharField(max_length=1200, blank=True, editable=False)  # folded symbol, summary, sender, signer
    # An outgoing document another app numbered and keeps (an inspection's or discipline decision, a meeting's
    # minutes: services.document_record): the register lists it, its record is the source's page.
    source_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, null=True, blank=True,
                                    editable=False, related_name="+")
    source_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    source = GenericForeignKey("source_type", "source_id")
    history = HistoricalRecords(excluded_fields=["search", "series", "source_type", "source_id"])  # derived

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            # the last guard behind the counter: one number per series
            models.UniqueConstraint(fields=["series", "number"], condition=Q(direction="outgoing"),
                                    name="documents_one_number_per_series"),
            models.UniqueConstraint(fields=["organization", "arrival_year", "arrival_number"],
                                    condition=Q(direction="incoming"), name="documents_one_arrival_number"),
            models.CheckConstraint(condition=Q(direction="incoming") | Q(number__isnull=False, issuer__isnull=False),
                                   name="documents_outgoing_numbered"),
        ]
        indexes = [models.Index(fields=["organization", "direction", "issued_on"], name="documents_register"),
                   models.Index(fields=["source_type", "source_id"], name="documents_source")]

    def __str__(self) -> str:
        return f"{self.symbol} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality != Confidentiality.NORMAL

    @property
    def is_recorded(self) -> bool:
        """Numbered and kept by another app (source): changed or cancelled there, not in the register."""
        return self.source_type_id is not None

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in (self.recipients or "").splitlines() if line.strip()]
