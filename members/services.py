"""Every write to a member's file and lifecycle. Each service is one transaction, refuses
an invalid transition with a clear message, and records who acted and why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months, add_working_days
from core.history import save_with_history, stamp
from core.text import nfc
from core.validation import check_date, check_date_range, require_date, require_text
from core.versions import expect_version
from organizations.models import Organization
from rules.codes import (
    ADMISSION_MAX_AGE,
    ADMISSION_MIN_AGE,
    ADMISSION_OVER_MAX_AGE_APPROVED_BY,
    DISCIPLINE_FORMS_FULL_MEMBER,
    DISCIPLINE_FORMS_PROBATIONARY_MEMBER,
    FULL_MEMBERSHIP_REVIEW_WORKING_DAYS,
    INDUCTION_WITHIN_WORKING_DAYS,
    PROBATION_MONTHS,
    TEMPORARY_TRANSFER_MAX_MONTHS,
    TEMPORARY_TRANSFER_MAX_MONTHS_STUDY,
    TEMPORARY_TRANSFER_MIN_MONTHS,
)
from rules.selectors import rule_value
from rules.usage import applies

from . import hooks
from .choices import ACTIVE_STATUSES, Status, TransferKind
from .deadlines import age_in_months, full_membership_deadline, letter_deadline, papers_deadline
from .deadlines import probation_end as _probation_end
from .models import Member, Membership

FILE_FIELDS = (
    "full_name", "gender", "date_of_birth", "citizen_id", "ethnicity", "religion", "hometown", "education",
    "qualification", "specialization", "theory_level", "position", "agency", "phone", "email", "card_number",
)


def _d(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _save(member: Member, *, actor, reason: str) -> Member:
    return save_with_history(member, actor=actor, reason=reason)


def _unchanged_since_read(record) -> None:
    """A date recorded on what the user read: refused at once when the record changed since (core.versions), before
    the checks that compare with what is stored now (whose message would mislead)."""
    expect_version(record, record.revision)


# A period's "how it started / ended" (255 characters) often takes a decision's reason, which may be longer.
_PERIOD_NOTE_MAX = Membership._meta.get_field("start_reason").max_length


def _note(text) -> str:
    text = str(text or "")
    return text if len(text) <= _PERIOD_NOTE_MAX else text[:_PERIOD_NOTE_MAX - 1] + "…"


def _require_reason(reason: str) -> str:
    return require_text(reason, "reason", _("Say why (the reason is kept in the record's history)."))


def _require_date(on, field="effective_on"):
    require_date(on, field)
    check_date_range(on, field)


def _check_active(member: Member) -> None:
    if not member.is_active:
        raise ValidationError(
            _("%(name)s is no longer an active member (%(status)s since %(date)s).")
            % {"name": member.full_name, "status": member.get_status_display(), "date": _d(member.status_since)}
        )


def _check_holds_members(organization: Organization | None, field: str = "organization") -> None:
    if organization is None:
        raise ValidationError({field: _("Choose the organisation.")})
    if not organization.is_active:
        raise ValidationError({field: _("%(name)s is no longer active.") % {"name": organization.name}})
    if not organization.kind.holds_members:
        raise ValidationError(
            {field: _("Members belong to a cell; %(name)s is a %(kind)s.")
             % {"name": organization.name, "kind": organization.kind.label}}
        )


def _open(member, *, organization=None, external="", kind=TransferKind.PERMANENT, on, start_reason="",
          decision_number="", **transfer):
    """A new membership period; `transfer` sets the fields of a permanent transfer (transferred_from, the letter)."""
    return Membership.objects.create(
        member=member, organization=organization, external_organization=external, kind=kind, started_on=on,
        start_reason=_note(start_reason), decision_number=decision_number, **transfer,
    )


def _close(member, *, on, end_reason, kind=None, event=None, decision_number="", by_transfer=False) -> list:
    """End the member's open periods (of `kind`) on `on`; the periods ended. `by_transfer`: a permanent transfer ends
    them, so the sending side owes the transfer papers."""
    qs = member.memberships.filter(ended_on__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    closed = []
    for period in qs:
        if on < period.started_on:
            raise ValidationError(
                {"effective_on": _("The date is before the member joined %(org)s (%(date)s).")
                 % {"org": period.organization or period.external_organization, "date": _d(period.started_on)}}
            )
        period.ended_on = on
        period.end_reason = _note(end_reason)
        period.ended_by_event = event
        period.end_decision_number = decision_number or (event.decision_number if event else "")
        period.ended_by_transfer = by_transfer
        period.save(update_fields=["ended_on", "end_reason", "ended_by_event", "end_decision_number",
                                   "ended_by_transfer"])
        closed.append(period)
    return closed


def _left(member: Member, *, on, actor, reason, decision_number: str = "") -> None:
    hooks.member_left(member=member, on=on, actor=actor, reason=reason, decision_number=decision_number)


def _moved(member: Member, *, on, actor, reason, decision_number: str = "") -> None:
    hooks.member_moved(member=member, on=on, actor=actor, reason=reason, decision_number=decision_number)


def _check_existed(organization: Organization, on: datetime.date, field: str = "effective_on") -> None:
    if on and organization and on < organization.established_on:
        raise ValidationError({field: _("%(name)s was only established on %(date)s.")
                               % {"name": organization.name, "date": _d(organization.established_on)}})


@applies(PROBATION_MONTHS, where=gettext_lazy("Registering or receiving a full member: full membership comes after "
                                              "the probation at the earliest"), page="members:register")
def _check_full_on(admitted_on, full_on, inducted_on=None):
    if full_on and admitted_on:
        if full_on < admitted_on:
            raise ValidationError({"full_on": _("Full membership cannot come before admission.")})
        earliest = _probation_end(admitted_on, inducted_on)
        if full_on < earliest:
            raise ValidationError({"full_on": _("Probation lasts %(months)d months: full membership comes on "
                                                "%(date)s at the earliest.")
                                   % {"months": rule_value(PROBATION_MONTHS, on=admitted_on), "date": _d(earliest)}})


@applies(INDUCTION_WITHIN_WORKING_DAYS, where=gettext_lazy("Admission: the induction ceremony within this many "
                                                           "working days of the decision (refused otherwise)"),
         page="members:admit")
def _check_induction(admitted_on, inducted_on):
    if not inducted_on or not admitted_on:
        return
    days = rule_value(INDUCTION_WITHIN_WORKING_DAYS, on=admitted_on)
    latest = add_working_days(admitted_on, days)
    if inducted_on < admitted_on or inducted_on > latest:
        raise ValidationError({"inducted_on": _("The induction ceremony is held within %(days)d working days of "
                                                "the decision: between %(start)s and %(end)s.")
                               % {"days": days, "start": _d(admitted_on), "end": _d(latest)}})


@applies(TEMPORARY_TRANSFER_MIN_MONTHS, TEMPORARY_TRANSFER_MAX_MONTHS, TEMPORARY_TRANSFER_MAX_MONTHS_STUDY,
         where=gettext_lazy("Temporary transfer: the length of the absence (refused outside it)"))
def _check_temporary_period(effective_on, until, for_study=False):
    """A temporary transfer is an absence of a bounded length (rule data): its end date is required."""
    if not until:
        raise ValidationError({"until": _("Enter the end date of the temporary transfer.")})
    min_months = rule_value(TEMPORARY_TRANSFER_MIN_MONTHS, on=effective_on)
    max_code = TEMPORARY_TRANSFER_MAX_MONTHS_STUDY if for_study else TEMPORARY_TRANSFER_MAX_MONTHS
    max_months = rule_value(max_code, on=effective_on)
    too_long = until > add_months(effective_on, max_months) if for_study else \
        until >= add_months(effective_on, max_months)
    if until < add_months(effective_on, min_months) or too_long:
        message = (_("A temporary transfer for study lasts from %(min)d months to %(max)d months; "
                     "check the end date.") if for_study else
                   _("A temporary transfer lasts from %(min)d months to under %(max)d months "
                     "(longer only for study); check the end date."))
        raise ValidationError({"until": message % {"min": min_months, "max": max_months}})


def _check_kind(kind):
    if kind not in TransferKind.values:
        raise ValidationError({"kind": _("Choose permanent or temporary.")})


def _years_months(months: int) -> dict:
    return {"years": months // 12, "months": months % 12}


@applies(ADMISSION_MIN_AGE, ADMISSION_MAX_AGE, ADMISSION_OVER_MAX_AGE_APPROVED_BY,
         where=gettext_lazy("Admission: the candidate's age in completed months on the decision date (refused under "
                            "the minimum; above the maximum only with the approval recorded)"), page="members:admit")
def _check_age_at_admission(date_of_birth, admitted_on, *, approved_by="", approval_number="", approved_on=None):
    """The age counted in months on the decision date: from ADMISSION_MIN_AGE years 0 months to ADMISSION_MAX_AGE
    years 0 months. Above it, only with the approval of the body the rule ADMISSION_OVER_MAX_AGE_APPROVED_BY names
    (its decision number and date, not after the admission). Returns the approval to record (all empty when none is
    needed)."""
    approved_by, approval_number = nfc(approved_by or "").strip(), nfc(approval_number or "").strip()
    given = bool(approval_number or approved_on)
    if not date_of_birth or not admitted_on:
        return {"over_age_approved_by": "", "over_age_approval_number": "", "over_age_approved_on": None}
    min_age, max_age = rule_value(ADMISSION_MIN_AGE, on=admitted_on), rule_value(ADMISSION_MAX_AGE, on=admitted_on)
    months = age_in_months(date_of_birth, admitted_on)
    age = {**_years_months(max(months, 0)), "date": _d(admitted_on), "min": min_age, "max": max_age}
    if months < min_age * 12:
        raise ValidationError({"date_of_birth": _(
            "At admission a person must be at least %(min)d years old, counted in months; on %(date)s this person "
            "would be %(years)d years %(months)d months old.") % age})
    if months <= max_age * 12:
        if given:
            raise ValidationError({"over_age_approval_number": _(
                "No approval is needed: on %(date)s this person would be %(years)d years %(months)d months old, "
                "within the limit of %(max)d years 0 months. Leave the approval empty.") % age})
        return {"over_age_approved_by": "", "over_age_approval_number": "", "over_age_approved_on": None}
    body = approved_by or rule_value(ADMISSION_OVER_MAX_AGE_APPROVED_BY, on=admitted_on)
    if not given:
        raise ValidationError({"date_of_birth": _(
            "On %(date)s this person would be %(years)d years %(months)d months old, above %(max)d years 0 months: "
            "admission needs the approval of %(body)s. Enter that approval (approved by, approval number, approved "
            "on), or check the date of birth.") % {**age, "body": body}})
    errors = {}
    if not approval_number:
        errors["over_age_approval_number"] = _("Enter the number of the approval.")
    if not approved_on:
        errors["over_age_approved_on"] = _("Enter the date of the approval.")
    elif approved_on > admitted_on:
        errors["over_age_approved_on"] = _("The approval comes before the admission decision (%(date)s).") % {
            "date": _d(admitted_on)}
    else:
        try:
            check_date(approved_on, "over_age_approved_on")
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return {"over_age_approved_by": body, "over_age_approval_number": approval_number,
            "over_age_approved_on": approved_on}


def _build(data: dict) -> Member:
    unknown = set(data) - set(FILE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    return Member(**data)


@transaction.atomic
def member_admit(*, actor, organization: Organization, admitted_on: datetime.date, decision_number: str,
                 reason: str = "", inducted_on: datetime.date | None = None, over_age_approved_by: str = "",
                 over_age_approval_number: str = "", over_age_approved_on: datetime.date | None = None,
                 **data) -> Member:
    """Admission: a new probationary member of a cell (decision date; the ceremony may follow). Above the maximum
    age the approval of the higher committee is recorded with it (see _check_age_at_admission)."""
    _check_holds_members(organization)
    _require_date(admitted_on, "admitted_on")
    _check_existed(organization, admitted_on, "admitted_on")
    _check_induction(admitted_on, inducted_on)
    decision_number = nfc(decision_number)
    if not decision_number:
        raise ValidationError({"decision_number": _("Enter the number of the admission decision.")})
    member = _build(data)
    member.admitted_on = admitted_on
    member.inducted_on = inducted_on
    member.status = Status.PROBATIONARY
    member.status_since = admitted_on
    member.organization = organization
    member.full_clean()
    approval = _check_age_at_admission(member.date_of_birth, admitted_on, approved_by=over_age_approved_by,
                                       approval_number=over_age_approval_number, approved_on=over_age_approved_on)
    for field, value in approval.items():
        setattr(member, field, value)
    why = reason or _("Admitted by decision %s") % decision_number
    if approval["over_age_approval_number"]:
        why = _("%(why)s; above the age limit, approved by %(body)s (%(number)s of %(date)s)") % {
            "why": why, "body": approval["over_age_approved_by"], "number": approval["over_age_approval_number"],
            "date": _d(approval["over_age_approved_on"])}
    _save(member, actor=actor, reason=why)
    _open(member, organization=organization, on=admitted_on, start_reason=_("Admission"),
          decision_number=decision_number)
    return member


@applies(ADMISSION_MIN_AGE, where=gettext_lazy("Entering an existing member's file (form or import): refused when the "
                                               "date of birth makes them younger than the minimum age at admission"),
         page="members:register")
def member_register_check(*, organization: Organization, status: str, admitted_on: datetime.date | None,
                          full_on: datetime.date | None = None, joined_on: datetime.date | None = None,
                          date_of_birth: datetime.date | None = None) -> None:
    """What member_register refuses about the admission and the cell before anything is written (an import checks
    each of its rows with it). Old files are entered as they are: an age above today's maximum was not always a
    limit, but nobody was ever admitted under the minimum age — such a date of birth is a typing error."""
    _check_holds_members(organization)
    if status not in ACTIVE_STATUSES:
        raise ValidationError({"status": _("Only probationary or full members can be registered.")})
    _require_date(admitted_on, "admitted_on")
    if status == Status.FULL and not full_on:
        raise ValidationError({"full_on": _("Enter the date of full membership.")})
    _check_full_on(admitted_on, full_on if status == Status.FULL else None)
    if date_of_birth:
        min_age = rule_value(ADMISSION_MIN_AGE, on=admitted_on)
        months = age_in_months(date_of_birth, admitted_on)
        if months < min_age * 12:
            raise ValidationError({"date_of_birth": _(
                "At admission a person must be at least %(min)d years old, counted in months; on %(date)s this person "
                "was %(years)d years %(months)d months old. Check the date of birth and the admission date.")
                % {**_years_months(max(months, 0)), "min": min_age, "date": _d(admitted_on)}})
    if joined_on:
        check_date(joined_on, "joined_on", future=False)
        if joined_on < admitted_on:
            raise ValidationError({"joined_on": _("The member joined this cell after being admitted (%(date)s).")
                                   % {"date": _d(admitted_on)}})
        _check_existed(organization, joined_on, "joined_on")


@transaction.atomic
def member_register(*, actor, organization: Organization, status: str, admitted_on: datetime.date,
                    full_on: datetime.date | None = None, joined_on: datetime.date | None = None,
                    reason: str = "", **data) -> Member:
    """Enter an existing member's file (initial register), keeping their real admission dates."""
    member_register_check(organization=organization, status=status, admitted_on=admitted_on, full_on=full_on,
                          joined_on=joined_on, date_of_birth=data.get("date_of_birth"))
    member = _build(data)
    member.admitted_on = admitted_on
    member.full_on = full_on if status == Status.FULL else None
    member.status = status
    member.status_since = member.full_on or admitted_on
    member.organization = organization
    _save(member, actor=actor, reason=reason or _("Entered in the register"))
    _open(member, organization=organization, on=joined_on or admitted_on, start_reason=_("Entered in the register"))
    return member


