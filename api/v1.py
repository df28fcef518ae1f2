"""/api/v1/: the resources, each read through its app's selectors (the scope of the pages) and written through its
forms and services (their refusals). The schema: /api/v1/openapi.json; the docs: /api/v1/docs (our static files)."""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from apparatus import selectors as apparatus_selectors
from apparatus.filters import SeatFilter
from apparatus.models import Body, Seat, Term
from core.scope import MANAGE_MEMBERS, MEETINGS, PETITIONS, VIEW, scope_for
from meetings import forms as meeting_forms
from meetings import selectors as meeting_selectors
from meetings import services as meeting_services
from meetings.models import Attendance, Meeting, MeetingKind
from members import forms as member_forms
from members import services as member_services
from members.choices import Status as MemberStatus
from members.choices import TransferKind
from members.figures import member_list_count
from members.filters import MemberFilter
from members.models import Member, Membership
from members.selectors import member_get, member_list_qs
from organizations.filters import OrganizationFilter
from organizations.models import Organization, OrganizationVersion
from organizations.selectors import (
    flatten,
    organization_choices,
    organization_get,
    organization_qs,
    organization_subtree,
    subtree_q,
)
from petitions import forms as petition_forms
from petitions import selectors as petition_selectors
from petitions import services as petition_services
from petitions import views as petition_views  # the register's record and its identity log, shared with its pages
from petitions.filters import PetitionFilter
from petitions.models import Access, Channel, Concerns
from rules.selectors import rule_list

from .base import (
    READ_ERRORS,
    WRITE_ERRORS,
    ApiError,
    BrowserSession,
    TokenAuth,
    filter_data,
    filtered,
    form_data,
    if_match,
    install_error_handlers,
    ordered,
    paginate,
    read,
    refusal,
    through_form,
    under_organization,
    user_of,
    with_etag,
)
from .schemas import Id, PageOut, Paging, Ref, date_text, ref


class Docs(Swagger):
    """Swagger UI from the files django-ninja ships (collected into our static files): no CDN, no inline script (the
    settings travel as JSON data read by ninja's own init script), and no call to swagger.io's validator."""

    template = "api/docs.html"

    def __init__(self):
        super().__init__(settings={"validatorUrl": None, "tryItOutEnabled": False})


