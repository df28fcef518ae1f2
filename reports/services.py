"""Every write to a periodic report: created for a period, its text written, submitted (the figures frozen, the
report registered as an outgoing "BC" document of its organisation's committee, which numbers it), received or
returned by the superior. Who may do each is the pages' check, through the scope (reports.periodic). Each is one
transaction, refuses with a message on the field, keeps who acted and why in
the history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.history import save_with_history
from core.text import nfc_text
from core.validation import require, require_text
from documents.models import Issuer
from documents.services import document_issue
from organizations.models import Organization

from . import periodic
from .figures import periodic_figures
from .models import PeriodicReport
from .periods import period_of

TEXTS = ("situation", "results", "shortcomings", "tasks")
REPORT_KIND = "BC"  # "Báo cáo": the kind of document the report is registered as (rules: document_kinds)


def report_title(report: PeriodicReport) -> str:
    """The summary printed under "BÁO CÁO" (Vietnamese: it is the document's)."""
    return f"Kết quả công tác xây dựng Đảng {report.printed_period}"


@transaction.atomic
def periodic_report_create(*, actor, organization: Organization, kind: str, year: int,
                           number: int = 1) -> PeriodicReport:
    require(organization, "organization", _("Choose the organisation."))
    if organization.kind.tier not in periodic.REPORTING_TIERS:
        raise ValidationError({"organization": _("Only grassroots organisations and superior committees make this "
                                                 "report.")})
    if not organization.is_active:
        raise ValidationError({"organization": _("%(name)s is no longer active.") % {"name": organization.name}})
    period = period_of(kind, year, number or 1)
    today = timezone.localdate()
    if period.starts_on > today:
        raise ValidationError({"year": _("The period has not begun.")})
    if PeriodicReport.objects.filter(organization=organization, kind=kind, year=period.year,
                                     number=period.number).exists():
        raise ValidationError({"kind": _("%(name)s already has a report for this period.") % {
            "name": organization.name}})
    report = PeriodicReport(organization=organization, kind=kind, year=period.year, number=period.number,
                            starts_on=period.starts_on, ends_on=period.ends_on, due_on=period.due_on,
                            created_by=actor if getattr(actor, "is_authenticated", False) else None)
    return save_with_history(report, actor=actor, reason=_("Report created"))


@transaction.atomic
def periodic_report_update_text(*, actor, report: PeriodicReport, situation: str = "", results: str = "",
                                shortcomings: str = "", tasks: str = "") -> PeriodicReport:
    if not report.editable:
        raise ValidationError(_("A submitted report is not edited; the superior may return it."))
    for name, value in zip(TEXTS, (situation, results, shortcomings, tasks), strict=True):
        setattr(report, name, nfc_text(value or "").strip())
    return save_with_history(report, actor=actor, reason=_("Text written"))


@transaction.atomic
def periodic_report_submit(*, actor, report: PeriodicReport, signer_position: str, signer_name: str,
                           place: str = "", recipients: str = "") -> PeriodicReport:
    """The figures are counted now and frozen in the report; the first submission registers it as the committee's
    outgoing report (numbered by documents.numbering); a report returned and submitted again keeps its number."""
    if not report.editable:
        raise ValidationError(_("The report is already submitted."))
    if not (report.situation.strip() or report.results.strip()):
        raise ValidationError({"situation": _("Write the situation or the results before submitting.")})
    signer_position = require_text(signer_position, "signer_position", _("Enter the signer's position."))
    signer_name = require_text(signer_name, "signer_name", _("Enter who signs."))
    today = timezone.localdate()
    months = (report.ends_on.year - report.starts_on.year) * 12 + report.ends_on.month - report.starts_on.month + 1
    report.figures = periodic_figures(actor, report.organization, report.starts_on, report.ends_on, months,
                                      today=today)
    if report.document_id is None:
        report.document = document_issue(
            actor=actor, organization=report.organization, issuer=Issuer.Kind.COMMITTEE, kind=REPORT_KIND,
            issued_on=today, title=report_title(report), signer_name=signer_name, signer_position=signer_position,
            place=place, recipients=recipients or default_recipients(report),
            body="\n".join(getattr(report, name) for name in TEXTS if getattr(report, name)))
    report.status = PeriodicReport.Status.SUBMITTED
    report.submitted_by = actor
    report.submitted_at = timezone.now()
    report.received_by = None
    report.received_at = None
    return save_with_history(report, actor=actor, reason=_("Submitted as %(symbol)s") % {
        "symbol": report.document.symbol})


def default_recipients(report: PeriodicReport) -> str:
    parent = report.organization.parent
    return f"{parent.name}\n" if parent is not None else ""


def _superior(actor, report: PeriodicReport) -> None:
    """Who may receive or return (whoever holds DOCUMENTS over the organisation's parent) is the pages' check
    (reports.periodic.may_receive), as every service's scope is its page's."""
    if report.organization.parent_id is None:
        raise ValidationError(_("The report of the top organisation is sent outside the app."))
    if report.status != PeriodicReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report is received or returned."))


@transaction.atomic
def periodic_report_receive(*, actor, report: PeriodicReport) -> PeriodicReport:
    _superior(actor, report)
    report.status = PeriodicReport.Status.RECEIVED
    report.received_by = actor
    report.received_at = timezone.now()
    report.return_reason = ""
    return save_with_history(report, actor=actor, reason=_("Received"))


@transaction.atomic
def periodic_report_return(*, actor, report: PeriodicReport, reason: str) -> PeriodicReport:
    """Back to its committee to complete, with the reason; its frozen figures are counted again when it is
    submitted again."""
    reason = require_text(reason, "reason", _("Say what is to be completed."))
    _superior(actor, report)
    report.status = PeriodicReport.Status.RETURNED
    report.return_reason = reason[:500]
    return save_with_history(report, actor=actor, reason=reason)
