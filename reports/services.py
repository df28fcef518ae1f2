"""Every write to a periodic report: created for a period, its text written, submitted (the figures frozen, the
report registered as an outgoing "BC" document of its organisation's committee, which numbers it), received or
returned by the superior. Who may do each is the pages' check, through the scope (reports.periodic). Each is one
transaction, refuses with a message on the field, keeps who acted and why in
the history."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import save_with_history
from core.text import nfc_text
from core.validation import require, require_text
from documents.models import Issuer
from documents.services import document_correct, document_issue, document_register_incoming
from organizations.models import Organization

from . import periodic
from .figures import periodic_figures
from .models import PeriodicReport
from .periods import period_of

TEXTS = ("situation", "results", "shortcomings", "tasks")
SELF_RECEIVING = gettext_lazy("Whoever submitted the report does not receive or return it: another person of the "
                              "superior committee does.")
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
    taken = ValidationError({"kind": _("%(name)s already has a report for this period.") % {
        "name": organization.name}})
    if PeriodicReport.objects.filter(organization=organization, kind=kind, year=period.year,
                                     number=period.number).exists():
        raise taken
    report = PeriodicReport(organization=organization, kind=kind, year=period.year, number=period.number,
                            starts_on=period.starts_on, ends_on=period.ends_on, due_on=period.due_on,
                            created_by=actor if getattr(actor, "is_authenticated", False) else None)
    try:
        with transaction.atomic():  # a savepoint: the same report created at once by two users is refused, once
            return save_with_history(report, actor=actor, reason=_("Report created"))
    except IntegrityError:  # the one unique constraint of a new report: its organisation's period
        raise taken from None


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
    """The figures are counted now and frozen in the report (each submission's kept in the report's history); the
    first submission registers it as the committee's outgoing report (numbered by documents.numbering). A report
    returned and submitted again keeps its number and date: its registered document is corrected to what is
    submitted now (text, signer, place, recipients: documents.services.document_correct), or, if the register's
    document was cancelled meanwhile, the report is registered again under a new number."""
    if not report.editable:
        raise ValidationError(_("The report is already submitted."))
    if not (report.situation.strip() or report.results.strip()):
        raise ValidationError({"situation": _("Write the situation or the results before submitting.")})
    signer_position = require_text(signer_position, "signer_position", _("Enter the signer's position."))
    signer_name = require_text(signer_name, "signer_name", _("Enter who signs."))
    today = timezone.localdate()
    months = (report.ends_on.year - report.starts_on.year) * 12 + report.ends_on.month - report.starts_on.month + 1
    report.figures = periodic_figures(report.organization, report.starts_on, report.ends_on, months, today=today)
    registered = {"title": report_title(report), "signer_name": signer_name, "signer_position": signer_position,
                  "place": place or "", "recipients": recipients or default_recipients(report),
                  "body": "\n".join(getattr(report, name) for name in TEXTS if getattr(report, name))}
    if report.document_id is None or report.document.is_cancelled:
        report.document = document_issue(actor=actor, organization=report.organization, issuer=Issuer.Kind.COMMITTEE,
                                         kind=REPORT_KIND, issued_on=today, **registered)
    else:
        report.document = document_correct(actor=actor, document=report.document,
                                           reason=_("The report returned for completion is submitted again."),
                                           **registered)
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
    """Who may receive or return (whoever holds DOCUMENTS over the organisation's parent at the top of their scope)
    is the pages' check (reports.periodic.may_receive), as every service's scope is its page's. Whoever submitted
    the report never receives or returns it (separation of duties), whatever their scope."""
    if report.organization.parent_id is None:
        raise ValidationError(_("The report of the top organisation is sent outside the app."))
    if report.status != PeriodicReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report is received or returned."))
    if report.submitted_by_id is not None and report.submitted_by_id == getattr(actor, "pk", None):
        raise ValidationError(SELF_RECEIVING)


@transaction.atomic
def periodic_report_receive(*, actor, report: PeriodicReport) -> PeriodicReport:
    """Received by the superior: entered in the superior's register of incoming documents (the next arrival number
    of the year) as the BC it is, so the office never types it in again."""
    _superior(actor, report)
    received_at = timezone.now()
    sent = report.document
    if sent is not None:
        report.arrival = document_register_incoming(
            actor=actor, organization=report.organization.parent, kind=sent.kind, symbol=sent.symbol,
            issued_on=sent.issued_on, sender=sent.issuer.name if sent.issuer_id else report.organization.name,
            received_on=max(timezone.localdate(received_at), sent.issued_on), title=sent.title,
            signer_name=sent.signer_name, confidentiality=sent.confidentiality)
    report.status = PeriodicReport.Status.RECEIVED
    report.received_by = actor
    report.received_at = received_at
    report.return_reason = ""
    return save_with_history(report, actor=actor, reason=_("Received"))


@transaction.atomic
def periodic_report_return(*, actor, report: PeriodicReport, reason: str) -> PeriodicReport:
    """Back to its committee to complete, with the reason; its frozen figures are counted again when it is
    submitted again."""
    reason = require_text(reason, "reason", _("Say what is to be completed."))
    limit = PeriodicReport._meta.get_field("return_reason").max_length
    if len(reason) > limit:
        raise ValidationError({"reason": _("Keep the reason under %(limit)s characters (it has %(length)s).")
                               % {"limit": limit, "length": len(reason)}})
    _superior(actor, report)
    report.status = PeriodicReport.Status.RETURNED
    report.return_reason = reason
    return save_with_history(report, actor=actor, reason=reason)
