"""The studies pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

The Bloc launches two studies over the whole test world: one on its outgoing resolution, whose sessions (gc_a, gc_b,
gcell) are held, each with one member excused and not yet made up; one on its incoming letter, whose sessions are
still to plan. In the first, the members a1_full, b1_full and gcell_full have each handed in a takeaway, waiting for
their secretary. Sessions are convened by whoever holds the meetings action over the grassroots organisation
(committee staff; a cell's secretary does not cover its grassroots committee); a takeaway is assessed by whoever
holds it over the member's cell (its secretary too); a member writes only their own.
"""

import datetime

from django.utils import timezone

from core.testing import STAFF, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import doc

SESSIONS = ("gc_a", "gc_b", "gcell")
PROGRAMMES = {"gc_a": "cell_a1", "gc_b": "cell_b1", "gcell": "gcell"}  # a programme's organisation: its task's owner
OWNERS = tuple(PROGRAMMES.values())
WRITERS = {"cell_a1": "a1_full", "cell_b1": "b1_full", "gcell": "gcell_full"}
# the takeaway list's marks: the writers' names
MARKS = {"cell_a1": "Lý Thị Mai", "cell_b1": "Đinh Thị Hoa"}


def today() -> datetime.date:
    return timezone.localdate()


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def snapshot() -> dict:
    from studies.models import (
        ActionProgramme,
        ImplementationReport,
        ProgrammeTask,
        StudyAttendance,
        StudyCampaign,
        StudySession,
        Takeaway,
    )

    return {
        "campaigns": list(StudyCampaign.objects.order_by("pk").values_list("pk", "document_id", "status", "revision")),
        "sessions": list(StudySession.objects.order_by("pk").values_list("pk", "status", "planned_on", "held_on",
                                                                         "place", "reporter", "cancel_reason",
                                                                         "revision")),
        "attendance": list(StudyAttendance.objects.order_by("pk").values_list("pk", "presence", "reason",
                                                                              "made_up_on")),
        "takeaways": list(Takeaway.objects.order_by("pk").values_list("pk", "status", "text", "reason")),
        "programmes": list(ActionProgramme.objects.order_by("pk").values_list("pk", "organization_id", "title")),
        "tasks": list(ProgrammeTask.objects.order_by("pk").values_list("pk", "title", "status", "evidence",
                                                                       "deadline")),
        "reports": list(ImplementationReport.objects.order_by("pk").values_list("pk", "kind", "text")),
        "history": (StudyCampaign.history.count(), StudySession.history.count(), StudyAttendance.history.count(),
                    Takeaway.history.count(), ActionProgramme.history.count(), ProgrammeTask.history.count(),
                    ImplementationReport.history.count()),
    }


def _presences(session, excused=()) -> dict:
    from studies.selectors import session_roster

    return {m.pk: ("excused", "Đi công tác") if m.pk in excused else ("present", "")
            for m in session_roster(session)}


def _record(w, campaign, *, excuse_first=True) -> None:
    from studies import services
    from studies.selectors import session_roster

    for session in campaign.sessions.all():
        roster = session_roster(session)
        excused = {roster[-1].pk} if excuse_first and len(roster) > 1 else set()
        services.session_record(actor=w.actor, session=session, held_on=today(), place="Hội trường",
                                reporter="Đồng chí Bí thư", presences=_presences(session, excused))


def _launch(w, document):
    from studies import services

    return services.campaign_launch(actor=w.actor, document=document, mode="thorough", sessions_by=today(),
                                    takeaways_by=today() + datetime.timedelta(days=30), launched_on=today())


def build(w) -> None:
    from studies import services

    w.study_held = _launch(w, w.documents["bloc"]["out"])
    _record(w, w.study_held)
    w.study_planned = _launch(w, w.documents["bloc"]["in"])
    w.study_takeaways = {}
    for place, key in WRITERS.items():
        w.study_takeaways[place] = services.takeaway_submit(
            actor=w.actor, campaign=w.study_held, member=w.members[key], text="Bài thu hoạch: nâng cao ý thức.")
    # each grassroots organisation's programme, with a task owned by the cell the marks name (gcell: itself)
    w.study_programmes, w.study_tasks = {}, {}
    for grassroots, owner in PROGRAMMES.items():
        programme = services.programme_adopt(actor=w.actor, campaign=w.study_held, organization=w.orgs[grassroots],
                                             title=f"Chương trình hành động {grassroots}", adopted_on=today())
        w.study_programmes[grassroots] = programme
        w.study_tasks[owner] = services.task_add(
            actor=w.actor, programme=programme, title=f"Nhiệm vụ {owner}", owner_organization=w.orgs[owner],
            deadline=today() + datetime.timedelta(days=30))