class Utf8JSON(JSONRenderer):
    """JSON in UTF-8 as written (names with their diacritics, not \\u escapes), as the register's own JSON was."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="dangbo API",
    version="1",
    description=(
        "The data of dangbo under the same scope as its pages. Authenticate with a personal API token "
        "(`Authorization: Bearer <token>`, made on the *API tokens* page of your user menu) or, in the browser, with "
        "your session (writes then need the CSRF token). Answers are in Vietnamese unless `Accept-Language: en`. "
        "Every record carries its version as an `ETag`; a write to an existing record needs `If-Match` with it "
        "(428 without, 412 when the record changed since)."),
    urls_namespace="api-v1",
    docs=Docs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[TokenAuth(), BrowserSession()],
    renderer=Utf8JSON(),
)
install_error_handlers(api)

# ---- organisations ------------------------------------------------------------------------------------------------

organizations = Router(tags=["organisations"])


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(description="The kind's code (organisation kinds are configured).")
    parent_id: int | None
    status: str
    established_on: datetime.date
    ended_on: datetime.date | None
    version: int = Field(description="The record's version, also its ETag.")


class OrganizationPage(PageOut):
    results: list[OrganizationOut]


class OrganizationQuery(Paging):
    q: str | None = Field(None, max_length=200, description="Name words, diacritics and case ignored.")
    kind: str | None = Field(None, max_length=40)
    tier: str | None = Field(None, max_length=40)
    holds_members: Literal["true", "false"] | None = None
    cluster: int | None = Field(None, ge=1, le=2**31 - 1)
    status: Literal["all", *Organization.Status.values] | None = None
    as_of: datetime.date | None = Field(None, description="The tree as it was on this day (names, parents, kinds).")
    ordering: Literal["name", "-name", "code", "-code", "established_on", "-established_on"] = "name"


ORGANIZATION_ORDERING = {"name": ("name_sort",), "code": ("code",), "established_on": ("established_on",)}


def _as_of_versions(day: datetime.date):
    return OrganizationVersion.objects.filter(organization=OuterRef("pk"), valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)).order_by("-valid_from")


def _organization_rows(queryset, day: datetime.date | None):
    if day is None:
        return queryset.select_related("kind").annotate()
    versions = _as_of_versions(day)
    return queryset.annotate(
        then_name=Subquery(versions.values("name")[:1]), then_parent=Subquery(versions.values("parent_id")[:1]),
        then_kind=Subquery(versions.values("kind__code")[:1]),
    ).filter(then_name__isnull=False).select_related("kind")


def organization_row(org) -> dict:
    then = getattr(org, "then_name", None) is not None
    return {"id": org.pk, "code": org.code, "name": org.then_name if then else org.name,
            "kind": org.then_kind if then else org.kind.code,
            "parent_id": org.then_parent if then else org.parent_id, "status": org.status,
            "established_on": org.established_on, "ended_on": org.ended_on, "version": org.revision}


@organizations.get("/organizations", response={200: OrganizationPage, **READ_ERRORS},
                   summary="Organisations in your scope")
def organization_list(request, params: Query[OrganizationQuery]):
    user = user_of(request)
    data = filter_data(request, ("q", "kind", "tier", "holds_members", "cluster", "status"))
    if params.as_of is not None and "status" not in data:
        data["status"] = "all"  # the organisations of that day, whatever became of them since
    rows = filtered(OrganizationFilter(data, queryset=organization_qs(user)))
    rows = ordered(_organization_rows(rows, params.as_of), params.ordering, ORGANIZATION_ORDERING)
    return paginate(request, rows, params.page, params.page_size, organization_row)


class TreeNodeOut(Schema):
    id: int
    code: str
    name: str = Field(description="Its name on the day asked (today's by default).")
    kind: str = Field(description="The kind's code on that day.")
    kind_label: str
    tier: str
    holds_members: bool
    status: str
    parent_id: int | None = Field(description="Its parent on that day; null at the top of the answer.")
    depth: int = Field(description="Levels below the top of the answer (0).")
    has_children: bool = Field(description="Whether it has sub-units in the answer, or cut off by `depth`.")
    children: list["TreeNodeOut"] = Field(description="Its sub-units by name (nested shape only; empty when flat).")


TreeNodeOut.model_rebuild()


class TreeOut(Schema):
    as_of: datetime.date | None
    shape: Literal["nested", "flat"]
    count: int = Field(description="The organisations in the answer.")
    results: list[TreeNodeOut] = Field(description="Nested: the tops, each with its sub-units; flat: every "
                                                   "organisation, each after its parent (depth-first, by name).")


class TreeQuery(Schema):
    root: int | None = Field(None, ge=1, le=2**31 - 1,
                             description="The organisation at the top (404 outside your scope, or not on that day); "
                                         "by default the tops of your scope.")
    as_of: datetime.date | None = Field(None, description="The tree as it was on this day (names, parents, kinds).")
    depth: int | None = Field(None, ge=0, le=20, description="At most this many levels below the top.")
    shape: Literal["nested", "flat"] = Field("nested", description="nested: children inside their parent; flat: "
                                                                   "one list with parent ids and depths.")


def tree_node(node, nested: bool) -> dict:
    return {"id": node.id, "code": node.code, "name": node.name, "kind": node.kind_code, "kind_label": node.kind_label,
            "tier": node.tier, "holds_members": node.holds_members, "status": node.status,
            "parent_id": node.parent_id if node.depth else None, "depth": node.depth,
            "has_children": bool(node.children) or node.has_sub_units,
            "children": [tree_node(child, nested) for child in node.children] if nested else []}


@organizations.get("/organizations/tree", response={200: TreeOut, **READ_ERRORS},
                   summary="The organisation tree in your scope (under one organisation), today or on a day")
def organization_tree(request, params: Query[TreeQuery]):
    user = user_of(request)
    root = None if params.root is None else read(organization_get, request, params.root, VIEW, "organization")
    tops = organization_subtree(user, root=root, as_of=params.as_of, depth=params.depth)
    if root is not None and not tops:
        raise ApiError(404, _("Not found."))  # the organisation did not exist on that day
    every = flatten(tops)
    nested = params.shape == "nested"
    return {"as_of": params.as_of, "shape": params.shape, "count": len(every),
            "results": [tree_node(node, nested) for node in (tops if nested else every)]}


@organizations.get("/organizations/{organization_id}", response={200: OrganizationOut, **READ_ERRORS},
                   summary="One organisation (404 outside your scope)")
def organization_detail(request, organization_id: Id, as_of: datetime.date | None = None):
    org = read(organization_get, request, organization_id, VIEW, "organization")
    if as_of is not None:
        org = _organization_rows(Organization.objects.filter(pk=org.pk), as_of).first()
        if org is None:
            raise ApiError(404, _("Not found."))
    return with_etag(api.create_response(request, OrganizationOut(**organization_row(org)).dict(), status=200), org)


# ---- members ------------------------------------------------------------------------------------------------------

members = Router(tags=["members"])


class MemberOut(Schema):
    id: int
    full_name: str
    gender: str
    date_of_birth: datetime.date
    status: str
    status_since: datetime.date
    admitted_on: datetime.date
    full_on: datetime.date | None
    organization: Ref | None = Field(description="Where the member is officially registered.")
    temporary_organization: Ref | None
    temporary_external: str
    exempted_since: datetime.date | None
    position: str
    agency: str
    version: int


class MemberPage(PageOut):
    results: list[MemberOut]


class MemberQuery(Paging):
    q: str | None = Field(None, max_length=200, description="Name words, diacritics and case ignored.")
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="With everything under it.")
    registration: Literal["official", "guest"] | None = None
    direct: Literal["true", "false"] | None = None
    status: Literal["active", *MemberStatus.values, "exempted", "temporary", "all"] | None = None
    gender: str | None = Field(None, max_length=10)
    age_band: str | None = Field(None, max_length=20)
    ethnicity: str | None = Field(None, max_length=30)
    theory_level: str | None = Field(None, max_length=20)
    ordering: Literal["name", "-name", "admitted_on", "-admitted_on", "date_of_birth", "-date_of_birth"] = "name"


MEMBER_ORDERING = {"name": ("name_sort",), "admitted_on": ("admitted_on",), "date_of_birth": ("date_of_birth",)}
MEMBER_FILTERS = ("q", "organization", "registration", "direct", "status", "gender", "age_band", "ethnicity",
                  "theory_level")


def member_row(m: Member) -> dict:
    return {"id": m.pk, "full_name": m.full_name, "gender": m.gender, "date_of_birth": m.date_of_birth,
            "status": m.status, "status_since": m.status_since, "admitted_on": m.admitted_on, "full_on": m.full_on,
            "organization": ref(m.organization), "temporary_organization": ref(m.temporary_organization),
            "temporary_external": m.temporary_external, "exempted_since": m.exempted_since,
            "position": m.position, "agency": m.agency, "version": m.revision}


def member_response(request, member: Member, status: int = 200):
    return with_etag(api.create_response(request, MemberOut(**member_row(member)).dict(), status=status), member)


@members.get("/members", response={200: MemberPage, **READ_ERRORS}, summary="Members in your scope")
def member_list(request, params: Query[MemberQuery]):
    user = user_of(request)
    filterset = MemberFilter(filter_data(request, MEMBER_FILTERS), queryset=member_list_qs(user), user=user)
    rows = filtered(filterset)
    return paginate(request, ordered(rows, params.ordering, MEMBER_ORDERING), params.page, params.page_size,
                    member_row, known_count=member_list_count(user, filterset))


@members.get("/members/{member_id}", response={200: MemberOut, **READ_ERRORS},
             summary="One member (404 outside your scope)")
def member_detail(request, member_id: Id):
    return member_response(request, read(member_get, request, member_id, VIEW, "member"))


class MembershipOut(Schema):
    id: int
    kind: str
    organization: Ref | None
    external_organization: str
    started_on: datetime.date
    ended_on: datetime.date | None
    start_reason: str
    end_reason: str
    decision_number: str
    version: int


@members.get("/members/{member_id}/memberships", response={200: list[MembershipOut], **READ_ERRORS},
             summary="A member's membership periods, oldest first")
def member_memberships(request, member_id: Id):
    member = read(member_get, request, member_id, VIEW, "member")
    periods = Membership.objects.filter(member=member).select_related("organization").order_by("started_on", "id")
    return [{"id": p.pk, "kind": p.kind, "organization": ref(p.organization),
             "external_organization": p.external_organization, "started_on": p.started_on, "ended_on": p.ended_on,
             "start_reason": p.start_reason, "end_reason": p.end_reason, "decision_number": p.decision_number,
             "version": p.revision} for p in periods]


class MemberFileIn(Schema):
    """The member's file, as on the pages' forms (each value refused by the form in its own words)."""

    full_name: str = Field(max_length=120)
    gender: str = Field(max_length=10)
    date_of_birth: str = date_text()
    citizen_id: str | None = Field(None, max_length=12)
    ethnicity: str = Field("kinh", max_length=30)
    religion: str = Field("none", max_length=20)
    hometown: str = Field("", max_length=255)
    education: str = Field("12/12", max_length=10)
    qualification: str = Field("bachelor", max_length=20)
    specialization: str = Field("", max_length=120)
    theory_level: str = Field("none", max_length=20)
    position: str = Field("", max_length=120)
    agency: str = Field("", max_length=255)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    card_number: str | None = Field(None, max_length=20)
    reason: str = Field(min_length=1, max_length=500, description="Kept in the record's history.")


class MemberRegisterIn(MemberFileIn):
    """An existing member's file entered in the register (the page "Enter an existing member")."""

    organization: int = Field(ge=1, le=2**31 - 1, description="The cell (one you manage members of).")
    status: Literal["full", "probationary"]
    admitted_on: str = date_text()
    full_on: str | None = date_text(None)


