import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import fold, nfc, person_sort_key
from core.versions import Versioned
from organizations.models import Organization

from .choices import (
    ACTIVE_STATUSES,
    ETHNICITY_CHOICES,
    Education,
    Gender,
    Qualification,
    Religion,
    Status,
    TheoryLevel,
    TransferKind,
)

CITIZEN_ID_RE = re.compile(r"^\d{12}$")


def validate_citizen_id(value: str) -> None:
    if value and not CITIZEN_ID_RE.match(value):
        raise ValidationError(
            _("A citizen ID has exactly 12 digits (you typed %(count)s characters)."),
            code="citizen_id",
            params={"count": len(value)},
        )


def validate_phone(value: str) -> None:
    digits = re.sub(r"[\s.\-]", "", value or "")
    if digits and not re.fullmatch(r"\+?\d{9,12}", digits):
        raise ValidationError(_("Enter a phone number of 10 digits, e.g. 0912345678."), code="phone")


class Member(Versioned, models.Model):
    """A Party member's file (the core of the member record). Versioned: a correction or a decision made from a stale
    read of it is refused (core.versions)."""

    full_name = models.CharField(_("full name"), max_length=120)
    name_search = models.CharField(max_length=120, editable=False, db_index=True)
    name_sort = models.CharField(max_length=1000, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    citizen_id = models.CharField(
        _("citizen ID"), max_length=12, blank=True, null=True, unique=True, validators=[validate_citizen_id]
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=30, choices=ETHNICITY_CHOICES, default="kinh")
    religion = models.CharField(_("religion"), max_length=20, choices=Religion.choices, default=Religion.NONE)
    hometown = models.CharField(_("hometown"), max_length=255, blank=True)
    education = models.CharField(
        _("general education"), max_length=10, choices=Education.choices, default=Education.UPPER_SECONDARY
    )
    qualification = models.CharField(
        _("professional qualification"), max_length=20, choices=Qualification.choices, default=Qualification.BACHELOR
    )
    specialization = models.CharField(_("field of study"), max_length=120, blank=True)
    theory_level = models.CharField(
        _("political theory level"), max_length=20, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    agency = models.CharField(_("agency"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)

    admitted_on = models.DateField(_("admitted on"))
    inducted_on = models.DateField(
        _("induction ceremony on"), null=True, blank=True,
        help_text=_("Probation counts from the ceremony."),
    )
    full_on = models.DateField(_("full member on"), null=True, blank=True)
    # Admission above the maximum age (counted in months) needs a higher committee's approval (rule
    # ADMISSION_OVER_MAX_AGE_APPROVED_BY): recorded with the admission, empty for everyone else.
    over_age_approved_by = models.CharField(_("over-age admission approved by"), max_length=255, blank=True)
    over_age_approval_number = models.CharField(_("approval number"), max_length=60, blank=True)
    over_age_approved_on = models.DateField(_("approved on"), null=True, blank=True)
    card_number = models.CharField(_("party card number"), max_length=20, blank=True, null=True, unique=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROBATIONARY)
    status_since = models.DateField(_("status since"))
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
        help_text=_("Where the member is officially registered (counted)."),
    )
    home_external = models.CharField(
        _("official organisation outside"), max_length=255, blank=True,
        help_text=_("For a member here on temporary transfer from outside this installation."),
    )
    temporary_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="temporary_members",
        verbose_name=_("temporarily attends"),
    )
    temporary_external = models.CharField(_("temporarily attends (outside)"), max_length=255, blank=True)
    temporary_until = models.DateField(_("temporary transfer until"), null=True, blank=True)
    exempted_since = models.DateField(_("exempt from work and meetings since"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="member",
        verbose_name=_("login account"),
    )
    history = HistoricalRecords(excluded_fields=["name_search", "name_sort"])

    class Meta:
        ordering = ["name_sort", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        indexes = [
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "name_sort"]),
            # the member list by gender in name order: the page walks the index in the list's order (status read
            # from it) and stops at the page, and the count is index-only; without it SQLite sorted every match
            models.Index(fields=["gender", "name_sort", "id", "status"], name="members_member_gender_name"),
            # and its count reads this narrow one alone (index-only: a third of the pages of the wide one above)
            models.Index(fields=["gender", "status"], name="members_member_gender_status"),
            # the members' to-do: the probationary members whose probation started long enough ago to end soon (a
            # few thousand of a country's probationary members, read from here, not from their status's 300,000),
            # with the columns the to-do reads after it, so that it is read from the index alone (9,500 rows of a
            # country, each on its own table page, took 50-65 ms on PostgreSQL); key columns rather than INCLUDE,
            # which SQLite has not
            models.Index(models.functions.Coalesce("inducted_on", "admitted_on"), models.F("id"),
                         models.F("admitted_on"), models.F("inducted_on"), models.F("name_sort"),
                         name="members_probation_start",
                         condition=models.Q(status="probationary", organization__isnull=False)),
            # the badges due on a presentation date: the members admitted in the windows of each milestone (a few
            # hundred of a province's 100,000, read by ranges of this index instead of every row), counted from the
            # index alone (the id is in it: a country's 12,000 rows each on its own table page took 500 ms)
            models.Index(fields=["admitted_on", "status", "id"], name="members_member_admitted"),
            # the members who died (or left) since a day: the badges' posthumous candidates
            models.Index(fields=["status", "status_since"], name="members_member_status_since"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalize()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("members:detail", args=[self.pk])

    def normalize(self) -> None:
        """NFC text and the derived search/sort keys; bulk loaders call it since bulk_create skips save()."""
        for field in ("full_name", "hometown", "position", "agency", "specialization", "home_external",
                      "temporary_external"):
            setattr(self, field, nfc(getattr(self, field)))
        self.citizen_id = (self.citizen_id or "").strip() or None
        self.card_number = (self.card_number or "").strip() or None
        self.email = (self.email or "").strip().lower()
        self.name_search = fold(self.full_name)
        self.name_sort = person_sort_key(self.full_name)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_temporarily_away(self) -> bool:
        return bool(self.temporary_organization_id or self.temporary_external)

    def age_on(self, on: datetime.date) -> int:
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    @property
    def has_over_age_approval(self) -> bool:
        return bool(self.over_age_approval_number)


class Membership(Versioned, models.Model):
    """Which organisation a member belonged to (officially or temporarily), from when to when. Versioned: the dates
    recorded on it (transfer papers, introduction letter) are edited through forms."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships",
        verbose_name=_("organisation"),
    )
    external_organization = models.CharField(_("organisation outside"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices, default=TransferKind.PERMANENT)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    start_reason = models.CharField(_("how it started"), max_length=255, blank=True)
    end_reason = models.CharField(_("how it ended"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    end_decision_number = models.CharField(_("decision that ended it"), max_length=60, blank=True)
    ended_by_event = models.ForeignKey(
        "organizations.RestructuringEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A permanent transfer (members.services.member_transfer): the period that ends is the sending side's, which
    # issues the transfer papers; the period that opens here (linked to it) awaits the member's introduction letter.
    ended_by_transfer = models.BooleanField(_("ended by a permanent transfer"), default=False)
    papers_issued_on = models.DateField(_("transfer papers issued on"), null=True, blank=True)
    transferred_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="transferred_to",
        verbose_name=_("transferred from"),
    )
    letter_issued_on = models.DateField(_("introduction letter dated"), null=True, blank=True)
    letter_presented_on = models.DateField(_("introduction letter presented on"), null=True, blank=True)

    class Meta:
        ordering = ["member", "started_on", "id"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        indexes = [
            models.Index(fields=["organization", "started_on", "ended_on"]),
            # the to-do of transfers (members.selectors.members_due): the few periods still owing papers or a
            # letter, found without reading every period
            models.Index(fields=["organization"], name="membership_papers_due",
                         condition=models.Q(ended_by_transfer=True, ended_on__isnull=False,
                                            papers_issued_on__isnull=True)),
            models.Index(fields=["organization"], name="membership_letter_due",
                         condition=models.Q(transferred_from__isnull=False, ended_on__isnull=True,
                                            letter_issued_on__isnull=False, letter_presented_on__isnull=True)),
        ]

    def __str__(self) -> str:
        where = self.organization or self.external_organization
        return f"{self.member} @ {where} {self.started_on}–{self.ended_on or ''}"
