"""The cell-meeting pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

MEETINGS is held by the admin, the Bloc's standing committee, committee staff and cell secretaries over their
subtree; a plain member has no VIEW at all, so not even its own cell's meetings. The process is changed only by the
committee that issues it (the top of the tree: admin and khoi).

`build(w)` adds, through the real services, to every cell with members

    held     the regular meeting of last month, attendance taken, recorded with a resolution and a vote (closeable)
    planned  the regular meeting of this month, planned only (attendance and record can be taken, notice given)
    document the agenda of the planned meeting, a PDF that reached the members yesterday (the member `dangvien`, of
             cell_a1, reads cell_a1's)

and: clusters for gc_a and gc_b with a pilot thematic meeting in cell_a2 and cell_b2; a draft of the next regular
process; a deputy secretary of the Bloc's executive committee (a member of gcell, "Trần Quốc Hưng", who may lead a new
working group); a working group of the Bloc, of gc_a and of gc_b; the Bloc group's planned visits to cell_a1 and
cell_b1.
"""

import datetime
from types import SimpleNamespace

from django.urls import reverse

from core.dates import add_months
from core.testing import STAFF, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import dmy, doc

T = datetime.time
TODAY = datetime.date.today()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = add_months(THIS_MONTH, -1)
HELD_ON = LAST_MONTH + datetime.timedelta(days=7)
PLANNED_ON = TODAY  # a day of this month that is not in the future: the planned meeting can be recorded
CELLS_WITH_MEMBERS = ("cell_a1", "cell_a2", "cell_b1", "cell_b2", "gcell")
ALL_CELLS = ("cell_a1", "cell_a2", "cell_a3", "cell_b1", "cell_b2", "cell_b3", "gcell")
PUBLISHERS = frozenset({"admin", "khoi"})  # the committee that issues the process: the top of the tree
CLUSTERS = {"gc_a": ("cum-a", "Cụm thi đua số Một"), "gc_b": ("cum-b", "Cụm thi đua số Hai")}
PILOTS = {"cell_a2": "Thí điểm chuyên đề của cụm Một", "cell_b2": "Thí điểm chuyên đề của cụm Hai"}
GROUPS = {"bloc": "Tổ công tác của Khối", "gc_a": "Tổ công tác Sở Tài chính", "gc_b": "Tổ công tác Sở Y tế"}
GRASSROOTS = {"cell_a1": "gc_a", "cell_a2": "gc_a", "cell_a3": "gc_a", "cell_b1": "gc_b", "cell_b2": "gc_b",
              "cell_b3": "gc_b", "gcell": "gcell"}


def snapshot() -> dict:
    """The meeting tables and their history: equal before and after means nothing was written."""
    from meetings.models import (
        AgendaEntry,
        Attendance,
        Guest,
        Meeting,
        MeetingDocument,
        ProcessStep,
        ProcessTemplate,
        Visit,
        WorkingGroup,
    )

    return {
        "meetings": list(Meeting.objects.order_by("pk").values_list(
            "pk", "organization_id", "kind", "status", "topic", "planned_on", "planned_at", "place", "notice_sent_on",
            "held_on", "started_at", "ended_at", "chair_id", "minute_taker_id", "resolution", "votes_for",
            "votes_against", "votes_abstain", "cancelled_reason", "minutes_number", "minutes_reference")),
        "meeting_history": Meeting.history.count(),
        "entries": list(AgendaEntry.objects.order_by("pk").values_list("pk", "meeting_id", "order", "content")),
        "entry_history": AgendaEntry.history.count(),
        "attendance": list(Attendance.objects.order_by("pk").values_list("pk", "meeting_id", "member_id", "presence",
                                                                         "reason")),
        "attendance_history": Attendance.history.count(),
        "guests": list(Guest.objects.order_by("pk").values_list("pk", "meeting_id", "name")),
        "documents": list(MeetingDocument.objects.order_by("pk").values_list(
            "pk", "meeting_id", "title", "file", "link", "available_on", "withdrawn_on", "withdrawn_reason")),
        "document_history": MeetingDocument.history.count(),
        "templates": list(ProcessTemplate.objects.order_by("pk").values_list(
            "pk", "kind", "version", "title", "decision_number", "published_on", "note")),
        "template_history": ProcessTemplate.history.count(),
        "steps": list(ProcessStep.objects.order_by("pk").values_list("pk", "template_id", "order", "code", "title")),
        "groups": list(WorkingGroup.objects.order_by("pk").values_list("pk", "organization_id", "name", "leader_id")),
        "group_members": list(WorkingGroup.members.through.objects.order_by("pk").values_list(
            "workinggroup_id", "member_id")),
        "visits": list(Visit.objects.order_by("pk").values_list(
            "pk", "group_id", "organization_id", "meeting_id", "planned_on", "visited_on", "observations",
            "assessment", "recommendations")),
        "visit_attendees": list(Visit.attendees.through.objects.order_by("pk").values_list("visit_id", "member_id")),
        "visit_history": Visit.history.count(),
    }