@members.post("/members", response={201: MemberOut, **WRITE_ERRORS},
              summary="Enter an existing member in the register (as the page does, with its refusals)")
def member_register(request, body: MemberRegisterIn):
    user = user_of(request)
    values = body.dict()
    reason = values.pop("reason")
    form = member_forms.MemberRegisterForm(form_data(values), user=user)
    member = through_form(form, lambda data: member_services.member_register(actor=user, reason=reason, **data))
    return member_response(request, member_get(user, member.pk), status=201)




class MemberAdmitIn(MemberFileIn):
    """Admission: a new probationary member of a cell (the page "Admit a new member")."""

    organization: int = Field(ge=1, le=2**31 - 1, description="The cell (one you manage members of).")
    admitted_on: str = date_text()
    decision_number: str = Field(max_length=60)
    inducted_on: str | None = date_text(None)
    over_age_approved_by: str = Field("", max_length=255)
    over_age_approval_number: str = Field("", max_length=60)
    over_age_approved_on: str | None = date_text(None)


@members.post("/admissions", response={201: MemberOut, **WRITE_ERRORS},
              summary="Admit a new member (as the page does, with its refusals: age, dates, the cell)")
def member_admit(request, body: MemberAdmitIn):
    user = user_of(request)
    values = body.dict()
    reason = values.pop("reason")
    form = member_forms.MemberAdmitForm(form_data(values), user=user)
    member = through_form(form, lambda data: member_services.member_admit(actor=user, reason=reason, **data))
    return member_response(request, member_get(user, member.pk), status=201)


