"""The cell-meeting pages, declared through the shared views (core.views): read with the selectors, write with the
services. A cell's meetings and each meeting (plan, attendance, record, notice, closing, the minutes); compliance
over a period and the clusters' pilots; the Bloc's process; the working groups and their visits."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import add_months, dmy
from core.forms import ReasonForm, RevisionField
from core.history import history_entries
from core.scope import MEETINGS, VIEW
from core.versions import carry_version
from core.views import ActionPage, ButtonAction, DownloadPage, ObjectPage, Page, ReportPage

from . import forms, selectors, services
from .minutes import minutes_docx
from .models import Meeting, MeetingKind
from .tables import ClusterTable, ComplianceTable, GrassrootsTable

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _meetings_crumb() -> tuple[str, str]:
    """The meetings' home: the compliance of the user's cells."""
    return str(_("Cell meetings")), reverse("meetings:compliance")


# ---- a cell's meetings --------------------------------------------------------------------------------------------

class CellPage(ObjectPage):
    """A page about one cell's meetings: its organisation and its meetings in the breadcrumbs."""

    selector = selectors.cell_get

    def organization_crumb(self, organization) -> tuple[str, str | None]:
        covered = self.scope.covers(organization.pk)
        return organization.name, reverse("organizations:detail", args=[organization.pk]) if covered else None

    def cell_crumbs(self, organization) -> list[tuple[str, str | None]]:
        return [self.organization_crumb(organization),
                (str(_("Cell meetings")), reverse("meetings:cell", args=[organization.pk]))]

    def crumbs(self):
        return [self.organization_crumb(self.object)]


class CellMeetingList(CellPage):
    title = _("Cell meetings")
    template_name = "meetings/cell.html"

    def context(self, **extra):
        organization = self.object
        this_month = datetime.date.today().replace(day=1)
        meetings = selectors.cell_meetings(organization)
        regular = next((m for m in meetings if m.kind == MeetingKind.REGULAR and m.period == this_month
                        and m.status != Meeting.Status.CANCELLED), None)
        return super().context(
            organization=organization, meetings=meetings, this_month=this_month, regular_this_month=regular,
            can_manage=organization.is_active and self.scope.covers(organization.pk, MEETINGS), **extra)


class MeetingPlan(ActionPage, CellPage):
    action = MEETINGS
    form_class = forms.MeetingPlanForm
    title = _("Plan a meeting")
    success_message = _("The meeting is planned from the Bloc's process.")
    service = services.meeting_plan
    object_kwarg = "organization"

    def crumbs(self):
        return self.cell_crumbs(self.object)

    def subtitle(self) -> str:
        return self.object.name

    def back_url(self) -> str:
        return reverse("meetings:cell", args=[self.object.pk])

    def initial(self):
        return {"kind": self.request.GET.get("kind") or MeetingKind.REGULAR}

    def success_url(self, result) -> str:
        return result.get_absolute_url()


class OwnCellList(Page):
    """The menu's "my cell's meetings": a secretary of one cell goes straight to its meetings, of a few cells picks
    one; someone who runs the meetings of many cells gets the compliance page."""

    needs = MEETINGS
    title = _("My cells' meetings")
    template_name = "meetings/own_cells.html"

    def crumbs(self):
        return [_meetings_crumb()]

    def get(self, request, *args, **kwargs):
        cells = selectors.my_cells(self.user)
        if not cells:
            return redirect("meetings:compliance")
        if len(cells) == 1:
            return redirect("meetings:cell", pk=cells[0].pk)
        return self.render(self.context(desks=selectors.cell_desks(self.user)))


class OwnMeetingList(Page):
    """A member's meetings: the coming ones of the cell they attend, with the documents sent and the notices, and
    their own attendance. Only for a user linked to a member record (404 otherwise)."""

    needs = None
    title = _("My meetings")
    template_name = "meetings/own_meetings.html"

    def setup_page(self) -> None:
        member_id = self.scope.own_member_id
        if member_id is None:
            raise Http404
        self.member = selectors.member_for_meetings(member_id)

    def context(self, **extra):
        return super().context(member=self.member, meetings=selectors.member_meetings(
            self.member, agenda=True, history=24), **extra)


# ---- one meeting --------------------------------------------------------------------------------------------------

class MeetingPage(CellPage):
    """A page about one meeting: its cell and the cell's meetings in the breadcrumbs."""

    selector = selectors.meeting_get

    def crumbs(self):
        return self.cell_crumbs(self.object.organization)


