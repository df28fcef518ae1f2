"""Working groups and their visits to cell meetings: the writes (services) and the counter (a read through scope)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from core.history import save_with_history
from core.scope import VIEW, scope_for
from core.text import nfc, nfc_text
from organizations.selectors import subtree_ids
from rules.selectors import rule_value

from .models import Visit, WorkingGroup


@transaction.atomic
def working_group_create(*, actor, organization, name: str, leader, members=(), established_on: datetime.date,
                         decision_number: str = "", reason: str = "", require_deputy: bool = True) -> WorkingGroup:
    """A working group of `organization`. Its leader must be one of the organisation's deputy secretaries today
    (`require_deputy=False` only to enter a group of the past, whose leaders' seats may have ended since)."""
    if leader is None:
        raise ValidationError({"leader": _("Choose the leader.")})
    if require_deputy:
        leaders, _candidates = group_candidates(organization)
        if not leaders.filter(pk=leader.pk).exists():
            raise ValidationError({"leader": _("The leader is one of the deputy secretaries of %(name)s.")
                                   % {"name": organization.name}})
    if not established_on:
        raise ValidationError({"established_on": _("Enter the date.")})
    group = save_with_history(WorkingGroup(organization=organization, name=nfc(name), leader=leader,
                               established_on=established_on, decision_number=nfc(decision_number)),
                  actor=actor, reason=reason or _("Working group established"))
    group.members.set({leader, *members})
    return group


@transaction.atomic
def visit_plan(*, actor, group: WorkingGroup, organization, planned_on: datetime.date, meeting=None,
               reason: str = "") -> Visit:
    if not organization.kind.holds_members:
        raise ValidationError({"organization": _("A working group visits a cell's meeting.")})
    if organization.pk not in subtree_ids(group.organization_id):
        raise ValidationError({"organization": _("%(cell)s is not under %(name)s.")
                               % {"cell": organization.name, "name": group.organization.name}})
    if planned_on and planned_on < group.established_on:
        raise ValidationError({"planned_on": _("The working group was formed on %(date)s.")
                               % {"date": group.established_on.strftime("%d/%m/%Y")}})
    if meeting is not None and meeting.organization_id != organization.pk:
        raise ValidationError({"meeting": _("That meeting is not one of %(name)s's.") % {"name": organization.name}})
    if not planned_on:
        raise ValidationError({"planned_on": _("Enter the date.")})
    return save_with_history(Visit(group=group, organization=organization, planned_on=planned_on, meeting=meeting),
                 actor=actor, reason=reason or _("Visit planned"))


@transaction.atomic
def visit_record(*, actor, visit: Visit, visited_on: datetime.date, attendees=(), observations: str = "",
                 assessment: str = "", recommendations: str = "", meeting=None, reason: str = "") -> Visit:
    if not visited_on:
        raise ValidationError({"visited_on": _("Enter the date.")})
    if visited_on > datetime.date.today():
        raise ValidationError({"visited_on": _("The date cannot be in the future.")})
    if not attendees:
        raise ValidationError({"attendees": _("Name who attended.")})
    allowed = set(visit.group.members.values_list("pk", flat=True)) | {visit.group.leader_id}
    strangers = [m for m in attendees if m.pk not in allowed]
    if strangers:
        raise ValidationError({"attendees": _("%(names)s is not in the working group.")
                               % {"names": ", ".join(m.full_name for m in strangers)}})
    if visited_on < visit.group.established_on:
        raise ValidationError({"visited_on": _("The working group was formed on %(date)s.")
                               % {"date": visit.group.established_on.strftime("%d/%m/%Y")}})
    if meeting is not None:
        if meeting.status == meeting.Status.CANCELLED:
            raise ValidationError({"meeting": _("That meeting was cancelled.")})
        if meeting.organization_id != visit.organization_id:
            raise ValidationError({"meeting": _("That meeting is not one of %(name)s's.")
                                   % {"name": visit.organization.name}})
        visit.meeting = meeting
    visit.visited_on = visited_on
    visit.observations, visit.recommendations = nfc_text(observations), nfc_text(recommendations)
    visit.assessment = assessment
    save_with_history(visit, actor=actor, reason=reason or _("Visit recorded"))
    visit.attendees.set(attendees)
    return visit


def visits_counted_since(on: datetime.date | None = None) -> datetime.date:
    return datetime.date.fromisoformat(rule_value("working_group_visits_counted_since", on=on))


def visit_count(user, *, since: datetime.date | None = None, until: datetime.date | None = None) -> int:
    """Visits held (recorded) in the user's scope since a date (default: the Bloc's chosen date)."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return 0
    since = since or visits_counted_since()
    visits = Visit.objects.filter(scope.org_q("organization_id"), visited_on__isnull=False, visited_on__gte=since)
    if until:
        visits = visits.filter(visited_on__lte=until)
    return visits.count()


# -- reads ----------------------------------------------------------------------------------------------------------

def working_groups(user):
    """The working groups of the organisations in the user's scope, with their members and visit counts."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return WorkingGroup.objects.none()
    since = visits_counted_since()
    return (WorkingGroup.objects.filter(scope.org_q("organization_id")).select_related("leader", "organization")
            .prefetch_related("members")
            .annotate(done=Count("visits", filter=Q(visits__visited_on__gte=since), distinct=True),
                      planned=Count("visits", filter=Q(visits__visited_on__isnull=True), distinct=True))
            .order_by(F("ended_on").asc(nulls_first=True), "name"))


def visit_qs(user):
    """Visits the user may open: those of a group in scope, or to a cell in scope (the cell sees who came)."""
    scope = scope_for(user)
    if not scope.can(VIEW):
        return Visit.objects.none()
    if scope.sees_everything():
        return Visit.objects.all()
    return Visit.objects.filter(scope.org_q("group__organization_id") | scope.org_q("organization_id"))


def group_candidates(organization):
    """Who can serve on the organisation's working groups: the members holding a seat on its bodies today; the
    leader is one of its deputy secretaries."""
    from apparatus.models import Position, Seat
    from members.models import Member

    seats = Seat.objects.filter(body__organization=organization, ended_on__isnull=True, body__ended_on__isnull=True)
    leaders = Member.objects.filter(pk__in=seats.filter(position__in=(
        Position.STANDING_DEPUTY_SECRETARY, Position.DEPUTY_SECRETARY)).values("member_id")).order_by("name_sort")
    members = Member.objects.filter(pk__in=seats.values("member_id")).order_by("name_sort")
    return leaders, members
