"""Every write to the organisation tree. Each service is one transaction, validates
before it saves, and leaves a dated restructuring event plus an audit row (who, why)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import stamp
from core.text import nfc

from .models import Cluster, Organization, OrganizationKind, OrganizationVersion, RestructuringEvent


def _require(value, field: str, message: str) -> None:
    if value in (None, "", [], ()):
        raise ValidationError({field: message})


def _require_decision(decision_number: str) -> str:
    decision_number = nfc(decision_number)
    _require(decision_number, "decision_number", _("Enter the number of the decision."))
    return decision_number


def _check_parent(kind: OrganizationKind, parent: Organization | None, *, field: str = "parent") -> None:
    if parent is None:
        if not kind.may_be_root:
            raise ValidationError({field: _("A %(kind)s must sit under a parent organisation.") % {"kind": kind.label}})
        return
    if not parent.is_active:
        raise ValidationError({field: _("%(parent)s is no longer active.") % {"parent": parent.name}})
    if not kind.allowed_parents.filter(pk=parent.kind_id).exists():
        allowed = ", ".join(k.label for k in kind.allowed_parents.all()) or _("none")
        raise ValidationError(
            {
                field: _("A %(kind)s cannot sit under a %(parent_kind)s (allowed: %(allowed)s).")
                % {"kind": kind.label, "parent_kind": parent.kind.label, "allowed": allowed}
            }
        )


def _check_date(organization: Organization, on: datetime.date, *, field: str = "effective_on") -> None:
    _require(on, field, _("Enter the date the decision takes effect."))
    if on < organization.established_on:
        raise ValidationError(
            {field: _("%(name)s was only established on %(date)s.")
             % {"name": organization.name, "date": organization.established_on.strftime("%d/%m/%Y")}}
        )
    last = organization.versions.order_by("-valid_from").first()
    if last and on < last.valid_from:
        raise ValidationError(
            {field: _("%(name)s already has a change dated %(date)s; enter changes in date order.")
             % {"name": organization.name, "date": last.valid_from.strftime("%d/%m/%Y")}}
        )


def _open_version(organization: Organization, on: datetime.date) -> None:
    OrganizationVersion.objects.create(
        organization=organization, name=organization.name, parent=organization.parent,
        kind=organization.kind, valid_from=on,
    )


def _close_version(organization: Organization, on: datetime.date) -> None:
    current = organization.versions.filter(valid_to__isnull=True).order_by("-valid_from").first()
    if current is None:
        return
    if current.valid_from == on:
        # Two changes on the same day: the earlier interval would be empty.
        current.delete()
    else:
        current.valid_to = on
        current.save(update_fields=["valid_to"])


def _restate(organization: Organization, on: datetime.date) -> None:
    _close_version(organization, on)
    _open_version(organization, on)


def _event(kind, organization, *, on, decision_number, reason, summary, actor, related=(), external_party=""):
    event = RestructuringEvent.objects.create(
        kind=kind, organization=organization, effective_on=on, decision_number=decision_number,
        reason=reason or "", summary=summary[:500], external_party=external_party,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if related:
        event.related.set(related)
    return event


def _save(organization: Organization, *, actor, reason: str) -> None:
    organization.full_clean()
    stamp(organization, actor=actor, reason=reason)
    organization.save()


def _subtree(organization: Organization) -> list[Organization]:
    return list(Organization.objects.descendants(organization, include_self=True))


def _reconcile_apparatus(organizations, *, on, actor, reason) -> None:
    """Bodies of organisations that ended, and seats of members who left a body's organisation, end too."""
    from apparatus.services import seats_reconcile

    ids = {o.pk for organization in organizations for o in _subtree(organization)}
    seats_reconcile(actor=actor, on=on, reason=reason, organization_ids=ids)


@transaction.atomic
def organization_create(
    *, actor, kind: OrganizationKind, parent: Organization | None, code: str, name: str,
    established_on: datetime.date, decision_number: str, reason: str = "", host_agency: str = "",
    cluster: Cluster | None = None,
) -> Organization:
    decision_number = _require_decision(decision_number)
    _require(established_on, "established_on", _("Enter the date the organisation was established."))
    _check_parent(kind, parent)
    if parent is not None and established_on < parent.established_on:
        raise ValidationError({"established_on": _("%(parent)s was only established on %(date)s.")
                               % {"parent": parent.name, "date": parent.established_on.strftime("%d/%m/%Y")}})
    organization = Organization(
        code=(code or "").strip(), name=name, kind=kind, parent=parent, host_agency=host_agency,
        cluster=cluster, established_on=established_on, decision_number=decision_number,
    )
    _save(organization, actor=actor, reason=reason or _("Established"))
    _open_version(organization, established_on)
    _event(RestructuringEvent.Kind.CREATE, organization, on=established_on, decision_number=decision_number,
           reason=reason, actor=actor,
           summary=_("Established %(name)s under %(parent)s") % {"name": organization.name, "parent": parent or "—"})
    return organization


