"""Bounded input on the inspection pages: every date typed at and beyond its bounds (core.validation: nothing before
03/02/1930, nothing more than 10 years ahead, no future date where the date records the past), every period parameter,
every free text — each refused on its field or as a named parameter (400), never a 500, nothing written."""

import datetime

import pytest

from core.testing.pages import doc, form_errors
from core.validation import date_bounds

from .conftest import state

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()
TOMORROW = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
BEYOND = (date_bounds().latest() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
TOO_FAR = ["31/12/9999", BEYOND]
TOO_EARLY = ["01/01/0001", "01/01/1900", "02/02/1930"]
NOT_A_DATE = ["99/99/2026", "abc"]
MIB = "x" * (1024 * 1024)


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


def refused_on(client, url, data, field, snapshot):
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code == 200, (field, data.get(field, "")[:20], response.status_code)
    assert doc(response).xpath(f'//*[@id="id_{field}_error"]'), (field, data.get(field, "")[:20])
    assert snapshot() == before, (field, data.get(field, "")[:20])


def test_programme_dates(khoi, bloc, inspections_snapshot):
    base = {"organization": bloc.pk, "kind": "standing_committee", "year": TODAY.year}
    for value in TOO_FAR + TOO_EARLY + NOT_A_DATE:
        refused_on(khoi, "/inspections/programmes/new/", {**base, "approved_on": value}, "approved_on",
                   inspections_snapshot)
    for year in ("99999", "1929", "abc", str(TODAY.year + 2)):
        refused_on(khoi, "/inspections/programmes/new/", {**base, "year": year}, "year", inspections_snapshot)


def test_case_dates_and_texts(khoi, make_case, gc_a, team_head, inspections_snapshot):
    case = make_case()
    base = {"type": case.type, "title": case.title, "planned_from": "01/03/2026", "planned_to": "30/04/2026",
            "subject_organizations": [gc_a.pk], "team_head": team_head.pk, "reason": "Sửa"}
    edit = f"/inspections/cases/{case.pk}/edit/"
    for field in ("planned_from", "planned_to"):
        for value in TOO_FAR + TOO_EARLY + NOT_A_DATE:
            refused_on(khoi, edit, {**base, field: value}, field, inspections_snapshot)
    refused_on(khoi, edit, {**base, "reason": MIB}, "reason", inspections_snapshot)
    refused_on(khoi, edit, {**base, "content": MIB}, "content", inspections_snapshot)
    create = f"/inspections/programmes/{case.programme_id}/items/new/"
    for value in TOO_FAR + TOO_EARLY:
        refused_on(khoi, create, {**base, "planned_to": value}, "planned_to", inspections_snapshot)
    assessment = f"/inspections/cases/{case.pk}/assessment/"
    for field in ("strengths", "shortcomings", "conclusion", "recommendations"):
        refused_on(khoi, assessment, {field: MIB}, field, inspections_snapshot)


def test_step_dates(khoi, make_case, advance, inspections_snapshot):
    case = advance(make_case(), "decision", on=D(2026, 3, 2))
    url = f"/inspections/cases/{case.pk}/step/"
    base = {"target": state("notice").pk, "on": "03/03/2026", "self_report_due": "20/03/2026"}
    for value in [TOMORROW, *TOO_FAR, *TOO_EARLY, *NOT_A_DATE]:  # a step records the past
        refused_on(khoi, url, {**base, "on": value}, "on", inspections_snapshot)
    for value in TOO_FAR + TOO_EARLY + NOT_A_DATE:
        refused_on(khoi, url, {**base, "self_report_due": value}, "self_report_due", inspections_snapshot)
    refused_on(khoi, url, {**base, "note": MIB}, "note", inspections_snapshot)
    # a long note is kept whole on the step; the history row keeps it cut to a reason's length
    note = "Ghi chú dài. " * 200
    assert khoi.post(url, {**base, "note": note}).status_code == 302
    case.refresh_from_db()
    assert case.steps.latest("id").note == note.strip()
    assert len(case.history.latest().history_change_reason) <= 1000


def test_remedy_dates(khoi, client_for, user_chibo, make_case, conclude, cell_a1, user_khoi, inspections_snapshot):
    from inspections.services import remedy_add

    case = conclude(make_case())
    url = f"/inspections/cases/{case.pk}/remedies/new/"
    base = {"text": "Kiện toàn chi ủy", "organization": cell_a1.pk}
    for value in TOO_FAR + TOO_EARLY + NOT_A_DATE:
        refused_on(khoi, url, {**base, "deadline": value}, "deadline", inspections_snapshot)
    refused_on(khoi, url, {**base, "deadline": "30/06/2026", "text": MIB}, "text", inspections_snapshot)
    at_the_bound = date_bounds().latest().strftime("%d/%m/%Y")
    assert khoi.post(url, {**base, "deadline": at_the_bound}).status_code == 302
    remedy = remedy_add(actor=user_khoi, case=case, text="Khác", organization=cell_a1, deadline=D(2026, 6, 30))
    chibo = client_for(user_chibo)
    report = f"/inspections/remedies/{remedy.pk}/report/"
    for value in [TOMORROW, *TOO_FAR, *TOO_EARLY, *NOT_A_DATE]:
        refused_on(chibo, report, {"reported_on": value, "text": "Đã làm"}, "reported_on", inspections_snapshot)
    refused_on(chibo, report, {"reported_on": TODAY.strftime("%d/%m/%Y"), "text": MIB}, "text",
               inspections_snapshot)
    check = f"/inspections/remedies/{remedy.pk}/check/"
    for value in [TOMORROW, *TOO_FAR, *TOO_EARLY, *NOT_A_DATE]:
        refused_on(khoi, check, {"outcome": "done", "checked_on": value, "note": "Đã kiểm tra"}, "checked_on",
                   inspections_snapshot)
    refused_on(khoi, check, {"outcome": "done", "checked_on": TODAY.strftime("%d/%m/%Y"), "note": MIB}, "note",
               inspections_snapshot)


def test_discipline_dates(khoi, make_case, make_member, cell_a1, inspections_snapshot):
    case = make_case()
    member = make_member(cell_a1)
    url = f"/inspections/cases/{case.pk}/discipline/new/"
    base = {"member": member.pk, "form": "reprimand", "reason": "Vi phạm", "decided_on": "04/05/2026"}
    for field in ("decided_on", "effective_on", "received_on"):
        for value in TOO_FAR + TOO_EARLY + NOT_A_DATE:
            refused_on(khoi, url, {**base, field: value}, field, inspections_snapshot)
    refused_on(khoi, url, {**base, "decided_on": TOMORROW}, "decided_on", inspections_snapshot)
    refused_on(khoi, url, {**base, "reason": MIB}, "reason", inspections_snapshot)
    # a decision's grounds are a free text, longer than a reason for a change may be
    response = khoi.post(url, {**base, "reason": "Vi phạm quy định. " * 100})
    assert response.status_code == 302, form_errors(response)


@pytest.mark.parametrize("url, parameter", [
    ("/inspections/statistics/?year=99999", "year"),
    ("/inspections/statistics/?year=1929", "year"),
    ("/inspections/statistics/?year=abc", "year"),
    ("/inspections/statistics/?period=month&month=13", "month"),
    ("/inspections/statistics/?month=abc", "month"),
    ("/inspections/statistics/?month=9999-12", "month"),
    ("/inspections/statistics/?period=decade", "period"),
    ("/inspections/cases/?since=31/12/9999", "since"),
    ("/inspections/cases/?until=01/01/0001", "until"),
    ("/inspections/cases/?since=abc", "since"),
    ("/inspections/remedies/?due_from=31/12/9999", "due_from"),
    ("/inspections/remedies/?due_to=01/01/0001", "due_to"),
])
def test_period_parameters_out_of_bounds_answer_400_naming_them(khoi, make_case, url, parameter):
    make_case()
    response = khoi.get(url)
    assert response.status_code == 400
    assert doc(response).xpath(f'//*[@id="filter-errors"]//li[@data-field="{parameter}"]')


def test_the_statistics_at_the_bounds_of_the_year(khoi, make_case):
    make_case()
    assert khoi.get("/inspections/statistics/?period=year&year=1930").status_code == 200
    assert khoi.get("/inspections/statistics/?period=month&year=2100&month=12").status_code == 200