class MemberTransferIn(Schema):
    kind: Literal[*TransferKind.values]
    to_organization: int | None = Field(None, ge=1, le=2**31 - 1, description="A cell here...")
    to_external: str = Field("", max_length=255, description="...or an organisation outside (one of the two).")
    effective_on: str = date_text()
    until: str | None = date_text(None)
    for_study: bool = False
    decision_number: str = Field("", max_length=60)
    reason: str = Field(min_length=1, max_length=500)


@members.post("/members/{member_id}/transfer", response={200: MemberOut, **WRITE_ERRORS},
              summary="Transfer a member (If-Match: the member's ETag)")
def member_transfer(request, member_id: Id, body: MemberTransferIn):
    user = user_of(request)
    member = read(member_get, request, member_id, MANAGE_MEMBERS, "member")
    if_match(request, member)
    form = member_forms.MemberTransferForm(form_data(body.dict()), user=user, member=member)
    through_form(form, lambda data: member_services.member_transfer(actor=user, member=member, **data))
    return member_response(request, member_get(user, member.pk))


# ---- meetings -----------------------------------------------------------------------------------------------------

meetings = Router(tags=["meetings"])


class AttendanceOut(Schema):
    member: Ref
    presence: str
    reason: str


class MeetingOut(Schema):
    id: int
    organization: Ref
    kind: str
    period: datetime.date
    topic: str
    status: str
    planned_on: datetime.date
    held_on: datetime.date | None
    place: str
    version: int


class EntryOut(Schema):
    order: int
    title: str
    content: str


class MeetingDetailOut(MeetingOut):
    attendance: list[AttendanceOut]
    started_at: datetime.time | None
    ended_at: datetime.time | None
    chair: Ref | None
    minute_taker: Ref | None
    entries: list[EntryOut] = Field(description="The steps of the meeting's process, with what was said at each.")
    resolution: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    self_assessment: str


class MeetingPage(PageOut):
    results: list[MeetingOut]


class MeetingQuery(Paging):
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="With everything under it.")
    status: Literal[*Meeting.Status.values] | None = None
    kind: Literal[*MeetingKind.values] | None = None
    period_from: datetime.date | None = Field(None, description="From this month (its first day).")
    period_to: datetime.date | None = Field(None, description="Up to this month.")
    ordering: Literal["planned_on", "-planned_on", "period", "-period"] = "-planned_on"


MEETING_ORDERING = {"planned_on": ("planned_on",), "period": ("period",)}


def meeting_row(m: Meeting) -> dict:
    return {"id": m.pk, "organization": ref(m.organization), "kind": m.kind, "period": m.period, "topic": m.topic,
            "status": m.status, "planned_on": m.planned_on, "held_on": m.held_on, "place": m.place,
            "version": m.revision}


def meeting_response(request, meeting: Meeting):
    rows = Attendance.objects.filter(meeting=meeting).select_related("member").order_by("member__name_sort", "id")
    people = {m.pk: m.full_name for m in Member.objects.filter(pk__in=[
        pk for pk in (meeting.chair_id, meeting.minute_taker_id) if pk]).only("pk", "full_name")}
    body = {**meeting_row(meeting), "attendance": [
        {"member": {"id": a.member_id, "name": a.member.full_name}, "presence": a.presence, "reason": a.reason}
        for a in rows],
        "started_at": meeting.started_at, "ended_at": meeting.ended_at,
        "chair": {"id": meeting.chair_id, "name": people.get(meeting.chair_id, "")} if meeting.chair_id else None,
        "minute_taker": {"id": meeting.minute_taker_id, "name": people.get(meeting.minute_taker_id, "")}
        if meeting.minute_taker_id else None,
        "entries": [{"order": e.order, "title": e.title, "content": e.content} for e in meeting.entries.order_by(
            "order")],
        "resolution": meeting.resolution, "votes_for": meeting.votes_for, "votes_against": meeting.votes_against,
        "votes_abstain": meeting.votes_abstain, "self_assessment": meeting.self_assessment}
    return with_etag(api.create_response(request, MeetingDetailOut(**body).dict(), status=200), meeting)


@meetings.get("/meetings", response={200: MeetingPage, **READ_ERRORS}, summary="Cell meetings in your scope")
def meeting_list(request, params: Query[MeetingQuery]):
    user = user_of(request)
    rows = meeting_selectors.meeting_qs(user).select_related("organization")
    if params.organization is not None:
        if not organization_qs(user).filter(pk=params.organization).exists():
            raise ApiError(400, _("A filter is not valid."), [{"field": "organization", "messages": [
                _("Select a valid choice. That choice is not one of the available choices.")]}])
        rows = rows.filter(subtree_q("organization_id", params.organization))
    if params.status:
        rows = rows.filter(status=params.status)
    if params.kind:
        rows = rows.filter(kind=params.kind)
    if params.period_from:
        rows = rows.filter(period__gte=params.period_from.replace(day=1))
    if params.period_to:
        rows = rows.filter(period__lte=params.period_to.replace(day=1))
    return paginate(request, ordered(rows, params.ordering, MEETING_ORDERING), params.page, params.page_size,
                    meeting_row)