class MeetingDetail(MeetingPage):
    template_name = "meetings/detail.html"

    def get_title(self) -> str:
        return str(self.object)

    def context(self, **extra):
        meeting = self.object
        today = timezone.localdate()
        return super().context(
            meeting=meeting, organization=meeting.organization, entries=meeting.entries.all(),
            attendance=list(meeting.attendance.select_related("member").order_by("member__name_sort")),
            guests=meeting.guests.select_related("observer_from"),
            documents=selectors.meeting_documents(meeting, withdrawn=True),
            quality=selectors.meeting_quality(meeting), visits=meeting.visits.select_related("group"),
            day_has_come=(meeting.held_on or meeting.planned_on) <= today,
            can_manage=self.scope.covers(meeting.organization_id, MEETINGS) and meeting.status in selectors.OPEN, **extra)


class MeetingAction(ActionPage, MeetingPage):
    """A form about one meeting of a cell the user runs meetings for; a closed or cancelled meeting no longer
    changes, so its forms send the user back to it."""

    action = MEETINGS

    def blocked(self):
        meeting = self.object
        if meeting.status not in selectors.OPEN:
            messages.info(self.request, _("This meeting is %(status)s: it can no longer change.")
                          % {"status": meeting.get_status_display().lower()})
            return redirect(meeting)
        return None

    def crumbs(self):
        meeting = self.object
        return [*super().crumbs(), (f"{meeting.period:%m/%Y}", meeting.get_absolute_url())]

    def subtitle(self) -> str:
        return str(self.object)

    def context(self, **extra):
        return super().context(meeting=self.object, organization=self.object.organization, **extra)


class MeetingAttendance(MeetingAction):
    """Attendance, on the day of the meeting or later: ahead of it the page says so and shows no form (a POST is
    refused the same way, nothing written)."""

    form_class = forms.AttendanceForm
    template_name = "meetings/attendance.html"
    title = _("Attendance")
    success_message = _("Attendance is recorded.")

    def blocked(self):
        response = super().blocked()
        if response is not None:
            return response
        meeting = self.object
        day = meeting.held_on or meeting.planned_on
        if day > timezone.localdate():
            return self.render(self.context(form=None, not_yet=_(
                "The meeting is planned for %(date)s: attendance is taken on that day, not before. If the meeting "
                "is held earlier, change its date first.") % {"date": dmy(day)}))
        return None

    def form_kwargs(self):
        return {"roster": selectors.meeting_roster(self.object), "current": selectors.meeting_presences(self.object)}

    def perform(self, d):
        return services.meeting_take_attendance(actor=self.user, meeting=self.object, presences=self.form.presences())


class MeetingRecord(MeetingAction):
    form_class = forms.MeetingRecordForm
    title = _("Record the meeting")
    success_message = _("The meeting is recorded.")

    def form_kwargs(self):
        return {"meeting": self.object, "present": selectors.meeting_present(self.object)}

    def initial(self):
        m = self.object
        return {"held_on": m.held_on or m.planned_on, "started_at": m.started_at or m.planned_at,
                "ended_at": m.ended_at, "chair": m.chair, "minute_taker": m.minute_taker, "resolution": m.resolution,
                "votes_for": m.votes_for, "votes_against": m.votes_against, "votes_abstain": m.votes_abstain,
                "self_assessment": m.self_assessment}

    def perform(self, d):
        return services.meeting_record(
            actor=self.user, meeting=self.object, held_on=d["held_on"], started_at=d["started_at"],
            ended_at=d["ended_at"], chair=d.get("chair"), minute_taker=d.get("minute_taker"),
            entries=self.form.entry_values(), resolution=d.get("resolution", ""), votes_for=d.get("votes_for"),
            votes_against=d.get("votes_against"), votes_abstain=d.get("votes_abstain"),
            self_assessment=d.get("self_assessment", ""))


class MeetingReschedule(MeetingAction):
    form_class = forms.MeetingRescheduleForm
    title = _("Change the date, time or place")
    success_message = _("The meeting is moved. Give the members notice of the new day.")
    service = services.meeting_reschedule
    object_kwarg = "meeting"

    def blocked(self):
        response = super().blocked()
        if response is None and self.object.status != Meeting.Status.PLANNED:
            messages.info(self.request, _("Only a planned meeting is moved."))
            return redirect(self.object)
        return response

    def initial(self):
        m = self.object
        return {"planned_on": m.planned_on, "planned_at": m.planned_at, "place": m.place}


