"""Every write to the registers: an incoming document recorded, an outgoing one issued (numbered here, never typed),
a correction, a cancellation. Each is one transaction, refuses with a message on the field that is wrong, and keeps
who acted and why in the history. Nothing is deleted."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.files import accept_upload
from core.history import save_with_history
from core.scope import SECRET_DOCUMENTS, scope_for
from core.text import fold, nfc, nfc_text
from core.validation import check_date, require, require_date, require_text
from organizations.models import Organization

from . import numbering
from .models import Confidentiality, Direction, Document, Issuer, SignAs


def _confidentiality(actor, organization: Organization, level: str) -> str:
    level = level or Confidentiality.NORMAL
    if level not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose the confidentiality.")})
    if level != Confidentiality.NORMAL and not scope_for(actor).covers(organization.pk, SECRET_DOCUMENTS):
        raise ValidationError({"confidentiality": _("Confidential documents are recorded by the committee's office "
                                                    "only.")})
    return level


def _search(document: Document) -> str:
    return fold(" ".join([document.symbol, document.title, document.sender, document.signer_name]))[:1200]


def _file(document: Document, file) -> None:
    """A file that did not come through core.files.UploadField (a program, the demo) is checked here, refused on the
    field; the stored name is generated (core.files), the user's kept to send it back under."""
    if not file:
        return
    if not hasattr(file, "original_name"):
        try:
            accept_upload(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
    document.file = file
    document.file_name = file.original_name


def _kind(kind: str, on: datetime.date) -> str:
    require(kind, "kind", _("Choose the kind of document."))
    if kind not in numbering.kind_names(on):
        raise ValidationError({"kind": _("“%(kind)s” is not a kind of Party document on %(date)s.") % {
            "kind": kind, "date": on.strftime("%d/%m/%Y")}})
    return kind


@transaction.atomic
def document_issue(*, actor, organization: Organization, issuer: str, kind: str, issued_on: datetime.date,
                   title: str, signer_name: str, signer_position: str, sign_as: str = SignAs.ON_BEHALF,
                   body: str = "", place: str = "", recipients: str = "",
                   confidentiality: str = Confidentiality.NORMAL, file=None) -> Document:
    """An outgoing document of one body (`issuer`: Issuer.Kind) of the organisation: the next number of its series
    (numbering), its number and symbol written out ("12-NQ/ĐUK")."""
    require_date(issued_on, "issued_on", future=False)
    kind = _kind(kind, issued_on)
    title = require_text(title, "title", _("Enter the summary (trích yếu)."))
    signer_name = require_text(signer_name, "signer_name", _("Enter who signs."))
    signer_position = require_text(signer_position, "signer_position", _("Enter the signer's position."))
    if sign_as not in SignAs.values:
        raise ValidationError({"sign_as": _("Choose how the document is signed.")})
    level = _confidentiality(actor, organization, confidentiality)
    if not organization.is_active:
        raise ValidationError({"organization": _("%(name)s is no longer active.") % {"name": organization.name}})
    issuing = numbering.issuer_ensure(actor=actor, organization=organization, issuer_kind=issuer)
    if kind not in numbering.kinds_for(organization, issuer, issued_on):
        raise ValidationError({"kind": _("%(body)s does not issue this kind of document.") % {
            "body": issuing.get_kind_display()}})
    series, term = numbering.series_of(issuing, kind, issued_on)
    number = numbering.next_number(series)
    document = Document(organization=organization, direction=Direction.OUTGOING, kind=kind, issuer=issuing,
                        number=number, series=series, term=term,
                        symbol=numbering.written_number(number, kind, issuing), issued_on=issued_on, title=title,
                        body=nfc_text(body), place=nfc(place), sign_as=sign_as, signer_position=signer_position,
                        signer_name=signer_name, recipients=nfc_text(recipients), confidentiality=level)
    _file(document, file)
    document.search = _search(document)
    return save_with_history(document, actor=actor, reason=_("Issued as %(symbol)s") % {"symbol": document.symbol})


@transaction.atomic
def document_record(*, actor, issuer: Issuer, kind: str, issued_on: datetime.date, title: str, source=None,
                    confidentiality: str = Confidentiality.NORMAL, signer_name: str = "",
                    signer_position: str = "") -> Document:
    """An outgoing document another app writes and keeps (an inspection's or a discipline decision, a cell's
    minutes): the next number of its body's series, as document_issue gives it, and its line in the register, which
    opens the record it belongs to (`source`, or document_source_set once that is saved). Its text, corrections and
    cancellation are the source's: the register keeps the number, date and summary."""
    series, term = numbering.series_of(issuer, kind, issued_on)
    number = numbering.next_number(series)
    document = Document(organization_id=issuer.organization_id, direction=Direction.OUTGOING, kind=kind,
                        issuer=issuer, number=number, series=series, term=term,
                        symbol=numbering.written_number(number, kind, issuer), issued_on=issued_on,
                        title=nfc(title)[:500], signer_name=nfc(signer_name)[:100],
                        signer_position=nfc(signer_position)[:100], sign_as="", confidentiality=confidentiality)
    if source is not None:
        document.source = source
    document.search = _search(document)
    return save_with_history(document, actor=actor, reason=_("Numbered as %(symbol)s") % {"symbol": document.symbol})


def document_source_set(*, document: Document, source) -> None:
    """The record a document_record'ed number was given to, once it is saved (a link, not a change of the document:
    no history line)."""
    Document.objects.filter(pk=document.pk).update(source_type=ContentType.objects.get_for_model(source),
                                                   source_id=source.pk)
    document.source = source


def _not_recorded(document: Document) -> None:
    if document.is_recorded:
        raise ValidationError(_("This document is kept with its own record (a decision, minutes): change it there."))


@transaction.atomic
def document_register_incoming(*, actor, organization: Organization, kind: str, symbol: str,
                               issued_on: datetime.date, sender: str, received_on: datetime.date, title: str,
                               signer_name: str = "", recipients: str = "",
                               confidentiality: str = Confidentiality.NORMAL, file=None) -> Document:
    """A document received, entered as it came (its own number and symbol, date, issuing body); the register gives
    it the year's next arrival number (số đến)."""
    symbol = require_text(symbol, "symbol", _("Enter the document's number and symbol as written on it."))
    require_date(issued_on, "issued_on", future=False)
    require_date(received_on, "received_on", future=False)
    check_date(received_on, "received_on", not_before=issued_on, not_before_label=_("the document's date"))
    kind = _kind(kind, issued_on)
    sender = require_text(sender, "sender", _("Enter the body that issued it."))
    title = require_text(title, "title", _("Enter the summary (trích yếu)."))
    level = _confidentiality(actor, organization, confidentiality)
    arrival = numbering.next_number(f"in/{organization.pk}/{received_on.year}")
    document = Document(organization=organization, direction=Direction.INCOMING, kind=kind, symbol=symbol,
                        issued_on=issued_on, sender=sender, received_on=received_on, arrival_number=arrival,
                        arrival_year=received_on.year, title=title, signer_name=nfc(signer_name),
                        recipients=nfc_text(recipients), confidentiality=level)
    _file(document, file)
    document.search = _search(document)
    return save_with_history(document, actor=actor, reason=_("Received, arrival number %(n)s/%(year)s") % {
        "n": arrival, "year": received_on.year})


# What a correction may change: an outgoing document keeps its number, kind, body and date (cancel it and issue
# another); an incoming one may have been typed wrong anywhere.
CORRECTABLE = ("title", "body", "place", "sign_as", "signer_position", "signer_name", "recipients", "confidentiality")
CORRECTABLE_INCOMING = ("title", "signer_name", "recipients", "confidentiality", "kind", "symbol", "issued_on",
                        "sender", "received_on")


@transaction.atomic
def document_correct(*, actor, document: Document, reason: str, file=None, **fields) -> Document:
    _not_recorded(document)
    reason = require_text(reason, "reason", _("Say why the document is corrected."))
    if document.is_cancelled:
        raise ValidationError(_("A cancelled document is not corrected."))
    allowed = CORRECTABLE_INCOMING if document.direction == Direction.INCOMING else CORRECTABLE
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("These cannot be corrected: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(document, name, nfc_text(value) if isinstance(value, str) and name in ("body", "recipients")
                else nfc(value) if isinstance(value, str) else value)
    require_text(document.title, "title", _("Enter the summary (trích yếu)."))
    if document.direction == Direction.INCOMING:
        require_text(document.symbol, "symbol", _("Enter the document's number and symbol as written on it."))
        require_text(document.sender, "sender", _("Enter the body that issued it."))
        require_date(document.issued_on, "issued_on", future=False)
        require_date(document.received_on, "received_on", future=False)
        check_date(document.received_on, "received_on", not_before=document.issued_on,
                   not_before_label=_("the document's date"))
        if document.arrival_year and document.received_on.year != document.arrival_year:
            # its arrival number is one of that year's series, which must stay without gaps
            raise ValidationError({"received_on": _(
                "Its arrival number %(n)s/%(year)s is one of %(year)s: to move it to another year, cancel it and "
                "register it again.") % {"n": document.arrival_number, "year": document.arrival_year}})
        _kind(document.kind, document.issued_on)
    else:
        require_text(document.signer_name, "signer_name", _("Enter who signs."))
        require_text(document.signer_position, "signer_position", _("Enter the signer's position."))
    if "confidentiality" in fields:
        _confidentiality(actor, document.organization, document.confidentiality)
    _file(document, file)
    document.search = _search(document)
    return save_with_history(document, actor=actor, reason=reason)


@transaction.atomic
def document_cancel(*, actor, document: Document, reason: str) -> Document:
    """The document stays in the register, marked cancelled with the reason; its number is not given again."""
    _not_recorded(document)
    reason = require_text(reason, "reason", _("Say why the document is cancelled."))
    if document.is_cancelled:
        raise ValidationError({"reason": _("The document is already cancelled.")})
    document.status = Document.Status.CANCELLED
    document.cancel_reason = reason[:500]
    return save_with_history(document, actor=actor, reason=reason)
