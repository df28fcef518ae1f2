"""/api/v1/ oversight resources: the working groups and their visits (meetings), the inspection programmes, their
case files and the remedies (inspections), each read through its app's selectors with the scope of its pages — a case
file answers 404 to whoever does not hold it, as its page does — and a remedy's progress reported through the page's
form and service (If-Match: the remedy's ETag)."""

import datetime
from typing import Literal

from django.db.models import F
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from core.scope import REMEDY, VIEW
from inspections import forms as inspection_forms
from inspections import selectors as inspection_selectors
from inspections import services as inspection_services
from inspections.filters import CaseFilter, RemedyFilter
from inspections.models import Case, CaseType, Finding, Programme, Remedy
from meetings import selectors as meeting_selectors
from meetings.models import Visit, WorkingGroup

from .base import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiError,
    filter_data,
    filtered,
    form_data,
    if_match,
    ordered,
    paginate,
    read,
    through_form,
    under_organization,
    user_of,
    with_etag,
)
from .schemas import MAX_ID, Id, PageOut, Paging, Ref, date_text


def org_ref(org) -> dict | None:
    return {"id": org.pk, "name": org.name} if org is not None else None


def member_ref(member) -> dict | None:
    return {"id": member.pk, "name": member.full_name} if member is not None else None


# ---- working groups and their visits ------------------------------------------------------------------------------

groups = Router(tags=["working groups"])


class WorkingGroupOut(Schema):
    id: int
    organization: Ref = Field(description="The committee that formed it.")
    name: str
    leader: Ref
    members: list[Ref]
    established_on: datetime.date
    ended_on: datetime.date | None
    decision_number: str
    visits_done: int = Field(description="Visits recorded since the day the working groups page counts from.")
    visits_planned: int = Field(description="Visits planned, not yet recorded.")
    version: int


class VisitOut(Schema):
    id: int
    group: Ref
    organization: Ref = Field(description="The cell visited.")
    meeting_id: int | None = Field(description="The meeting attended.")
    planned_on: datetime.date
    visited_on: datetime.date | None
    assessment: str
    version: int


class VisitDetailOut(VisitOut):
    attendees: list[Ref]
    observations: str
    recommendations: str


class WorkingGroupDetailOut(WorkingGroupOut):
    visits: list[VisitOut]


class WorkingGroupPage(PageOut):
    results: list[WorkingGroupOut]


class WorkingGroupQuery(Paging):
    organization: int | None = Field(None, ge=1, le=MAX_ID, description="Formed by it or under it.")
    current: Literal["true", "false"] | None = Field(None, description="Only the groups not ended (or only ended).")
    ordering: Literal["name", "-name", "established_on", "-established_on"] = "name"


def group_row(g: WorkingGroup) -> dict:
    return {"id": g.pk, "organization": org_ref(g.organization), "name": g.name, "leader": member_ref(g.leader),
            "members": [member_ref(m) for m in g.members.all()], "established_on": g.established_on,
            "ended_on": g.ended_on, "decision_number": g.decision_number, "visits_done": g.done,
            "visits_planned": g.planned, "version": g.revision}


def visit_row(v: Visit) -> dict:
    return {"id": v.pk, "group": {"id": v.group_id, "name": v.group.name}, "organization": org_ref(v.organization),
            "meeting_id": v.meeting_id, "planned_on": v.planned_on, "visited_on": v.visited_on,
            "assessment": v.assessment, "version": v.revision}


@groups.get("/working-groups", response={200: WorkingGroupPage, **READ_ERRORS},
            summary="Working groups of the committees in your scope (as their page)")
def working_group_list(request, params: Query[WorkingGroupQuery]):
    user = user_of(request)
    rows = under_organization(user, meeting_selectors.working_groups(user), params.organization, "organization_id")
    if params.current is not None:
        rows = rows.filter(ended_on__isnull=params.current == "true")
    return paginate(request, ordered(rows, params.ordering, {"name": ("name",),
                                                             "established_on": ("established_on",)}),
                    params.page, params.page_size, group_row)


@groups.get("/working-groups/{group_id}", response={200: WorkingGroupDetailOut, **READ_ERRORS},
            summary="One working group with its visits, planned and recorded (404 outside your scope)")
