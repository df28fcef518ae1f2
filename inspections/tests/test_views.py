"""The pages, rendered for real: the flow through forms, bad input kept on the form, the to-do block."""

import datetime

import pytest

from core.testing.pages import content, doc, text

from .conftest import state

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


def test_programme_and_item_through_the_forms(khoi, bloc, gc_a, team_head):
    response = khoi.post("/inspections/programmes/new/", {"organization": bloc.pk, "kind": "standing_committee",
                                                         "year": 2026, "approved_on": "05/01/2026"})
    assert response.status_code == 302, text(response)
    programme_url = response["Location"]
    page = khoi.get(programme_url)
    assert "Chương trình kiểm tra, giám sát 2026" in text(page) or "2026" in text(page)
    pk = programme_url.rstrip("/").split("/")[-1]
    bad = khoi.post(f"/inspections/programmes/{pk}/items/new/", {
        "type": "lower_organization", "title": "Kiểm tra việc chấp hành", "planned_from": "01/03/2025",
        "planned_to": "30/04/2026", "subject_organizations": [gc_a.pk], "team_head": team_head.pk})
    assert bad.status_code == 200
    tree = doc(bad)
    assert tree.xpath('//input[@name="title"]/@value') == ["Kiểm tra việc chấp hành"]  # nothing typed is lost
    assert tree.xpath('//*[@id="id_planned_from_error"]')
    ok = khoi.post(f"/inspections/programmes/{pk}/items/new/", {
        "type": "lower_organization", "title": "Kiểm tra việc chấp hành", "planned_from": "01/03/2026",
        "planned_to": "30/04/2026", "subject_organizations": [gc_a.pk], "team_head": team_head.pk})
    assert ok.status_code == 302
    case_page = khoi.get(ok["Location"])
    assert case_page.status_code == 200
    assert doc(case_page).xpath('//*[@id="case-state"]/text()') == ["Trong chương trình"]
    items = doc(khoi.get(programme_url)).xpath('//table[@id="programme-items"]/tbody/tr[@data-case]')
    assert len(items) == 1


def test_step_form_numbers_the_decision_and_refuses_with_the_input_kept(khoi, make_case):
    case = make_case()
    decision = state("decision")
    response = khoi.post(f"/inspections/cases/{case.pk}/step/", {"target": decision.pk, "on": "02/03/2026",
                                                                 "document_title": "Quyết định kiểm tra"})
    assert response.status_code == 302
    page = doc(khoi.get(f"/inspections/cases/{case.pk}/"))
    assert page.xpath('//*[@id="decision-number"]/text()') == ["01-QĐ/ĐUK"]
    assert [li.get("data-state") for li in page.xpath('//ol[@id="timeline"]/li')] == ["planned", "decision"]
    notice = state("notice")
    bad = khoi.post(f"/inspections/cases/{case.pk}/step/", {"target": notice.pk, "on": "03/03/2026",
                                                            "document_title": "Thông báo số 7"})
    assert bad.status_code == 200
    assert doc(bad).xpath('//*[@id="id_self_report_due_error"]')
    assert doc(bad).xpath('//input[@name="document_title"]/@value') == ["Thông báo số 7"]


def test_discipline_form_refuses_a_form_not_allowed(khoi, make_case, make_member, cell_a1):
    case = make_case()
    probationary = make_member(cell_a1, status="probationary")
    response = khoi.post(f"/inspections/cases/{case.pk}/discipline/new/", {
        "member": probationary.pk, "form": "expulsion", "reason": "Vi phạm", "decided_on": "01/05/2026"})
    assert response.status_code == 200
    errors = doc(response).xpath('//*[@id="id_form_error"]//text()')
    assert errors and "Đảng viên dự bị" in errors[0]
    ok = khoi.post(f"/inspections/cases/{case.pk}/discipline/new/", {
        "member": probationary.pk, "form": "reprimand", "reason": "Vi phạm", "decided_on": "01/05/2026",
        "received_on": "04/05/2026"})
    assert ok.status_code == 302
    page = khoi.get(ok["Location"])
    assert "04/06/2026" in "".join(doc(page).xpath('//*[@id="complaint-window"]//text()'))