def grow(w, factor: int) -> None:
    """`factor` slices: a document of the Bloc launched (its sessions recorded, a programme with a task adopted by
    each grassroots organisation), two members in cell_a1 and one in cell_b1 who study and hand in a takeaway."""
    from documents import services as ds
    from members import services as ms
    from studies import services

    state = w.__dict__.setdefault("studies_grown", {"n": 0, "campaigns": []})
    for _ in range(factor):
        state["n"] += 1
        n = state["n"]
        document = ds.document_issue(
            actor=w.actor, organization=w.bloc, issuer="committee", kind="NQ", issued_on=today(),
            title=f"Nghị quyết học tập số {n}", signer_name="Nguyễn Văn Ký", signer_position="Bí thư")
        state["campaigns"].append(_launch(w, document))
        for i, cell in enumerate((w.cell_a1, w.cell_a1, w.cell_b1)):
            ms.member_register(
                actor=w.actor, organization=cell, full_name=f"Nguyễn Văn Học {n}-{i}", gender="male",
                date_of_birth=datetime.date(1980, 1 + i, 1 + n % 27), citizen_id=f"0049{n:03d}{i:05d}",
                card_number=f"H{n:03d}{i:05d}", hometown="Phú Thọ", position="Chuyên viên", agency="Văn phòng",
                status="full", admitted_on=datetime.date(2012, 5, 1), full_on=datetime.date(2013, 5, 1))
    from members.models import Member

    learners = list(Member.objects.filter(full_name__startswith="Nguyễn Văn Học"))
    for campaign in state["campaigns"]:
        _record(w, campaign)
        for place in SESSIONS:
            if not campaign.programmes.filter(organization=w.orgs[place]).exists():
                programme = services.programme_adopt(actor=w.actor, campaign=campaign, organization=w.orgs[place],
                                                     title="Chương trình hành động", adopted_on=today())
                services.task_add(actor=w.actor, programme=programme, title="Nhiệm vụ", owner_name="Bí thư",
                                  deadline=today())
        for member in learners:
            if not campaign.takeaways.filter(member=member).exists():
                services.takeaway_submit(actor=w.actor, campaign=campaign, member=member, text="Thu hoạch.")


def held_args(w, place):
    return [w.study_held.sessions.get(organization=w.orgs[place]).pk]


def planned_args(w, place):
    return [w.study_planned.sessions.get(organization=w.orgs[place]).pk]


def campaign_args(w, place=None):
    return [w.study_held.pk]


def takeaway_args(w, place):
    return [w.study_takeaways[place].pk]


def planned_campaign_args(w, place=None):
    return [w.study_planned.pk]


def programme_args(w, place):
    return [w.study_programmes[place].pk]


def owned_programme_args(w, place):
    return [w.study_tasks[place].programme_id]


def task_args(w, place):
    return [w.study_tasks[place].pk]


def adopt_payload(w, place):
    return {"organization": w.orgs[place].pk, "title": "Chương trình hành động", "adopted_on": dmy(today()),
            "document": ""}


def task_add_payload(w, place):
    return {"title": "Tổ chức tọa đàm", "owner_organization": "", "owner_name": "Đồng chí Phó Bí thư",
            "deadline": dmy(today() + datetime.timedelta(days=15))}


def task_payload(w, place):
    task = w.study_tasks[place]
    task.refresh_from_db()
    return {"status": "in_progress", "done_on": "", "evidence": "Đang triển khai", "evidence_document": "",
            "deadline": dmy(task.deadline), "revision": task.revision}


def report_payload(w, place):
    return {"kind": "interim", "reported_on": dmy(today()), "text": "Sơ kết: đã triển khai.",
            "signer_position": "Bí thư", "signer_name": "Nguyễn Văn Ký"}


def launch_payload(w, place):
    return {"document": w.documents[place]["out"].pk, "mode": "briefing", "level": "cells", "title": "",
            "sessions_by": dmy(today() + datetime.timedelta(days=10)),
            "takeaways_by": dmy(today() + datetime.timedelta(days=20))}


def plan_payload(w, place):
    return {"planned_on": dmy(today() + datetime.timedelta(days=3)), "place": "Phòng họp tầng 2",
            "reporter": "Đồng chí Phó Bí thư"}