class MeetingDocumentAdd(MeetingAction):
    """Attach a file or a link to a meeting, with the day it reached the members."""

    form_class = forms.DocumentForm
    title = _("Attach a document")
    submit_label = _("Attach")
    success_message = _("The document is attached; members of the cell see it with their next meeting.")
    service = services.meeting_add_document
    object_kwarg = "meeting"


class DocumentPage(ObjectPage):
    """A page about one document of a meeting: the meeting's cell and the meeting in the breadcrumbs."""

    selector = selectors.document_get

    def crumbs(self):
        meeting = self.object.meeting
        organization = meeting.organization
        if not self.scope.covers(organization.pk):
            return []
        return [(organization.name, reverse("organizations:detail", args=[organization.pk])),
                (str(_("Cell meetings")), reverse("meetings:cell", args=[organization.pk])),
                (f"{meeting.period:%m/%Y}", meeting.get_absolute_url())]


class MeetingDocumentDownload(DownloadPage, DocumentPage):
    """A document's file, for those who see the meeting and the members who attend it (never from MEDIA_ROOT)."""

    def file(self):
        return self.object.file

    def download_name(self, field_file) -> str:
        # the name it was uploaded under (older documents: their title); the stored name is a random one
        return self.object.file_name or self.object.title


class MeetingDocumentWithdraw(ActionPage, DocumentPage):
    """Withdraw a document with the reason (documents are never deleted)."""

    action = MEETINGS
    form_class = ReasonForm
    title = _("Withdraw the document")
    submit_label = _("Withdraw")
    success_message = _("The document is withdrawn; it no longer counts for the benchmark.")
    service = services.meeting_withdraw_document
    object_kwarg = "document"

    def blocked(self):
        document = self.object
        if document.is_withdrawn or document.meeting.status not in selectors.OPEN:
            messages.info(self.request, _("This document can no longer be withdrawn."))
            return redirect(document.meeting)
        return None

    def subtitle(self) -> str:
        return self.object.title

    def back_url(self) -> str:
        return self.object.meeting.get_absolute_url()

    def success_url(self, result) -> str:
        return self.object.meeting.get_absolute_url()


class MeetingButton(ButtonAction, MeetingPage):
    """A one-click action on a meeting (a POST button on its page)."""

    action = MEETINGS


class MeetingNotify(MeetingButton):
    success_message = _("The members have notice of the meeting; it shows on each one's page.")

    def perform(self):
        return services.meeting_notify(actor=self.user, meeting=self.object)


class MeetingClose(MeetingButton):
    success_message = _("The minutes are approved; the meeting is closed.")

    def perform(self):
        # the button carries the revision of the minutes shown: approving them after someone changed them is refused
        revision = self.request.POST.get("revision", "")
        carry_version(self.object, revision if revision.isdigit() else None)
        return services.meeting_close(actor=self.user, meeting=self.object)


