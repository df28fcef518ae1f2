import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from tree_queries.fields import TreeNodeForeignKey
from tree_queries.models import TreeNode

from core.text import collation_key, fold, nfc
from core.versions import Versioned


class OrganizationKind(Versioned, models.Model):
    """A level of the tree (configuration, not code): which kinds may sit above it. Versioned: edited in the
    administration, where a save from a stale read is refused."""

    class Tier(models.TextChoices):
        SUPERIOR = "superior", _("Superior committee")
        GRASSROOTS = "grassroots", _("Grassroots organisation")
        BELOW_GRASSROOTS = "below_grassroots", _("Below grassroots")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=100)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    holds_members = models.BooleanField(
        _("holds members"), default=False, help_text=_("Members are attached directly to organisations of this kind.")
    )
    allowed_parents = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="allowed_children", verbose_name=_("allowed parent kinds")
    )
    may_be_root = models.BooleanField(_("may be the root"), default=False)
    elects_committee = models.BooleanField(
        _("holds congresses and elects a committee"), default=True,
        help_text=_("Organisations of this kind have terms, a committee or secretary, and congresses that fall due."),
    )
    cell_congress_pilot = models.BooleanField(
        _("in the QĐ 294 pilot: a cell congress once in five years"), default=False,
        help_text=_("QĐ 294-QĐ/TW (in force from 01/07/2025) pilots one cell congress every five years instead of two. "
                    "The pilot's scope is not confirmed: tick a kind only once it is confirmed which cells the pilot "
                    "covers. A term that began before 01/07/2025 keeps the interval of its day."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("organisation kind")
        verbose_name_plural = _("organisation kinds")

    def __str__(self) -> str:
        return self.label


class Cluster(Versioned, models.Model):
    """A group of organisations (edited in the administration; Versioned like every edited record)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name


class Organization(Versioned, TreeNode):
    """A node of the Party tree. Current state here; the dated past in OrganizationVersion. Versioned: an edit or a
    restructuring decision made from a stale read of it is refused (core.versions)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")
        MERGED = "merged", _("Merged into another")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")

    # Organisations are never deleted (they end with a status), so nothing cascades.
    parent = TreeNodeForeignKey(
        "self", blank=True, null=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent organisation"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_search = models.CharField(max_length=300, editable=False, db_index=True)
    name_sort = models.CharField(max_length=2000, editable=False, db_index=True)
    kind = models.ForeignKey(OrganizationKind, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("kind"))
    host_agency = models.CharField(_("host agency"), max_length=255, blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="organizations", verbose_name=_("cluster")
    )
    established_on = models.DateField(_("established on"))
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    ended_on = models.DateField(_("dissolved / ended on"), null=True, blank=True)
    external_superior = models.CharField(
        _("external superior committee"),
        max_length=255,
        blank=True,
        help_text=_("Where it was transferred to, or came from, outside this installation."),
    )
    history = HistoricalRecords(excluded_fields=["name_search", "name_sort"])

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def normalize(self) -> None:
        """NFC text and derived keys; bulk loaders call it since bulk_create skips save()."""
        self.name = nfc(self.name)
        self.host_agency = nfc(self.host_agency)
        self.code = (self.code or "").strip()
        self.name_search = fold(f"{self.code} {self.name}")
        self.name_sort = collation_key(self.name)

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organizations:detail", args=[self.pk])


class OrganizationVersion(models.Model):
    """Name and position of an organisation over a dated interval [valid_from, valid_to).

    Restructuring decisions take effect on a date that is often not the day they are
    entered, so the tree "as of" a date is read from here rather than from the audit log.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField(max_length=255)
    parent = models.ForeignKey(Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.ForeignKey(OrganizationKind, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organization", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from:%d/%m/%Y} – {self.valid_to or '…'}]"

    def covers(self, on: datetime.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on < self.valid_to)


class RestructuringEvent(models.Model):
    class Kind(models.TextChoices):
        CREATE = "create", _("Established")
        RENAME = "rename", _("Renamed")
        MOVE = "move", _("Moved under another parent")
        TRANSFER_OUT = "transfer_out", _("Transferred out")
        TRANSFER_IN = "transfer_in", _("Transferred in")
        MERGE = "merge", _("Merged")
        SPLIT = "split", _("Split")
        DISSOLVE = "dissolve", _("Dissolved")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="restructuring_events", verbose_name=_("organisation")
    )
    related = models.ManyToManyField(
        Organization, blank=True, related_name="related_restructuring_events", verbose_name=_("other organisations")
    )
    effective_on = models.DateField(_("effective on"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    reason = models.TextField(_("reason"), blank=True)
    summary = models.CharField(_("summary"), max_length=500)
    external_party = models.CharField(_("external committee"), max_length=255, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("restructuring event")
        verbose_name_plural = _("restructuring events")

    def __str__(self) -> str:
        return self.summary


class OrganizationFigures(models.Model):
    """What the apps count per organisation (organizations.figures): its own figures and its whole subtree's,
    kept by the services in their transaction, so a page reads a few rows where it would count the country.
    Derived data: recounted from scratch every night and whenever the table is found empty, never edited."""

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, primary_key=True,
                                        related_name="figures")
    own = models.JSONField(default=dict)  # {"members": 12, "gender:female": 5, "org:cell": 1, ...}, zeros left out
    total = models.JSONField(default=dict)  # own + the totals of the children
    counted_on = models.DateField()  # the day the date-dependent figures (age bands) were counted

    class Meta:
        verbose_name = _("organisation figures")
        verbose_name_plural = _("organisation figures")

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.total}"
