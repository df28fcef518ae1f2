"""The inspection pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

The world: the Bloc's standing committee (ĐUK) keeps this year's programme, with two items on each side — one just
planned (`open`: the forms that edit, step, assess, add findings and discipline), one concluded (`done`: a step
document, a remedy overdue for the cell inspected with a progress report and its evidence, a discipline decision of
a member of that cell). The case file opens for the authority only (`khoi`, the administrator: INSPECT); committee
staff hold none by their role. A remedy opens for the file's holders and for whoever holds REMEDY over its cell (the
secretary of cell_a1 included). What only a seat or the case team opens, and the secrets of a file, are checked in
inspections/tests/test_scope.py.
"""

import datetime

from core.testing import EVERYONE, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import doc

TODAY = datetime.date.today()
JAN_1 = datetime.date(TODAY.year, 1, 1)
DEC_31 = datetime.date(TODAY.year, 12, 31)
D = datetime.date
AUTHORITY = frozenset({"admin", "khoi"})  # INSPECT over the Bloc: the authority of the world's programme
SIDES = ("cell_a1", "cell_b1")


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def snapshot() -> dict:
    from inspections import models as m

    picture = {}
    for model in (m.Authority, m.DecisionCounter, m.Programme, m.Case, m.CaseStep, m.Finding, m.Remedy,
                  m.RemedyReport, m.DisciplineDecision):
        picture[model.__name__] = list(model.objects.order_by("pk").values())
        if hasattr(model, "history"):
            picture[model.__name__ + "_history"] = model.history.count()
    return picture


def state(code: str):
    from inspections.models import WorkflowState

    return WorkflowState.objects.get(workflow__code="standard", code=code)


def walk_to_conclusion(case, user, *, on=TODAY, document=None):
    """The standard steps from the decision to the conclusion, all on `on`, with a written conclusion."""
    from inspections import services

    for code in ("decision", "notice", "self_report", "fieldwork", "draft_report"):
        case = services.case_transition(
            actor=user, case=case, target=state(code), on=on,
            self_report_due=on + datetime.timedelta(days=10) if code == "notice" else None,
            document=document if code == "decision" else None)
    services.case_record_findings(actor=user, case=case, strengths="Đoàn kết", shortcomings="Chậm ban hành",
                                  conclusion="Cơ bản thực hiện tốt", recommendations="Ban hành quy chế")
    return services.case_transition(actor=user, case=case, target=state("conclusion"), on=on)