# ---- the meeting data, through the real services --------------------------------------------------------------

def presences_for(meeting, *, excused=()) -> dict:
    """Everyone on the roster present (exempt members exempt), the `excused` members excused."""
    from meetings.selectors import meeting_roster

    return {m.pk: ("excused", "Đi công tác") if m in excused else ("exempt" if m.exempted_since else "present", "")
            for m in meeting_roster(meeting)}


def hold(actor, cell, on, *, kind="regular", topic="", excused=(), document=False, is_pilot=False):
    """A meeting of `cell` held on `on`: planned, attendance taken, recorded with a resolution and a vote."""
    from meetings import services

    meeting = services.meeting_plan(actor=actor, organization=cell, kind=kind, planned_on=on, topic=topic,
                                    place="Phòng họp", is_pilot=is_pilot)
    services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences_for(meeting, excused=excused))
    if document:
        services.meeting_add_document(actor=actor, meeting=meeting, title="Dự thảo nghị quyết",
                                      available_on=on - datetime.timedelta(days=2))
    return services.meeting_record(actor=actor, meeting=meeting, held_on=on, started_at=T(14, 0), ended_at=T(15, 45),
                                   resolution="Nghị quyết tháng", votes_for=1)


def pdf(name: str = "chuong-trinh.pdf"):
    """A small PDF upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n% chuong trinh sinh hoat\n%%EOF\n", content_type="application/pdf")


def bloc_deputy(w):
    """A deputy secretary on the Bloc's executive committee (a working group's leader is one): a member of the
    grassroots cell seated for it, the committee opened first when the Bloc has none (apparatus's build opens it)."""
    from apparatus.models import Body, Position
    from apparatus.services import seat_assign, term_open
    from meetings.selectors import group_candidates
    from members.services import member_register

    leaders, _members = group_candidates(w.bloc)
    if leaders.exists():
        return leaders.first()
    body = Body.objects.filter(organization=w.bloc, kind=Body.Kind.EXECUTIVE_COMMITTEE, ended_on__isnull=True).first()
    if body is None:
        body = term_open(actor=w.actor, organization=w.bloc, label="2025–2030",
                         congress_on=datetime.date(2025, 9, 20)).bodies.get()
    deputy = member_register(actor=w.actor, organization=w.gcell, status="full", admitted_on=datetime.date(2010, 5, 1),
                             full_on=datetime.date(2011, 5, 1), full_name="Trần Quốc Hưng", gender="male",
                             date_of_birth=datetime.date(1972, 4, 2), citizen_id="001072054321", hometown="Vĩnh Phúc",
                             position="Phó Bí thư Đảng ủy Khối", agency="Đảng ủy Khối")
    seat_assign(actor=w.actor, body=body, member=deputy, position=Position.STANDING_DEPUTY_SECRETARY,
                started_on=body.started_on)
    return deputy


def build(w) -> None:
    from meetings import services
    from meetings.models import MeetingKind, ProcessTemplate
    from organizations.models import Cluster
    from organizations.services import organization_update

    actor = w.actor
    m = w.meetings = SimpleNamespace(held={}, planned={}, documents={}, pilots={}, groups={}, visits={})
    for key in CELLS_WITH_MEMBERS:
        m.held[key] = hold(actor, w.orgs[key], HELD_ON)
        m.planned[key] = services.meeting_plan(actor=actor, organization=w.orgs[key], kind=MeetingKind.REGULAR,
                                               planned_on=PLANNED_ON)
        m.documents[key] = services.meeting_add_document(
            actor=actor, meeting=m.planned[key], title=f"Chương trình sinh hoạt {key}", file=pdf(f"{key}.pdf"),
            available_on=PLANNED_ON - datetime.timedelta(days=1))
    for key, (code, name) in CLUSTERS.items():
        cluster = Cluster.objects.get_or_create(code=code, defaults={"name": name})[0]
        organization_update(actor=actor, organization=w.orgs[key], reason="Phân cụm thi đua", cluster=cluster)
    for key, topic in PILOTS.items():
        m.pilots[key] = services.meeting_plan(actor=actor, organization=w.orgs[key], kind=MeetingKind.THEMATIC,
                                              planned_on=PLANNED_ON, topic=topic, is_pilot=True)
    m.v1 = ProcessTemplate.objects.get(kind=MeetingKind.REGULAR, version=1)
    m.draft = services.process_draft(actor=w.users["khoi"], kind=MeetingKind.REGULAR)
    m.deputy = bloc_deputy(w)
    leaders = {"bloc": m.deputy, "gc_a": w.members["a1_full"], "gc_b": w.members["b1_full"]}
    for key, name in GROUPS.items():
        m.groups[key] = services.working_group_create(
            actor=actor, organization=w.orgs[key], name=name, leader=leaders[key], established_on=datetime.date(2020, 1, 1),
            decision_number="12-QĐ/ĐUK", require_deputy=False)
    for key in ("cell_a1", "cell_b1"):
        m.visits[key] = services.visit_plan(actor=actor, group=m.groups["bloc"], organization=w.orgs[key],
                                            planned_on=PLANNED_ON)


# ---- what each URL is aimed at, and the data that succeeds --------------------------------------------------------

def cell(w, place):
    return [w.orgs[place].pk]


def meeting(which):
    def args(w, place):
        return [getattr(w.meetings, which)[place].pk]
    return args


def plan_payload(w, place):
    return {"kind": "thematic", "planned_on": dmy(PLANNED_ON), "topic": "Chuyên đề thử phạm vi", "place": "Hội trường"}


def attendance_payload(w, place):
    data = {}
    for pk, (presence, _reason) in presences_for(w.meetings.planned[place]).items():
        data[f"presence_{pk}"], data[f"reason_{pk}"] = presence, ""
    return data


def record_payload(w, place):
    return {"held_on": dmy(PLANNED_ON), "started_at": "14:00", "ended_at": "15:40", "resolution": "Nghị quyết thử"}


def reschedule_payload(w, place):
    return {"planned_on": dmy(PLANNED_ON), "planned_at": "07:30", "place": "Hội trường tầng 2", "reason": "Đổi giờ"}


def document_payload(w, place):
    return {"title": "Dự thảo nghị quyết", "file": pdf("du-thao.pdf"), "available_on": dmy(TODAY)}


def document(w, place):
    """The planned meeting's document at `place` ("own": that of the cell the member dangvien attends, cell_a1)."""
    return [w.meetings.documents["cell_a1" if place == "own" else place].pk]


def document_titles(w, place):
    return {w.meetings.documents["cell_a1" if place == "own" else place].title}


def withdraw_payload(w, place):
    return {"reason": "Gửi nhầm bản cũ"}


def draft(w, place):
    return [w.meetings.draft.pk]


def v1(w, place):
    return [w.meetings.v1.pk]


def edit_payload(w, place):
    steps = list(w.meetings.draft.steps.order_by("order"))
    data = {"title": "Quy trình sinh hoạt chi bộ (sửa đổi)", "decision_number": "", "note": "", "reason": "Góp ý",
            "steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": str(len(steps)),
            "steps-MIN_NUM_FORMS": "0", "steps-MAX_NUM_FORMS": "40"}
    for i, step in enumerate(steps):
        data.update({f"steps-{i}-order": str(step.order), f"steps-{i}-code": step.code,
                     f"steps-{i}-title": step.title, f"steps-{i}-guidance": step.guidance})
        if step.required:
            data[f"steps-{i}-required"] = "on"
    return data


def publish_payload(w, place):
    return {"published_on": dmy(TODAY), "decision_number": "12-QĐ/ĐUK"}


def group(w, place):
    return [w.meetings.groups[place].pk]


def visit_plan_payload(w, place):
    target = {"bloc": "gcell", "gc_a": "cell_a2", "gc_b": "cell_b2"}[place]
    return {"organization": w.orgs[target].pk, "planned_on": dmy(TODAY)}


def group_create_payload(w, place):
    return {"name": "Tổ công tác số 2", "leader": w.meetings.deputy.pk, "established_on": dmy(TODAY),
            "decision_number": "15-QĐ/ĐUK"}


def visit(w, place):
    return [w.meetings.visits[place].pk]


def visit_record_payload(w, place):
    return {"visited_on": dmy(TODAY), "attendees": [w.meetings.groups["bloc"].leader_id], "assessment": "good",
            "observations": "Chuẩn bị chu đáo", "recommendations": "Tăng thảo luận"}


def cell_names(w, place):
    return {w.orgs[place].name}


def grassroots_names(w, place):
    return {w.orgs[GRASSROOTS[place]].name}


def cluster_names(w, place):
    return {CLUSTERS[GRASSROOTS[place]][1]}


def pilot_topics(w, place):
    return {PILOTS[place]}


def group_names(w, place):
    return {GROUPS[place]}


MEETING_PLACES = ("cell_a1", "cell_a2", "cell_b1", "gcell")
COMPLIANCE = dict(marks=cell_names, mark_places=ALL_CELLS)
BY_GRASSROOTS = dict(marks=grassroots_names, mark_places=("cell_a1", "cell_b1", "gcell"))
BY_CLUSTER = dict(marks=cluster_names, mark_places=("cell_a1", "cell_b1"))
TODO = dict(marks=cell_names, mark_places=ALL_CELLS)  # each cell owes something: notice, or its meeting planned
# Last month: the cells without members missed their regular meeting (failing).
COMPLIANCE_FAILING = dict(marks=cell_names, mark_places=("cell_a3", "cell_b3"))

SCOPE_CASES = [
    ScopeCase("meetings:compliance", VIEWERS, **COMPLIANCE),
    ScopeCase("meetings:compliance", VIEWERS, query=f"month={LAST_MONTH:%Y-%m}&months=3", **COMPLIANCE),
    ScopeCase("meetings:compliance", VIEWERS, query=f"month={THIS_MONTH:%Y-%m}&period=quarter", **COMPLIANCE),
    ScopeCase("meetings:compliance", VIEWERS, query="export=csv", **COMPLIANCE),
    ScopeCase("meetings:compliance", VIEWERS, query="by=grassroots", **BY_GRASSROOTS),
    ScopeCase("meetings:compliance", VIEWERS, query="by=grassroots&export=xlsx", **BY_GRASSROOTS),
    ScopeCase("meetings:compliance", VIEWERS, query="by=cluster", **BY_CLUSTER),
    ScopeCase("meetings:compliance", VIEWERS, query="by=cluster&export=csv", **BY_CLUSTER),
    ScopeCase("meetings:clusters", VIEWERS, marks=pilot_topics, mark_places=tuple(PILOTS)),
    ScopeCase("meetings:processes", VIEWERS),
    ScopeCase("meetings:process_new", PUBLISHERS, method="post", payload=lambda w, place: {"kind": "thematic"}),
    ScopeCase("meetings:process_detail", VIEWERS, args=v1),
    ScopeCase("meetings:process_detail", PUBLISHERS, args=draft, name="draft"),  # the issuer's working copy
    ScopeCase("meetings:process_edit", PUBLISHERS, args=draft, payload=edit_payload),
    ScopeCase("meetings:process_publish", PUBLISHERS, args=draft, method="post", payload=publish_payload),
    ScopeCase("meetings:process_discard", PUBLISHERS, args=draft, method="post"),
    ScopeCase("meetings:groups", VIEWERS, marks=group_names, mark_places=tuple(GROUPS)),
    ScopeCase("meetings:group_create", PUBLISHERS, payload=group_create_payload),
    ScopeCase("meetings:group", STAFF, at=tuple(GROUPS), args=group, payload=visit_plan_payload),
    ScopeCase("meetings:visit", VIEWERS, at=("cell_a1", "cell_b1"), args=visit),  # the visited cell sees it
    ScopeCase("meetings:visit", PUBLISHERS, at=("cell_a1", "cell_b1"), args=visit, method="post",
              payload=visit_record_payload, name="record"),  # recorded by the group's committee (the Bloc's)
    ScopeCase("meetings:cell", VIEWERS, at=MEETING_PLACES, args=cell),
    ScopeCase("meetings:plan", VIEWERS, at=MEETING_PLACES, args=cell, payload=plan_payload),
    ScopeCase("meetings:detail", VIEWERS, at=MEETING_PLACES, args=meeting("planned")),
    ScopeCase("meetings:detail", VIEWERS, at=MEETING_PLACES, args=meeting("held"), name="held"),
    ScopeCase("meetings:attendance", VIEWERS, at=MEETING_PLACES, args=meeting("planned"),
              payload=attendance_payload),
    ScopeCase("meetings:record", VIEWERS, at=MEETING_PLACES, args=meeting("planned"), payload=record_payload),
    ScopeCase("meetings:close", VIEWERS, at=MEETING_PLACES, args=meeting("held"), method="post"),
    ScopeCase("meetings:notify", VIEWERS, at=MEETING_PLACES, args=meeting("planned"), method="post"),
    ScopeCase("meetings:minutes", VIEWERS, at=MEETING_PLACES, args=meeting("held")),
    ScopeCase("meetings:reschedule", VIEWERS, at=MEETING_PLACES, args=meeting("planned"), payload=reschedule_payload),
    ScopeCase("meetings:document_add", VIEWERS, at=MEETING_PLACES, args=meeting("planned"), payload=document_payload),
    # the file: whoever sees the cell, and the members who attend its meetings
    ScopeCase("meetings:document", VIEWERS | {"dangvien"}, at=("own", "cell_a2", "cell_b1", "gcell"), args=document),
    ScopeCase("meetings:document_withdraw", VIEWERS, at=MEETING_PLACES, args=document, payload=withdraw_payload),
    # the home page's to-do counts open exactly their rows
    ScopeCase("meetings:compliance_todo", VIEWERS, **TODO),
    ScopeCase("meetings:compliance_todo", VIEWERS, query="code=notice_due", marks=cell_names,
              mark_places=CELLS_WITH_MEMBERS),
    ScopeCase("meetings:compliance", VIEWERS, query=f"month={LAST_MONTH:%Y-%m}&failing=1&sort=result",
              **COMPLIANCE_FAILING),
    ScopeCase("meetings:compliance", VIEWERS,
              query=f"month={LAST_MONTH:%Y-%m}&by=grassroots&failing=1&sort=attendance&export=csv",
              **BY_GRASSROOTS),
    # the menu's "my cell's meetings" (to the cell's page, or the compliance page for many cells) and "my meetings"
    ScopeCase("meetings:mine", VIEWERS, opened=(302,)),
    ScopeCase("meetings:my_meetings", frozenset({"dangvien"}), marks=document_titles, mark_places=("own", "cell_b1")),
]


# ---- data grown for the query counts ------------------------------------------------------------------------------

def grow(w, factor: int) -> None:
    """`factor` slices, each: a cell of gc_a with two members, its regular meeting of last month held (one member
    excused, a document) and this month's planned; a thematic meeting of cell_a1 held last month and one planned;
    a cell of gc_b with a member; in both new cells (in clusters) a pilot thematic meeting held last month, observed
    from the other side; the Bloc's
    working group planning and recording a visit to each new cell. The first slice also drafts a new thematic
    process, the second an extraordinary one."""
    from meetings import services
    from meetings.models import MeetingKind
    from organizations.models import Cluster, OrganizationKind
    from organizations.services import organization_create, organization_update

    actor = w.actor
    state = w.__dict__.get("meetings_grown")
    if state is None:
        for key, (code, name) in {**CLUSTERS, "gcell": CLUSTERS["gc_b"]}.items():
            cluster = Cluster.objects.get_or_create(code=code, defaults={"name": name})[0]
            organization_update(actor=actor, organization=w.orgs[key], reason="Phân cụm thi đua", cluster=cluster)
        group = services.working_group_create(
            actor=actor, organization=w.bloc, name="Tổ công tác số 1", leader=w.members["gcell_full"],
            established_on=datetime.date(2020, 1, 1), decision_number="12-QĐ/ĐUK", require_deputy=False)
        state = w.meetings_grown = {"n": 0, "group": group}
    cell_kind = OrganizationKind.objects.get(code="cell")
    group = state["group"]
    for _ in range(factor):
        state["n"] += 1
        n = state["n"]
        day = LAST_MONTH + datetime.timedelta(days=n % 27)
        new = organization_create(actor=actor, kind=cell_kind, parent=w.gc_a, code=f"QC-{n}",
                                  name=f"Chi bộ Phòng Số {n}", established_on=datetime.date(2015, 1, 1),
                                  decision_number="01-QĐ/ĐUK")
        members = [w_member(w, new, n, i) for i in range(2)]
        hold(actor, new, day, excused=members[:1], document=True)
        services.meeting_plan(actor=actor, organization=new, kind=MeetingKind.REGULAR, planned_on=TODAY)
        hold(actor, w.cell_a1, day, kind=MeetingKind.THEMATIC, topic=f"Chuyên đề {n}", document=True)
        services.meeting_plan(actor=actor, organization=w.cell_a1, kind=MeetingKind.THEMATIC, planned_on=TODAY,
                              topic=f"Chuyên đề sắp tới {n}")
        other = organization_create(actor=actor, kind=cell_kind, parent=w.gc_b, code=f"QY-{n}",
                                    name=f"Chi bộ Khoa Số {n}", established_on=datetime.date(2015, 1, 1),
                                    decision_number="01-QĐ/ĐUK")
        w_member(w, other, n, 9)
        for host, observer in ((new, w.gc_b), (other, w.gc_a)):
            pilot = hold(actor, host, day, kind=MeetingKind.THEMATIC, topic="Nâng cao chất lượng sinh hoạt",
                         is_pilot=True)
            services.meeting_add_guest(actor=actor, meeting=pilot, name="Đại biểu quan sát", observer_from=observer)
        for target in (new, other):
            planned = services.visit_plan(actor=actor, group=group, organization=target, planned_on=day)
            services.visit_record(actor=actor, visit=planned, visited_on=day, attendees=[group.leader])
        if n <= 2:
            services.process_draft(actor=w.users["khoi"],
                                   kind=(MeetingKind.THEMATIC, MeetingKind.EXTRAORDINARY)[n - 1])


def w_member(w, organization, n: int, i: int):
    from members.services import member_register

    return member_register(actor=w.actor, organization=organization, status="full",
                           admitted_on=datetime.date(2016, 3, 15), full_on=datetime.date(2017, 3, 15),
                           full_name=f"Nguyễn Văn Họp {n}-{i}", gender="male", date_of_birth=datetime.date(1985, 1, 1),
                           citizen_id=f"0010899{n:03d}{i:02d}", hometown="Vĩnh Phúc", position="Chuyên viên",
                           agency="Văn phòng")


def rows(xpath):
    def count(response):
        return doc(response).xpath(xpath)
    return count


# Bounds: those the old page tests fixed (compliance 14, cell 9, roll-ups 18, working groups 16, process list 8); the
# cluster page's and the exports' are the counts measured when they were declared here, the two exports + 1 since the
# scope reads every user's own member record (issue 12); the to-do list's as measured when it was added.
QUERY_CASES = [
    QueryCase("meetings_compliance", f"/meetings/compliance/?month={LAST_MONTH:%Y-%m}&months=3", 14,
              rows=rows('//table[@id="compliance"]/tbody/tr')),
    # +1: the export's security event (audit)
    QueryCase("meetings_compliance_csv", f"/meetings/compliance/?month={LAST_MONTH:%Y-%m}&months=3&export=csv", 14),
    QueryCase("meetings_compliance_by_grassroots_xlsx",
              f"/meetings/compliance/?month={LAST_MONTH:%Y-%m}&period=year&by=grassroots&export=xlsx", 16),  # +1: export event
    QueryCase("meetings_compliance_failing", f"/meetings/compliance/?month={LAST_MONTH:%Y-%m}&months=3&failing=1"
              "&sort=result", 14, rows=rows('//table[@id="compliance"]/tbody/tr[@data-failing="1"]')),
    QueryCase("meetings_compliance_todo", "/meetings/compliance/todo/", 10,
              rows=rows('//ul[@id="todo-rows"]/li[@data-code]')),
    QueryCase("meetings_cell", lambda w: reverse("meetings:cell", args=[w.cell_a1.pk]), 9,
              rows=rows('//table[@id="meetings"]/tbody/tr')),
    *[QueryCase(f"meetings_compliance_by_{by}", f"/meetings/compliance/?month={LAST_MONTH:%Y-%m}&period=year&by={by}",
                18, rows=rows('//table[@id="compliance-groups"]/tbody/tr')) for by in ("grassroots", "cluster")],
    QueryCase("meetings_clusters", "/meetings/clusters/", 10, rows=rows('//li[contains(@class, "pilot")]')),
    QueryCase("meetings_groups", "/meetings/groups/", 16, users=("khoi",), rows=rows('//table[@id="groups"]//a')),
    QueryCase("meetings_group", lambda w: reverse("meetings:group", args=[w.meetings_grown["group"].pk]), 16,
              users=("khoi",), rows=rows('//table[@id="visits"]/tbody/tr[@data-state]')),
    QueryCase("meetings_processes", "/meetings/processes/", 8, rows=rows("//tr[@data-state]")),
]
