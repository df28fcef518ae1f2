"""Fixtures for the inspection tests, built through the real services.

    authority        the Bloc's standing committee (symbol ĐUK)
    programme        its 2026 programme (approved 05/01/2026)
    make_case(**)    a programme item on gc_a (type: inspection of a lower organisation), team head in cell_a2
    advance(case, code, on=..., user=...)   case_transition to the state `code`
    conclude(case)   walks a case to the conclusion state with a written conclusion
    inspections_snapshot()   a comparable picture of every table of the app and its history
"""

import datetime

import pytest

D = datetime.date
DECISION_DAY = D(2026, 3, 2)
CONCLUSION_DAY = D(2026, 4, 20)


@pytest.fixture
def authority(actor, bloc):
    from inspections.models import Authority
    from inspections.services import authority_ensure

    return authority_ensure(actor=actor, organization=bloc, kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐUK")


@pytest.fixture
def programme(actor, authority):
    from inspections.services import programme_create

    return programme_create(actor=actor, authority=authority, year=2026, approved_on=D(2026, 1, 5))


@pytest.fixture
def team_head(make_member, cell_a2):
    return make_member(cell_a2, full_name="Nguyễn Văn Kiểm", gender="male")


@pytest.fixture
def make_case(actor, programme, gc_a, team_head):
    from inspections.services import case_create

    def _make(**overrides):
        data = dict(type="lower_organization", title="Kiểm tra Đảng bộ Sở Tài chính",
                    planned_from=D(2026, 3, 1), planned_to=D(2026, 4, 30), subject_organizations=[gc_a],
                    team_head=team_head, content="Việc lãnh đạo thực hiện nghị quyết")
        target = overrides.pop("programme", programme)
        data.update(overrides)
        return case_create(actor=actor, programme=target, **data)

    return _make


def state(code):
    from inspections.models import WorkflowState

    return WorkflowState.objects.get(workflow__code="standard", code=code)


@pytest.fixture
def advance(user_khoi):
    from inspections.services import case_transition

    def _advance(case, code, *, on=DECISION_DAY, user=None, **kw):
        if code == "notice":
            kw.setdefault("self_report_due", on + datetime.timedelta(days=15))
        return case_transition(actor=user or user_khoi, case=case, target=state(code), on=on, **kw)

    return _advance


PATH_TO_CONCLUSION = ["decision", "notice", "self_report", "fieldwork", "draft_report"]


@pytest.fixture
def conclude(advance, user_khoi):
    from inspections.services import case_record_findings

    def _conclude(case, on=CONCLUSION_DAY):
        for i, code in enumerate(PATH_TO_CONCLUSION):
            case = advance(case, code, on=D(2026, 3, 2 + i))
        case_record_findings(actor=user_khoi, case=case, strengths="Đoàn kết", shortcomings="Chậm ban hành",
                             conclusion="Cơ bản thực hiện tốt", recommendations="Ban hành quy chế")
        return advance(case, "conclusion", on=on)

    return _conclude


@pytest.fixture
def inspections_snapshot(db):
    from inspections.tests.cases import snapshot

    return snapshot