class MeetingMinutes(MeetingPage):
    """The minutes of a held meeting as a Word document (a planned meeting has none)."""

    def get(self, request, *args, **kwargs):
        meeting = self.object
        if meeting.status not in selectors.HELD:
            raise Http404
        response = HttpResponse(minutes_docx(meeting), content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="bien-ban-{meeting.period:%Y-%m}-{meeting.pk}.docx"'
        return response


# ---- compliance and clusters --------------------------------------------------------------------------------------

ROLL_UP_ABOVE_CELLS = 300  # more cells than this open rolled up per grassroots organisation
COMPLIANCE_PER_PAGE = 50  # cells drawn per page (a year is 12 columns each)
GROUPS_PER_PAGE = 100  # grassroots organisations or clusters drawn per page

def _period_label(start: datetime.date, period: str) -> str:
    if period == "year":
        return _("year %(year)s") % {"year": start.year}
    if period == "quarter":
        return _("quarter %(quarter)s/%(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
    return _("month %(month)s") % {"month": start.strftime("%m/%Y")}


class MeetingCompliance(ReportPage):
    """Which of the user's cells held their meetings over a month, a quarter or a year, per cell or rolled up per
    grassroots organisation or cluster, optionally under one organisation, every row or the failing ones only, sorted
    by name or by result; exported with the same rows. The current month by default; the chosen month is kept when
    the period changes (a quarter or year is the one containing it)."""

    title = _("Cell meeting compliance")
    template_name = "meetings/compliance.html"
    params_form = forms.ComplianceForm

    def params_kwargs(self) -> dict:
        return {"user": self.user}

    def context(self, **extra):
        # what was asked, shown again in the form when a value is refused (the period's own values otherwise)
        asked = {name: self.request.GET.get(name, "") for name in ("month", "period", "by", "failing", "sort")}
        return super().context(asked=asked, **extra)

    def compute(self, params):
        today = timezone.localdate()
        month, months, period = forms.compliance_window(params, today)
        chosen = params.get("month") or today.replace(day=1)
        self.window = month, months
        within = params.get("org")
        failing = params.get("failing") == "1"
        sort = params.get("sort") or "name"
        result = selectors.compliance(self.user, start=month, months=months, today=today, within=within,
                                      month_states=False)
        # a wide scope opens on its grassroots organisations (one of them opens its cells), unless a view was chosen
        by = params.get("by") or ("grassroots" if len(result["cells"]) > ROLL_UP_ABOVE_CELLS else "cell")
        groups = selectors.compliance_groups(result, by)
        rows = selectors.compliance_sorted([r for r in result["cells"] if r.failing or not failing], sort)
        groups = selectors.compliance_sorted([g for g in groups if g.failing or not failing], sort)
        # what is drawn, page by page (the export has every row)
        pager = (Paginator(rows, COMPLIANCE_PER_PAGE) if by == "cell" else Paginator(groups, GROUPS_PER_PAGE)
                 ).get_page(self.request.GET.get("page"))
        if by == "cell":
            selectors.compliance_months(result, pager.object_list)  # the months of the cells drawn
        # the links of the page keep every choice but the one they change
        keep = {"period": period, "by": by, "failing": "1" if failing else "", "sort": sort if sort != "name" else "",
                "org": within.pk if within else ""}
        return {
            **result, "month": month, "chosen": chosen, "months": months, "period": period, "by": by,
            "within": within, "failing": failing, "sort": sort, "rows": rows,
            "groups": groups, "period_label": _period_label(month, period),
            "pager": pager, "shown": pager.object_list,
            "pager_range": pager.paginator.get_elided_page_range(pager.number, on_each_side=2, on_ends=1),
            "pager_query": f"?month={chosen:%Y-%m}{_query(keep)}&page=",
            # a group the user cannot open (a cell secretary's grassroots committee) is named, not linked
            "visible": {g.key.pk for g in groups if by == "grassroots" and g.key and self.scope.covers(g.key.pk)},
            "previous": add_months(chosen, -months), "following": add_months(chosen, months),
            "query": _query(keep), "query_all": _query({**keep, "org": ""}),
            "query_cells": _query({**keep, "by": "cell", "org": ""}),
            # thousands of links: their prefixes reversed once, not per cell and month
            "meeting_url": reverse("meetings:detail", args=[0])[:-2],
            "cell_url": reverse("meetings:cell", args=[0])[:-2],
        }

    def export_table(self, data, params):
        if data["by"] == "grassroots":
            return GrassrootsTable(data["groups"])
        if data["by"] == "cluster":
            return ClusterTable(data["groups"])
        return ComplianceTable(data["rows"])

    def export_name_for(self, params) -> str:
        month, months = self.window
        return f"sinh-hoat-chi-bo-{month:%Y-%m}-{months}"

    def export_title(self, data) -> str:
        return f"{self.get_title()} — {data['period_label']}"


def _query(values: dict) -> str:
    """`&name=value` for each value given (appended to a link that already has `?month=`)."""
    return "".join(f"&{name}={value}" for name, value in values.items() if value not in ("", None))


class MeetingTodoList(ReportPage):
    """Exactly the rows a to-do count of the home page stands for (`?code=`), or every row of the to-do: the cells
    whose regular meeting of the month is not planned, the meetings not recorded, not closed, without notice."""

    needs = MEETINGS
    title = _("Cell meetings to do")
    template_name = "meetings/todo.html"
    params_form = forms.TodoForm

    def crumbs(self):
        return [_meetings_crumb()]

    def compute(self, params):
        code = params.get("code", "")
        items, month = selectors.todo_items(self.user)
        rows = [t for t in items if t.code == code] if code else items
        label = dict(forms.TodoForm.base_fields["code"].choices).get(code, "")
        return {"rows": rows, "code": code, "label": label, "month": month}


class ClusterPilotList(Page):
    title = _("Clusters and pilot thematic meetings")
    template_name = "meetings/clusters.html"

    def crumbs(self):
        return [_meetings_crumb()]

    def context(self, **extra):
        return super().context(clusters=selectors.cluster_pilots(self.user), **extra)


# ---- the Bloc's meeting process -----------------------------------------------------------------------------------

def _processes_crumb() -> tuple[str, str]:
    return str(_("Meeting process")), reverse("meetings:processes")


class PublisherOnly:
    """Only the committee that issues the process changes it."""

    def guard(self):
        response = super().guard()
        if not selectors.can_publish_process(self.user):
            raise PermissionDenied
        return response


class ProcessList(Page):
    title = _("Meeting process")
    template_name = "meetings/processes.html"

    def crumbs(self):
        return [_meetings_crumb()]

    def context(self, **extra):
        versions = selectors.process_versions(self.user)
        return super().context(kinds=[(MeetingKind(kind), rows) for kind, rows in versions.items()],
                               can_publish=selectors.can_publish_process(self.user), **extra)


class ProcessPage(ObjectPage):
    """A version of the process (a draft only for whoever may publish it)."""

    needs = VIEW
    selector = selectors.process_get

    def crumbs(self):
        return [_processes_crumb()]

    def get_title(self) -> str:
        return str(self.object)

    def process_context(self, publish_form=None) -> dict:
        template = self.object
        can_publish = selectors.can_publish_process(self.user)
        if publish_form is None and can_publish and not template.is_published:
            publish_form = forms.ProcessPublishForm(initial={"decision_number": template.decision_number})
            # the form is drawn here, not by ActionPage.make_form: it carries the draft's revision itself
            publish_form.fields["revision"] = RevisionField(initial=template.revision)
        return {"template": template, "steps": selectors.process_steps(template), "meetings": template.meetings.count(),
                "history": history_entries(template), "can_publish": can_publish, "publish_form": publish_form}


class ProcessDetail(ProcessPage):
    template_name = "meetings/process_detail.html"

    def context(self, **extra):
        return super().context(**self.process_context(), **extra)


class ProcessEdit(PublisherOnly, ActionPage, ProcessPage):
    form_class = forms.ProcessDraftForm
    template_name = "meetings/process_edit.html"
    title = _("Edit the draft")
    submit_label = _("Save the draft")
    success_message = _("The draft is saved.")

    def get_title(self) -> str:
        return str(self.title)

    def blocked(self):
        template = self.object
        if template.is_published:
            messages.info(self.request, _("Version %(version)s is published: it can no longer change. "
                                          "Prepare a new version.") % {"version": template.version})
            return redirect(template)
        return None

    def crumbs(self):
        return [*super().crumbs(), (f"v{self.object.version}", self.object.get_absolute_url())]

    def subtitle(self) -> str:
        return f"{self.object.get_kind_display()} v{self.object.version}"

    def form_kwargs(self):
        initial = [{"order": s.order, "code": s.code, "title": s.title, "guidance": s.guidance,
                    "required": s.required} for s in selectors.process_steps(self.object)]
        data = self.request.POST if self.request.method == "POST" else None
        return {"steps": forms.ProcessStepFormSet(data, initial=initial, prefix="steps")}

    def initial(self):
        template = self.object
        return {"title": template.title, "decision_number": template.decision_number, "note": template.note}

    def perform(self, d):
        return services.process_update_draft(actor=self.user, template=self.object, steps=self.form.step_rows(), **d)


class ProcessPublish(PublisherOnly, ActionPage, ProcessPage):
    """The publish form sits on the version's page: a refusal shows that page again, with what was typed."""

    form_class = forms.ProcessPublishForm
    template_name = "meetings/process_detail.html"
    success_message = _("The new version is published.")
    http_method_names = ["post", "options"]
    service = services.process_publish
    object_kwarg = "template"

    def context(self, **extra):
        return super().context(**self.process_context(publish_form=self.form), **extra)


class ProcessDiscard(PublisherOnly, ButtonAction, ProcessPage):
    success_message = _("The draft is discarded.")
    discarded = False

    def perform(self):
        services.process_discard(actor=self.user, template=self.object)
        self.discarded = True

    def back_url(self) -> str:
        return reverse("meetings:processes") if self.discarded else self.object.get_absolute_url()


class ProcessDraft(PublisherOnly, ButtonAction):
    """A draft of the next version of a kind of meeting (the open draft, if there is one): its edit page follows."""

    needs = VIEW
    success_message = _("New version drafted")
    draft = None

    def perform(self):
        self.draft = services.process_draft(actor=self.user, kind=self.request.POST.get("kind", ""))

    def back_url(self) -> str:
        if self.draft is None:
            return reverse("meetings:processes")
        return reverse("meetings:process_edit", args=[self.draft.pk])


# ---- working groups and their visits ------------------------------------------------------------------------------

def _groups_crumb() -> tuple[str, str]:
    return str(_("Working groups")), reverse("meetings:groups")


class WorkingGroupList(Page):
    title = _("Working groups")
    template_name = "meetings/groups.html"

    def crumbs(self):
        return [_meetings_crumb()]

    def context(self, **extra):
        groups = list(selectors.working_groups(self.user))
        for group in groups:
            group.others = [m.full_name for m in group.members.all() if m.pk != group.leader_id]
        return super().context(
            groups=groups, since=selectors.visits_counted_since(), count=selectors.visit_count(self.user),
            can_create=self.scope.can(MEETINGS) and selectors.group_organization(self.user) is not None, **extra)


class WorkingGroupCreate(ActionPage):
    """A new working group of the committee at the top of the tree, led by one of its deputy secretaries."""

    needs = MEETINGS
    form_class = forms.WorkingGroupForm
    title = _("New working group")
    success_message = _("The working group is established.")

    def guard(self):
        response = super().guard()
        self.organization = selectors.group_organization(self.user)
        if self.organization is None:
            raise PermissionDenied
        return response

    def crumbs(self):
        return [_groups_crumb()]

    def subtitle(self) -> str:
        return self.organization.name

    def back_url(self) -> str:
        return reverse("meetings:groups")

    def form_kwargs(self):
        leaders, candidates = selectors.group_candidates(self.organization)
        return {"leaders": leaders, "candidates": candidates}

    def initial(self):
        return {"established_on": datetime.date.today()}

    def perform(self, d):
        return services.working_group_create(actor=self.user, organization=self.organization,
                                             **{**d, "members": list(d["members"])})


class PageWithForm(ActionPage):
    """A page about one object with the form of its committee's action on it: shown, and accepted, only to those
    who may act (`may_act()`); the others read the page."""

    def may_act(self) -> bool:
        raise NotImplementedError

    def setup_page(self) -> None:
        super().setup_page()
        self.can_act = self.may_act()

    def make_form(self):
        return super().make_form() if self.can_act else None

    def post(self, request, *args, **kwargs):
        if not self.can_act:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class WorkingGroupDetail(PageWithForm):
    """A group's visit plan and records; its committee plans visits here."""

    selector = selectors.group_get
    form_class = forms.VisitPlanForm
    template_name = "meetings/group_detail.html"
    success_message = _("The visit is planned.")
    service = services.visit_plan
    object_kwarg = "group"

    def may_act(self) -> bool:
        return self.scope.covers(self.object.organization_id, MEETINGS) and self.object.ended_on is None

    def get_title(self) -> str:
        return self.object.name

    def crumbs(self):
        return [_groups_crumb()]

    def form_kwargs(self):
        return {"cells": selectors.visit_cells(self.user, self.object)}

    def context(self, **extra):
        group = self.object
        return super().context(group=group, visits=selectors.group_visits(group), can_manage=self.can_act,
                               history=history_entries(group), **extra)


class VisitDetail(PageWithForm):
    """One visit: recorded by the group's committee; the visited cell reads it."""

    selector = selectors.visit_get
    form_class = forms.VisitRecordForm
    template_name = "meetings/visit_detail.html"
    title = _("Working-group visit")
    success_message = _("The visit is recorded.")

    def may_act(self) -> bool:
        group = self.object.group
        return self.scope.covers(group.organization_id, MEETINGS) and group.ended_on is None

    def crumbs(self):
        group = self.object.group
        url = group.get_absolute_url() if self.scope.covers(group.organization_id) else None
        return [_groups_crumb(), (group.name, url)]

    def form_kwargs(self):
        return {"visit": self.object}

    def initial(self):
        visit = self.object
        return {"visited_on": visit.visited_on or visit.planned_on, "meeting": visit.meeting_id,
                "attendees": list(visit.attendees.values_list("pk", flat=True)) or [visit.group.leader_id],
                "assessment": visit.assessment, "observations": visit.observations,
                "recommendations": visit.recommendations}

    def context(self, **extra):
        visit = self.object
        return super().context(visit=visit, attendees=list(visit.attendees.order_by("name_sort")),
                               history=history_entries(visit), **extra)

    def perform(self, d):
        return services.visit_record(actor=self.user, visit=self.object, **{**d, "attendees": list(d["attendees"])})