@transaction.atomic
def member_update(*, actor, member: Member, reason: str, **data) -> Member:
    """Correct the member's file. Status, organisation and dates change only through the lifecycle services."""
    reason = _require_reason(reason)
    unknown = set(data) - set(FILE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields change only through a decision: %s") % ", ".join(sorted(unknown)))
    for key, value in data.items():
        setattr(member, key, value)
    return _save(member, actor=actor, reason=reason)


@applies(PROBATION_MONTHS, FULL_MEMBERSHIP_REVIEW_WORKING_DAYS,
         where=gettext_lazy("Recognising full membership: not before probation ends; dated from its end even when "
                            "decided late, the history saying it was late"), page="members:due")
@transaction.atomic
def member_recognise_full(*, actor, member: Member, decided_on: datetime.date, decision_number: str,
                          reason: str = "") -> Member:
    """Full membership dates from the end of probation, even when decided later (QĐ 294, QĐ 232 before it). A
    decision after the cell's FULL_MEMBERSHIP_REVIEW_WORKING_DAYS is allowed; its history says it was late."""
    _require_date(decided_on, "decided_on")
    if member.status != Status.PROBATIONARY:
        raise ValidationError(_("Only a probationary member can be recognised as a full member; %(name)s is %(status)s.")
                              % {"name": member.full_name, "status": member.get_status_display()})
    if not nfc(decision_number):
        raise ValidationError({"decision_number": _("Enter the number of the decision.")})
    months = rule_value(PROBATION_MONTHS, on=member.inducted_on or member.admitted_on)
    full_on = _probation_end(member.admitted_on, member.inducted_on)
    if decided_on < full_on:
        raise ValidationError({"decided_on": _("The %(months)d-month probation ends on %(date)s; "
                                               "full membership cannot be recognised before then.")
                               % {"months": months, "date": _d(full_on)}})
    member.status = Status.FULL
    member.full_on = full_on
    member.status_since = full_on
    why = _("Recognised as full member by decision %s") % nfc(decision_number)
    days, deadline = full_membership_deadline(full_on)
    if decided_on > deadline.on:
        why = _("%(why)s, decided late: probation ended on %(end)s and full membership was to be considered within "
                "%(days)d working days, by %(deadline)s") % {"why": why, "end": _d(full_on), "days": days,
                                                             "deadline": _d(deadline.on)}
    return _save(member, actor=actor, reason=f"{why}. {reason}" if reason else why)


@transaction.atomic
def member_transfer(*, actor, member: Member, kind: str, effective_on: datetime.date, reason: str,
                    to_organization: Organization | None = None, to_external: str = "", decision_number: str = "",
                    until: datetime.date | None = None, for_study: bool = False) -> Member:
    """Activity transfer, permanent or temporary, to a cell here or out of the installation.

    A temporary absence lasts from the minimum to under the maximum (longer when it is for study).
    """
    reason = _require_reason(reason)
    _require_date(effective_on)
    _check_kind(kind)
    _check_active(member)
    to_external = nfc(to_external)
    if bool(to_organization) == bool(to_external):
        raise ValidationError({"to_organization": _("Choose a cell here, or name the organisation outside "
                                                    "(one of the two).")})
    if to_organization:
        _check_holds_members(to_organization, "to_organization")
        _check_existed(to_organization, effective_on)
    if kind == TransferKind.PERMANENT:
        if member.temporary_organization_id or member.temporary_external:
            raise ValidationError(_("%(name)s is on a temporary transfer; end it first.") % {"name": member.full_name})
        if to_organization and to_organization.pk == member.organization_id:
            raise ValidationError({"to_organization": _("The member already belongs to %(org)s.")
                                   % {"org": to_organization.name}})
        if member.organization_id is None:
            raise ValidationError(_("%(name)s is here on a temporary transfer only; the home organisation "
                                    "decides a permanent transfer.") % {"name": member.full_name})
        target = to_organization or to_external
        previous = member.organization
        # The sending side's period ends "by transfer": it owes the papers (PERMANENT_TRANSFER_PAPERWORK_WORKING_DAYS
        # from this decision); the receiving cell's period is linked to it and awaits the member's letter.
        closed = _close(member, on=effective_on, end_reason=_("Transferred to %s") % target,
                        kind=TransferKind.PERMANENT, decision_number=nfc(decision_number), by_transfer=True)
        if to_organization:
            member.organization = to_organization
            _open(member, organization=to_organization, on=effective_on, decision_number=decision_number,
                  start_reason=_("Transferred from %s") % previous, transferred_from=closed[0] if closed else None)
        else:
            member.status = Status.TRANSFERRED_OUT
            member.status_since = effective_on
        _save(member, actor=actor, reason=reason)
        (_moved if to_organization else _left)(member, on=effective_on, actor=actor, reason=reason,
                                               decision_number=nfc(decision_number))
        return member

    if member.temporary_organization_id or member.temporary_external:
        raise ValidationError(_("%(name)s is already on a temporary transfer.") % {"name": member.full_name})
    if to_organization and to_organization.pk == member.organization_id:
        raise ValidationError({"to_organization": _("A temporary transfer goes to another organisation.")})
    _check_temporary_period(effective_on, until, for_study)
    member.temporary_organization = to_organization
    member.temporary_external = to_external
    member.temporary_until = until
    _open(member, organization=to_organization, external=to_external, kind=TransferKind.TEMPORARY,
          on=effective_on, decision_number=decision_number, start_reason=reason)
    return _save(member, actor=actor, reason=reason)


@transaction.atomic
def member_temporary_end(*, actor, member: Member, effective_on: datetime.date, reason: str = "") -> Member:
    """The member returns from (or leaves) a temporary placement."""
    _require_date(effective_on)
    if not (member.temporary_organization_id or member.temporary_external):
        raise ValidationError(_("%(name)s is not on a temporary transfer.") % {"name": member.full_name})
    _close(member, on=effective_on, end_reason=reason or _("Temporary transfer ended"), kind=TransferKind.TEMPORARY)
    member.temporary_organization = None
    member.temporary_external = ""
    member.temporary_until = None
    if member.organization_id is None:
        # A guest from outside who goes home: no longer attends anything here.
        member.status = Status.TRANSFERRED_OUT
        member.status_since = effective_on
    _save(member, actor=actor, reason=reason or _("Temporary transfer ended"))
    (_moved if member.is_active else _left)(member, on=effective_on, actor=actor,
                                            reason=reason or _("Temporary transfer ended"))
    return member


@transaction.atomic
def member_transfer_in(*, actor, organization: Organization, from_external: str, kind: str,
                       effective_on: datetime.date, status: str, admitted_on: datetime.date,
                       full_on: datetime.date | None = None, decision_number: str = "", reason: str = "",
                       until: datetime.date | None = None, for_study: bool = False,
                       letter_issued_on: datetime.date | None = None, **data) -> Member:
    """A member arrives from outside: permanently (registered here) or temporarily (attends, not counted).

    A member who once left this installation comes back with the same file (found by citizen ID). A permanent
    arrival presents the introduction letter on `effective_on`: its date (`letter_issued_on`) is recorded, and a
    presentation later than the rule allows is noted in the history and on the record, never refused.
    """
    _check_holds_members(organization)
    _check_kind(kind)
    from_external = nfc(from_external)
    if not from_external:
        raise ValidationError({"from_external": _("Enter the organisation the member comes from.")})
    _require_date(effective_on)
    _check_existed(organization, effective_on)
    _require_date(admitted_on, "admitted_on")
    unknown = set(data) - set(FILE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    if status not in ACTIVE_STATUSES:
        raise ValidationError({"status": _("Only probationary or full members can be transferred in.")})
    if status == Status.FULL and not full_on:
        raise ValidationError({"full_on": _("Enter the date of full membership.")})
    _check_full_on(admitted_on, full_on)
    if kind == TransferKind.TEMPORARY:
        _check_temporary_period(effective_on, until, for_study)
        letter_issued_on = None  # the letter's deadline is a permanent transfer's
    if letter_issued_on:
        check_date(letter_issued_on, "letter_issued_on")
        if letter_issued_on > effective_on:
            raise ValidationError({"letter_issued_on": _("The letter cannot be dated after the member was received "
                                                         "(%(date)s).") % {"date": _d(effective_on)}})
    existing = None
    if data.get("citizen_id"):
        existing = Member.objects.filter(citizen_id=data["citizen_id"]).first()
    if existing and existing.status != Status.TRANSFERRED_OUT:
        # Say nothing about whose file it is: the person may be outside the user's organisations.
        raise ValidationError({"citizen_id": _("A member file with this citizen ID already exists and is not "
                                               "one that was transferred out; check the number.")})
    member = existing or _build(data)
    if existing:
        for key, value in data.items():
            setattr(member, key, value)
        member.exempted_since = None
    member.admitted_on = admitted_on
    member.full_on = full_on if status == Status.FULL else None
    member.status = status
    member.status_since = effective_on
    why = reason or _("Transferred in from %s") % from_external
    if kind == TransferKind.PERMANENT:
        member.organization = organization
        member.home_external = ""
        member.temporary_organization = None
        member.temporary_external = ""
        member.temporary_until = None
        late = _letter_lateness(letter_issued_on, effective_on) if letter_issued_on else ""
        _save(member, actor=actor, reason=f"{why}. {late}" if late else why)
        _open(member, organization=organization, on=effective_on, decision_number=decision_number,
              start_reason=why, letter_issued_on=letter_issued_on, letter_presented_on=effective_on)
    else:
        member.organization = None
        member.home_external = from_external
        member.temporary_organization = organization
        member.temporary_until = until
        _save(member, actor=actor, reason=why)
        _open(member, organization=organization, kind=TransferKind.TEMPORARY, on=effective_on,
              decision_number=decision_number, start_reason=why)
    return member


def _letter_lateness(issued_on: datetime.date, presented_on: datetime.date) -> str:
    """A sentence for the history when the introduction letter was presented after its deadline (else "")."""
    days, deadline = letter_deadline(issued_on)
    if presented_on <= deadline.on:
        return ""
    return _("Late: the introduction letter of %(issued)s was presented on %(presented)s, after the %(days)d working "
             "days allowed (by %(deadline)s).") % {"issued": _d(issued_on), "presented": _d(presented_on),
                                                    "days": days, "deadline": _d(deadline.on)}


def _papers_lateness(decided_on: datetime.date, issued_on: datetime.date) -> str:
    days, deadline = papers_deadline(decided_on)
    if issued_on <= deadline.on:
        return ""
    return _("Late: the transfer decided on %(decided)s was to have its papers within %(days)d working days, by "
             "%(deadline)s.") % {"decided": _d(decided_on), "days": days, "deadline": _d(deadline.on)}


def _correction_reason(recorded: datetime.date | None, reason: str, what: str) -> str:
    """Recording a date a second time corrects it: say why."""
    reason = nfc(reason or "").strip()
    if recorded and not reason:
        raise ValidationError({"reason": _("%(what)s was recorded as %(date)s; say why the date is corrected.")
                               % {"what": what, "date": _d(recorded)}})
    return reason


@transaction.atomic
def membership_record_papers(*, actor, membership: Membership, issued_on: datetime.date, reason: str = "") -> Membership:
    """The sending organisation issued the papers of a permanent transfer (the introduction letter and the file):
    not before the transfer decision, not in the future. A late issue is recorded, saying so in the history. The
    receiving cell's period (when the member went to a cell here) takes the letter's date, from which the member's
    own deadline to present it runs."""
    _unchanged_since_read(membership)
    if not membership.ended_by_transfer or membership.ended_on is None:
        raise ValidationError(_("Transfer papers are recorded on the period a permanent transfer ended."))
    require_date(issued_on, "issued_on", not_before=membership.ended_on,
                 not_before_label=_("the transfer decision"), future=False)
    reason = _correction_reason(membership.papers_issued_on, reason, _("The papers' issue"))
    previous = membership.papers_issued_on
    membership.papers_issued_on = issued_on
    membership.full_clean()
    membership.save(update_fields=["papers_issued_on"])
    following = Membership.objects.filter(transferred_from=membership).first()
    if following and following.letter_issued_on in (None, previous):
        following.letter_issued_on = issued_on
        following.save(update_fields=["letter_issued_on"])
    member = membership.member
    where = membership.organization or membership.external_organization
    why = _("Transfer papers issued on %(date)s by %(org)s") % {"date": _d(issued_on), "org": where}
    late = _papers_lateness(membership.ended_on, issued_on)
    why = " ".join(part for part in (f"{why}.", late, reason) if part)
    _save(member, actor=actor, reason=why)
    return membership


@transaction.atomic
def membership_record_letter(*, actor, membership: Membership, presented_on: datetime.date,
                             letter_issued_on: datetime.date | None = None, reason: str = "") -> Membership:
    """The member presented the introduction letter to the receiving cell: not before the transfer, not in the future.
    A late presentation is recorded, never refused; the history says it was late. When the sending side has not
    recorded its papers, the letter's date (`letter_issued_on`, read off the letter) records them too."""
    _unchanged_since_read(membership)
    if membership.transferred_from_id is None or membership.ended_on is not None:
        raise ValidationError(_("The introduction letter is recorded on the current period of a member transferred "
                                "here."))
    known = membership.letter_issued_on
    if known and letter_issued_on and letter_issued_on != known:
        raise ValidationError({"letter_issued_on": _("The sending organisation recorded the papers as issued on "
                                                     "%(date)s.") % {"date": _d(known)}})
    issued_on = known or letter_issued_on
    if issued_on and not known:
        require_date(issued_on, "letter_issued_on", not_before=membership.started_on,
                     not_before_label=_("the transfer decision"), future=False)
    require_date(presented_on, "presented_on", not_before=issued_on or membership.started_on,
                 not_before_label=_("the letter's date") if issued_on else _("the transfer decision"), future=False)
    reason = _correction_reason(membership.letter_presented_on, reason, _("The letter's presentation"))
    membership.letter_presented_on = presented_on
    membership.letter_issued_on = issued_on
    membership.full_clean()
    membership.save(update_fields=["letter_presented_on", "letter_issued_on"])
    sending = membership.transferred_from
    if issued_on and sending.papers_issued_on is None:
        sending.papers_issued_on = issued_on
        sending.save(update_fields=["papers_issued_on"])
    why = _("Introduction letter presented to %(org)s on %(date)s") % {"org": membership.organization,
                                                                        "date": _d(presented_on)}
    if issued_on:
        why = _("%(why)s (letter of %(issued)s)") % {"why": why, "issued": _d(issued_on)}
    late = _letter_lateness(issued_on, presented_on) if issued_on else ""
    why = " ".join(part for part in (f"{why}.", late, reason) if part)
    _save(membership.member, actor=actor, reason=why)
    return membership


@transaction.atomic
def member_record_induction(*, actor, member: Member, inducted_on: datetime.date, reason: str = "") -> Member:
    """The cell held the induction ceremony: probation (and so full membership) counts from it."""
    _require_date(inducted_on, "inducted_on")
    if member.status != Status.PROBATIONARY:
        raise ValidationError(_("The induction ceremony is recorded for a probationary member."))
    _check_induction(member.admitted_on, inducted_on)
    member.inducted_on = inducted_on
    return _save(member, actor=actor, reason=reason or _("Induction ceremony held"))


@transaction.atomic
def member_exempt(*, actor, member: Member, effective_on: datetime.date, reason: str) -> Member:
    reason = _require_reason(reason)
    _require_date(effective_on)
    _check_active(member)
    if member.exempted_since:
        raise ValidationError(_("%(name)s has been exempt since %(date)s.")
                              % {"name": member.full_name, "date": _d(member.exempted_since)})
    member.exempted_since = effective_on
    return _save(member, actor=actor, reason=reason)


@transaction.atomic
def member_exemption_end(*, actor, member: Member, effective_on: datetime.date, reason: str) -> Member:
    reason = _require_reason(reason)
    _require_date(effective_on)
    if not member.exempted_since:
        raise ValidationError(_("%(name)s is not exempt.") % {"name": member.full_name})
    if effective_on < member.exempted_since:
        raise ValidationError({"effective_on": _("The exemption only started on %(date)s.")
                               % {"date": _d(member.exempted_since)}})
    member.exempted_since = None
    return _save(member, actor=actor, reason=_("%(reason)s (from %(date)s)") % {"reason": reason,
                                                                               "date": _d(effective_on)})


_ENDINGS = {
    Status.DECEASED: gettext_lazy("Deceased"),
    Status.STRUCK_OFF: gettext_lazy("Struck off"),
    Status.EXPELLED: gettext_lazy("Expelled"),
    Status.LEFT: gettext_lazy("Left the Party"),
}
# Endings that are decisions of a Party body, which must be cited.
DECIDED_ENDINGS = (Status.STRUCK_OFF, Status.EXPELLED)


@applies(DISCIPLINE_FORMS_FULL_MEMBER, DISCIPLINE_FORMS_PROBATIONARY_MEMBER,
         where=gettext_lazy("Ending a membership: a probationary member cannot be expelled (struck off instead)"))
@transaction.atomic
def member_end(*, actor, member: Member, status: str, effective_on: datetime.date, reason: str,
               decision_number: str = "") -> Member:
    """Deceased, struck off, expelled or left: the membership ends, the file stays."""
    if status not in _ENDINGS:
        raise ValidationError({"status": _("Choose how the membership ends.")})
    reason = _require_reason(reason)
    _require_date(effective_on)
    _check_active(member)
    if effective_on < member.admitted_on:
        raise ValidationError({"effective_on": _("The date is before the member was admitted (%(date)s).")
                               % {"date": _d(member.admitted_on)}})
    decision_number = nfc(decision_number)
    if status in DECIDED_ENDINGS and not decision_number:
        raise ValidationError({"decision_number": _("Enter the number of the decision.")})
    forms = rule_value(DISCIPLINE_FORMS_FULL_MEMBER if member.status == Status.FULL
                       else DISCIPLINE_FORMS_PROBATIONARY_MEMBER, on=effective_on)
    if status == Status.EXPELLED and "expulsion" not in forms:
        raise ValidationError({"status": _("A probationary member cannot be expelled; a probationary member who "
                                           "does not qualify is struck off.")})
    _close(member, on=effective_on, end_reason=str(_ENDINGS[status]), decision_number=decision_number)
    member.status = status
    member.status_since = effective_on
    member.temporary_organization = None
    member.temporary_external = ""
    member.temporary_until = None
    why = _("%(reason)s (decision %(decision)s)") % {"reason": reason, "decision": decision_number} \
        if decision_number else reason
    _save(member, actor=actor, reason=why)
    _left(member, on=effective_on, actor=actor, reason=why, decision_number=decision_number)
    return member


def member_record_death(*, actor, member, died_on, reason=""):
    return member_end(actor=actor, member=member, status=Status.DECEASED, effective_on=died_on,
                      reason=reason or _("Deceased"))


def member_strike_off(*, actor, member, effective_on, reason, decision_number=""):
    return member_end(actor=actor, member=member, status=Status.STRUCK_OFF, effective_on=effective_on,
                      reason=reason, decision_number=decision_number)


def member_expel(*, actor, member, effective_on, reason, decision_number=""):
    return member_end(actor=actor, member=member, status=Status.EXPELLED, effective_on=effective_on,
                      reason=reason, decision_number=decision_number)


def member_leave(*, actor, member, effective_on, reason):
    return member_end(actor=actor, member=member, status=Status.LEFT, effective_on=effective_on, reason=reason)


# ---- the members' part of a restructuring (handlers of organizations.hooks, registered in MembersConfig.ready) ----

def _move_members(*, actor, source, target, on, event, reason, member_ids=None):
    """Members (official and temporary) of `source` follow a merge or split into `target`."""
    official = Member.objects.filter(organization=source, status__in=ACTIVE_STATUSES)
    guests = Member.objects.filter(temporary_organization=source, status__in=ACTIVE_STATUSES)
    if member_ids is not None:
        official = official.filter(pk__in=member_ids)
        guests = guests.filter(pk__in=member_ids)
    for member in official:
        _close(member, on=on, end_reason=reason, kind=TransferKind.PERMANENT, event=event)
        member.organization = target
        _open(member, organization=target, on=on, start_reason=reason, decision_number=event.decision_number)
        if member.temporary_organization_id == target.pk:
            _end_temporary_at_home(member, on=on, event=event, reason=reason)
        _save(member, actor=actor, reason=reason)
    for member in guests:
        _close(member, on=on, end_reason=reason, kind=TransferKind.TEMPORARY, event=event)
        if member.organization_id == target.pk:
            # Attending temporarily the cell they now belong to: the temporary transfer has no object.
            member.temporary_organization = None
            member.temporary_until = None
        else:
            member.temporary_organization = target
            _open(member, organization=target, kind=TransferKind.TEMPORARY, on=on, start_reason=reason,
                  decision_number=event.decision_number)
        _save(member, actor=actor, reason=reason)


def _end_temporary_at_home(member, *, on, event, reason):
    _close(member, on=on, end_reason=reason, kind=TransferKind.TEMPORARY, event=event)
    member.temporary_organization = None
    member.temporary_until = None


def members_follow_merge(*, source, target, on, event, actor, reason) -> None:
    """A merge: the members of `source` (and those attending it) move to `target`."""
    if source.members.filter(status__in=ACTIVE_STATUSES).exists() and not target.kind.holds_members:
        raise ValidationError({"target": _("%(name)s has members, but a %(kind)s cannot hold members directly.")
                               % {"name": source.name, "kind": target.kind.label}})
    _move_members(actor=actor, source=source, target=target, on=on, event=event, reason=reason)


def members_follow_split(*, source, parts, keep_source, on, event, actor, reason) -> None:
    """A split: each part receives the members the split form gave it; unless the source remains, all must go."""
    active_ids = set(source.members.filter(status__in=ACTIVE_STATUSES).values_list("id", flat=True))
    assigned: set[int] = set()
    for index, (new, part) in enumerate(parts, start=1):
        ids = set(part.get("members", ()))
        if ids and not new.kind.holds_members:
            raise ValidationError({"parts": _("Part %(n)d is a %(kind)s, which cannot hold members directly.")
                                   % {"n": index, "kind": new.kind.label}})
        if ids - active_ids:
            raise ValidationError({"parts": _("Part %(n)d lists members who are not active members of %(name)s.")
                                   % {"n": index, "name": source.name}})
        if ids & assigned:
            raise ValidationError({"parts": _("Part %(n)d lists a member already given to another part.")
                                   % {"n": index}})
        assigned |= ids
    if not keep_source:
        guests = source.temporary_members.filter(status__in=ACTIVE_STATUSES).count()
        if guests:
            raise ValidationError({"parts": _("%(count)d members attend %(name)s on temporary transfer: end or move "
                                              "their temporary transfers first, or keep the original.")
                                   % {"count": guests, "name": source.name}})
        if assigned != active_ids:
            raise ValidationError({"parts": _("Every member and sub-unit of %(name)s must go to one of the new "
                                              "organisations, or keep the original.") % {"name": source.name}})
    for new, part in parts:
        _move_members(actor=actor, source=source, target=new, on=on, event=event, reason=reason,
                      member_ids=part.get("members", ()))


def members_leave_with_organization(*, organization, on, event, actor, reason) -> None:
    """An organisation transferred out of the installation takes its members (and ends its guests' attendance)."""
    if organization.status != Organization.Status.TRANSFERRED_OUT:
        return  # merged, split or dissolved: its members were moved first (organization_holdings refuses the rest)
    for member in Member.objects.filter(organization=organization, status__in=ACTIVE_STATUSES):
        _close(member, on=on, end_reason=reason, event=event)
        member.status = Status.TRANSFERRED_OUT
        member.status_since = on
        member.temporary_organization = None
        member.temporary_external = ""
        _save(member, actor=actor, reason=reason)
    for member in Member.objects.filter(temporary_organization=organization, status__in=ACTIVE_STATUSES):
        _close(member, on=on, end_reason=reason, kind=TransferKind.TEMPORARY, event=event)
        member.temporary_organization = None
        member.temporary_until = None
        if member.organization_id is None:
            # A guest from outside attended only here: nothing of theirs stays in the installation.
            member.status = Status.TRANSFERRED_OUT
            member.status_since = on
        _save(member, actor=actor, reason=reason)


def members_return_with_organization(*, organization, left_event, on, event, actor, reason) -> None:
    """Members who left with `left_event` come back with their organisation."""
    ended = Membership.objects.filter(organization=organization, ended_by_event=left_event,
                                      kind=TransferKind.PERMANENT).select_related("member")
    why = reason or event.summary
    for period in ended:
        member = period.member
        if member.status != Status.TRANSFERRED_OUT or member.organization_id != organization.pk:
            continue
        member.status = Status.FULL if member.full_on and member.full_on <= on else Status.PROBATIONARY
        member.status_since = on
        _open(member, organization=organization, on=on, start_reason=why, decision_number=event.decision_number)
        _save(member, actor=actor, reason=why)


@transaction.atomic
def member_link_account(*, actor, user, member: Member | None) -> None:
    """Make `member` the record `user` opens (None: none). The record it opened before is let go; both changes are
    kept in the members' history with the acting user and a reason."""
    for previous in Member.objects.select_for_update().filter(user=user).exclude(pk=member.pk if member else None):
        previous.user = None
        stamp(previous, actor=actor, reason=_("Login account unlinked in the administration"))
        previous.save(update_fields=["user"])
    if member is not None and member.user_id != user.pk:
        member.user = user
        stamp(member, actor=actor, reason=_("Login account linked in the administration"))
        member.save(update_fields=["user"])
