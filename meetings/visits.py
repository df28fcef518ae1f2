"""Working groups and their visits to cell meetings: the writes (services) and the counter (a read through scope)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import VIEW, scope_for
from core.history import save_with_history
from core.text import nfc, nfc_text
from rules.selectors import rule_value

from .models import Visit, WorkingGroup


@transaction.atomic
def working_group_create(*, actor, organization, name: str, leader, members=(), established_on: datetime.date,
                         decision_number: str = "", reason: str = "") -> WorkingGroup:
    if leader is None:
        raise ValidationError({"leader": _("Choose the leader.")})
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
    if meeting is not None:
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
