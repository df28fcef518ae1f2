"""Quality review (kiểm điểm, đánh giá, xếp loại chất lượng): a campaign opened by a committee for its subtree and a
period, each member's and each organisation's review in it (self-assessment, the cell's proposal, the competent
level's decision). The thresholds, the cap and the ceilings are rule data (rules: review_*), never numbers here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class Rating(models.TextChoices):
    """The four levels (QĐ 366-QĐ/TW Art. 11; the same four under QĐ 124 and QĐ 132), best first."""

    # a context of their own: "Good" elsewhere is a meeting's quality (Đạt), not this level
    EXCELLENT = "excellent", pgettext_lazy("quality rating", "Excellent")
    GOOD = "good", pgettext_lazy("quality rating", "Good")
    COMPLETE = "complete", pgettext_lazy("quality rating", "Complete")
    NOT_COMPLETE = "not_complete", pgettext_lazy("quality rating", "Not complete")


# best first: a rating's rank is its place here (0 is the best), so "at most X" is "rank >= rank(X)"
RATING_ORDER = [Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETE, Rating.NOT_COMPLETE]


def rank(rating: str) -> int:
    return RATING_ORDER.index(rating)


class Treatment(models.TextChoices):
    """What a member's group gets in a review (rule review_member_groups)."""

    RATED = "rated", _("reviewed and rated")
    NOT_RATED = "not_rated", _("may self-assess, not rated")
    EXCLUDED = "excluded", _("not reviewed")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    TERM = "term", _("Term")
    AD_HOC = "ad_hoc", _("When needed")


class ReviewCampaign(Versioned, models.Model):
    """A review opened by a committee for its whole subtree over a period, with the deadlines of its three steps."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="review_campaigns", verbose_name=_("opened by"))
    title = models.CharField(_("title"), max_length=200)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    self_assessment_due = models.DateField(_("self-assessments by"))
    cell_meetings_due = models.DateField(_("cell meetings by"))
    decisions_due = models.DateField(_("decisions by"))
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="review_period_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reviews:campaign", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Assessment(models.Model):
    """What a member's and an organisation's review share: the self-assessment on the 100-point scale (general
    criteria and task results) and the competent level's decision."""

    general_points = models.DecimalField(_("general criteria (points)"), max_digits=4, decimal_places=1, null=True,
                                         blank=True)
    task_points = models.DecimalField(_("task results (points)"), max_digits=4, decimal_places=1, null=True,
                                      blank=True)
    self_notes = models.TextField(_("self-assessment"), blank=True)
    self_assessed_on = models.DateField(_("self-assessed on"), null=True, blank=True)
    self_entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("entered by"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_by = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))

    class Meta:
        abstract = True

    @property
    def points(self):
        if self.general_points is None or self.task_points is None:
            return None
        return self.general_points + self.task_points


class MemberReview(Versioned, Assessment):
    """One member's review in a campaign, at the cell they were registered in when it opened."""

    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.PROTECT, related_name="member_reviews",
                                 verbose_name=_("campaign"))
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="reviews",
                               verbose_name=_("member"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("cell"))
    treatment = models.CharField(_("treatment"), max_length=10, choices=Treatment.choices, default=Treatment.RATED)
    proposed_rating = models.CharField(_("rating proposed"), max_length=20, choices=Rating.choices, blank=True)
    proposed_on = models.DateField(_("proposed on"), null=True, blank=True)
    meeting_reference = models.CharField(_("cell meeting"), max_length=120, blank=True)
    proposal_note = models.CharField(_("cell's comment"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "organization", "member"]
        verbose_name = _("member review")
        verbose_name_plural = _("member reviews")
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="review_one_per_member")]
        indexes = [models.Index(fields=["campaign", "organization", "rating"], name="review_campaign_cell"),
                   # the home page's proposals waiting for a decision, counted on this index alone (reviews.selectors)
                   models.Index(fields=["campaign", "rating", "proposed_rating", "organization"],
                                name="review_campaign_waiting")]

    def __str__(self) -> str:
        return f"{self.member} – {self.campaign}"


class OrganizationReview(Versioned, Assessment):
    """An organisation's review in a campaign: its committee's self-assessment, the superior's decision."""

    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.PROTECT, related_name="organization_reviews",
                                 verbose_name=_("campaign"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="reviews",
                                     verbose_name=_("organisation"))
    parent = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("superior"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "organization"]
        verbose_name = _("organisation review")
        verbose_name_plural = _("organisation reviews")
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"],
                                               name="review_one_per_organization")]
        indexes = [models.Index(fields=["campaign", "parent", "rating"], name="review_campaign_parent")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.campaign}"
