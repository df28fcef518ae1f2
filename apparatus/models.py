"""The apparatus of each organisation: its terms, the bodies elected or designated for a term,
and the seats members hold on them. Nothing here is deleted: terms, bodies and seats end."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versions import Versioned
from rules.display import quantity


class Term(Versioned, models.Model):
    """A term of office (nhiệm kỳ), opened by a congress or by the superior's designation."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("Elected at a congress")
        DESIGNATED = "designated", _("Designated by the superior")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="terms", verbose_name=_("organisation")
    )
    label = models.CharField(_("term"), max_length=40, help_text=_("As written in documents, e.g. 2020–2025."))
    kind = models.CharField(_("how it began"), max_length=20, choices=Kind.choices, default=Kind.CONGRESS)
    congress_on = models.DateField(_("congress held on"), null=True, blank=True)
    started_on = models.DateField(_("term started on"))
    ended_on = models.DateField(_("term ended on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True,
                                       help_text=_("The superior's approval or designation."))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "-started_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["organization"], condition=Q(ended_on__isnull=True),
                                    name="apparatus_one_open_term_per_organization"),
        ]
        indexes = [models.Index(fields=["organization", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.organization} — {self.label}"

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class Body(Versioned, models.Model):
    """A committee of one organisation for one term (executive, standing, cell, inspection)."""

    class Kind(models.TextChoices):
        EXECUTIVE_COMMITTEE = "executive_committee", _("Executive committee")
        STANDING_COMMITTEE = "standing_committee", _("Standing committee")
        CELL_COMMITTEE = "cell_committee", _("Cell committee")
        INSPECTION_COMMITTEE = "inspection_committee", _("Inspection committee")

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="bodies", verbose_name=_("organisation")
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("term"))
    kind = models.CharField(_("body"), max_length=30, choices=Kind.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "term", "kind"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="apparatus_one_body_of_a_kind_per_term"),
        ]
        indexes = [models.Index(fields=["organization", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organization} ({self.term.label})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def is_main(self) -> bool:
        """The body whose members are "the committee" (cấp ủy) of the organisation."""
        return self.kind in MAIN_BODY_KINDS


MAIN_BODY_KINDS = (Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.CELL_COMMITTEE)


class Position(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    STANDING_DEPUTY_SECRETARY = "standing_deputy_secretary", _("Standing deputy secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    STANDING_COMMITTEE_MEMBER = "standing_committee_member", _("Standing committee member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    INSPECTION_CHAIR = "inspection_chair", _("Inspection committee chair")
    INSPECTION_DEPUTY_CHAIR = "inspection_deputy_chair", _("Inspection committee deputy chair")
    INSPECTION_MEMBER = "inspection_member", _("Inspection committee member")


# Which positions each body has, in the order a list of its members is read.
POSITIONS_BY_BODY = {
    Body.Kind.EXECUTIVE_COMMITTEE: (Position.SECRETARY, Position.STANDING_DEPUTY_SECRETARY, Position.DEPUTY_SECRETARY,
                                    Position.STANDING_COMMITTEE_MEMBER, Position.COMMITTEE_MEMBER),
    Body.Kind.STANDING_COMMITTEE: (Position.SECRETARY, Position.STANDING_DEPUTY_SECRETARY, Position.DEPUTY_SECRETARY,
                                   Position.STANDING_COMMITTEE_MEMBER),
    Body.Kind.CELL_COMMITTEE: (Position.SECRETARY, Position.DEPUTY_SECRETARY, Position.COMMITTEE_MEMBER),
    Body.Kind.INSPECTION_COMMITTEE: (Position.INSPECTION_CHAIR, Position.INSPECTION_DEPUTY_CHAIR,
                                     Position.INSPECTION_MEMBER),
}
# Held by one person at a time in a body (a database constraint as well as a check in the service).
SINGLE_HOLDER_POSITIONS = (Position.SECRETARY, Position.STANDING_DEPUTY_SECRETARY, Position.INSPECTION_CHAIR)
POSITION_ORDER = {code: index for index, code in enumerate(Position.values)}


class AllowanceCategory(Versioned, models.Model):
    """A kind of allowance for concurrent cadres; its monthly amount is dated (AllowanceRate)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("allowance category"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("allowance category")
        verbose_name_plural = _("allowance categories")

    def __str__(self) -> str:
        return self.label


class AllowanceRate(Versioned, models.Model):
    """The monthly amount of a category over [effective_from, effective_to), with its source."""

    category = models.ForeignKey(AllowanceCategory, on_delete=models.PROTECT, related_name="rates",
                                 verbose_name=_("allowance category"))
    monthly_amount = models.PositiveIntegerField(_("monthly amount (VND)"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True,
                                    help_text=_("Exclusive: the first day the amount no longer applies."))
    regulation = models.CharField(_("regulation"), max_length=255)
    unconfirmed = models.BooleanField(_("unconfirmed"), default=False,
                                      help_text=_("Not yet checked against the regulation's own text."))
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "-effective_from"]
        verbose_name = _("allowance rate")
        verbose_name_plural = _("allowance rates")

    def __str__(self) -> str:
        return f"{self.category}: {quantity(self.monthly_amount, 'đ')}"


class Seat(Versioned, models.Model):
    """A member's place on a body, from a date (elected, appointed or designated) until it ends."""

    class StartMethod(models.TextChoices):
        ELECTED = "elected", _("Elected")
        APPOINTED = "appointed", _("Appointed")
        DESIGNATED = "designated", _("Designated")

    class Engagement(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        CONCURRENT = "concurrent", _("Concurrent")

    class EndReason(models.TextChoices):
        TERM_ENDED = "term_ended", _("Term ended")
        RESIGNED = "resigned", _("Relieved at own request")
        REMOVED = "removed", _("Removed from post")
        REASSIGNED = "reassigned", _("Reassigned")
        LEFT_ORGANIZATION = "left_organization", _("Left the organisation")
        TRANSFERRED_OUT = "transferred_out", _("Transferred out")
        DECEASED = "deceased", _("Deceased")
        EXPELLED = "expelled", _("Expelled")
        STRUCK_OFF = "struck_off", _("Struck off")
        LEFT_PARTY = "left_party", _("Left the Party")
        ORGANIZATION_ENDED = "organization_ended", _("The organisation ended")
        OTHER = "other", _("Other")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats", verbose_name=_("body"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="seats",
                               verbose_name=_("member"))
    position = models.CharField(_("position"), max_length=30, choices=Position.choices)
    started_on = models.DateField(_("from"))
    start_method = models.CharField(_("how"), max_length=20, choices=StartMethod.choices, default=StartMethod.ELECTED)
    start_decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    engagement = models.CharField(_("engagement"), max_length=20, choices=Engagement.choices,
                                  default=Engagement.CONCURRENT)
    allowance_category = models.ForeignKey(
        AllowanceCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="seats",
        verbose_name=_("allowance category"),
    )
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=30, choices=EndReason.choices, blank=True)
    end_decision_number = models.CharField(_("ending decision"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "ended_on", "started_on"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["body", "position"],
                                    condition=Q(ended_on__isnull=True, position__in=SINGLE_HOLDER_POSITIONS),
                                    name="apparatus_one_holder_of_a_single_post"),
            models.UniqueConstraint(fields=["body", "member"], condition=Q(ended_on__isnull=True),
                                    name="apparatus_one_open_seat_per_member_and_body"),
        ]
        indexes = [models.Index(fields=["member", "ended_on"]), models.Index(fields=["body", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_position_display()} ({self.body})"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