def test_overdue_remedy_on_the_inspection_page_and_the_secretarys_home(khoi, client_for, user_chibo, make_case,
                                                                       conclude, user_khoi, cell_a1):
    from inspections.services import remedy_add

    remedy = remedy_add(actor=user_khoi, case=conclude(make_case()), text="Kiện toàn chi ủy", organization=cell_a1,
                        deadline=D(2026, 6, 30))
    later = remedy_add(actor=user_khoi, case=conclude(make_case(title="Khác")), text="Còn hạn", organization=cell_a1,
                       deadline=datetime.date.today() + datetime.timedelta(days=30))
    page = doc(khoi.get("/inspections/"))
    assert page.xpath('//*[@id="overdue-remedies"]//tr/@data-remedy') == [str(remedy.pk)]
    chibo = client_for(user_chibo)
    home = doc(chibo.get("/"))
    assert home.xpath('//*[@id="remedy-todo"]//li/@data-remedy') == [str(remedy.pk)]
    # The secretary reports on the remedy page, without seeing the case file.
    assert chibo.get(f"/inspections/remedies/{remedy.pk}/").status_code == 200
    assert chibo.get(f"/inspections/remedies/{later.pk}/").status_code == 200
    response = chibo.post(f"/inspections/remedies/{remedy.pk}/report/", {
        "reported_on": datetime.date.today().strftime("%d/%m/%Y"), "text": "Đã kiện toàn", "done": "on",
        "evidence_title": "Nghị quyết chi bộ"})
    assert response.status_code == 302
    assert not doc(chibo.get("/")).xpath('//*[@id="remedy-todo"]')
    assert not doc(khoi.get("/inspections/")).xpath('//*[@id="overdue-remedies"]//tr/@data-remedy')


def test_statistics_page_and_excel(khoi, make_case, conclude, user_khoi, gc_a):
    from openpyxl import load_workbook

    from inspections.services import finding_add

    case = conclude(make_case())
    finding_add(actor=user_khoi, case=case, kind="violation", text="Vi phạm", organization=gc_a)
    page = doc(khoi.get("/inspections/statistics/?period=h1&year=2026"))
    row = [td.text_content().strip() for td in
           page.xpath('//table[@id="by-type"]//tr[@data-type="lower_organization"]/td')]
    assert row[1:5] == ["1", "1", "1", "0"]
    assert page.xpath('//*[@data-figure="violations"]/text()') == ["1"]
    q1 = doc(khoi.get("/inspections/statistics/?period=q1&year=2026"))
    assert [td.text_content().strip() for td in q1.xpath(
        '//table[@id="by-type"]//tr[@data-type="lower_organization"]/td')][1:5] == [
        "1", "1", "0", "0"]  # concluded on 20/04: after the first quarter
    response = khoi.get("/inspections/statistics/?period=h1&year=2026&export=xlsx")
    import io

    sheet = load_workbook(io.BytesIO(content(response))).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert any(r[0] == "Kiểm tra tổ chức đảng cấp dưới" and r[1:5] == [1, 1, 1, 0] for r in values) or any(
        r[1:5] == [1, 1, 1, 0] for r in values)


def test_edit_the_team_with_a_reason(khoi, make_case, make_member, cell_a1, gc_a, team_head):
    case = make_case()
    extra = make_member(cell_a1)
    data = {"type": case.type, "title": case.title, "planned_from": "01/03/2026", "planned_to": "30/04/2026",
            "subject_organizations": [gc_a.pk], "team_head": team_head.pk, "team_members": [extra.pk]}
    bad = khoi.post(f"/inspections/cases/{case.pk}/edit/", data)
    assert bad.status_code == 200 and doc(bad).xpath('//*[@id="id_reason_error"]')
    ok = khoi.post(f"/inspections/cases/{case.pk}/edit/", {**data, "reason": "Bổ sung thành viên đoàn"})
    assert ok.status_code == 302
    assert list(case.team_members.all()) == [extra]
    assert case.history.filter(history_change_reason="Bổ sung thành viên đoàn").exists()


def test_a_date_before_the_founding_is_a_field_error_not_a_500(khoi, make_case, make_member, cell_a1,
                                                               inspections_snapshot):
    case = make_case()
    member = make_member(cell_a1)
    before = inspections_snapshot()
    response = khoi.post(f"/inspections/cases/{case.pk}/discipline/new/", {
        "member": member.pk, "form": "reprimand", "reason": "Vi phạm", "decided_on": "01/01/1900"})
    assert response.status_code == 200
    tree = doc(response)
    assert "03/02/1930" in "".join(tree.xpath('//*[@id="id_decided_on_error"]//text()'))
    assert [t.strip() for t in tree.xpath('//textarea[@name="reason"]/text()')] == ["Vi phạm"]
    assert inspections_snapshot() == before