def record_payload(w, place):
    from studies.models import StudySession

    session = StudySession.objects.get(pk=held_args(w, place)[0])
    data = {"held_on": dmy(today()), "place": "Hội trường lớn", "reporter": "Đồng chí Bí thư"}
    for member_id, (presence, reason) in _presences(session).items():
        data[f"presence_{member_id}"], data[f"reason_{member_id}"] = presence, reason
    return data


def make_up_payload(w, place):
    from studies.models import StudySession
    from studies.selectors import to_make_up

    attendance = to_make_up(StudySession.objects.get(pk=held_args(w, place)[0])).first()
    return {"attendance": attendance.pk if attendance else "", "made_up_on": dmy(today())}


def write_payload(w, place):
    return {"text": "Thu hoạch của tôi: học tập, làm theo nghị quyết."}


def assess_payload(w, place):
    return {"decision": "accept", "reason": ""}


SCOPE_CASES = [
    ScopeCase("studies:home", VIEWERS),
    ScopeCase("studies:launch", VIEWERS, at=("gc_a", "gc_b", "gcell"), payload=launch_payload, target="payload",
              post_refusal=(200, 403, 404)),
    ScopeCase("studies:campaign", VIEWERS, args=campaign_args),
    ScopeCase("studies:close", {"admin", "khoi"}, at=("bloc",), args=campaign_args, method="post",
              payload=lambda w, p: {}),
    ScopeCase("studies:takeaways", VIEWERS, args=campaign_args, marks=lambda w, place: [MARKS[place]]),
    ScopeCase("studies:session", STAFF, at=SESSIONS, args=held_args, payload=record_payload),
    ScopeCase("studies:session_plan", STAFF, at=SESSIONS, args=planned_args, payload=plan_payload),
    ScopeCase("studies:make_up", STAFF, at=SESSIONS, args=held_args, payload=make_up_payload),
    ScopeCase("studies:takeaway", {"dangvien"}, at=("own",), args=campaign_args, payload=write_payload,
              control="dangvien"),
    ScopeCase("studies:assess", VIEWERS, at=("cell_a1", "cell_b1", "gcell"), args=takeaway_args,
              payload=assess_payload),
    ScopeCase("studies:mine", {"dangvien"}),
    ScopeCase("studies:adopt", STAFF, at=SESSIONS, args=planned_campaign_args, payload=adopt_payload,
              target="payload", post_refusal=(200, 403, 404)),
    ScopeCase("studies:programme", VIEWERS, at=OWNERS, args=owned_programme_args),
    ScopeCase("studies:task_add", STAFF, at=SESSIONS, args=programme_args, payload=task_add_payload),
    ScopeCase("studies:report", STAFF, at=SESSIONS, args=programme_args, payload=report_payload),
    ScopeCase("studies:task", VIEWERS, at=OWNERS, args=task_args, payload=task_payload),
    ScopeCase("studies:session_cancel", STAFF, at=SESSIONS, args=planned_args,
              payload=lambda w, p: {"reason": "Học tập chung với Đảng bộ Khối"}),
    ScopeCase("studies:launch_documents", VIEWERS, query="q=nghi+quyet"),
    ScopeCase("studies:programme_documents", STAFF, args=planned_campaign_args),
    ScopeCase("studies:task_documents", VIEWERS, at=OWNERS, args=task_args, query="q="),
]


def campaign_rows(response) -> list:
    return doc(response).xpath('//div[@id="study-campaigns"]/a[@data-campaign]')


def session_rows(response) -> list:
    return doc(response).xpath('//div[@id="study-sessions"]/div[@data-session]')


def takeaway_rows(response) -> list:
    return doc(response).xpath('//div[@id="study-takeaways-list"]/a[@data-takeaway]')


def _first(w):
    return w.studies_grown["campaigns"][0].pk


def programme_rows(response) -> list:
    return doc(response).xpath('//div[@id="programme-tasks"]/div[@data-task]')


def _first_programme(w):
    from studies.models import ActionProgramme

    return ActionProgramme.objects.filter(campaign_id=_first(w)).order_by("pk").first().pk


QUERY_CASES = [
    QueryCase("studies_home", "/studies/", 16, rows=campaign_rows),
    # a page of session rows (and the count of all), the whole campaign's roll-up (five grouped counts, the sessions
    # still to hold and their organisations' kept figures), its programmes and their tasks
    QueryCase("studies_campaign", lambda w: f"/studies/campaigns/{_first(w)}/", 22, rows=session_rows),
    QueryCase("studies_programme", lambda w: f"/studies/programmes/{_first_programme(w)}/", 16, rows=programme_rows),
    QueryCase("studies_takeaways", lambda w: f"/studies/campaigns/{_first(w)}/takeaways/", 16, rows=takeaway_rows),
]
