"""The inspection pages, declared through the shared views (core.views): read with the selectors, write with the
services. A case file answers 404 to anyone who does not hold it (selectors.case_get), a remedy to anyone who does
not see it (selectors.remedy_get); the pages of a case draw what the apps above plug into inspections.hooks."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.forms import ModelMultipleChoiceField, MultipleChoiceField
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.forms import RevisionField
from core.history import history_entries
from core.scope import INSPECT, REMEDY, VIEW
from core.views import ActionPage, DownloadPage, ListPage, ObjectPage, Page, ReportPage
from organizations.models import Organization
from organizations.selectors import pick_from

from . import forms, selectors, services
from .exports import statistics_file
from .filters import CaseFilter, RemedyFilter
from .models import Remedy
from .tables import CaseTable, ProgrammeItemTable, RemedyTable


def _index_crumb() -> tuple[str, str]:
    return str(_("Inspection and supervision")), reverse("inspections:index")


def _programme_crumbs(programme) -> list[tuple[str, str]]:
    return [_index_crumb(), (programme.title, programme.get_absolute_url())]


def _case_crumb(case) -> tuple[str, str]:
    return Truncator(case.title).chars(50), case.get_absolute_url()


def _case_crumbs(case) -> list[tuple[str, str]]:
    return [*_programme_crumbs(case.programme), _case_crumb(case)]


OVERDUE_SHOWN = 200


class InspectionIndex(Page):
    """Overdue remedies to act on, the programmes, and the concluded cases concerning the user's organisations."""

    needs = None  # a team member with a member-only account finds their cases here
    title = _("Inspection and supervision")
    template_name = "inspections/index.html"

    def context(self, **extra):
        user = self.user
        today = datetime.date.today()
        overdue_qs = selectors.overdue_remedies(user, today=today)
        overdue = list(overdue_qs[:OVERDUE_SHOWN])
        overdue_total = len(overdue) if len(overdue) < OVERDUE_SHOWN else overdue_qs.count()
        for remedy in overdue:
            remedy.days_late = (today - remedy.deadline).days
        return super().context(
            programmes=list(selectors.programme_qs(user).order_by("-year", "authority__organization__name_sort",
                                                        "authority__kind")[:60]),
            overdue=overdue, overdue_total=overdue_total, today=today, concerning=list(selectors.cases_concerning(user)[:50]),
            assigned=list(selectors.remedies_to_carry_out(user)[:100]), team_cases=list(selectors.team_cases(user)[:50]),
            can_inspect=self.scope.can(INSPECT), holds_files=selectors.holds_case_files(user),
            may_see_statistics=selectors.may_open_statistics(user), **extra)


class CaseList(ListPage):
    """The case files the user holds (the authority's, by INSPECT or a seat, and the team's), what is due next on
    each; the home page's "my cases" and the statistics' counts open it filtered to exactly their rows."""

    needs = None
    title = _("Case files")
    filterset_class = CaseFilter
    table_class = CaseTable
    per_page = 50
    export_name = "ho-so-kiem-tra"

    def guard(self):
        if not selectors.holds_case_files(self.user):
            raise Http404
        return super().guard()

    def setup_page(self):
        self.today = datetime.date.today()

    def crumbs(self):
        return [_index_crumb()]

    def queryset(self):
        return selectors.case_list_qs(self.user)

    def filterset_kwargs(self):
        return {"today": self.today}

    def table_kwargs(self):
        return {"today": self.today}


class RemedyList(ListPage):
    """The remedies the user sees: those of the case files they hold (to follow up and check) and those their
    organisations must carry out (of concluded cases)."""

    needs = None
    title = _("Remedies")
    filterset_class = RemedyFilter
    table_class = RemedyTable
    per_page = 50
    export_name = "bien-phap-khac-phuc"

    def setup_page(self):
        self.today = datetime.date.today()

    def crumbs(self):
        return [_index_crumb()]

    def queryset(self):
        return selectors.remedy_list_qs(self.user)

    def filterset_kwargs(self):
        return {"user": self.user, "today": self.today}

    def table_kwargs(self):
        return {"today": self.today}