def working_group_detail(request, group_id: Id, response: HttpResponse):
    group = read(meeting_selectors.group_get, request, group_id, VIEW, "working group")
    with_etag(response, group)
    return {**group_row(group), "visits": [visit_row(v) for v in meeting_selectors.group_visits(group)]}


class VisitQuery(Paging):
    group: int | None = Field(None, ge=1, le=MAX_ID)
    organization: int | None = Field(None, ge=1, le=MAX_ID, description="Visits to it or to the cells under it.")
    state: Literal["planned", "visited"] | None = None
    planned_from: datetime.date | None = None
    planned_to: datetime.date | None = None
    ordering: Literal["planned_on", "-planned_on", "visited_on", "-visited_on"] = "-planned_on"



class VisitPage(PageOut):
    results: list[VisitOut]


@groups.get("/visits", response={200: VisitPage, **READ_ERRORS},
            summary="Working-group visits you may open: of a group in your scope, or to a cell in your scope")
def visit_list(request, params: Query[VisitQuery]):
    user = user_of(request)
    rows = under_organization(user, meeting_selectors.visit_qs(user).select_related("group", "organization"),
                  params.organization, "organization_id")
    if params.group is not None:
        rows = rows.filter(group_id=params.group)
    if params.state is not None:
        rows = rows.filter(visited_on__isnull=params.state == "planned")
    if params.planned_from is not None:
        rows = rows.filter(planned_on__gte=params.planned_from)
    if params.planned_to is not None:
        rows = rows.filter(planned_on__lte=params.planned_to)
    return paginate(request, ordered(rows, params.ordering, {"planned_on": ("planned_on",),
                                                             "visited_on": ("visited_on",)}),
                    params.page, params.page_size, visit_row)


@groups.get("/visits/{visit_id}", response={200: VisitDetailOut, **READ_ERRORS},
            summary="One visit with what it saw and advised (404 outside your scope; the visited cell reads it)")
def visit_detail(request, visit_id: Id, response: HttpResponse):
    visit = read(meeting_selectors.visit_get, request, visit_id, VIEW, "visit")
    with_etag(response, visit)
    return {**visit_row(visit), "attendees": [member_ref(m) for m in visit.attendees.order_by("name_sort", "id")],
            "observations": visit.observations, "recommendations": visit.recommendations}


# ---- inspection programmes and case files -------------------------------------------------------------------------

inspections = Router(tags=["inspections"])


class AuthorityOut(Schema):
    id: int
    name: str = Field(description="The body and its organisation, as the pages name it.")
    kind: str
    symbol: str
    organization: Ref


class StateOut(Schema):
    code: str
    label: str


class ProgrammeOut(Schema):
    id: int
    authority: AuthorityOut
    year: int
    title: str
    approved_on: datetime.date | None


class ProgrammeItemOut(Schema):
    """An item of the programme, as its page lists it."""

    id: int
    type: str
    title: str
    decision_number: str
    planned_from: datetime.date
    planned_to: datetime.date
    state: StateOut
    subject_organizations: list[Ref]
    subject_members: list[Ref]
    team_head: Ref | None
    team_members: list[Ref]
    remedies_pending: int
    version: int


class ProgrammeDetailOut(ProgrammeOut):
    items: list[ProgrammeItemOut]


class ProgrammePage(PageOut):
    results: list[ProgrammeOut]


class ProgrammeQuery(Paging):
    year: int | None = Field(None, ge=1930, le=2200)
    ordering: Literal["year", "-year"] = "-year"


def authority_row(authority) -> dict:
    return {"id": authority.pk, "name": str(authority), "kind": authority.kind, "symbol": authority.symbol,
            "organization": org_ref(authority.organization)}


def programme_row(p: Programme) -> dict:
    return {"id": p.pk, "authority": authority_row(p.authority), "year": p.year, "title": p.title,
            "approved_on": p.approved_on}


def state_row(state) -> dict:
    return {"code": state.code, "label": state.label}


@inspections.get("/programmes", response={200: ProgrammePage, **READ_ERRORS},
                 summary="Inspection programmes of the authorities whose files you hold")