@transaction.atomic
def organization_update(*, actor, organization: Organization, reason: str, **fields) -> Organization:
    """Correct descriptive data (host agency, cluster, code). Name and parent change through decisions."""
    _require(nfc(reason), "reason", _("Say why the record is changed."))
    # The founding date anchors the dated history (versions, events): it is not a correction.
    allowed = {"code", "host_agency", "cluster", "decision_number"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("These fields change only through a restructuring decision: %s") % ", ".join(unknown))
    for key, value in fields.items():
        setattr(organization, key, value)
    _save(organization, actor=actor, reason=reason)
    return organization


@transaction.atomic
def organization_rename(
    *, actor, organization: Organization, new_name: str, effective_on: datetime.date, decision_number: str,
    reason: str = "",
) -> Organization:
    decision_number = _require_decision(decision_number)
    new_name = nfc(new_name)
    _require(new_name, "new_name", _("Enter the new name."))
    if not organization.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": organization.name})
    if new_name == organization.name:
        raise ValidationError({"new_name": _("The new name is the same as the current one.")})
    _check_date(organization, effective_on)
    old_name = organization.name
    organization.name = new_name
    _save(organization, actor=actor, reason=reason or _("Renamed by decision %s") % decision_number)
    _restate(organization, effective_on)
    _event(RestructuringEvent.Kind.RENAME, organization, on=effective_on, decision_number=decision_number,
           reason=reason, actor=actor,
           summary=_("Renamed from %(old)s to %(new)s") % {"old": old_name, "new": new_name})
    return organization


@transaction.atomic
def organization_move(
    *, actor, organization: Organization, new_parent: Organization, effective_on: datetime.date,
    decision_number: str, reason: str = "",
) -> Organization:
    decision_number = _require_decision(decision_number)
    _require(new_parent, "new_parent", _("Choose the new parent organisation."))
    if not organization.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": organization.name})
    if new_parent.pk == organization.parent_id:
        raise ValidationError({"new_parent": _("It already sits under %(parent)s.") % {"parent": new_parent.name}})
    if new_parent.pk in {o.pk for o in _subtree(organization)}:
        raise ValidationError({"new_parent": _("An organisation cannot move under itself or its own sub-units.")})
    _check_parent(organization.kind, new_parent, field="new_parent")
    _check_date(organization, effective_on)
    old_parent = organization.parent
    organization.parent = new_parent
    _save(organization, actor=actor, reason=reason or _("Moved by decision %s") % decision_number)
    _restate(organization, effective_on)
    _event(RestructuringEvent.Kind.MOVE, organization, on=effective_on, decision_number=decision_number,
           reason=reason, actor=actor, related=[p for p in (old_parent, new_parent) if p],
           summary=_("Moved from %(old)s to %(new)s") % {"old": old_parent or "—", "new": new_parent})
    _reconcile_apparatus([organization], on=effective_on, actor=actor,
                         reason=reason or _("Moved by decision %s") % decision_number)
    return organization


def _end_subtree(organization, *, status, on, actor, reason, event, member_status=None):
    """End the organisation and everything below it; members follow when `member_status` is given."""
    from members.services import membership_close_for_organization

    for node in _subtree(organization):
        if not node.is_active:
            continue
        node.status = status
        node.ended_on = on
        if status == Organization.Status.TRANSFERRED_OUT:
            node.external_superior = event.external_party
        _save(node, actor=actor, reason=reason)
        _close_version(node, on)
        if member_status:
            membership_close_for_organization(
                actor=actor, organization=node, on=on, new_status=member_status, event=event, reason=reason
            )


