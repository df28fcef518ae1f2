import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.dates import add_months
from core.exports import export_response
from core.scope import EXPORT, MEETINGS, VIEW, scope_for
from core.views import apply_validation_error, run_service
from members.models import Member
from organizations.selectors import organization_get

from . import services
from .forms import AttendanceForm, MeetingPlanForm, MeetingRecordForm, PeriodForm
from .models import Attendance, Meeting, MeetingKind
from .selectors import cluster_pilots, compliance, compliance_groups, meeting_qs, meeting_quality


def _closed(request, meeting: Meeting):
    """A closed or cancelled meeting no longer changes: its forms send the user back to it."""
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        messages.info(request, _("This meeting is %(status)s: it can no longer change.")
                      % {"status": meeting.get_status_display().lower()})
        return redirect("meetings:detail", pk=meeting.pk)
    return None


def _meeting_get(user, pk, action=VIEW) -> Meeting:
    try:
        return meeting_qs(user, action).select_related("organization__kind", "organization__parent", "template",
                                                       "chair", "minute_taker").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError):
        raise Http404


@login_required
def cell_meetings(request, pk):
    organization = organization_get(request.user, pk)
    if not organization.kind.holds_members:
        raise Http404
    today = datetime.date.today()
    meetings = list(organization.meetings.select_related("template").order_by("-planned_on", "-id")[:60])
    this_month = today.replace(day=1)
    regular_this_month = [m for m in meetings if m.kind == MeetingKind.REGULAR and m.period == this_month
                          and m.status != Meeting.Status.CANCELLED]
    return render(request, "meetings/cell.html", {
        "organization": organization, "meetings": meetings, "this_month": this_month,
        "regular_this_month": regular_this_month[0] if regular_this_month else None,
        "can_manage": organization.is_active and scope_for(request.user).covers(organization.pk, MEETINGS),
        "title": _("Cell meetings"),
    })


@login_required
def meeting_plan(request, pk):
    organization = organization_get(request.user, pk, MEETINGS)
    if not organization.kind.holds_members:
        raise Http404
    form = MeetingPlanForm(request.POST or None, initial={"kind": request.GET.get("kind") or MeetingKind.REGULAR})
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.meeting_plan(
                actor=request.user, organization=organization, kind=d["kind"], planned_on=d["planned_on"],
                planned_at=d.get("planned_at"), place=d.get("place", ""), topic=d.get("topic", ""),
                is_pilot=d.get("is_pilot", False), reason=d.get("reason", "")),
            success_message=_("The meeting is planned from the Bloc's process."),
            success_url=lambda meeting: reverse("meetings:detail", args=[meeting.pk]))
        if response:
            return response
    return render(request, "meetings/form.html", {"form": form, "organization": organization,
                                                  "title": _("Plan a meeting")})


@login_required
def meeting_detail(request, pk):
    meeting = _meeting_get(request.user, pk)
    attendance = list(meeting.attendance.select_related("member").order_by("member__name_sort"))
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "organization": meeting.organization, "entries": meeting.entries.all(),
        "attendance": attendance, "guests": meeting.guests.select_related("observer_from"),
        "documents": meeting.documents.all(), "quality": meeting_quality(meeting),
        "visits": meeting.visits.select_related("group"),
        "can_manage": scope_for(request.user).covers(meeting.organization_id, MEETINGS)
        and meeting.status in (Meeting.Status.PLANNED, Meeting.Status.HELD),
        "title": str(meeting),
    })


@login_required
def meeting_attendance(request, pk):
    meeting = _meeting_get(request.user, pk, MEETINGS)
    if closed := _closed(request, meeting):
        return closed
    roster = services.meeting_roster(meeting)
    current = {a.member_id: (a.presence, a.reason) for a in meeting.attendance.all()}
    form = AttendanceForm(request.POST or None, roster=roster, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_take_attendance(actor=request.user, meeting=meeting, presences=form.presences())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Attendance is recorded."))
            return redirect("meetings:detail", pk=meeting.pk)
    return render(request, "meetings/attendance.html", {"form": form, "meeting": meeting,
                                                        "organization": meeting.organization,
                                                        "title": _("Attendance")})


@login_required
def meeting_record(request, pk):
    meeting = _meeting_get(request.user, pk, MEETINGS)
    if closed := _closed(request, meeting):
        return closed
    present = Member.objects.filter(attendance__meeting=meeting, attendance__presence=Attendance.Presence.PRESENT)
    initial = {"held_on": meeting.held_on or meeting.planned_on, "started_at": meeting.started_at or meeting.planned_at,
               "ended_at": meeting.ended_at, "chair": meeting.chair, "minute_taker": meeting.minute_taker,
               "resolution": meeting.resolution, "votes_for": meeting.votes_for,
               "votes_against": meeting.votes_against, "votes_abstain": meeting.votes_abstain,
               "self_assessment": meeting.self_assessment}
    form = MeetingRecordForm(request.POST or None, meeting=meeting, present=present.order_by("name_sort"),
                             initial=initial)
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.meeting_record(
                actor=request.user, meeting=meeting, held_on=d["held_on"], started_at=d["started_at"],
                ended_at=d["ended_at"], chair=d.get("chair"), minute_taker=d.get("minute_taker"),
                entries=form.entry_values(), resolution=d.get("resolution", ""), votes_for=d.get("votes_for"),
                votes_against=d.get("votes_against"), votes_abstain=d.get("votes_abstain"),
                self_assessment=d.get("self_assessment", "")),
            success_message=_("The meeting is recorded."), success_url=reverse("meetings:detail", args=[meeting.pk]))
        if response:
            return response
    return render(request, "meetings/record.html", {"form": form, "meeting": meeting,
                                                    "organization": meeting.organization,
                                                    "title": _("Record the meeting")})