def programme_list(request, params: Query[ProgrammeQuery]):
    rows = inspection_selectors.programme_qs(user_of(request))
    if params.year is not None:
        rows = rows.filter(year=params.year)
    return paginate(request, ordered(rows, params.ordering, {"year": ("year",)}), params.page, params.page_size,
                    programme_row)


@inspections.get("/programmes/{programme_id}", response={200: ProgrammeDetailOut, **READ_ERRORS},
                 summary="One programme with its items (404 to whoever does not hold its authority's files)")
def programme_detail(request, programme_id: Id):
    programme = read(inspection_selectors.programme_get, request, programme_id, VIEW, "programme")
    items = [{"id": c.pk, "type": c.type, "title": c.title, "decision_number": c.decision_number,
              "planned_from": c.planned_from, "planned_to": c.planned_to, "state": state_row(c.state),
              "subject_organizations": [org_ref(o) for o in c.subject_organizations.all()],
              "subject_members": [member_ref(m) for m in c.subject_members.all()],
              "team_head": member_ref(c.team_head), "team_members": [member_ref(m) for m in c.team_members.all()],
              "remedies_pending": c.remedies_open, "version": c.revision}
             for c in inspection_selectors.programme_cases(programme)]
    return {**programme_row(programme), "items": items}


class CaseOut(Schema):
    """A case file (one inspection or supervision): only to the authority that runs it and to its team."""

    id: int
    programme_id: int
    authority: str
    type: str
    title: str
    planned_from: datetime.date
    planned_to: datetime.date
    state: StateOut
    decision_number: str
    decided_on: datetime.date | None
    self_report_due: datetime.date | None
    concluded_on: datetime.date | None
    closed_on: datetime.date | None
    next_due: datetime.date | None = Field(description="What is due next on it (none once closed or cancelled).")
    version: int


class StepOut(Schema):
    id: int
    state: StateOut
    on: datetime.date
    document_number: str
    document_title: str
    has_document: bool = Field(description="A file is kept (downloaded from the case's page).")
    note: str


class FindingOut(Schema):
    id: int
    kind: str
    text: str
    organization: Ref | None
    member: Ref | None


class CaseRemedyOut(Schema):
    id: int
    text: str
    organization: Ref
    deadline: datetime.date
    status: str
    version: int


class DecisionOut(Schema):
    id: int
    number: str
    subject_kind: str
    organization: Ref | None
    member: Ref | None
    form: str
    decided_on: datetime.date
    effective_on: datetime.date


class CaseDetailOut(CaseOut):
    content: str
    subject_organizations: list[Ref]
    subject_members: list[Ref]
    team_head: Ref | None
    team_members: list[Ref]
    strengths: str
    shortcomings: str
    conclusion: str
    recommendations: str
    steps: list[StepOut]
    findings: list[FindingOut]
    remedies: list[CaseRemedyOut]
    decisions: list[DecisionOut]


class CasePage(PageOut):
    results: list[CaseOut]


class CaseQuery(Paging):
    stage: Literal["open", "overdue", "closed", "cancelled"] | None = None
    type: Literal[*CaseType.values] | None = None
    state: int | None = Field(None, ge=1, le=MAX_ID, description="A workflow state's id.")
    event: Literal["planned", "started", "concluded", "closed", "running"] | None = Field(
        None, description="What falls between since and until.")
    since: str | None = date_text(None)
    until: str | None = date_text(None)
    ordering: Literal["next_due", "-next_due", "planned_from", "-planned_from", "state", "-state"] = "next_due"


CASE_FILTERS = ("stage", "type", "state", "event", "since", "until")


def case_row(c: Case, next_due=None) -> dict:
    return {"id": c.pk, "programme_id": c.programme_id, "authority": str(c.programme.authority), "type": c.type,
            "title": c.title, "planned_from": c.planned_from, "planned_to": c.planned_to,
            "state": state_row(c.state), "decision_number": c.decision_number, "decided_on": c.decided_on,
            "self_report_due": c.self_report_due, "concluded_on": c.concluded_on, "closed_on": c.closed_on,
            "next_due": getattr(c, "next_due", next_due), "version": c.revision}