@meetings.get("/meetings/{meeting_id}", response={200: MeetingDetailOut, **READ_ERRORS},
              summary="One meeting with its attendance (404 outside your scope)")
def meeting_detail(request, meeting_id: Id):
    return meeting_response(request, read(meeting_selectors.meeting_get, request, meeting_id, VIEW, "meeting"))


class MeetingPlanIn(Schema):
    """A meeting of a cell planned from the Bloc's process (the page "Plan a meeting")."""

    organization: int = Field(ge=1, le=2**31 - 1, description="The cell (one whose meetings you run).")
    kind: Literal[*MeetingKind.values]
    planned_on: str = date_text()
    planned_at: str | None = Field(None, max_length=8, description="hh:mm")
    place: str = Field("", max_length=200)
    topic: str = Field("", max_length=300, description="Required for a thematic meeting.")
    is_pilot: bool = False
    reason: str = Field(min_length=1, max_length=500)


@meetings.post("/meetings", response={201: MeetingDetailOut, **WRITE_ERRORS},
               summary="Plan a cell's meeting (as the page does, with its refusals)")
def meeting_plan(request, body: MeetingPlanIn):
    user = user_of(request)
    values = body.dict()
    cell = read(meeting_selectors.cell_get, request, values.pop("organization"), MEETINGS, "cell")
    form = meeting_forms.MeetingPlanForm(form_data(values))
    meeting = through_form(form, lambda data: meeting_services.meeting_plan(actor=user, organization=cell, **data))
    response = meeting_response(request, meeting_selectors.meeting_get(user, meeting.pk))
    response.status_code = 201
    return response


class PresenceIn(Schema):
    member_id: int = Field(ge=1, le=2**31 - 1)
    presence: Literal[*Attendance.Presence.values]
    reason: str = Field("", max_length=300, description="Needed for an excused absence.")


class AttendanceIn(Schema):
    presences: list[PresenceIn] = Field(max_length=2000, description="Everyone expected at the meeting.")
    reason: str = Field(min_length=1, max_length=500)


@meetings.put("/meetings/{meeting_id}/attendance", response={200: MeetingDetailOut, **WRITE_ERRORS},
              summary="Take the meeting's attendance (If-Match: the meeting's ETag)")
def meeting_attendance(request, meeting_id: Id, body: AttendanceIn):
    user = user_of(request)
    meeting = read(meeting_selectors.meeting_get, request, meeting_id, MEETINGS, "meeting")
    if_match(request, meeting)
    # The page's grid has a field per member: here the body's schema checks each presence, the service the rest
    # (everyone expected marked, an excused absence's reason, the day come), in the same words as on the page.
    presences = {p.member_id: (p.presence, p.reason) for p in body.presences}
    try:
        meeting_services.meeting_take_attendance(actor=user, meeting=meeting, presences=presences, reason=body.reason)
    except ValidationError as error:
        raise refusal(error) from None
    return meeting_response(request, meeting_selectors.meeting_get(user, meeting.pk))


class EntryIn(Schema):
    order: int = Field(ge=1, le=1000, description="The step's order in the meeting's process (see `entries`).")
    content: str = Field(max_length=20000)


class MeetingRecordIn(Schema):
    """What happened at the meeting (the page "Record the meeting"): the chair and the minute-taker are members
    marked present; the steps not sent keep their content, the other fields are as sent (empty when not sent)."""

    held_on: str = date_text()
    started_at: str = Field(max_length=8, description="hh:mm")
    ended_at: str = Field(max_length=8, description="hh:mm")
    chair: int | None = Field(None, ge=1, le=2**31 - 1, description="A member marked present.")
    minute_taker: int | None = Field(None, ge=1, le=2**31 - 1, description="A member marked present.")
    entries: list[EntryIn] = Field([], max_length=200)
    resolution: str = Field("", max_length=20000)
    votes_for: int | None = Field(None, ge=0, le=32767)
    votes_against: int | None = Field(None, ge=0, le=32767)
    votes_abstain: int | None = Field(None, ge=0, le=32767)
    self_assessment: str = Field("", max_length=20000)
    reason: str = Field(min_length=1, max_length=500)


@meetings.put("/meetings/{meeting_id}/record", response={200: MeetingDetailOut, **WRITE_ERRORS},
              summary="Record the meeting held (If-Match: the meeting's ETag)")