class InspectionStatistics(ReportPage):
    """The periodic report over the case files the user holds; the Excel sheet has one block per table."""

    needs = None
    title = _("Inspection statistics")
    template_name = "inspections/statistics.html"
    params_form = forms.StatisticsForm

    def guard(self):
        if not selectors.may_open_statistics(self.user):
            raise Http404
        return super().guard()

    def crumbs(self):
        return [_index_crumb()]

    def defaults(self):
        today = datetime.date.today()
        return {"period": "year", "year": today.year, "month": today.month}

    def params_kwargs(self):
        return {"initial": self.defaults()}  # the form shows the period the page computes

    def compute(self, params):
        kind, year, month = params["period"], params["year"], params["month"]
        # a term is the reporting organisation's own term (congress to congress), the one in force in the chosen month
        term_start, term_end = selectors.term_of(self.user, datetime.date(year, month, 1)) if kind == "term" else (None, None)
        period = selectors.period_for(kind, year, month, term_start=term_start, term_end=term_end)
        data = selectors.statistics(self.user, period, today=datetime.date.today())
        # Each count links to the case list or the remedy list filtered to exactly its rows.
        start, end = f"{period.start:%d/%m/%Y}", f"{period.end:%d/%m/%Y}"
        events = ("planned", "started", "concluded", "closed")
        for row in data["by_type"]:
            row["linked"] = [(event, row[event]) for event in events]
        remedies = data["remedies"]
        return {**data, "period_query": urlencode({"since": start, "until": end}),
                "remedy_query": urlencode({"due_from": start, "due_to": end}),
                "totals_linked": [(event, data["totals"][event]) for event in events],
                "remedy_rows": [("total", _("Total"), remedies["total"]), ("done", _("Done"), remedies["done"]),
                                ("reported", _("Reported done, awaiting check"), remedies["reported"]),
                                ("carried_over", _("Carried over"), remedies["carried_over"]),
                                ("overdue", _("Overdue"), remedies["overdue"])]}

    def export_format(self):
        # Whoever may open the statistics takes them to Excel, as before: an inspection committee's members may hold
        # no role (no EXPORT), and the sheet carries counts only. Bad values are still refused (export_error).
        return self.request.GET.get("export") or None

    def context(self, **extra):
        if not extra.get("refused"):
            extra["can_export"] = True
        return super().context(**extra)

    def export_file(self, data, params, fmt):
        return statistics_file(data, fmt)


class ProgrammeCreate(ActionPage):
    needs = INSPECT
    form_class = forms.ProgrammeForm
    title = _("New programme")
    success_message = _("The programme is created.")
    service = services.programme_open

    def guard(self):
        if not self.scope.can(INSPECT):
            raise Http404
        return super().guard()

    def crumbs(self):
        return [_index_crumb()]

    def back_url(self):
        return reverse("inspections:index")

    def form_kwargs(self):
        return {"organizations": selectors.inspecting_organizations(self.user),
                "organizations_url": reverse("inspections:pick_committees")}


class ProgrammeDetail(ObjectPage):
    selector = selectors.programme_get
    template_name = "inspections/programme.html"

    def get_title(self):
        return self.object.title

    def crumbs(self):
        return [_index_crumb()]

    def context(self, **extra):
        programme = self.object
        return super().context(programme=programme, table=ProgrammeItemTable(selectors.programme_cases(programme)),
                               history=history_entries(programme, limit=20), **extra)


SHOW_MEMBERS = "show_members"


class CaseFormPage(ActionPage):
    """The programme item's form: the member selects list a pool; "Show the members" draws the form again with what
    was typed (nothing validated, nothing written). The rest of the form's data goes to the page's `service`."""

    template_name = "inspections/case_form.html"

    def pool_of(self) -> int:
        raise NotImplementedError

    def organizations(self):
        """Those under the authority (selectors.programme_organizations)."""
        raise NotImplementedError

    def organizations_url(self) -> str:
        raise NotImplementedError

    def typed(self) -> dict:
        """What was typed, as the initial values of an unbound form."""
        fields = self.form_class.base_fields
        multiple = (MultipleChoiceField, ModelMultipleChoiceField)
        post = self.request.POST
        return {name: post.getlist(name) if isinstance(fields[name], multiple) else post.get(name)
                for name in fields if name in post}

    def make_form(self):
        kwargs = {"organizations": self.organizations(), "organizations_url": self.organizations_url(),
                  "default_pool": selectors.default_pool(self.pool_of())}
        if self.request.method == "POST" and SHOW_MEMBERS in self.request.POST:
            form = self.form_class(initial=self.typed(), **kwargs)
        else:
            data = self.request.POST if self.request.method == "POST" else None
            form = self.form_class(data, initial=self.initial(), **kwargs)
        record = self.versioned_object()
        if record is not None:
            # "Show the members" draws the form again: it keeps the revision first read, not the current one.
            read = self.request.POST.get("revision") if SHOW_MEMBERS in self.request.POST else None
            form.fields["revision"] = RevisionField(initial=read or record.revision)
        return form

    def post(self, request, *args, **kwargs):
        if SHOW_MEMBERS in request.POST:
            if (response := self.blocked()) is not None:
                return response
            self.form = self.make_form()
            return self.render(self.context(form=self.form))
        return super().post(request, *args, **kwargs)

    def context(self, **extra):
        return super().context(show_members=SHOW_MEMBERS, **extra)

    def perform(self, d):
        # the pool only chooses which members the selects list: the service does not take it
        return super().perform({name: value for name, value in d.items() if name != "member_pool"})


