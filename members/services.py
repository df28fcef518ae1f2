"""Every write to a member's file and lifecycle. Each service is one transaction, refuses
an invalid transition with a clear message, and records who acted and why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months, add_working_days
from core.history import stamp
from core.text import nfc
from core.validation import require_date, require_text
from organizations.models import Organization
from rules.codes import (
    ADMISSION_MAX_AGE,
    ADMISSION_MIN_AGE,
    DISCIPLINE_FORMS_FULL_MEMBER,
    DISCIPLINE_FORMS_PROBATIONARY_MEMBER,
    INDUCTION_WITHIN_WORKING_DAYS,
    PROBATION_MONTHS,
    TEMPORARY_TRANSFER_MAX_MONTHS,
    TEMPORARY_TRANSFER_MAX_MONTHS_STUDY,
    TEMPORARY_TRANSFER_MIN_MONTHS,
)
from rules.selectors import rule_value

from . import hooks
from .choices import ACTIVE_STATUSES, Status, TransferKind
from .models import Member, Membership

FILE_FIELDS = (
    "full_name", "gender", "date_of_birth", "citizen_id", "ethnicity", "religion", "hometown", "education",
    "qualification", "specialization", "theory_level", "position", "agency", "phone", "email", "card_number",
)


def _d(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _save(member: Member, *, actor, reason: str) -> Member:
    member.full_clean()
    stamp(member, actor=actor, reason=reason)
    member.save()
    return member


def _require_reason(reason: str) -> str:
    return require_text(reason, "reason", _("Say why (the reason is kept in the record's history)."))


def _require_date(on, field="effective_on"):
    require_date(on, field)


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
          decision_number=""):
    return Membership.objects.create(
        member=member, organization=organization, external_organization=external, kind=kind, started_on=on,
        start_reason=start_reason, decision_number=decision_number,
    )


def _close(member, *, on, end_reason, kind=None, event=None, decision_number=""):
    qs = member.memberships.filter(ended_on__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    for period in qs:
        if on < period.started_on:
            raise ValidationError(
                {"effective_on": _("The date is before the member joined %(org)s (%(date)s).")
                 % {"org": period.organization or period.external_organization, "date": _d(period.started_on)}}
            )
        period.ended_on = on
        period.end_reason = end_reason
        period.ended_by_event = event
        period.end_decision_number = decision_number or (event.decision_number if event else "")
        period.save(update_fields=["ended_on", "end_reason", "ended_by_event", "end_decision_number"])


def _left(member: Member, *, on, actor, reason, decision_number: str = "") -> None:
    hooks.member_left(member=member, on=on, actor=actor, reason=reason, decision_number=decision_number)


def _moved(member: Member, *, on, actor, reason, decision_number: str = "") -> None:
    hooks.member_moved(member=member, on=on, actor=actor, reason=reason, decision_number=decision_number)


def _check_existed(organization: Organization, on: datetime.date, field: str = "effective_on") -> None:
    if on and organization and on < organization.established_on:
        raise ValidationError({field: _("%(name)s was only established on %(date)s.")
                               % {"name": organization.name, "date": _d(organization.established_on)}})


def _probation_end(admitted_on: datetime.date, inducted_on: datetime.date | None) -> datetime.date:
    """Probation runs from the induction ceremony (or, when it is not recorded, the decision)."""
    start = inducted_on or admitted_on
    return add_months(start, rule_value(PROBATION_MONTHS, on=start))


def _check_full_on(admitted_on, full_on, inducted_on=None):
    if full_on and admitted_on:
        if full_on < admitted_on:
            raise ValidationError({"full_on": _("Full membership cannot come before admission.")})
        earliest = _probation_end(admitted_on, inducted_on)
        if full_on < earliest:
            raise ValidationError({"full_on": _("Probation lasts %(months)d months: full membership comes on "
                                                "%(date)s at the earliest.")
                                   % {"months": rule_value(PROBATION_MONTHS, on=admitted_on), "date": _d(earliest)}})


def _check_induction(admitted_on, inducted_on):
    if not inducted_on or not admitted_on:
        return
    days = rule_value(INDUCTION_WITHIN_WORKING_DAYS, on=admitted_on)
    latest = add_working_days(admitted_on, days)
    if inducted_on < admitted_on or inducted_on > latest:
        raise ValidationError({"inducted_on": _("The induction ceremony is held within %(days)d working days of "
                                                "the decision: between %(start)s and %(end)s.")
                               % {"days": days, "start": _d(admitted_on), "end": _d(latest)}})


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


def _check_age_at_admission(date_of_birth, admitted_on):
    if not date_of_birth or not admitted_on:
        return
    min_age, max_age = rule_value(ADMISSION_MIN_AGE, on=admitted_on), rule_value(ADMISSION_MAX_AGE, on=admitted_on)
    age = admitted_on.year - date_of_birth.year - ((admitted_on.month, admitted_on.day) <
                                                   (date_of_birth.month, date_of_birth.day))
    if not (min_age <= age <= max_age):
        raise ValidationError({"date_of_birth": _(
            "At admission a person must be %(min)d to %(max)d years old; this person would be %(age)d."
        ) % {"min": min_age, "max": max_age, "age": age}})


def _build(data: dict) -> Member:
    unknown = set(data) - set(FILE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    return Member(**data)


@transaction.atomic
def member_admit(*, actor, organization: Organization, admitted_on: datetime.date, decision_number: str,
                 reason: str = "", inducted_on: datetime.date | None = None, **data) -> Member:
    """Admission: a new probationary member of a cell (decision date; the ceremony may follow)."""
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
    _check_age_at_admission(member.date_of_birth, admitted_on)
    _save(member, actor=actor, reason=reason or _("Admitted by decision %s") % decision_number)
    _open(member, organization=organization, on=admitted_on, start_reason=_("Admission"),
          decision_number=decision_number)
    return member


@transaction.atomic
def member_register(*, actor, organization: Organization, status: str, admitted_on: datetime.date,
                    full_on: datetime.date | None = None, joined_on: datetime.date | None = None,
                    reason: str = "", **data) -> Member:
    """Enter an existing member's file (initial register), keeping their real admission dates."""
    _check_holds_members(organization)
    if status not in ACTIVE_STATUSES:
        raise ValidationError({"status": _("Only probationary or full members can be registered.")})
    _require_date(admitted_on, "admitted_on")
    if status == Status.FULL and not full_on:
        raise ValidationError({"full_on": _("Enter the date of full membership.")})
    _check_full_on(admitted_on, full_on)
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


@transaction.atomic
def member_recognise_full(*, actor, member: Member, decided_on: datetime.date, decision_number: str,
                          reason: str = "") -> Member:
    """Full membership dates from the end of probation, even when decided later (QĐ 232)."""
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
        _close(member, on=effective_on, end_reason=_("Transferred to %s") % target, kind=TransferKind.PERMANENT,
               decision_number=nfc(decision_number))
        if to_organization:
            member.organization = to_organization
            _open(member, organization=to_organization, on=effective_on, decision_number=decision_number,
                  start_reason=_("Transferred from %s") % previous)
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
                       until: datetime.date | None = None, for_study: bool = False, **data) -> Member:
    """A member arrives from outside: permanently (registered here) or temporarily (attends, not counted).

    A member who once left this installation comes back with the same file (found by citizen ID).
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
        _save(member, actor=actor, reason=why)
        _open(member, organization=organization, on=effective_on, decision_number=decision_number,
              start_reason=why)
    else:
        member.organization = None
        member.home_external = from_external
        member.temporary_organization = organization
        member.temporary_until = until
        _save(member, actor=actor, reason=why)
        _open(member, organization=organization, kind=TransferKind.TEMPORARY, on=effective_on,
              decision_number=decision_number, start_reason=why)
    return member


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