def meeting_record(request, meeting_id: Id, body: MeetingRecordIn):
    user = user_of(request)
    meeting = read(meeting_selectors.meeting_get, request, meeting_id, MEETINGS, "meeting")
    if_match(request, meeting)
    values = body.dict()
    reason, sent = values.pop("reason"), values.pop("entries")
    orders = set(meeting.entries.values_list("order", flat=True))
    if unknown := sorted({e["order"] for e in sent} - orders):
        raise ApiError(422, _("The request was refused."), [{"field": "entries", "messages": [
            _("The meeting's process has no step %(order)s.") % {"order": order} for order in unknown]}])
    entries = {e["order"]: e["content"] for e in sent}
    values.update({f"entry_{order}": content for order, content in entries.items()})
    form = meeting_forms.MeetingRecordForm(form_data(values), meeting=meeting,
                                           present=meeting_selectors.meeting_present(meeting))
    through_form(form, lambda d: meeting_services.meeting_record(
        actor=user, meeting=meeting, held_on=d["held_on"], started_at=d["started_at"], ended_at=d["ended_at"],
        chair=d.get("chair"), minute_taker=d.get("minute_taker"), entries=entries, resolution=d.get("resolution", ""),
        votes_for=d.get("votes_for"), votes_against=d.get("votes_against"), votes_abstain=d.get("votes_abstain"),
        self_assessment=d.get("self_assessment", ""), reason=reason))
    return meeting_response(request, meeting_selectors.meeting_get(user, meeting.pk))


# ---- apparatus: terms, bodies, seats --------------------------------------------------------------------------------

apparatus = Router(tags=["apparatus"])


class TermOut(Schema):
    id: int
    organization: Ref
    label: str
    kind: str
    congress_on: datetime.date | None
    started_on: datetime.date
    ended_on: datetime.date | None
    decision_number: str
    version: int


class TermPage(PageOut):
    results: list[TermOut]


class TermQuery(Paging):
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="With everything under it.")
    current: Literal["true", "false"] | None = Field(None, description="Only the terms not ended (or only ended).")
    ordering: Literal["started_on", "-started_on"] = "-started_on"


def term_row(t: Term) -> dict:
    return {"id": t.pk, "organization": ref(t.organization), "label": t.label, "kind": t.kind,
            "congress_on": t.congress_on, "started_on": t.started_on, "ended_on": t.ended_on,
            "decision_number": t.decision_number, "version": t.revision}


def _within(user, rows, organization_id: int | None, field: str):
    """Rows of the organisations the user sees (organizations.selectors.organization_qs), under `organization_id`
    when given (400 when it is not one of them)."""
    return under_organization(user, rows.filter(**{f"{field}__in": organization_qs(user).values("pk")}),
                              organization_id, field)


@apparatus.get("/terms", response={200: TermPage, **READ_ERRORS}, summary="Terms of office in your scope")
def term_list(request, params: Query[TermQuery]):
    user = user_of(request)
    rows = _within(user, Term.objects.select_related("organization"), params.organization, "organization_id")
    if params.current is not None:
        rows = rows.filter(ended_on__isnull=params.current == "true")
    return paginate(request, ordered(rows, params.ordering, {"started_on": ("started_on",)}), params.page,
                    params.page_size, term_row)


@apparatus.get("/terms/{term_id}", response={200: TermOut, **READ_ERRORS}, summary="One term (404 outside your scope)")
def term_detail(request, term_id: Id):
    term = read(apparatus_selectors.term_get, request, term_id, VIEW, "term")
    return with_etag(api.create_response(request, TermOut(**term_row(term)).dict(), status=200), term)


class SeatOut(Schema):
    id: int
    body_id: int
    organization: Ref
    member: Ref
    position: str
    engagement: str
    started_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    version: int


class BodyOut(Schema):
    id: int
    organization: Ref
    term_id: int
    kind: str
    started_on: datetime.date
    ended_on: datetime.date | None
    decision_number: str
    version: int


class BodyDetailOut(BodyOut):
    seats: list[SeatOut]


class BodyPage(PageOut):
    results: list[BodyOut]


class BodyQuery(Paging):
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="With everything under it.")
    term: int | None = Field(None, ge=1, le=2**31 - 1)
    kind: Literal[*Body.Kind.values] | None = None
    current: Literal["true", "false"] | None = Field(None, description="Only the bodies not ended (or only ended).")
    ordering: Literal["started_on", "-started_on"] = "-started_on"


def body_row(b: Body) -> dict:
    return {"id": b.pk, "organization": ref(b.organization), "term_id": b.term_id, "kind": b.kind,
            "started_on": b.started_on, "ended_on": b.ended_on, "decision_number": b.decision_number,
            "version": b.revision}


def seat_row(s: Seat) -> dict:
    return {"id": s.pk, "body_id": s.body_id, "organization": ref(s.body.organization),
            "member": {"id": s.member_id, "name": s.member.full_name}, "position": s.position,
            "engagement": s.engagement, "started_on": s.started_on, "ended_on": s.ended_on,
            "end_reason": s.end_reason, "version": s.revision}


