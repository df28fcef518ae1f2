"""Party dues (đảng phí): what each member pays every month, on what basis, with which relief, and what the cell
collected. The rates are rule data (rules: dues_rates, by the month they apply to), never numbers here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class Category(models.TextChoices):
    """How a member's monthly dues are worked out (QĐ 01-QĐ/TW Art. 3; QĐ 342 before 1/2/2026)."""

    SALARY = "salary", _("Salary with social insurance")
    BENEFIT = "benefit", _("Sickness or maternity benefit")
    PENSION = "pension", _("Pension")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other, without social insurance")


class DuesBasis(models.Model):
    """A member's dues category and the amount it is reckoned on (salary, benefit, pension; a fixed amount for the
    other categories when the rule leaves it to the cell), from a month on: a change adds a row, history kept."""

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_bases",
                               verbose_name=_("member"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.PositiveBigIntegerField(
        _("amount (đồng)"), null=True, blank=True,
        help_text=_("The monthly salary on which social insurance is paid, the benefit or the pension; for the other "
                    "categories, the monthly dues the cell set when the rule leaves it open."))
    starts_on = models.DateField(_("from the month of"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-starts_on"]
        verbose_name = _("dues basis")
        verbose_name_plural = _("dues bases")
        constraints = [
            models.UniqueConstraint(fields=["member", "starts_on"], name="dues_basis_one_per_month"),
            models.CheckConstraint(condition=Q(starts_on__day=1), name="dues_basis_from_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.get_category_display()} {self.starts_on:%m/%Y}"


class Relief(Versioned, models.Model):
    """An exemption or a reduction of a member's dues over a run of months, granted on the member's written request
    (hardship) with its decision; ended early by setting `ends_on`, never deleted."""

    class Kind(models.TextChoices):
        EXEMPT = "exempt", _("Exemption")
        REDUCTION = "reduction", _("Reduction")

    class Ground(models.TextChoices):
        SOCIAL_PENSION = "social_pension", _("Receives the social pension allowance")
        POOR_HOUSEHOLD = "poor_household", _("Poor or near-poor household")
        SERIOUS_ILLNESS = "serious_illness", _("Serious illness")
        HARDSHIP = "hardship", _("Other hardship")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_reliefs",
                               verbose_name=_("member"))
    kind = models.CharField(_("relief"), max_length=20, choices=Kind.choices)
    percent = models.PositiveSmallIntegerField(_("reduced by (%)"), null=True, blank=True)
    ground = models.CharField(_("ground"), max_length=30, choices=Ground.choices)
    starts_on = models.DateField(_("from the month of"))
    ends_on = models.DateField(_("to the month of"), null=True, blank=True,
                               help_text=_("Empty: without end (an exemption for a social pension allowance)."))
    decision_number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decided on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-starts_on"]
        verbose_name = _("dues relief")
        verbose_name_plural = _("dues reliefs")
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__day=1) & (Q(ends_on__isnull=True) | Q(ends_on__day=1)),
                                   name="dues_relief_whole_months"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                                   name="dues_relief_ends_after"),
        ]

    def __str__(self) -> str:
        end = f"{self.ends_on:%m/%Y}" if self.ends_on else "…"
        return f"{self.member} – {self.get_kind_display()} {self.starts_on:%m/%Y}–{end}"


class Payment(Versioned, models.Model):
    """One member's dues for one month as the cell recorded them: the amount due (worked out when recorded and kept,
    so that a later change of rule or basis never rewrites a closed month), what was paid, when and how, and any
    voluntary payment above the due, kept apart. A month unpaid with a good reason says why."""

    class Channel(models.TextChoices):
        CASH = "cash", _("Cash to the cell")
        PORTAL = "portal", _("National public-services portal")

    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="dues_payments",
                               verbose_name=_("member"))
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="dues_payments", verbose_name=_("cell"))
    month = models.DateField(_("month"))
    due = models.PositiveBigIntegerField(_("due (đồng)"))
    paid = models.PositiveBigIntegerField(_("paid (đồng)"), default=0)
    extra = models.PositiveBigIntegerField(_("voluntary, above the due (đồng)"), default=0)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    channel = models.CharField(_("paid by"), max_length=10, choices=Channel.choices, blank=True)
    excuse = models.CharField(_("reason it is not paid"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "member"]
        verbose_name = _("dues payment")
        verbose_name_plural = _("dues payments")
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_one_payment_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dues_payment_month_first_day"),
        ]
        indexes = [models.Index(fields=["organization", "month"], name="dues_cell_month")]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%m/%Y}: {self.paid}/{self.due}"


class Remittance(Versioned, models.Model):
    """What an organisation sends up for a month's dues: what reached it (its own members' payments, and what its
    subordinate organisations remitted and it confirmed), the share it keeps (rule dues_kept_percent, by its tier)
    and the rest, sent to the organisation above it then. A month may be remitted more than once: a later
    remittance carries only what reached the organisation since the last one. The receiving level confirms it."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("National public-services portal")
        BANK = "bank", _("Bank transfer")
        CASH = "cash", _("Cash")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="dues_remittances", verbose_name=_("remitted by"))
    recipient = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="dues_remittances_received", verbose_name=_("remitted to"),
                                  help_text=_("Empty: the superior committee outside dangbo."))
    month = models.DateField(_("month"))
    received = models.PositiveBigIntegerField(_("reached the organisation (đồng)"))
    voluntary = models.PositiveBigIntegerField(_("of which voluntary (đồng)"), default=0)
    kept_percent = models.DecimalField(_("share kept (%)"), max_digits=5, decimal_places=2)
    kept = models.PositiveBigIntegerField(_("kept (đồng)"))
    remitted = models.PositiveBigIntegerField(_("remitted (đồng)"))
    remitted_on = models.DateField(_("remitted on"))
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    related_name="+", verbose_name=_("recorded by"))
    confirmed_on = models.DateField(_("receipt confirmed on"), null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("confirmed by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["month", "organization", "remitted_on", "id"]
        verbose_name = _("dues remittance")
        verbose_name_plural = _("dues remittances")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="dues_remittance_month_first_day"),
            models.CheckConstraint(condition=Q(remitted=models.F("received") - models.F("kept")),
                                   name="dues_remittance_adds_up"),
        ]
        indexes = [models.Index(fields=["organization", "month"], name="dues_remit_org_month"),
                   models.Index(fields=["recipient", "month"], name="dues_remit_recipient_month")]

    def __str__(self) -> str:
        return f"{self.organization} {self.month:%m/%Y}: {self.remitted}"
