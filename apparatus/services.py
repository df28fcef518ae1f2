"""Every write to terms, bodies and seats. Each service is one transaction, refuses what the rules
forbid with a message on the field at fault, and records who acted and why. Seats end; they are
never deleted."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import dmy
from core.history import save_with_history
from core.text import nfc
from core.validation import require, require_date, require_text
from members.choices import Status as MemberStatus
from members.choices import TransferKind
from members.models import Member
from organizations.models import Organization
from rules.codes import CELL_COMMITTEE_MAX_SIZE, CELL_COMMITTEE_MIN_FULL_MEMBERS
from rules.selectors import rule_value_for
from rules.usage import applies

from .models import POSITIONS_BY_BODY, SINGLE_HOLDER_POSITIONS, Body, Position, Seat, Term
from .selectors import body_kinds_for, main_body_kind


def _end_body(body: Body, *, on, actor, reason, end_reason) -> None:
    for seat in body.seats.filter(ended_on__isnull=True).select_related("member"):
        _end(seat, on=on, end_reason=end_reason, actor=actor, reason=reason)
    body.ended_on = max(on, body.started_on)
    save_with_history(body, actor=actor, reason=reason)


def _end(seat: Seat, *, on, end_reason, actor, reason, decision_number: str = "") -> Seat:
    seat.ended_on = max(on, seat.started_on)
    seat.end_reason = end_reason
    seat.end_decision_number = decision_number
    return save_with_history(seat, actor=actor, reason=reason)


# -- terms and bodies ------------------------------------------------------------------------------------------

@transaction.atomic
def term_open(*, actor, organization: Organization, label: str, kind: str = Term.Kind.CONGRESS,
              congress_on: datetime.date | None = None, started_on: datetime.date | None = None,
              decision_number: str = "", reason: str = "", create_main_body: bool = True) -> Term:
    """A new term: the current one ends the day this one starts, with its bodies and seats."""
    label = require(nfc(label), "label", _("Enter the term, e.g. 2025–2030."))
    decision_number = nfc(decision_number)
    if not organization.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": organization.name})
    if not organization.kind.elects_committee:
        raise ValidationError(_("A %(kind)s does not hold congresses.") % {"kind": organization.kind.label})
    if kind == Term.Kind.CONGRESS:
        require_date(congress_on, "congress_on", future=False)
        if congress_on < organization.established_on:
            raise ValidationError({"congress_on": _("%(name)s was only established on %(date)s.")
                                   % {"name": organization.name, "date": dmy(organization.established_on)}})
        started_on = started_on or congress_on
        if started_on < congress_on:
            raise ValidationError({"started_on": _("The term cannot start before its congress.")})
    else:
        congress_on = None
        if not decision_number:
            raise ValidationError({"decision_number": _("Enter the number of the designation decision.")})
    require_date(started_on, "started_on", future=False)
    if started_on < organization.established_on:
        raise ValidationError({"started_on": _("%(name)s was only established on %(date)s.")
                               % {"name": organization.name, "date": dmy(organization.established_on)}})
    current = organization.terms.filter(ended_on__isnull=True).first()
    latest = organization.terms.order_by("-started_on").first()
    if latest and started_on <= latest.started_on:
        raise ValidationError({"started_on": _("The term %(label)s began on %(date)s; a new term starts after it.")
                               % {"label": latest.label, "date": dmy(latest.started_on)}})
    if current is not None:
        last_start = max([b.started_on for b in current.bodies.filter(ended_on__isnull=True)]
                         + list(Seat.objects.filter(body__term=current, ended_on__isnull=True)
                                .values_list("started_on", flat=True)), default=current.started_on)
        if started_on < last_start:
            raise ValidationError({"started_on": _("A seat of the current term began on %(date)s; the new term "
                                                   "starts after it.") % {"date": dmy(last_start)}})
    why = reason or (_("Congress of %(date)s, term %(label)s") % {"date": dmy(congress_on), "label": label}
                     if congress_on else _("Designated by decision %s") % decision_number)
    if current is not None:
        for body in current.bodies.filter(ended_on__isnull=True):
            _end_body(body, on=started_on, actor=actor, reason=why, end_reason=Seat.EndReason.TERM_ENDED)
        current.ended_on = started_on
        save_with_history(current, actor=actor, reason=why)
    term = save_with_history(Term(organization=organization, label=label, kind=kind, congress_on=congress_on,
                      started_on=started_on, decision_number=decision_number), actor=actor, reason=why)
    if create_main_body:
        body_create(actor=actor, term=term, kind=main_body_kind(organization), started_on=started_on,
                    decision_number=decision_number, reason=why)
    return term


@transaction.atomic
def term_correct(*, actor, term: Term, reason: str, **fields) -> Term:
    """Correct what was entered for a term (label, dates of the congress, decision, note)."""
    allowed = {"label", "congress_on", "decision_number", "note"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    require_text(reason, "reason", _("Say why (the reason is kept in the record's history)."))
    for name, value in fields.items():
        setattr(term, name, nfc(value) if isinstance(value, str) else value)
    if term.kind == Term.Kind.CONGRESS:
        require_date(term.congress_on, "congress_on", future=False)
        if term.congress_on > term.started_on:
            raise ValidationError({"congress_on": _("The congress cannot come after the term started (%(date)s).")
                                   % {"date": dmy(term.started_on)}})
        if term.congress_on < term.organization.established_on:
            raise ValidationError({"congress_on": _("%(name)s was only established on %(date)s.")
                                   % {"name": term.organization.name, "date": dmy(term.organization.established_on)}})
    else:
        if term.congress_on:
            raise ValidationError({"congress_on": _("A designated term has no congress: leave the date empty.")})
        if not term.decision_number:
            raise ValidationError({"decision_number": _("Enter the number of the designation decision.")})
    return save_with_history(term, actor=actor, reason=reason)


@transaction.atomic
def body_create(*, actor, term: Term, kind: str, started_on: datetime.date | None = None,
                decision_number: str = "", reason: str = "") -> Body:
    organization = term.organization
    if kind not in body_kinds_for(organization):
        raise ValidationError({"kind": _("A %(org_kind)s has no %(body)s.")
                               % {"org_kind": organization.kind.label,
                                  "body": dict(Body.Kind.choices).get(kind, kind)}})
    if not term.is_current:
        raise ValidationError(_("The term %(label)s has ended.") % {"label": term.label})
    if term.bodies.filter(kind=kind).exists():
        raise ValidationError({"kind": _("The term %(label)s already has its %(body)s.")
                               % {"label": term.label, "body": Body.Kind(kind).label}})
    started_on = started_on or term.started_on
    require_date(started_on, "started_on", future=False)
    if started_on < term.started_on:
        raise ValidationError({"started_on": _("The term began on %(date)s.") % {"date": dmy(term.started_on)}})
    body = Body(organization=organization, term=term, kind=kind, started_on=started_on,
                decision_number=nfc(decision_number))
    return save_with_history(body, actor=actor, reason=reason or _("%(body)s of the term %(label)s")
                 % {"body": body.get_kind_display(), "label": term.label})


# -- seats -----------------------------------------------------------------------------------------------------

def _ancestor_ids(organization_id: int | None, cache: dict) -> set[int]:
    if organization_id is None:
        return set()
    if organization_id not in cache:
        organization = Organization.objects.get(pk=organization_id)
        cache[organization_id] = {o.pk for o in organization.ancestors(include_self=True)}
    return cache[organization_id]


def _full_members(organization: Organization, on: datetime.date) -> int:
    return organization.members.filter(status=MemberStatus.FULL, full_on__lte=on).count()


def _check_seat(body: Body, member: Member, position: str, started_on: datetime.date) -> None:
    organization = body.organization
    if position not in POSITIONS_BY_BODY[body.kind]:
        raise ValidationError({"position": _("The %(body)s has no post of %(position)s.")
                               % {"body": body.get_kind_display(),
                                  "position": dict(Position.choices).get(position, position)}})
    if not body.is_active:
        raise ValidationError(_("This %(body)s ended on %(date)s.") % {"body": body.get_kind_display(),
                                                                        "date": dmy(body.ended_on)})
    if started_on < body.started_on:
        raise ValidationError({"started_on": _("The %(body)s of this term began on %(date)s.")
                               % {"body": body.get_kind_display(), "date": dmy(body.started_on)}})
    if not member.is_active:
        raise ValidationError({"member": _("%(name)s is no longer an active member.") % {"name": member.full_name}})
    if member.status != MemberStatus.FULL or (member.full_on and member.full_on > started_on):
        raise ValidationError({"member": _("%(name)s is a probationary member: only full members hold a seat on "
                                           "a committee.") % {"name": member.full_name}})
    if organization.pk not in _ancestor_ids(member.organization_id, {}):
        raise ValidationError({"member": _("%(name)s is not a member of %(org)s.")
                               % {"name": member.full_name, "org": organization.name}})
    subtree = Organization.objects.descendants(organization, include_self=True).values("id")
    registered_then = member.memberships.filter(
        kind=TransferKind.PERMANENT, organization_id__in=subtree, started_on__lte=started_on,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on)).exists()
    if not registered_then:
        raise ValidationError({"started_on": _("On %(date)s %(name)s was not yet a member of %(org)s.")
                               % {"date": dmy(started_on), "name": member.full_name, "org": organization.name}})
    active = body.seats.filter(ended_on__isnull=True)
    if active.filter(member=member).exists():
        raise ValidationError({"member": _("%(name)s already holds a seat on this %(body)s: end it first, or "
                                           "change it.") % {"name": member.full_name, "body": body.get_kind_display()}})
    if position in SINGLE_HOLDER_POSITIONS:
        holder = active.filter(position=position).select_related("member").first()
        if holder is not None:
            raise ValidationError({"position": _("%(name)s is already %(position)s of this %(body)s; one person "
                                                 "holds it at a time (end that seat first).")
                                   % {"name": holder.member.full_name, "position": holder.get_position_display(),
                                      "body": body.get_kind_display()}})
    if body.kind == Body.Kind.STANDING_COMMITTEE:
        on_executive = Seat.objects.filter(
            body__term=body.term, body__kind=Body.Kind.EXECUTIVE_COMMITTEE, member=member, ended_on__isnull=True
        ).exists()
        if not on_executive:
            raise ValidationError({"member": _("The standing committee is elected from the executive committee: "
                                               "give %(name)s a seat there first.") % {"name": member.full_name}})
    if body.kind == Body.Kind.CELL_COMMITTEE:
        _check_cell_committee(body, position, started_on, active)


@applies(CELL_COMMITTEE_MIN_FULL_MEMBERS, CELL_COMMITTEE_MAX_SIZE,
         where=gettext_lazy("Assigning a seat on a cell committee: refused beyond what the cell may elect on the "
                            "seat's first day"))
def _check_cell_committee(body: Body, position: str, started_on, active) -> None:
    threshold = rule_value_for(CELL_COMMITTEE_MIN_FULL_MEMBERS, on=started_on, field="started_on")
    full = _full_members(body.organization, started_on)
    if full < threshold:
        if position == Position.COMMITTEE_MEMBER:
            raise ValidationError({"position": _("%(org)s has %(full)d full members; a cell with fewer than "
                                                 "%(threshold)d elects only a secretary and, if needed, a deputy.")
                                   % {"org": body.organization.name, "full": full, "threshold": threshold}})
        if position == Position.DEPUTY_SECRETARY and active.filter(position=Position.DEPUTY_SECRETARY).exists():
            raise ValidationError({"position": _("A cell with fewer than %(threshold)d full members has at most "
                                                 "one deputy secretary.") % {"threshold": threshold}})
    maximum = rule_value_for(CELL_COMMITTEE_MAX_SIZE, on=started_on, field="started_on")
    if active.count() >= maximum:
        raise ValidationError({"position": _("A cell committee has at most %(max)d members; this one is full.")
                               % {"max": maximum}})


@transaction.atomic
def seat_assign(*, actor, body: Body, member: Member, position: str, started_on: datetime.date,
                start_method: str = Seat.StartMethod.ELECTED, decision_number: str = "",
                engagement: str = Seat.Engagement.CONCURRENT, allowance_category=None, reason: str = "") -> Seat:
    """A member takes a seat on a body: elected by the congress or conference, appointed or designated."""
    require(member, "member", _("Choose the member."))
    require_date(started_on, "started_on", future=False)
    decision_number = nfc(decision_number)
    if start_method != Seat.StartMethod.ELECTED and not decision_number:
        raise ValidationError({"decision_number": _("Enter the number of the appointment decision.")})
    # Lock the body (and read it afresh) so two people cannot both take the last place or the one secretary
    # post, nor a seat land on a body that a new term is ending.
    body = Body.objects.select_for_update().select_related("organization__kind", "term").get(pk=body.pk)
    _check_seat(body, member, position, started_on)
    seat = Seat(body=body, member=member, position=position, started_on=started_on, start_method=start_method,
                start_decision_number=decision_number, engagement=engagement, allowance_category=allowance_category)
    why = reason or _("%(position)s of the %(body)s (%(method)s)") % {
        "position": seat.get_position_display(), "body": body.get_kind_display(),
        "method": seat.get_start_method_display().lower()}
    return save_with_history(seat, actor=actor, reason=why)


@transaction.atomic
def seat_update(*, actor, seat: Seat, reason: str, engagement: str | None = None,
                allowance_category=...) -> Seat:
    """Change how a seat is held: full-time or concurrent, and its allowance category."""
    require_text(reason, "reason", _("Say why (the reason is kept in the record's history)."))
    if not seat.is_active:
        raise ValidationError(_("This seat ended on %(date)s.") % {"date": dmy(seat.ended_on)})
    if engagement is not None:
        seat.engagement = engagement
    if allowance_category is not ...:
        seat.allowance_category = allowance_category
    return save_with_history(seat, actor=actor, reason=reason)


@transaction.atomic
def seat_end(*, actor, seat: Seat, ended_on: datetime.date, end_reason: str, decision_number: str = "",
             reason: str = "") -> Seat:
    require_date(ended_on, "ended_on", future=False)
    if not seat.is_active:
        raise ValidationError(_("This seat already ended on %(date)s.") % {"date": dmy(seat.ended_on)})
    if ended_on < seat.started_on:
        raise ValidationError({"ended_on": _("The seat was taken on %(date)s.") % {"date": dmy(seat.started_on)}})
    if end_reason not in Seat.EndReason.values:
        raise ValidationError({"end_reason": _("Choose why the seat ends.")})
    why = nfc(reason) or Seat.EndReason(end_reason).label
    if seat.body.kind == Body.Kind.EXECUTIVE_COMMITTEE:
        # The standing committee is elected from the executive committee: leaving one is leaving both.
        for standing in Seat.objects.filter(body__term_id=seat.body.term_id, body__kind=Body.Kind.STANDING_COMMITTEE,
                                            member_id=seat.member_id, ended_on__isnull=True):
            _end(standing, on=ended_on, end_reason=end_reason, actor=actor, reason=why,
                 decision_number=nfc(decision_number))
    return _end(seat, on=ended_on, end_reason=end_reason, actor=actor, reason=why,
                decision_number=nfc(decision_number))


# -- seats that end by themselves ------------------------------------------------------------------------------

_END_BY_STATUS = {
    MemberStatus.TRANSFERRED_OUT: Seat.EndReason.TRANSFERRED_OUT,
    MemberStatus.DECEASED: Seat.EndReason.DECEASED,
    MemberStatus.EXPELLED: Seat.EndReason.EXPELLED,
    MemberStatus.STRUCK_OFF: Seat.EndReason.STRUCK_OFF,
    MemberStatus.LEFT: Seat.EndReason.LEFT_PARTY,
}


def seats_reconcile(*, actor, on: datetime.date, reason: str, member_ids=(), organization_ids=(),
                    decision_number: str = "") -> int:
    """End what can no longer stand after a member or an organisation changed on `on`.

    A seat stands while its holder is an active member registered in the body's organisation or
    below it, and the organisation itself is active. Called by the member and restructuring
    services inside their transaction; returns the number of seats ended.
    """
    organization_ids = set(organization_ids)
    for organization in Organization.objects.filter(pk__in=organization_ids).exclude(status=Organization.Status.ACTIVE):
        for body in organization.bodies.filter(ended_on__isnull=True):
            _end_body(body, on=on, actor=actor, reason=reason, end_reason=Seat.EndReason.ORGANIZATION_ENDED)
        for term in organization.terms.filter(ended_on__isnull=True):
            term.ended_on = max(on, term.started_on)
            save_with_history(term, actor=actor, reason=reason)
    seats = Seat.objects.filter(ended_on__isnull=True).select_related("member", "body")
    seats = seats.filter(Q(member_id__in=list(member_ids)) | Q(member__organization_id__in=organization_ids)
                         | Q(body__organization_id__in=organization_ids))
    ancestors: dict = {}
    ended = 0
    for seat in seats:
        member = seat.member
        if not member.is_active:
            end_reason = _END_BY_STATUS.get(member.status, Seat.EndReason.OTHER)
        elif seat.body.organization_id not in _ancestor_ids(member.organization_id, ancestors):
            end_reason = Seat.EndReason.LEFT_ORGANIZATION
        else:
            continue
        _end(seat, on=on, end_reason=end_reason, actor=actor, reason=reason, decision_number=decision_number)
        ended += 1
    return ended


# ---- handlers of the lower apps' hooks (registered in ApparatusConfig.ready) -------------------------------------

def seats_follow_tree(*, organization_ids, on, actor, reason) -> None:
    """organizations_changed: bodies of organisations that ended, and seats whose holder left, end too."""
    seats_reconcile(actor=actor, on=on, reason=reason, organization_ids=organization_ids)


def seats_follow_member(*, member, on, actor, reason, decision_number="") -> None:
    """member_left / member_moved: the member's seats on bodies they no longer belong under end the same day."""
    seats_reconcile(actor=actor, on=on, reason=reason, member_ids=[member.pk], decision_number=decision_number)
