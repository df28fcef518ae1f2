"""Every write to the organisation tree. Each service is one transaction, validates
before it saves, and leaves a dated restructuring event plus an audit row (who, why)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import save_with_history
from core.text import join_and, nfc
from core.validation import check_date_range, check_reason
from core.versions import expect_version

from . import hooks
from .figures import figures_batched
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
    check_date_range(on, field)
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
    check_reason(reason)
    event = RestructuringEvent.objects.create(
        kind=kind, organization=organization, effective_on=on, decision_number=decision_number,
        reason=reason or "", summary=summary[:500], external_party=external_party,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if related:
        event.related.set(related)
    return event


def _save(organization: Organization, *, actor, reason: str) -> None:
    save_with_history(organization, actor=actor, reason=reason)


def _unchanged_since_read(organization: Organization) -> None:
    """A decision taken on what the user read of the organisation: refused at once (before any other check, whose
    message would mislead) when the organisation changed since (core.versions). The decisions that do not save the
    organisation itself (a merge into it, a split that keeps it, a transfer out that reloads its subtree) rely on
    this check alone."""
    expect_version(organization, organization.revision)


def _subtree(organization: Organization) -> list[Organization]:
    return list(Organization.objects.descendants(organization, include_self=True))


def _changed(organizations, *, on, actor, reason) -> None:
    """Tell the apps above (committee seats) that these organisations and their subtrees changed on `on`."""
    ids = {o.pk for organization in organizations for o in _subtree(organization)}
    hooks.organizations_changed(organization_ids=ids, on=on, actor=actor, reason=reason)


def _end(organization: Organization, *, status, on, actor, reason, event) -> None:
    organization.status = status
    organization.ended_on = on
    if status == Organization.Status.TRANSFERRED_OUT:
        organization.external_superior = event.external_party
    _save(organization, actor=actor, reason=reason)
    _close_version(organization, on)
    hooks.organization_ended(organization=organization, on=on, event=event, actor=actor, reason=reason)


@transaction.atomic
def organization_create(
    *, actor, kind: OrganizationKind, parent: Organization | None, code: str, name: str,
    established_on: datetime.date, decision_number: str, reason: str = "", host_agency: str = "",
    cluster: Cluster | None = None,
) -> Organization:
    decision_number = _require_decision(decision_number)
    _require(established_on, "established_on", _("Enter the date the organisation was established."))
    check_date_range(established_on, "established_on")
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
    _unchanged_since_read(organization)
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
    _unchanged_since_read(organization)
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
@figures_batched  # the members and seats that follow are counted once, at the end
def organization_move(
    *, actor, organization: Organization, new_parent: Organization, effective_on: datetime.date,
    decision_number: str, reason: str = "",
) -> Organization:
    _unchanged_since_read(organization)
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
    _changed([organization], on=effective_on, actor=actor, reason=reason or _("Moved by decision %s") % decision_number)
    return organization


@transaction.atomic
@figures_batched
def organization_transfer_out(
    *, actor, organization: Organization, to_committee: str, effective_on: datetime.date, decision_number: str,
    reason: str = "",
) -> Organization:
    """Hand an organisation (with its subtree and members) to a superior committee outside this installation."""
    _unchanged_since_read(organization)
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
    why = reason or _("Transferred to %s") % to_committee
    for node in _subtree(organization):
        if node.is_active:
            _end(node, status=Organization.Status.TRANSFERRED_OUT, on=effective_on, actor=actor, reason=why,
                 event=event)
    _changed([organization], on=effective_on, actor=actor, reason=why)
    organization.refresh_from_db()
    return organization


@transaction.atomic
@figures_batched
def organization_transfer_in(
    *, actor, parent: Organization, from_committee: str, effective_on: datetime.date, decision_number: str,
    reason: str = "", organization: Organization | None = None, kind: OrganizationKind | None = None,
    code: str = "", name: str = "", host_agency: str = "", cluster: Cluster | None = None,
) -> Organization:
    """Receive an organisation from outside. One that left earlier comes back with its subtree and members."""
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
            hooks.organization_returned(organization=node, left_event=left_event, on=effective_on, event=event,
                                        actor=actor, reason=reason)
    organization.refresh_from_db()
    return organization


@transaction.atomic
@figures_batched
def organization_merge(
    *, actor, sources: list[Organization], target: Organization, effective_on: datetime.date,
    decision_number: str, reason: str = "",
) -> Organization:
    """Members and sub-units of each source move to the surviving `target`; the sources end as merged."""
    _unchanged_since_read(target)
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
        hooks.organization_absorbed(source=source, target=target, on=effective_on, event=event, actor=actor,
                                    reason=why)
        _end(source, status=Organization.Status.MERGED, on=effective_on, actor=actor, reason=why, event=event)
    _changed([*sources, target], on=effective_on, actor=actor, reason=why)
    return target


@transaction.atomic
@figures_batched
def organization_split(
    *, actor, source: Organization, parts: list[dict], effective_on: datetime.date, decision_number: str,
    reason: str = "", keep_source: bool = False,
) -> list[Organization]:
    """Create new organisations beside `source` and move the named sub-units (and members) into them.

    Each part: {"code", "name", "kind" (default: the source's), "host_agency", "children": [ids]} and, for what
    the apps above hand out (hooks.split_assignables), their ids under their key ("members": [ids]).
    Unless `keep_source`, every sub-unit and member must go somewhere and the source ends (dissolved).
    """
    _unchanged_since_read(source)
    decision_number = _require_decision(decision_number)
    if len(parts) < (1 if keep_source else 2):
        raise ValidationError({"parts": _("A split needs at least two resulting organisations "
                                          "(or one if the original remains).")})
    if not source.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": source.name})
    _check_date(source, effective_on)
    active_child_ids = set(source.children.filter(status=Organization.Status.ACTIVE).values_list("id", flat=True))
    assigned_children = set()
    children_by_id = {c.pk: c for c in source.children.filter(pk__in=active_child_ids).select_related("kind")}
    for index, part in enumerate(parts, start=1):
        kind = part.get("kind") or source.kind
        _check_parent(kind, source.parent, field="parts")
        for child_id in part.get("children", ()):
            child = children_by_id.get(child_id)
            if child is not None:
                if not child.kind.allowed_parents.filter(pk=kind.pk).exists():
                    raise ValidationError({"parts": _("Part %(n)d is a %(kind)s; a %(child_kind)s cannot sit under it.")
                                           % {"n": index, "kind": kind.label, "child_kind": child.kind.label}})
                _check_date(child, effective_on, field="parts")
        child_ids = set(part.get("children", ()))
        if child_ids - active_child_ids or child_ids & assigned_children:
            raise ValidationError({"parts": _("Part %(n)d lists sub-units that are not free sub-units of %(name)s.")
                                   % {"n": index, "name": source.name}})
        assigned_children |= child_ids
    if not keep_source and assigned_children != active_child_ids:
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
        created.append(new)
    event.related.set(created)
    # The apps above place what they hold (members) part by part, and refuse what cannot be placed.
    hooks.organization_split(source=source, parts=list(zip(created, parts, strict=True)), keep_source=keep_source,
                             on=effective_on, event=event, actor=actor, reason=why)
    if not keep_source:
        _end(source, status=Organization.Status.DISSOLVED, on=effective_on, actor=actor, reason=why, event=event)
    _changed([source, *created], on=effective_on, actor=actor, reason=why)
    return created


@transaction.atomic
@figures_batched
def organization_dissolve(
    *, actor, organization: Organization, effective_on: datetime.date, decision_number: str, reason: str = "",
) -> Organization:
    _unchanged_since_read(organization)
    decision_number = _require_decision(decision_number)
    if not organization.is_active:
        raise ValidationError(_("%(name)s is no longer active.") % {"name": organization.name})
    if organization.parent_id is None:
        raise ValidationError(_("The root of the installation cannot be dissolved."))
    _check_date(organization, effective_on)
    children = organization.children.filter(status=Organization.Status.ACTIVE).count()
    # What the apps above still keep in it (members, members attending on temporary transfer), as counted phrases.
    held = [item for items in hooks.organization_holdings(organization=organization) for item in items]
    held.append((children, _("%(count)d active sub-units") % {"count": children}))
    if any(count for count, _phrase in held):
        raise ValidationError(
            _("%(name)s still has %(holdings)s: transfer them first, or merge it into another organisation.")
            % {"name": organization.name, "holdings": join_and([phrase for _count, phrase in held])}
        )
    why = reason or _("Dissolved by decision %s") % decision_number
    event = _event(RestructuringEvent.Kind.DISSOLVE, organization, on=effective_on, decision_number=decision_number,
                   reason=reason, actor=actor, summary=_("Dissolved %(name)s") % {"name": organization.name})
    _end(organization, status=Organization.Status.DISSOLVED, on=effective_on, actor=actor, reason=why, event=event)
    _changed([organization], on=effective_on, actor=actor, reason=why)
    return organization