@transaction.atomic
def organization_transfer_out(
    *, actor, organization: Organization, to_committee: str, effective_on: datetime.date, decision_number: str,
    reason: str = "",
) -> Organization:
    """Hand an organisation (with its subtree and members) to a superior committee outside this installation."""
    from members.choices import Status as MemberStatus

    decision_number = _require_decision(decision_number)
    to_committee = nfc(to_committee)
    _require(to_committee, "to_committee", _("Enter the committee that receives the organisation."))
    if not organization.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": organization.name})
    if organization.parent_id is None:
        raise ValidationError(_("The root of the installation cannot be transferred out."))
    for node in _subtree(organization):
        if node.is_active:
            _check_date(node, effective_on)
    event = _event(RestructuringEvent.Kind.TRANSFER_OUT, organization, on=effective_on,
                   decision_number=decision_number, reason=reason, actor=actor, external_party=to_committee,
                   summary=_("Transferred %(name)s to %(to)s") % {"name": organization.name, "to": to_committee})
    _end_subtree(organization, status=Organization.Status.TRANSFERRED_OUT, on=effective_on, actor=actor,
                 reason=reason or _("Transferred to %s") % to_committee, event=event,
                 member_status=MemberStatus.TRANSFERRED_OUT)
    _reconcile_apparatus([organization], on=effective_on, actor=actor,
                         reason=reason or _("Transferred to %s") % to_committee)
    organization.refresh_from_db()
    return organization


@transaction.atomic
def organization_transfer_in(
    *, actor, parent: Organization, from_committee: str, effective_on: datetime.date, decision_number: str,
    reason: str = "", organization: Organization | None = None, kind: OrganizationKind | None = None,
    code: str = "", name: str = "", host_agency: str = "", cluster: Cluster | None = None,
) -> Organization:
    """Receive an organisation from outside. One that left earlier comes back with its subtree and members."""
    from members.services import membership_reopen_after_event

    decision_number = _require_decision(decision_number)
    from_committee = nfc(from_committee)
    _require(from_committee, "from_committee", _("Enter the committee the organisation comes from."))
    _require(effective_on, "effective_on", _("Enter the date the decision takes effect."))
    if organization is None:
        _require(kind, "kind", _("Choose the kind of organisation."))
        organization = organization_create(
            actor=actor, kind=kind, parent=parent, code=code, name=name, established_on=effective_on,
            decision_number=decision_number, reason=reason or _("Transferred in from %s") % from_committee,
            host_agency=host_agency, cluster=cluster,
        )
        organization.external_superior = from_committee
        _save(organization, actor=actor, reason=reason or _("Transferred in from %s") % from_committee)
        RestructuringEvent.objects.filter(organization=organization, kind=RestructuringEvent.Kind.CREATE).delete()
        _event(RestructuringEvent.Kind.TRANSFER_IN, organization, on=effective_on, decision_number=decision_number,
               reason=reason, actor=actor, external_party=from_committee,
               summary=_("Received %(name)s from %(from)s") % {"name": organization.name, "from": from_committee})
        return organization

    if organization.status != Organization.Status.TRANSFERRED_OUT:
        raise ValidationError(_("Only an organisation that was transferred out can be transferred back in."))
    if effective_on < (organization.ended_on or effective_on):
        raise ValidationError({"effective_on": _("It cannot come back before the day it left (%(date)s).")
                               % {"date": organization.ended_on.strftime("%d/%m/%Y")}})
    _check_parent(organization.kind, parent)
    left_event = (
        RestructuringEvent.objects.filter(organization=organization, kind=RestructuringEvent.Kind.TRANSFER_OUT)
        .order_by("-effective_on", "-id").first()
    )
    event = _event(RestructuringEvent.Kind.TRANSFER_IN, organization, on=effective_on,
                   decision_number=decision_number, reason=reason, actor=actor, external_party=from_committee,
                   summary=_("Received %(name)s back from %(from)s") % {"name": organization.name,
                                                                       "from": from_committee})
    for node in _subtree(organization):
        if node.status != Organization.Status.TRANSFERRED_OUT or node.ended_on != organization.ended_on:
            continue
        if node.pk == organization.pk:
            node.parent = parent
        node.status = Organization.Status.ACTIVE
        node.ended_on = None
        node.external_superior = from_committee
        _save(node, actor=actor, reason=reason or _("Transferred in from %s") % from_committee)
        _open_version(node, effective_on)
        if left_event:
            membership_reopen_after_event(actor=actor, organization=node, left_event=left_event,
                                          on=effective_on, event=event, reason=reason)
    organization.refresh_from_db()
    return organization