@apparatus.get("/bodies", response={200: BodyPage, **READ_ERRORS}, summary="Committees (bodies) in your scope")
def body_list(request, params: Query[BodyQuery]):
    user = user_of(request)
    rows = _within(user, Body.objects.select_related("organization"), params.organization, "organization_id")
    if params.term is not None:
        rows = rows.filter(term_id=params.term)
    if params.kind:
        rows = rows.filter(kind=params.kind)
    if params.current is not None:
        rows = rows.filter(ended_on__isnull=params.current == "true")
    return paginate(request, ordered(rows, params.ordering, {"started_on": ("started_on",)}), params.page,
                    params.page_size, body_row)


@apparatus.get("/bodies/{body_id}", response={200: BodyDetailOut, **READ_ERRORS},
               summary="One body with its seats, held and ended (404 outside your scope)")
def body_detail(request, body_id: Id):
    body = read(apparatus_selectors.body_get, request, body_id, VIEW, "body")
    seats = Seat.objects.filter(body=body).select_related("member", "body__organization").order_by(
        "ended_on", "started_on", "id")
    content = {**body_row(body), "seats": [seat_row(s) for s in seats]}
    return with_etag(api.create_response(request, BodyDetailOut(**content).dict(), status=200), body)


class SeatPage(PageOut):
    results: list[SeatOut]


class SeatQuery(Paging):
    q: str | None = Field(None, max_length=200, description="The holder's name words, diacritics and case ignored.")
    organization: int | None = Field(None, ge=1, le=2**31 - 1, description="With everything under it.")
    direct: Literal["true", "false"] | None = None
    level: Literal["grassroots", "superior", "below"] | None = None
    body_kind: Literal[*Body.Kind.values] | None = None
    position: str | None = Field(None, max_length=30)
    engagement: Literal[*Seat.Engagement.values] | None = None
    allowance_category: int | None = Field(None, ge=1, le=2**31 - 1)
    state: Literal["current", "ended", "all"] | None = None
    ordering: Literal["name", "-name", "started_on", "-started_on", "position", "-position"] = "position"


SEAT_FILTERS = ("q", "organization", "direct", "level", "body_kind", "position", "engagement", "allowance_category",
                "state")
SEAT_ORDERING = {"name": ("member__name_sort",), "started_on": ("started_on",),
                 "position": ("body__organization__name_sort", "position_rank", "member__name_sort")}


@apparatus.get("/seats", response={200: SeatPage, **READ_ERRORS}, summary="Committee seats in your scope")
def seat_list(request, params: Query[SeatQuery]):
    user = user_of(request)
    rows = filtered(SeatFilter(filter_data(request, SEAT_FILTERS), queryset=apparatus_selectors.seat_list_qs(user),
                               user=user))
    return paginate(request, ordered(rows, params.ordering, SEAT_ORDERING), params.page, params.page_size, seat_row)


@apparatus.get("/seats/{seat_id}", response={200: SeatOut, **READ_ERRORS}, summary="One seat (404 outside your scope)")
def seat_detail(request, seat_id: Id):
    seat = read(apparatus_selectors.seat_get, request, seat_id, VIEW, "seat")
    return with_etag(api.create_response(request, SeatOut(**seat_row(seat)).dict(), status=200), seat)


# ---- petitions: the register, the sender masked exactly as on the pages, every opening logged ---------------------

petitions = Router(tags=["petitions"])


class PetitionOut(Schema):
    """The record the register's JSON gave (petitions.views.api_record): the sender's fields are "•••" (or empty)
    unless the user may see the sender (petitions.selectors.masked), and each row returned is logged as an opening."""

    id: int
    number: str
    received_on: datetime.date
    channel: str
    organization: str
    anonymous: bool
    signatory_count: int
    kind: str
    summary: str
    state: str
    not_handled_reason: str
    due_on: datetime.date | None
    due_on_provisional: bool
    concluded_on: datetime.date | None
    outcome: str
    identity_shown: bool
    sender_name: str
    sender_address: str
    sender_contact: str
    signatories: str


class PetitionPage(PageOut):
    results: list[PetitionOut]


class PetitionQuery(Paging):
    received_from: str | None = Field(None, max_length=10, json_schema_extra={"format": "date"})
    received_to: str | None = Field(None, max_length=10, json_schema_extra={"format": "date"})
    kind: str | None = Field(None, max_length=40)
    state: str | None = Field(None, max_length=20)
    eligibility: str | None = Field(None, max_length=20)
    reason: str | None = Field(None, max_length=40)
    deadline: str | None = Field(None, max_length=20)
    handled_by: str | None = Field(None, max_length=20)
    ordering: Literal["received_on", "-received_on"] = "-received_on"


PETITION_FILTERS = ("received_from", "received_to", "kind", "state", "eligibility", "reason", "deadline",
                    "handled_by")


@petitions.get("/petitions", response={200: PetitionPage, **READ_ERRORS},
               summary="The petitions register (filters as on its page; every row returned is logged as opened)")
