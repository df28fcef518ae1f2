"""Pages of the working groups that attend cell meetings: the groups and the visit counter, a group's visit plan and
records, and one visit (recorded by the group's committee; the visited cell sees it)."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.history import history_entries
from core.scope import MEETINGS, VIEW, scope_for
from core.views import run_service
from organizations.selectors import organization_choices, organization_subtree_ids

from . import visits
from .forms import VisitPlanForm, VisitRecordForm, WorkingGroupForm
from .models import Visit, WorkingGroup


def _group_get(user, pk) -> WorkingGroup:
    try:
        return visits.working_groups(user).get(pk=pk)
    except (WorkingGroup.DoesNotExist, ValueError):
        raise Http404


def _cells_for(user, group):
    return organization_choices(user, VIEW, holds_members=True).filter(
        pk__in=organization_subtree_ids(user, group.organization))


@login_required
def group_list(request):
    scope = scope_for(request.user)
    if not scope.can(VIEW):
        raise PermissionDenied
    since = visits.visits_counted_since()
    groups = list(visits.working_groups(request.user))
    for group in groups:
        group.others = [m.full_name for m in group.members.all() if m.pk != group.leader_id]
    return render(request, "meetings/groups.html", {
        "groups": groups, "since": since, "count": visits.visit_count(request.user),
        "can_create": scope.can(MEETINGS) and bool(organization_choices(request.user, MEETINGS).filter(
            parent__isnull=True).exists()),
        "title": _("Working groups"),
    })


@login_required
def group_create(request):
    organization = organization_choices(request.user, MEETINGS).filter(parent__isnull=True).first()
    if organization is None:
        raise PermissionDenied
    leaders, candidates = visits.group_candidates(organization)
    form = WorkingGroupForm(request.POST or None, leaders=leaders, candidates=candidates,
                            initial={"established_on": datetime.date.today()})
    if request.method == "POST":
        response = run_service(request, form, lambda d: visits.working_group_create(
            actor=request.user, organization=organization, name=d["name"], leader=d["leader"],
            members=list(d["members"]), established_on=d["established_on"], decision_number=d["decision_number"],
            reason=d.get("reason", "")), success_message=_("The working group is established."),
            success_url=lambda group: reverse("meetings:group", args=[group.pk]))
        if response:
            return response
    return render(request, "meetings/group_form.html", {"form": form, "organization": organization,
                                                        "title": _("New working group")})


@login_required
def group_detail(request, pk):
    group = _group_get(request.user, pk)
    can_manage = scope_for(request.user).covers(group.organization_id, MEETINGS) and group.ended_on is None
    form = VisitPlanForm(request.POST or None, cells=_cells_for(request.user, group)) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        response = run_service(request, form, lambda d: visits.visit_plan(
            actor=request.user, group=group, organization=d["organization"], planned_on=d["planned_on"],
            reason=d.get("reason", "")), success_message=_("The visit is planned."),
            success_url=reverse("meetings:group", args=[group.pk]))
        if response:
            return response
    group_visits = list(group.visits.select_related("organization__parent", "meeting").prefetch_related("attendees")
                        .order_by("-planned_on", "-id"))
    return render(request, "meetings/group_detail.html", {
        "group": group, "visits": group_visits, "form": form, "can_manage": can_manage,
        "history": history_entries(group), "title": group.name,
    })


@login_required
def visit_detail(request, pk):
    try:
        visit = visits.visit_qs(request.user).select_related(
            "group__organization", "group__leader", "organization", "meeting").get(pk=pk)
    except (Visit.DoesNotExist, ValueError):
        raise Http404
    can_record = scope_for(request.user).covers(visit.group.organization_id, MEETINGS) and visit.group.ended_on is None
    form = None
    if can_record:
        initial = {"visited_on": visit.visited_on or visit.planned_on, "meeting": visit.meeting_id,
                   "attendees": list(visit.attendees.values_list("pk", flat=True)) or [visit.group.leader_id],
                   "assessment": visit.assessment, "observations": visit.observations,
                   "recommendations": visit.recommendations}
        form = VisitRecordForm(request.POST or None, visit=visit, initial=initial)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        response = run_service(request, form, lambda d: visits.visit_record(
            actor=request.user, visit=visit, visited_on=d["visited_on"], attendees=list(d["attendees"]),
            observations=d["observations"], assessment=d["assessment"], recommendations=d["recommendations"],
            meeting=d.get("meeting"), reason=d.get("reason", "")), success_message=_("The visit is recorded."),
            success_url=reverse("meetings:visit", args=[visit.pk]))
        if response:
            return response
    return render(request, "meetings/visit_detail.html", {
        "visit": visit, "form": form, "attendees": list(visit.attendees.order_by("name_sort")),
        "history": history_entries(visit), "title": _("Working-group visit"),
    })