def _order_cases(rows, ordering: str):
    """As the case list's table: what is due soonest first, nothing due (closed, cancelled) last on any database."""
    if ordering.lstrip("-") != "next_due":
        return ordered(rows, ordering, {"planned_from": ("planned_from",), "state": ("state__order",)})
    if ordering.startswith("-"):
        return rows.order_by(F("next_due").desc(nulls_last=True), "-planned_from", "-id")
    return rows.order_by(F("next_due").asc(nulls_last=True), "planned_from", "id")


@inspections.get("/cases", response={200: CasePage, **READ_ERRORS},
                 summary="The case files you hold, with what is due next (404 to whoever holds none, as the page)")
def case_list(request, params: Query[CaseQuery]):
    user = user_of(request)
    if not inspection_selectors.holds_case_files(user):
        raise ApiError(404, _("Not found."))
    rows = filtered(CaseFilter(filter_data(request, CASE_FILTERS), queryset=inspection_selectors.case_list_qs(user),
                               today=datetime.date.today()))
    return paginate(request, _order_cases(rows, params.ordering), params.page, params.page_size, case_row)


@inspections.get("/cases/{case_id}", response={200: CaseDetailOut, **READ_ERRORS},
                 summary="One case file: steps, findings, conclusion, remedies, discipline (404 to whoever does not "
                         "hold it, with no hint that it exists)")
def case_detail(request, case_id: Id, response: HttpResponse):
    case = read(inspection_selectors.case_get, request, case_id, VIEW, "case")
    next_due = inspection_selectors.with_next_due(Case.objects.filter(pk=case.pk)).values_list(
        "next_due", flat=True).first()
    with_etag(response, case)
    return {
        **case_row(case, next_due), "content": case.content,
        "subject_organizations": [org_ref(o) for o in case.subject_organizations.order_by("name_sort", "id")],
        "subject_members": [member_ref(m) for m in case.subject_members.order_by("name_sort", "id")],
        "team_head": member_ref(case.team_head),
        "team_members": [member_ref(m) for m in case.team_members.order_by("name_sort", "id")],
        "strengths": case.strengths, "shortcomings": case.shortcomings, "conclusion": case.conclusion,
        "recommendations": case.recommendations,
        "steps": [{"id": s.pk, "state": state_row(s.state), "on": s.on, "document_number": s.document_number,
                   "document_title": s.document_title, "has_document": bool(s.document), "note": s.note}
                  for s in case.steps.select_related("state").order_by("on", "id")],
        "findings": [{"id": f.pk, "kind": f.kind, "text": f.text, "organization": org_ref(f.organization),
                      "member": member_ref(f.member)}
                     for f in Finding.objects.filter(case=case).select_related("organization", "member")
                     .order_by("kind", "id")],
        "remedies": [{"id": r.pk, "text": r.text, "organization": org_ref(r.organization), "deadline": r.deadline,
                      "status": r.status, "version": r.revision}
                     for r in case.remedies.select_related("organization").order_by("deadline", "id")],
        "decisions": [{"id": d.pk, "number": d.number, "subject_kind": d.subject_kind,
                       "organization": org_ref(d.organization), "member": member_ref(d.member), "form": d.form,
                       "decided_on": d.decided_on, "effective_on": d.effective_on}
                      for d in case.decisions.select_related("organization", "member").order_by("-decided_on", "-id")],
    }


# ---- remedies -----------------------------------------------------------------------------------------------------

class RemedyOut(Schema):
    """A remedy: to the case file's holders, and to the organisation that must carry it out (once the case is
    concluded). Of the case, only its type and authority (its title stays in the file)."""

    id: int
    text: str
    organization: Ref = Field(description="The organisation responsible.")
    deadline: datetime.date
    status: str
    overdue: bool
    reported_on: datetime.date | None
    checked_on: datetime.date | None
    case_type: str
    authority: str
    version: int


class ReportOut(Schema):
    id: int
    reported_on: datetime.date
    text: str
    evidence_title: str
    has_evidence: bool = Field(description="A file is kept (downloaded from the remedy's page).")
    done: bool


class CaseRef(Schema):
    id: int
    title: str


class RemedyDetailOut(RemedyOut):
    check_note: str
    case: CaseRef | None = Field(description="Only for the case file's holders.")
    may_report: bool = Field(description="You may report progress (the organisation responsible, the file's holders).")
    may_check: bool = Field(description="You hold the case file (you do the follow-up check).")
    reports: list[ReportOut]