class CaseCreate(CaseFormPage):
    """A new item of the programme."""

    selector = selectors.programme_get
    form_class = forms.CaseForm
    title = _("New programme item")
    success_message = _("The item is added to the programme.")
    service = services.case_create
    object_kwarg = "programme"

    def crumbs(self):
        return _programme_crumbs(self.object)

    def subtitle(self):
        return self.object.title

    def pool_of(self):
        return self.object.authority.organization_id

    def organizations(self):
        return selectors.programme_organizations(self.object)

    def organizations_url(self):
        return reverse("inspections:pick_programme_organizations", args=[self.object.pk])

    def initial(self):
        return {"planned_from": datetime.date(self.object.year, 1, 1)}

    def success_url(self, case):
        return case.get_absolute_url()


class CasePage(ObjectPage):
    """A page about one case: the index, its programme and the case in the breadcrumbs."""

    selector = selectors.case_get

    def crumbs(self):
        return _programme_crumbs(self.object.programme)


class CaseDetail(CasePage):
    template_name = "inspections/case.html"

    def get_title(self):
        return self.object.title

    def context(self, **extra):
        case = self.object
        capacities = selectors.case_capacities(self.user, case)
        open_case = not case.closed_on and not case.state.is_cancelled
        transitions = selectors.transitions_for(case, capacities)
        return super().context(
            case=case, programme=case.programme, capacities=capacities,
            steps=case.steps.select_related("state", "created_by").order_by("on", "id"),
            findings=case.findings.select_related("organization", "member"),
            remedies=case.remedies.select_related("organization"),
            decisions=case.decisions.select_related("organization", "member"),
            subject_organizations=case.subject_organizations.order_by("name_sort"),
            subject_members=case.subject_members.order_by("name_sort"),
            team_members=case.team_members.order_by("name_sort"),
            transition_form=forms.TransitionForm(transitions=transitions) if transitions and open_case else None,
            open=open_case, is_authority="authority" in capacities, today=datetime.date.today(),
            history=history_entries(case, limit=50), **extra)


class CaseAction(ActionPage, CasePage):
    """A form about one case (the file's holders): form, service, and back to the case. `confirm`: asked before the
    form is sent, for what cannot be undone (data-confirm)."""

    action = selectors.FILE
    object_kwarg = "case"

    def crumbs(self):
        return _case_crumbs(self.object)

    def subtitle(self):
        return self.object.title

    def context(self, **extra):
        return super().context(case=self.object, **extra)


def _case_organizations_url(case, *, ended: bool = False) -> str:
    url = reverse("inspections:pick_case_organizations", args=[case.pk])
    return f"{url}?ended=1" if ended else url


def _case_pickers(case, *, active_only: bool) -> dict:
    """A case form's organisation and member searches: those under the authority; the members the case names
    (selectors.case_member_choices), active ones only or not as the form's queryset."""
    members_url = reverse("inspections:pick_case_members", args=[case.pk])
    return {"organizations": selectors.case_organizations(case),
            "organizations_url": _case_organizations_url(case, ended=not active_only),
            "members_url": members_url if not active_only else f"{members_url}?active=1"}


class _Pick:
    """A picker's search (organizations.widgets, members.widgets): the first names matching what was typed among
    `choices()`, the same rows the form's field accepts, drawn as the buttons picker.js shows."""

    template_name = "organizations/_pick_results.html"
    rows_name = "organizations"

    def choices(self):
        raise NotImplementedError

    def context(self, **extra):
        rows, more = pick_from(self.choices(), text=self.request.GET.get("q", "")[:100])
        return super().context(**{self.rows_name: rows}, more=more, shown=len(rows), **extra)


class CommitteePick(_Pick, Page):
    """The committees whose programmes the user may start (the programme form's)."""

    needs = INSPECT

    def choices(self):
        return selectors.inspecting_organizations(self.user).select_related("parent")


class ProgrammeOrganizationPick(_Pick, ObjectPage):
    """The active organisations under a programme's authority (a new item's subjects and member pool)."""

    selector = selectors.programme_get

    def choices(self):
        return selectors.programme_organizations(self.object).filter(
            status=Organization.Status.ACTIVE).select_related("parent")


