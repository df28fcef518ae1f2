"""The periodic Party-building report (báo cáo định kỳ) of a grassroots organisation or of a superior committee: its
period (a kind of the rule periodic_report_periods, a year and the period's number in it), the text its committee
writes, the figures the app counted, frozen when it is submitted, and its way upward (draft → submitted → received,
or returned with the reason and submitted again). Its number and symbol are those of the outgoing document
("05-BC/ĐU") the register gave it on submission (documents.services.document_issue). Nothing is deleted."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versions import Versioned


class PeriodKind(models.TextChoices):
    """The kinds of period; which exist, the months they cover and when each is due are rule data."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("First 6 months")
    NINE_MONTHS = "nine_months", _("First 9 months")
    YEAR = "year", _("Year")


# The words printed on the report itself (a Party document is Vietnamese whatever the reader's language).
PRINTED_PERIODS = {
    PeriodKind.MONTH: "tháng {number} năm {year}",
    PeriodKind.QUARTER: "quý {roman} năm {year}",
    PeriodKind.HALF_YEAR: "6 tháng đầu năm {year}",
    PeriodKind.NINE_MONTHS: "9 tháng đầu năm {year}",
    PeriodKind.YEAR: "năm {year}",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# The words shown in the app's pages, in the reader's language.
PERIOD_LABELS = {
    PeriodKind.MONTH: _("month %(number)s/%(year)s"),
    PeriodKind.QUARTER: _("quarter %(roman)s/%(year)s"),
    PeriodKind.HALF_YEAR: _("first 6 months of %(year)s"),
    PeriodKind.NINE_MONTHS: _("first 9 months of %(year)s"),
    PeriodKind.YEAR: _("year %(year)s"),
}


def period_label(kind: str, year: int, number: int) -> str:
    """"quý I/2026": the period as the app's pages name it."""
    return str(PERIOD_LABELS[kind]) % {"number": number, "year": year, "roman": ROMAN.get(number, number)}


class PeriodicReport(Versioned, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RECEIVED = "received", _("Received")
        RETURNED = "returned", _("Returned for completion")

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT,
                                     related_name="periodic_reports", verbose_name=_("organisation"))
    kind = models.CharField(_("period"), max_length=12, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number in the year"), default=1)
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    situation = models.TextField(_("General situation"), blank=True)
    results = models.TextField(_("Results by area of work"), blank=True)
    shortcomings = models.TextField(_("Shortcomings and their causes"), blank=True)
    tasks = models.TextField(_("Tasks for the next period"), blank=True)
    figures = models.JSONField(_("figures as submitted"), default=dict, blank=True, editable=False)
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("registered as"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("received by"))
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    # the report in the superior's register of incoming documents (its arrival number), entered on receipt
    arrival = models.ForeignKey("documents.Document", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("registered on arrival as"))
    return_reason = models.CharField(_("why returned"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    # the figures too: each submission's frozen figures stay in the history when the report is returned and
    # submitted again (the page shows what changed)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-ends_on", "organization__name_sort", "id"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        constraints = [models.UniqueConstraint(fields=["organization", "kind", "year", "number"],
                                               name="reports_one_report_per_period")]
        indexes = [models.Index(fields=["organization", "status"], name="reports_periodic_status")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("reports:periodic_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return period_label(self.kind, self.year, self.number)

    @property
    def printed_period(self) -> str:
        return PRINTED_PERIODS[self.kind].format(number=self.number, year=self.year,
                                                 roman=ROMAN.get(self.number, self.number))

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def frozen(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.RECEIVED)