def _meeting_button(request, pk, service, done: str):
    """A one-click action on a meeting (a POST button on its page): run the service, say how it went, go back."""
    meeting = _meeting_get(request.user, pk, MEETINGS)
    try:
        service(actor=request.user, meeting=meeting)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_notify(request, pk):
    return _meeting_button(request, pk, services.meeting_notify,
                           _("The members have notice of the meeting; it shows on each one's page."))


@login_required
@require_POST
def meeting_close(request, pk):
    return _meeting_button(request, pk, services.meeting_close, _("The minutes are approved; the meeting is closed."))


@login_required
def meeting_minutes(request, pk):
    meeting = _meeting_get(request.user, pk)
    if meeting.status not in (Meeting.Status.HELD, Meeting.Status.CLOSED):
        raise Http404
    from .minutes import minutes_docx

    response = HttpResponse(minutes_docx(meeting), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{meeting.period:%Y-%m}-{meeting.pk}.docx"'
    return response


COMPLIANCE_COLUMNS = [
    (gettext_lazy("Cell"), lambda r: r.organization.name),
    (gettext_lazy("Parent"), lambda r: r.organization.parent.name if r.organization.parent else ""),
    (gettext_lazy("Regular meetings missed"), lambda r: r.missed_regular),
    (gettext_lazy("Thematic meetings held"), lambda r: r.thematic_held),
    (gettext_lazy("Quarters without a thematic meeting"), lambda r: r.missed_thematic),
    (gettext_lazy("Attendance (%)"), lambda r: r.rate),
    (gettext_lazy("Meetings held"), lambda r: r.judged),
    (gettext_lazy("Benchmark met"), lambda r: r.good),
    (gettext_lazy("Excused too often"), lambda r: "; ".join(f"{name} ({run})" for _i, name, run in r.long_runs)),
]
GROUP_COLUMNS = [
    (gettext_lazy("Cells"), lambda g: g.cells),
    (gettext_lazy("Cells that missed a regular meeting"), lambda g: g.cells_missing),
    (gettext_lazy("Regular meetings missed"), lambda g: g.missed_regular),
    (gettext_lazy("Quarters without a thematic meeting"), lambda g: g.missed_thematic),
    (gettext_lazy("Attendance (%)"), lambda g: g.rate),
    (gettext_lazy("Meetings held"), lambda g: g.judged),
    (gettext_lazy("Benchmark met"), lambda g: g.good),
    (gettext_lazy("Benchmark met (%)"), lambda g: g.good_share),
    (gettext_lazy("Long absence runs"), lambda g: g.long_runs),
]


def _period_label(start: datetime.date, period: str) -> str:
    if period == "year":
        return _("year %(year)s") % {"year": start.year}
    if period == "quarter":
        return _("quarter %(quarter)s/%(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
    return _("month %(month)s") % {"month": start.strftime("%m/%Y")}


@login_required
def compliance_view(request):
    if not scope_for(request.user).can(VIEW):
        raise PermissionDenied
    today = datetime.date.today()
    form = PeriodForm(request.GET or None)
    month, months, period = form.window(today)
    valid = form.is_valid() if request.GET else False
    by = (form.cleaned_data.get("by") if valid else "") or "cell"
    within = None
    if valid and form.cleaned_data.get("org"):
        within = organization_get(request.user, form.cleaned_data["org"])
    result = compliance(request.user, start=month, months=months, today=today, within=within)
    groups = compliance_groups(result, by)
    label = _period_label(month, period)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        if not scope_for(request.user).can(EXPORT):
            raise PermissionDenied
        if by == "cell":
            columns, rows = COMPLIANCE_COLUMNS, result["cells"]
        else:
            name = _("Grassroots organisation") if by == "grassroots" else _("Cluster")
            columns = [(name, lambda g: g.key.name if g.key else _("(none)")), *GROUP_COLUMNS]
            rows = groups
        return export_response(fmt, filename=f"sinh-hoat-chi-bo-{month:%Y-%m}-{months}", columns=columns, rows=rows,
                               title=_("Cell meeting compliance") + " — " + label)
    return render(request, "meetings/compliance.html", {
        **result, "form": form, "month": month, "months": months, "period": period, "by": by, "within": within,
        "groups": groups, "period_label": label, "title": _("Cell meeting compliance"),
        # a group the user cannot open (a cell secretary's grassroots committee) is named, not linked
        "visible": {g.key.pk for g in groups if by == "grassroots" and g.key
                    and scope_for(request.user).covers(g.key.pk)},
        "previous": add_months(month, -months), "following": add_months(month, months),
        # thousands of links: their prefixes reversed once, not per cell and month
        "meeting_url": reverse("meetings:detail", args=[0])[:-2], "cell_url": reverse("meetings:cell", args=[0])[:-2],
        "can_export": scope_for(request.user).can(EXPORT),
    })


@login_required
def clusters(request):
    if not scope_for(request.user).can(VIEW):
        raise PermissionDenied
    return render(request, "meetings/clusters.html", {"clusters": cluster_pilots(request.user),
                                                      "title": _("Clusters and pilot thematic meetings")})