class CaseOrganizationPick(_Pick, CasePage):
    """The organisations under a case's authority, for its file's holders (active ones; `ended=1`: all)."""

    action = selectors.FILE

    def choices(self):
        rows = selectors.case_organizations(self.object).select_related("parent")
        return rows if self.request.GET.get("ended") == "1" else rows.filter(status=Organization.Status.ACTIVE)


class CaseMemberPick(_Pick, CasePage):
    """The members a case's finding (`active` absent) or discipline decision (`active=1`) may name."""

    action = selectors.FILE
    template_name = "members/_pick_results.html"
    rows_name = "members"

    def choices(self):
        return selectors.case_member_choices(self.object, active_only=self.request.GET.get("active") == "1"
                                             ).select_related("organization")


def _closed(request, case):
    """The case no longer changes: say so on its page."""
    messages.info(request, _("This case is closed: it can no longer change."))
    return redirect(case.get_absolute_url())


class CaseEdit(CaseFormPage, CaseAction):
    """The item's description, subjects and team, while the case is open (the authority only)."""

    action = selectors.AUTHORITY
    form_class = forms.CaseEditForm
    title = _("Edit the item")
    success_message = _("The item is updated.")
    service = services.case_update

    def blocked(self):
        if self.object.closed_on or self.object.state.is_cancelled:
            return _closed(self.request, self.object)
        return None

    def pool_of(self):
        return self.object.programme.authority.organization_id

    def organizations(self):
        return selectors.case_organizations(self.object)

    def organizations_url(self):
        return _case_organizations_url(self.object)

    def initial(self):
        case = self.object
        return {"type": case.type, "title": case.title, "planned_from": case.planned_from,
                "planned_to": case.planned_to, "subject_organizations": list(case.subject_organizations.all()),
                "subject_members": list(case.subject_members.all()), "team_head": case.team_head,
                "team_members": list(case.team_members.all()), "content": case.content}

    def success_url(self, result):
        return self.object.get_absolute_url()


class CaseStep(CaseAction):
    """The next step the workflow allows the user's capacities, with its document."""

    action = VIEW  # the file's holders; the workflow says which steps each may take
    form_class = forms.TransitionForm
    title = _("Next step")
    confirm = _("Record this step? The steps of a case file are kept as they are: a step cannot be undone.")
    success_message = _("The step is recorded.")

    def setup_page(self):
        super().setup_page()
        self.transitions = selectors.transitions_for(self.object, selectors.case_capacities(self.user, self.object))

    def blocked(self):
        if not self.transitions or self.object.closed_on:
            messages.info(self.request, _("There is no step you can take on this case now."))
            return redirect(self.object.get_absolute_url())
        return None

    def form_kwargs(self):
        return {"transitions": self.transitions}

    def perform(self, d):
        return services.case_transition(
            actor=self.user, case=self.object, target=self.form.transitions[d["target"]].target, on=d["on"],
            document_number=d.get("document_number", ""), document_title=d.get("document_title", ""),
            document=d.get("document"), note=d.get("note", ""), self_report_due=d.get("self_report_due"))


class CaseAssessment(CaseAction):
    form_class = forms.AssessmentForm
    title = _("Findings, conclusion and recommendations")
    success_message = _("The findings are saved.")
    service = services.case_record_findings

    def initial(self):
        case = self.object
        return {"strengths": case.strengths, "shortcomings": case.shortcomings, "conclusion": case.conclusion,
                "recommendations": case.recommendations}


class FindingAdd(CaseAction):
    form_class = forms.FindingForm
    title = _("Add a finding")
    success_message = _("The finding is recorded.")
    service = services.finding_add

    def form_kwargs(self):
        return {**_case_pickers(self.object, active_only=False),
                "members": selectors.case_member_choices(self.object, active_only=False)}


class RemedyAdd(CaseAction):
    form_class = forms.RemedyForm
    title = _("Assign a remedy")
    success_message = _("The remedy is assigned.")
    service = services.remedy_add

    def blocked(self):
        if not self.object.concluded_on:
            messages.info(self.request, _("Remedies are assigned once the conclusion is issued."))
            return redirect(self.object.get_absolute_url())
        return None

    def form_kwargs(self):
        return {"organizations": selectors.case_organizations(self.object),
                "organizations_url": _case_organizations_url(self.object)}