def petition_list(request, params: Query[PetitionQuery]):
    user = user_of(request)
    today = datetime.date.today()
    rows = filtered(PetitionFilter(filter_data(request, PETITION_FILTERS),
                                   queryset=petition_selectors.register_qs(user), today=today,
                                   due_soon=petition_selectors.due_soon_days(today), user=user))
    answer = paginate(request, ordered(rows, params.ordering, {"received_on": ("received_on",)}), params.page,
                      params.page_size, lambda petition: petition)
    shown = answer["results"]
    visible = petition_selectors.identity_visible_ids(user, shown)
    petition_services.accesses_record(user=user, petitions=shown, via=Access.Via.API, visible=visible)
    petition_views.identity_read(request, [p for p in shown if p.pk in visible], Access.Via.API)
    answer["results"] = [petition_views.api_record(p, p.pk in visible) for p in shown]
    return answer


@petitions.get("/petitions/{petition_id}", response={200: PetitionOut, **READ_ERRORS},
               summary="One petition (404 outside your scope; the opening logged)")
def petition_detail(request, petition_id: Id):
    user = user_of(request)
    petition = read(petition_selectors.petition_get, request, petition_id, VIEW, "petition")
    return petition_detail_response(request, user, petition)


def petition_detail_response(request, user, petition):
    """The petition's record, the sender masked unless the user may see it; an opening, logged (and the sender
    shown, in the security log)."""
    visible = petition_selectors.can_see_identity(user, petition)
    petition_services.accesses_record(user=user, petitions=[petition], via=Access.Via.API,
                                      visible={petition.pk} if visible else set())
    if visible:
        petition_views.identity_read(request, [petition], Access.Via.API)
    return with_etag(api.create_response(request, petition_views.api_record(petition, visible), status=200), petition)


class PetitionReceiveIn(Schema):
    """A letter entered in a register you keep (the page "Receive a letter"; its scans are added on the pages)."""

    organization: int = Field(ge=1, le=2**31 - 1, description="The register's committee (one you receive letters "
                                                              "for; a cell keeps none).")
    received_on: str = date_text()
    channel: Literal[*Channel.values]
    forwarded_by: str = Field("", max_length=255, description="The body that forwarded it (channel forwarded).")
    anonymous: bool = False
    sender_name: str = Field("", max_length=200, description="Required unless the letter is anonymous.")
    sender_address: str = Field("", max_length=300)
    sender_contact: str = Field("", max_length=200)
    signatory_count: int = Field(1, ge=1, le=100000)
    signatories: str = Field("", max_length=5000)
    signed_original: bool = True
    subject_persons: str = Field("", max_length=500)
    subject_organization: int | None = Field(None, ge=1, le=2**31 - 1)
    concerns: Literal[*Concerns.values]
    summary: str = Field(max_length=300)
    content: str = Field(max_length=50000)


@petitions.post("/petitions", response={201: PetitionOut, **WRITE_ERRORS},
                summary="Receive a letter into a register (as the page does, with its refusals; the sender masked "
                        "in the answer unless you may see it, the opening logged)")
def petition_receive(request, body: PetitionReceiveIn):
    user = user_of(request)
    if not scope_for(user).can(PETITIONS):
        raise PermissionDenied  # as the page: a role without the petitions action receives no letter
    form = petition_forms.ReceiveForm(form_data(body.dict()),
                                      organizations=petition_selectors.sender_check_registers(user),
                                      subjects=organization_choices(user, PETITIONS))
    received = through_form(form, lambda data: petition_services.petition_receive(actor=user, **data))
    petition = petition_selectors.petition_get(user, received.pk, VIEW)
    response = petition_detail_response(request, user, petition)
    response.status_code = 201
    return response


# ---- rule data ----------------------------------------------------------------------------------------------------

rules = Router(tags=["rules"])


class RuleOut(Schema):
    id: int
    code: str
    label: str
    value: Any = Field(description="A number, a text, a list or a table, as the rule is kept.")
    unit: str
    regulation: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    unconfirmed: bool
    version: int


class RuleQuery(Schema):
    code: str | None = Field(None, max_length=80)
    on: datetime.date | None = Field(None, description="Only the versions in force on this day.")


@rules.get("/rules", response={200: list[RuleOut], **READ_ERRORS},
           summary="Every rule (regulated numbers, dated, with their source): open to every user, as its page")
def rule_data(request, params: Query[RuleQuery]):
    rows = rule_list().order_by("code", "-effective_from", "id")
    if params.code:
        rows = rows.filter(code=params.code)
    if params.on:
        rows = rows.filter(effective_from__lte=params.on).filter(Q(effective_to__isnull=True) |
                                                                 Q(effective_to__gt=params.on))
    return [{"id": r.pk, "code": r.code, "label": r.label, "value": r.value, "unit": r.unit,
             "regulation": r.regulation, "effective_from": r.effective_from, "effective_to": r.effective_to,
             "unconfirmed": r.unconfirmed, "version": r.revision} for r in rows]


from .compliance import compliance  # noqa: E402 (registered in this order, with the others)

api.add_router("", organizations)
api.add_router("", members)
api.add_router("", meetings)
api.add_router("", compliance)
api.add_router("", apparatus)
api.add_router("", petitions)
api.add_router("", rules)

from .oversight import groups as oversight_groups  # noqa: E402 (the oversight resources: api/oversight.py)
from .oversight import inspections as oversight_inspections  # noqa: E402

api.add_router("", oversight_groups)
api.add_router("", oversight_inspections)