class RemedyPage(PageOut):
    results: list[RemedyOut]


class RemedyQuery(Paging):
    role: Literal["check", "carry_out"] | None = Field(
        None, description="check: of the case files you hold; carry_out: for your organisations to carry out.")
    status: Literal[*Remedy.Status.values] | None = None
    deadline: Literal["overdue"] | None = None
    due_from: str | None = date_text(None)
    due_to: str | None = date_text(None)
    ordering: Literal["deadline", "-deadline", "status", "-status", "organization", "-organization"] = "deadline"


REMEDY_FILTERS = ("role", "status", "deadline", "due_from", "due_to")
REMEDY_ORDERING = {"deadline": ("deadline",), "status": ("status",), "organization": ("organization__name_sort",)}


def remedy_row(r: Remedy, today: datetime.date) -> dict:
    return {"id": r.pk, "text": r.text, "organization": org_ref(r.organization), "deadline": r.deadline,
            "status": r.status, "overdue": r.is_overdue(today), "reported_on": r.reported_on,
            "checked_on": r.checked_on, "case_type": r.case.type, "authority": str(r.case.programme.authority),
            "version": r.revision}


def remedy_content(user, remedy: Remedy) -> dict:
    may_report, may_check = inspection_selectors.remedy_rights(user, remedy)
    return {
        **remedy_row(remedy, datetime.date.today()), "check_note": remedy.check_note,
        "case": {"id": remedy.case_id, "title": remedy.case.title} if may_check else None,
        "may_report": may_report, "may_check": may_check,
        "reports": [{"id": r.pk, "reported_on": r.reported_on, "text": r.text, "evidence_title": r.evidence_title,
                     "has_evidence": bool(r.evidence), "done": r.done}
                    for r in remedy.reports.order_by("reported_on", "id")],
    }


@inspections.get("/remedies", response={200: RemedyPage, **READ_ERRORS},
                 summary="Remedies you see: of the case files you hold, and those your organisations carry out")
def remedy_list(request, params: Query[RemedyQuery]):
    user = user_of(request)
    today = datetime.date.today()
    rows = filtered(RemedyFilter(filter_data(request, REMEDY_FILTERS),
                                 queryset=inspection_selectors.remedy_list_qs(user).select_related(
                                     "case__programme__authority__organization"), user=user, today=today))
    return paginate(request, ordered(rows, params.ordering, REMEDY_ORDERING), params.page, params.page_size,
                    lambda remedy: remedy_row(remedy, today))


@inspections.get("/remedies/{remedy_id}", response={200: RemedyDetailOut, **READ_ERRORS},
                 summary="One remedy with its progress reports (404 to whoever does not see it)")
def remedy_detail(request, remedy_id: Id, response: HttpResponse):
    user = user_of(request)
    remedy = read(inspection_selectors.remedy_get, request, remedy_id, VIEW, "remedy")
    with_etag(response, remedy)
    return remedy_content(user, remedy)


class RemedyReportIn(Schema):
    """A progress report, as on the page "Report progress" (its refusals: the date, the text, the evidence of a
    remedy reported done). The evidence file is uploaded on the page; here the evidence is named."""

    reported_on: str = date_text()
    text: str = Field(max_length=5000)
    evidence_title: str = Field("", max_length=300)
    done: bool = Field(False, description="The remedy is done: handed to the follow-up check (name the evidence).")


@inspections.post("/remedies/{remedy_id}/reports", response={201: RemedyDetailOut, **WRITE_ERRORS},
                  summary="Report progress on a remedy (If-Match: the remedy's ETag), as the page does")
def remedy_report(request, remedy_id: Id, body: RemedyReportIn, response: HttpResponse):
    user = user_of(request)
    remedy = read(inspection_selectors.remedy_get, request, remedy_id, REMEDY, "remedy")
    if_match(request, remedy)
    form = inspection_forms.RemedyReportForm(form_data(body.dict()))
    through_form(form, lambda data: inspection_services.remedy_report(actor=user, remedy=remedy, **data))
    remedy = inspection_selectors.remedy_get(user, remedy.pk, VIEW)
    with_etag(response, remedy)
    return Status(201, remedy_content(user, remedy))
