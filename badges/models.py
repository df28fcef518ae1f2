"""Party badges (Huy hiệu Đảng): the awards recorded with their decision, and what the reckoning of who is due needs
beyond the member file: the periods that do not count toward Party age (interrupted membership) and a serious
illness that lets a badge come early. The milestones, dates and margins are rule data (rules: badge_*), never
numbers here."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class Interruption(Versioned, models.Model):
    """A period that does not count toward the member's Party age (tuổi đảng): struck off and admitted again, or any
    other interruption the committee decided. The days from `starts_on` up to (not including) `ends_on`, the day the
    membership counts again, are left out."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="badge_interruptions",
                               verbose_name=_("member"))
    starts_on = models.DateField(_("not counted from"))
    ends_on = models.DateField(_("counted again from"))
    reason = models.CharField(_("reason"), max_length=255)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "starts_on"]
        verbose_name = _("interrupted membership")
        verbose_name_plural = _("interrupted memberships")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")),
                                              name="badges_interruption_ends_after")]

    def __str__(self) -> str:
        return f"{self.member} {self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}"

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days


class Illness(Versioned, models.Model):
    """A member certified seriously ill: from `certified_on` the rule's early margin applies to their next badge."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="badge_illnesses",
                               verbose_name=_("member"))
    certified_on = models.DateField(_("certified on"))
    reason = models.CharField(_("condition"), max_length=255)
    evidence = models.CharField(_("evidence or decision"), max_length=255,
                                help_text=_("The medical certificate or the committee's decision, with its number."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-certified_on"]
        verbose_name = _("serious illness")
        verbose_name_plural = _("serious illnesses")

    def __str__(self) -> str:
        return f"{self.member} {self.certified_on:%d/%m/%Y}"


class Early(models.TextChoices):
    NONE = "", _("On time")
    ILLNESS = "illness", _("Early: seriously ill")
    POSTHUMOUS = "posthumous", _("Posthumous")


class BadgeAward(Versioned, models.Model):
    """A badge given: the milestone (years of Party age), the presentation date it was given for, the decision. Never
    deleted; a member holds each milestone once."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="badge_awards",
                               verbose_name=_("member"))
    milestone = models.PositiveSmallIntegerField(_("badge (years)"))
    presentation_date = models.DateField(_("presentation date"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decided on"))
    awarded_on = models.DateField(_("presented on"))
    early = models.CharField(_("early"), max_length=12, choices=Early.choices, blank=True, default=Early.NONE)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "milestone"]
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        constraints = [models.UniqueConstraint(fields=["member", "milestone"], name="badges_one_award_per_milestone")]
        indexes = [models.Index(fields=["presentation_date"], name="badges_award_date")]

    def __str__(self) -> str:
        return f"{self.member} – {self.milestone}"