@transaction.atomic
def organization_merge(
    *, actor, sources: list[Organization], target: Organization, effective_on: datetime.date,
    decision_number: str, reason: str = "",
) -> Organization:
    """Members and sub-units of each source move to the surviving `target`; the sources end as merged."""
    from members.services import member_move_for_restructuring

    decision_number = _require_decision(decision_number)
    _require(sources, "sources", _("Choose the organisations to merge."))
    if not target.is_active:
        raise ValidationError({"target": _("%(name)s is no longer active.") % {"name": target.name}})
    _check_date(target, effective_on)
    if any(s.pk == target.pk for s in sources):
        raise ValidationError({"sources": _("The surviving organisation cannot also be merged away.")})
    target_subtree = {o.pk for o in _subtree(target)}
    for source in sources:
        if not source.is_active:
            raise ValidationError({"sources": _("%(name)s is no longer active.") % {"name": source.name}})
        if source.pk in {o.pk for o in target.ancestors()}:
            raise ValidationError({"sources": _("%(name)s contains the surviving organisation.") % {"name": source.name}})
        if source.pk in target_subtree:
            raise ValidationError({"sources": _("%(name)s sits inside the surviving organisation.") % {"name": source.name}})
        _check_date(source, effective_on)
        for child in source.children.filter(status=Organization.Status.ACTIVE).select_related("kind"):
            _check_parent(child.kind, target, field="target")
            _check_date(child, effective_on)
        if source.members.filter(status__in=("probationary", "full")).exists() and not target.kind.holds_members:
            raise ValidationError({"target": _("%(name)s has members, but a %(kind)s cannot hold members directly.")
                                   % {"name": source.name, "kind": target.kind.label}})
    names = ", ".join(s.name for s in sources)
    event = _event(RestructuringEvent.Kind.MERGE, target, on=effective_on, decision_number=decision_number,
                   reason=reason, actor=actor, related=sources,
                   summary=_("Merged %(sources)s into %(target)s") % {"sources": names, "target": target.name})
    why = reason or _("Merged into %(target)s by decision %(decision)s") % {"target": target.name,
                                                                           "decision": decision_number}
    for source in sources:
        for child in list(source.children.filter(status=Organization.Status.ACTIVE)):
            child.parent = target
            _save(child, actor=actor, reason=why)
            _restate(child, effective_on)
        member_move_for_restructuring(actor=actor, source=source, target=target, on=effective_on,
                                      event=event, reason=why)
        source.status = Organization.Status.MERGED
        source.ended_on = effective_on
        _save(source, actor=actor, reason=why)
        _close_version(source, effective_on)
    _reconcile_apparatus([*sources, target], on=effective_on, actor=actor, reason=why)
    return target