class DisciplineAdd(CaseAction):
    action = selectors.AUTHORITY
    form_class = forms.DisciplineFormForm
    title = _("Discipline decision")
    confirm = _("Issue the discipline decision? It takes the next number of the body's series and is not withdrawn "
                "here.")
    success_message = _("The discipline decision is issued.")

    def form_kwargs(self):
        return {**_case_pickers(self.object, active_only=True), "members": selectors.case_member_choices(self.object)}

    def success_url(self, decision):
        return decision.get_absolute_url()

    def perform(self, d):
        case = self.object
        return services.discipline_issue(actor=self.user, authority=case.programme.authority, case=case, **d)


class CaseDocument(DownloadPage):
    """A step's document, for those who hold the case file only (MEDIA_ROOT is never served directly)."""

    selector = selectors.case_get

    def file(self):
        step = self.object.steps.filter(pk=self.kwargs["step_pk"]).first()
        if step is None:
            raise Http404
        self.step = step
        return step.document

    def download_name(self, field_file):
        return self.step.file_name or self.step.document_title or super().download_name(field_file)


class RemedyPage(ObjectPage):
    """A page about one remedy: the case in the breadcrumbs only for those who hold its file."""

    selector = selectors.remedy_get

    def setup_page(self):
        super().setup_page()
        self.may_report, self.may_check = selectors.remedy_rights(self.user, self.object)

    def crumbs(self):
        return [_index_crumb(), *([_case_crumb(self.object.case)] if self.may_check else [])]


class RemedyDetail(RemedyPage):
    title = _("Remedy")
    template_name = "inspections/remedy.html"

    def context(self, **extra):
        remedy = self.object
        pending = remedy.status in (Remedy.Status.OPEN, Remedy.Status.REPORTED)
        return super().context(
            remedy=remedy, case=remedy.case, may_check=self.may_check, today=datetime.date.today(),
            reports=remedy.reports.select_related("created_by"),
            report_form=forms.RemedyReportForm() if self.may_report and remedy.status == Remedy.Status.OPEN else None,
            check_form=forms.RemedyCheckForm() if self.may_check and pending else None,
            history=selectors.remedy_history(remedy, self.may_check), **extra)


class RemedyAction(ActionPage, RemedyPage):
    object_kwarg = "remedy"

    def crumbs(self):
        return [*super().crumbs(), (str(_("Remedy")), self.object.get_absolute_url())]

    def subtitle(self):
        return Truncator(self.object.text).chars(80)

    def context(self, **extra):
        return super().context(remedy=self.object, **extra)


class RemedyReport(RemedyAction):
    """The responsible organisation (or the file's holders) reports progress."""

    action = REMEDY
    form_class = forms.RemedyReportForm
    title = _("Report progress")
    success_message = _("The progress is reported.")
    service = services.remedy_report


class RemedyCheck(RemedyAction):
    """The follow-up check, by the case file's holders."""

    action = INSPECT
    form_class = forms.RemedyCheckForm
    title = _("Follow-up check")
    confirm = _("Record the follow-up check? A remedy checked done or carried over no longer changes.")
    success_message = _("The follow-up check is recorded.")

    def perform(self, d):
        if d["outcome"] == "carry_over":
            return services.remedy_carry_over(actor=self.user, remedy=self.object, note=d["note"])
        return services.remedy_check(actor=self.user, remedy=self.object, checked_on=d["checked_on"],
                                     accepted=d["outcome"] == "done", note=d["note"])


class RemedyEvidence(DownloadPage):
    """A progress report's evidence, for those who see the remedy (the responsible organisation, the file holders)."""

    selector = selectors.remedy_get

    def file(self):
        report = self.object.reports.filter(pk=self.kwargs["report_pk"]).first()
        if report is None:
            raise Http404
        self.report = report
        return report.evidence

    def download_name(self, field_file):
        return self.report.file_name or self.report.evidence_title or super().download_name(field_file)


class DecisionDetail(ActionPage):
    """A discipline decision, its complaint window and what the apps above show beside it; the form records the
    day the subject received it."""

    selector = selectors.decision_get
    form_class = forms.ReceiptForm
    template_name = "inspections/decision.html"
    success_message = _("The receipt is recorded.")
    submit_label = _("Record the receipt")
    service = services.discipline_record_receipt
    object_kwarg = "decision"

    def get_title(self):
        return self.object.number

    def crumbs(self):
        case = self.object.case
        return [_index_crumb(), *([_case_crumb(case)] if case else [])]

    def success_url(self, result):
        return self.object.get_absolute_url()

    def back_url(self):
        return self.object.get_absolute_url()

    def context(self, **extra):
        decision = self.object
        return super().context(decision=decision, complaint_until=selectors.complaint_deadline(decision),
                               history=history_entries(decision, limit=20), **extra)