def build(w) -> None:
    """The programme of the Bloc's standing committee for this year, and on each side a planned and a concluded
    item (see the module's docstring), in `w.inspections`."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspections import services
    from inspections.models import Authority

    khoi, actor = w.users["khoi"], w.actor
    authority = services.authority_ensure(actor=actor, organization=w.orgs["bloc"],
                                          kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐUK")
    programme = services.programme_create(actor=actor, authority=authority, year=TODAY.year)
    found = {"authority": authority, "programme": programme, "open": {}, "done": {}, "remedy": {}, "report": {},
             "decision": {}, "step": {}}
    for place in SIDES:
        cell, member = w.orgs[place], w.members[f"{place.removeprefix('cell_')}_full"]
        found["open"][place] = services.case_create(
            actor=actor, programme=programme, type="lower_organization", title=f"Kiểm tra đang làm {cell.name}",
            planned_from=JAN_1, planned_to=DEC_31, subject_organizations=[cell])
        done = services.case_create(
            actor=actor, programme=programme, type="regular_supervision", title=f"Giám sát đã kết luận {cell.name}",
            planned_from=JAN_1, planned_to=DEC_31, subject_organizations=[cell])
        done = walk_to_conclusion(done, khoi, document=SimpleUploadedFile("quyet-dinh.pdf", b"%PDF quyet dinh"))
        found["done"][place] = done
        found["step"][place] = done.steps.get(state__code="decision")
        remedy = services.remedy_add(actor=khoi, case=done, text=f"Khắc phục quỹ tại {cell.name}", organization=cell,
                                     deadline=TODAY - datetime.timedelta(days=1))  # overdue
        found["remedy"][place] = remedy
        found["report"][place] = services.remedy_report(
            actor=khoi, remedy=remedy, reported_on=TODAY, text="Đang khắc phục", evidence_title="Biên bản",
            evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF bien ban"))
        found["decision"][place] = services.discipline_issue(
            actor=khoi, authority=authority, case=done, member=member, form="reprimand", reason="Vi phạm quy chế",
            decided_on=TODAY)
    w.inspections = found


def _get(key):
    def args(w, place):
        return [w.inspections[key][place].pk]
    return args


def programme_args(w, place):
    return [w.inspections["programme"].pk]


def document_args(w, place):
    return [w.inspections["done"][place].pk, w.inspections["step"][place].pk]


def evidence_args(w, place):
    return [w.inspections["remedy"][place].pk, w.inspections["report"][place].pk]


def remedy_marks(w, place) -> set[str]:
    return {w.inspections["remedy"][place].text}


def programme_payload(w, place):
    return {"organization": w.orgs["gc_b"].pk, "kind": "inspection_committee", "year": TODAY.year, "title": "",
            "approved_on": ""}


def item_payload(w, place):
    return {"type": "thematic_supervision", "title": "Giám sát chuyên đề mới", "planned_from": dmy(JAN_1),
            "planned_to": dmy(DEC_31), "subject_organizations": [w.orgs["gc_b"].pk]}


def edit_payload(w, place):
    case = w.inspections["open"][place]
    return {"type": case.type, "title": case.title + " (sửa)", "planned_from": dmy(JAN_1), "planned_to": dmy(DEC_31),
            "subject_organizations": [w.orgs[place].pk], "reason": "Sửa tên cuộc kiểm tra"}


def step_payload(w, place):
    return {"target": state("decision").pk, "on": dmy(TODAY), "document_title": "Quyết định kiểm tra"}


def discipline_payload(w, place):
    return {"member": w.members[f"{place.removeprefix('cell_')}_full"].pk, "form": "reprimand",
            "reason": "Vi phạm quy chế làm việc", "decided_on": dmy(TODAY)}


def remedy_add_payload(w, place):
    return {"text": "Khắc phục thêm", "organization": w.orgs[place].pk, "deadline": dmy(DEC_31)}


FILE = dict(openers=AUTHORITY, at=SIDES)

def case_marks(w, place) -> set[str]:
    return {w.inspections["open"][place].title, w.inspections["done"][place].title}


SCOPE_CASES = [
    ScopeCase("inspections:index", EVERYONE, marks=remedy_marks, mark_places=SIDES),
    # the case files held: the authority's (INSPECT; a seat or the team: inspections/tests/test_scope.py)
    ScopeCase("inspections:cases", AUTHORITY, marks=case_marks, mark_places=SIDES),
    ScopeCase("inspections:cases", AUTHORITY, query="stage=overdue", name="overdue"),
    ScopeCase("inspections:cases", AUTHORITY, query="export=xlsx", marks=case_marks, mark_places=SIDES),
    # the remedies seen: the files' holders and the organisations responsible
    ScopeCase("inspections:remedies", EVERYONE, marks=remedy_marks, mark_places=SIDES),
    ScopeCase("inspections:remedies", EVERYONE, query="role=carry_out&deadline=overdue", name="to-do"),
    ScopeCase("inspections:remedies", VIEWERS, query="export=csv", marks=remedy_marks, mark_places=SIDES),
    ScopeCase("inspections:statistics", AUTHORITY, query="period=year"),
    ScopeCase("inspections:statistics", AUTHORITY, query="period=q1&export=xlsx"),
    ScopeCase("inspections:programme_create", AUTHORITY, payload=programme_payload),
    ScopeCase("inspections:programme", AUTHORITY, at=("bloc",), args=programme_args),
    ScopeCase("inspections:case_create", AUTHORITY, at=("bloc",), args=programme_args, payload=item_payload),
    ScopeCase("inspections:case", args=_get("open"), **FILE),
    # the forms' searches (organizations.widgets, members.widgets): who may fill the form, nobody else
    ScopeCase("inspections:pick_committees", AUTHORITY, query="q=dang+bo"),
    ScopeCase("inspections:pick_programme_organizations", AUTHORITY, at=("bloc",), args=programme_args,
              query="q=chi+bo"),
    ScopeCase("inspections:pick_case_organizations", args=_get("open"), query="q=chi+bo&ended=1", **FILE),
    ScopeCase("inspections:pick_case_members", args=_get("open"), query="q=nguyen", **FILE),
    ScopeCase("inspections:case", args=_get("done"), name="concluded", **FILE),
    ScopeCase("inspections:case_edit", args=_get("open"), payload=edit_payload, **FILE),
    ScopeCase("inspections:case_step", args=_get("open"), payload=step_payload, **FILE),
    ScopeCase("inspections:case_document", args=document_args, **FILE),
    ScopeCase("inspections:case_assessment", args=_get("open"), payload=lambda w, p: {
        "strengths": "Đoàn kết", "conclusion": "Dự thảo kết luận"}, **FILE),
    ScopeCase("inspections:finding_add", args=_get("open"), payload=lambda w, p: {
        "kind": "strength", "text": "Chấp hành tốt quy chế"}, **FILE),
    ScopeCase("inspections:remedy_add", args=_get("done"), payload=remedy_add_payload, **FILE),
    ScopeCase("inspections:discipline_add", args=_get("open"), payload=discipline_payload, **FILE),
    ScopeCase("inspections:decision", args=_get("decision"), payload=lambda w, p: {"received_on": dmy(TODAY)}, **FILE),
    ScopeCase("inspections:remedy", VIEWERS, at=SIDES, args=_get("remedy")),
    ScopeCase("inspections:remedy_report", VIEWERS, at=SIDES, args=_get("remedy"), payload=lambda w, p: {
        "reported_on": dmy(TODAY), "text": "Đã họp chi bộ bàn biện pháp"}),
    ScopeCase("inspections:remedy_check", args=_get("remedy"), payload=lambda w, p: {
        "outcome": "not_done", "checked_on": dmy(TODAY), "note": "Chưa xong"}, **FILE),
    ScopeCase("inspections:remedy_evidence", VIEWERS, at=SIDES, args=evidence_args),
]


# ---- data grown for the query counts ------------------------------------------------------------------------------

def grow(w, factor: int) -> None:
    """`factor` slices of one concluded item of the Bloc's 2026 programme: two members inspected (one in each side's
    cell, the team's head and member), gc_a and gc_b inspected, a violation, two remedies and a reprimand."""
    from inspections import services
    from inspections.models import Authority
    from members.services import member_register

    khoi = w.users["khoi"]
    state_ = w.__dict__.setdefault("inspections_grown", {"n": 0})
    if "programme" not in state_:
        authority = services.authority_ensure(actor=w.actor, organization=w.orgs["bloc"],
                                              kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐUK")
        state_["programme"] = services.programme_create(actor=w.actor, authority=authority, year=2026,
                                                        approved_on=D(2026, 1, 5))
    programme = state_["programme"]
    for _ in range(factor):
        state_["n"] += 1
        n = state_["n"]
        members = [member_register(
            actor=w.actor, organization=w.orgs[place], status="full", admitted_on=D(2016, 3, 15),
            full_on=D(2017, 3, 15), full_name=f"Nguyễn Văn Kiểm {n}-{i}", gender="male", date_of_birth=D(1985, 1, 1),
            citizen_id=f"0018{n:04d}{i:04d}", card_number=f"K{n:05d}{i}", hometown="Vĩnh Phúc",
            position="Chuyên viên", agency="Văn phòng") for i, place in enumerate(SIDES)]
        case = services.case_create(
            actor=w.actor, programme=programme, type="thematic_supervision", title="Giám sát chuyên đề",
            planned_from=D(2026, 2, 1), planned_to=D(2026, 3, 1), subject_organizations=[w.gc_a, w.gc_b],
            subject_members=members, team_head=members[0], team_members=members[1:])
        services.finding_add(actor=w.actor, case=case, kind="violation", text="Vi phạm", organization=w.gc_a)
        for i, code in enumerate(("decision", "notice", "self_report", "fieldwork", "draft_report")):
            on = D(2026, 3, 2 + i)
            case = services.case_transition(actor=khoi, case=case, target=state(code), on=on,
                                            self_report_due=on + datetime.timedelta(days=15) if code == "notice"
                                            else None)
        services.case_record_findings(actor=khoi, case=case, strengths="Đoàn kết", shortcomings="Chậm ban hành",
                                      conclusion="Cơ bản thực hiện tốt", recommendations="Ban hành quy chế")
        case = services.case_transition(actor=khoi, case=case, target=state("conclusion"), on=D(2026, 4, 20))
        for place in SIDES:
            services.remedy_add(actor=w.actor, case=case, text="Khắc phục", organization=w.orgs[place],
                                deadline=D(2026, 6, 30))
        services.discipline_issue(actor=w.actor, authority=programme.authority, case=case, member=members[1],
                                  form="reprimand", reason="Vi phạm", decided_on=D(2026, 5, 1))
        state_.setdefault("case", case)


def programme_rows(response) -> list:
    return doc(response).xpath('//table[@id="programme-items"]/tbody/tr[@data-case]')


def overdue_rows(response) -> list:
    return doc(response).xpath('//*[@id="overdue-remedies"]//tr[@data-remedy]')


def case_rows(response) -> list:
    return doc(response).xpath('//table[@id="case-table"]/tbody/tr[@data-case]')


def remedy_rows(response) -> list:
    return doc(response).xpath('//table[@id="remedy-table"]/tbody/tr[@data-remedy]')


def picked_rows(response) -> list:
    return doc(response).xpath("//button[@data-id]")


QUERY_CASES = [
    # + one query for the next step of the shown cases' states
    QueryCase("inspection_cases", "/inspections/cases/", 10, users=("khoi",), rows=case_rows),
    QueryCase("inspection_cases_open", "/inspections/cases/?stage=open&type=thematic_supervision", 10,
              users=("khoi",)),
    QueryCase("inspection_remedies", "/inspections/remedies/", 8, users=("khoi", "coso"), rows=remedy_rows),
    QueryCase("inspection_remedies_check", "/inspections/remedies/?role=check&deadline=overdue", 8,
              users=("khoi", "coso")),
    QueryCase("inspection_programme", lambda w: f"/inspections/programmes/{w.inspections_grown['programme'].pk}/", 12,
              users=("khoi",), rows=programme_rows),
    QueryCase("inspection_statistics", "/inspections/statistics/?period=year&year=2026", 11, users=("khoi",)),
    # +1: the security log's EXPORT row (issue 15)
    QueryCase("inspection_statistics_xlsx", "/inspections/statistics/?period=year&year=2026&export=xlsx", 12,
              users=("khoi",)),
    QueryCase("inspection_index", "/inspections/", 10, users=("khoi", "coso"), rows=overdue_rows),
    QueryCase("inspection_case", lambda w: f"/inspections/cases/{w.inspections_grown['case'].pk}/", 17,
              users=("khoi",)),
    QueryCase("inspection_pick_members",
              lambda w: f"/inspections/cases/{w.inspections_grown['case'].pk}/pick/members/?q=nguyen+van+kiem", 11,
              users=("khoi",), rows=picked_rows),
    QueryCase("inspection_pick_organizations",
              lambda w: f"/inspections/cases/{w.inspections_grown['case'].pk}/pick/organizations/?q=&ended=1", 9,
              users=("khoi",), rows=picked_rows),
    QueryCase("inspection_finding_form",
              lambda w: f"/inspections/cases/{w.inspections_grown['case'].pk}/findings/new/", 12, users=("khoi",)),
]