def _options(response, name):
    return {int(v) for v in doc(response).xpath(f'//select[@name="{name}"]/option/@value') if v}


def test_discipline_and_finding_forms_list_only_the_cases_subjects(khoi, make_case, make_member, cell_a1, cell_a2,
                                                                   cell_b1, gc_b):
    inside, below = make_member(cell_a1), make_member(cell_a2)
    named = make_member(cell_b1)  # a member inspected by name, from another subtree
    outside = make_member(cell_b1)
    case = make_case(subject_members=[named])
    for url in (f"/inspections/cases/{case.pk}/discipline/new/", f"/inspections/cases/{case.pk}/findings/new/"):
        shown = _options(khoi.get(url), "member")
        assert {inside.pk, below.pk, named.pk} <= shown and outside.pk not in shown, url
    response = khoi.post(f"/inspections/cases/{case.pk}/discipline/new/", {
        "member": outside.pk, "form": "reprimand", "reason": "Vi phạm", "decided_on": "01/05/2026"})
    assert response.status_code == 200 and doc(response).xpath('//*[@id="id_member_error"]')


def test_case_form_lists_the_pool_not_every_member(khoi, actor, programme, gc_a, cell_a1, cell_b1, gcell,
                                                   make_member, bloc, team_head):
    from apparatus.models import Body
    from apparatus.services import body_create, seat_assign, term_open

    staff = make_member(gcell)  # sits on the Bloc's inspection committee: listed first
    term = term_open(actor=actor, organization=bloc, label="2020–2025", congress_on=D(2020, 10, 1))
    body = body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE)
    seat_assign(actor=actor, body=body, member=staff, position="inspection_member", started_on=D(2020, 10, 1))
    a1, b1 = make_member(cell_a1), make_member(cell_b1)
    url = f"/inspections/programmes/{programme.pk}/items/new/"
    page = khoi.get(url)
    assert page.status_code == 200
    shown = _options(page, "team_head")
    assert staff.pk in shown and a1.pk not in shown and b1.pk not in shown
    # "Show the members" of gc_a: the typed values are kept, nothing is validated or written.
    data = {"type": "lower_organization", "title": "Kiểm tra chi bộ", "planned_from": "01/03/2026",
            "planned_to": "30/04/2026", "subject_organizations": [gc_a.pk, cell_b1.pk], "member_pool": cell_b1.pk,
            "show_members": "1"}
    response = khoi.post(url, data)
    assert response.status_code == 200
    tree = doc(response)
    assert tree.xpath('//input[@name="title"]/@value') == ["Kiểm tra chi bộ"]
    assert {int(v) for v in tree.xpath('//select[@name="subject_organizations"]/option[@selected]/@value')} == {
        gc_a.pk, cell_b1.pk}
    assert not tree.xpath('//*[contains(@class, "invalid-feedback")]')
    assert b1.pk in _options(response, "team_head") and staff.pk not in _options(response, "team_head")
    assert {a1.pk, team_head.pk} <= _options(response, "subject_members")  # the members of gc_a, inspected
    # Any member under the authority is accepted, shown or not.
    del data["show_members"]
    ok = khoi.post(url, {**data, "subject_organizations": [gc_a.pk], "team_head": a1.pk, "team_members": [b1.pk]})
    assert ok.status_code == 302, text(ok)
    from inspections.models import Case

    case = Case.objects.get(title="Kiểm tra chi bộ")
    assert case.team_head == a1 and list(case.team_members.all()) == [b1]
    edit = khoi.get(f"/inspections/cases/{case.pk}/edit/")
    assert {a1.pk, b1.pk} <= _options(edit, "team_head") | _options(edit, "team_members")


def test_case_form_stays_small_with_many_members(khoi, programme, cell_a1, cell_b1, make_member):
    from members.models import Member
    from organizations.figures import figures_refresh

    template = make_member(cell_a1)
    fields = {f.attname: getattr(template, f.attname) for f in Member._meta.concrete_fields
              if f.attname not in ("id", "user_id")}
    rows = []
    for i in range(1500):
        row = Member(**fields)
        row.organization_id = (cell_a1 if i % 2 else cell_b1).pk
        row.full_name = row.full_name + f" {i}"
        row.card_number = row.citizen_id = None
        rows.append(row)
    Member.objects.bulk_create(rows)
    figures_refresh(organization_ids=[cell_a1.pk, cell_b1.pk])  # rows written without the signals
    page = khoi.get(f"/inspections/programmes/{programme.pk}/items/new/")
    assert page.status_code == 200 and len(page.content) < 150_000, len(page.content)