@transaction.atomic
def organization_split(
    *, actor, source: Organization, parts: list[dict], effective_on: datetime.date, decision_number: str,
    reason: str = "", keep_source: bool = False,
) -> list[Organization]:
    """Create new organisations beside `source` and move the named members and sub-units into them.

    Each part: {"code", "name", "kind" (default: the source's), "host_agency", "members": [ids], "children": [ids]}.
    Unless `keep_source`, every member and sub-unit must go somewhere and the source ends (dissolved).
    """
    from members.choices import ACTIVE_STATUSES
    from members.services import member_move_for_restructuring

    decision_number = _require_decision(decision_number)
    if len(parts) < (1 if keep_source else 2):
        raise ValidationError({"parts": _("A split needs at least two resulting organisations "
                                          "(or one if the original remains).")})
    if not source.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": source.name})
    _check_date(source, effective_on)
    active_member_ids = set(source.members.filter(status__in=ACTIVE_STATUSES).values_list("id", flat=True))
    active_child_ids = set(source.children.filter(status=Organization.Status.ACTIVE).values_list("id", flat=True))
    assigned_members, assigned_children = set(), set()
    children_by_id = {c.pk: c for c in source.children.filter(pk__in=active_child_ids).select_related("kind")}
    for index, part in enumerate(parts, start=1):
        kind = part.get("kind") or source.kind
        _check_parent(kind, source.parent, field="parts")
        if part.get("members") and not kind.holds_members:
            raise ValidationError({"parts": _("Part %(n)d is a %(kind)s, which cannot hold members directly.")
                                   % {"n": index, "kind": kind.label}})
        for child_id in part.get("children", ()):
            child = children_by_id.get(child_id)
            if child is not None:
                if not child.kind.allowed_parents.filter(pk=kind.pk).exists():
                    raise ValidationError({"parts": _("Part %(n)d is a %(kind)s; a %(child_kind)s cannot sit under it.")
                                           % {"n": index, "kind": kind.label, "child_kind": child.kind.label}})
                _check_date(child, effective_on, field="parts")
        ids = set(part.get("members", ()))
        if ids - active_member_ids:
            raise ValidationError({"parts": _("Part %(n)d lists members who are not active members of %(name)s.")
                                   % {"n": index, "name": source.name}})
        if ids & assigned_members:
            raise ValidationError({"parts": _("Part %(n)d lists a member already given to another part.")
                                   % {"n": index}})
        assigned_members |= ids
        child_ids = set(part.get("children", ()))
        if child_ids - active_child_ids or child_ids & assigned_children:
            raise ValidationError({"parts": _("Part %(n)d lists sub-units that are not free sub-units of %(name)s.")
                                   % {"n": index, "name": source.name}})
        assigned_children |= child_ids
    guests = source.temporary_members.filter(status__in=ACTIVE_STATUSES).count()
    if not keep_source and guests:
        raise ValidationError({"parts": _("%(count)d members attend %(name)s on temporary transfer: end or move "
                                          "their temporary transfers first, or keep the original.")
                               % {"count": guests, "name": source.name}})
    if not keep_source and (assigned_members != active_member_ids or assigned_children != active_child_ids):
        raise ValidationError({"parts": _("Every member and sub-unit of %(name)s must go to one of the new "
                                          "organisations, or keep the original.") % {"name": source.name}})
    event = _event(RestructuringEvent.Kind.SPLIT, source, on=effective_on, decision_number=decision_number,
                   reason=reason, actor=actor,
                   summary=_("Split %(name)s into %(parts)s") % {"name": source.name,
                                                                 "parts": ", ".join(p["name"] for p in parts)})
    created = []
    why = reason or _("Split from %(name)s by decision %(decision)s") % {"name": source.name,
                                                                        "decision": decision_number}
    for part in parts:
        new = organization_create(
            actor=actor, kind=part.get("kind") or source.kind, parent=source.parent, code=part["code"],
            name=part["name"], established_on=effective_on, decision_number=decision_number, reason=why,
            host_agency=part.get("host_agency", source.host_agency), cluster=source.cluster,
        )
        for child in Organization.objects.filter(pk__in=part.get("children", ())):
            child.parent = new
            _save(child, actor=actor, reason=why)
            _restate(child, effective_on)
        member_move_for_restructuring(actor=actor, source=source, target=new, on=effective_on, event=event,
                                      reason=why, member_ids=part.get("members", ()))
        created.append(new)
    event.related.set(created)
    if not keep_source:
        source.status = Organization.Status.DISSOLVED
        source.ended_on = effective_on
        _save(source, actor=actor, reason=why)
        _close_version(source, effective_on)
    _reconcile_apparatus([source, *created], on=effective_on, actor=actor, reason=why)
    return created


@transaction.atomic
def organization_dissolve(
    *, actor, organization: Organization, effective_on: datetime.date, decision_number: str, reason: str = "",
) -> Organization:
    from members.choices import ACTIVE_STATUSES

    decision_number = _require_decision(decision_number)
    if not organization.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": organization.name})
    if organization.parent_id is None:
        raise ValidationError(_("The root of the installation cannot be dissolved."))
    _check_date(organization, effective_on)
    members = organization.members.filter(status__in=ACTIVE_STATUSES).count()
    guests = organization.temporary_members.filter(status__in=ACTIVE_STATUSES).count()
    children = organization.children.filter(status=Organization.Status.ACTIVE).count()
    if members or children or guests:
        raise ValidationError(
            _("%(name)s still has %(members)d members, %(guests)d temporarily attending members and "
              "%(children)d active sub-units: transfer them first, or merge it into another organisation.")
            % {"name": organization.name, "members": members, "guests": guests, "children": children}
        )
    organization.status = Organization.Status.DISSOLVED
    organization.ended_on = effective_on
    _save(organization, actor=actor, reason=reason or _("Dissolved by decision %s") % decision_number)
    _close_version(organization, effective_on)
    _event(RestructuringEvent.Kind.DISSOLVE, organization, on=effective_on, decision_number=decision_number,
           reason=reason, actor=actor, summary=_("Dissolved %(name)s") % {"name": organization.name})
    _reconcile_apparatus([organization], on=effective_on, actor=actor,
                         reason=reason or _("Dissolved by decision %s") % decision_number)
    return organization
