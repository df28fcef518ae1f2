"""No lost updates (core.versions) on every edit page of inspections: the case (item, assessment, next step), the
remedy (progress report, follow-up check) and the discipline decision (receipt), each opened by two people."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.testing.stale import ACTION_FORM, stale_alert, stale_round

from .conftest import state

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


@pytest.fixture
def admin(client_for, user_admin):
    return client_for(user_admin)


def test_case_edit(khoi, admin, make_case):
    case = make_case()

    def reread():
        case.refresh_from_db()
        return case.title, case.content, case.revision

    stale_round(khoi, admin, f"/inspections/cases/{case.pk}/edit/",
                first_changes={"title": "Kiểm tra việc thực hiện Quy chế", "reason": "Đổi tên"},
                second_changes={"content": "Nội dung do người thứ hai nhập", "reason": "Bổ sung nội dung"},
                snapshot=reread, form=ACTION_FORM,
                shows=["Kiểm tra Đảng bộ Sở Tài chính", "Kiểm tra việc thực hiện Quy chế"])
    case.refresh_from_db()
    # saving again, having read the change, replaces it on purpose: the second person's whole form is saved
    assert (case.title, case.content) == ("Kiểm tra Đảng bộ Sở Tài chính", "Nội dung do người thứ hai nhập")


def test_case_edit_keeps_the_revision_first_read_across_show_the_members(khoi, admin, make_case, gc_a):
    from core.testing.pages import form_values

    case = make_case()
    url = f"/inspections/cases/{case.pk}/edit/"
    read = form_values(admin.get(url), "//form[@id='action-form']")
    khoi.post(url, {**form_values(khoi.get(url), "//form[@id='action-form']"), "title": "Tên mới", "reason": "Đổi"})
    redrawn = admin.post(url, {**read, "member_pool": gc_a.pk, "show_members": "1"})
    assert form_values(redrawn, "//form[@id='action-form']")["revision"] == read["revision"]


def test_case_assessment(khoi, admin, make_case, advance):
    case = make_case()

    def reread():
        case.refresh_from_db()
        return case.conclusion, case.strengths, case.revision

    stale_round(khoi, admin, f"/inspections/cases/{case.pk}/assessment/",
                first_changes={"conclusion": "Kết luận của người thứ nhất"},
                second_changes={"conclusion": "Kết luận của người thứ hai", "strengths": "Đoàn kết"},
                snapshot=reread, form=ACTION_FORM, shows=["Kết luận của người thứ nhất"])
    case.refresh_from_db()
    assert case.conclusion == "Kết luận của người thứ hai"


def test_case_step_refused_when_the_case_changed_after_the_form_was_read(khoi, admin, make_case):
    from core.testing.pages import form_values


    case = make_case()
    step_url, edit_url = f"/inspections/cases/{case.pk}/step/", f"/inspections/cases/{case.pk}/edit/"
    read = form_values(admin.get(step_url), ACTION_FORM)
    edited = khoi.post(edit_url, {**form_values(khoi.get(edit_url), ACTION_FORM), "title": "Tên đã đổi",
                                  "reason": "Đổi tên"})
    assert edited.status_code == 302
    typed = {"target": str(state("decision").pk), "on": "02/03/2026", "document_title": "QĐ kiểm tra"}
    refused = admin.post(step_url, {**read, **typed})
    assert refused.status_code == 200
    assert "Tên đã đổi" in stale_alert(refused)
    kept = form_values(refused, ACTION_FORM)
    assert {k: kept[k] for k in typed} == typed
    case.refresh_from_db()
    assert (case.state.code, case.steps.count(), case.decision_number) == ("planned", 1, "")
    again = admin.post(step_url, kept)
    assert again.status_code == 302
    case.refresh_from_db()
    assert (case.state.code, case.decision_number) == ("decision", "01-QĐ/ĐUK")


def test_case_transition_refuses_a_case_read_before_another_change(make_case, user_khoi):
    from inspections.models import Case
    from inspections.services import case_transition, case_update

    case = make_case()
    stale = Case.objects.get(pk=case.pk)
    case_update(actor=user_khoi, case=case, reason="Đổi tên", title="Tên mới")
    with pytest.raises(ValidationError) as refused:
        case_transition(actor=user_khoi, case=stale, target=state("decision"), on=D(2026, 3, 2))
    assert "Tên mới" in " ".join(refused.value.messages)
    assert Case.objects.get(pk=case.pk).state.code == "planned"


@pytest.fixture
def remedy(make_case, conclude, user_khoi, cell_a1):
    from inspections.services import remedy_add

    return remedy_add(actor=user_khoi, case=conclude(make_case()), text="Kiện toàn chi ủy", organization=cell_a1,
                      deadline=D(2026, 6, 30))


def test_remedy_progress_report(khoi, client_for, user_chibo, remedy):
    chibo = client_for(user_chibo)

    def reread():
        remedy.refresh_from_db()
        return remedy.status, remedy.revision, list(remedy.reports.values_list("text", flat=True))

    stale_round(chibo, khoi, f"/inspections/remedies/{remedy.pk}/report/",
                first_changes={"reported_on": TODAY.strftime("%d/%m/%Y"), "text": "Đã họp chi ủy"},
                second_changes={"reported_on": TODAY.strftime("%d/%m/%Y"), "text": "Đang kiện toàn"},
                snapshot=reread, form=ACTION_FORM)
    assert sorted(remedy.reports.values_list("text", flat=True)) == ["Đang kiện toàn", "Đã họp chi ủy"]


def test_remedy_follow_up_check(khoi, admin, remedy):
    def reread():
        remedy.refresh_from_db()
        return remedy.status, remedy.check_note, remedy.revision

    stale_round(khoi, admin, f"/inspections/remedies/{remedy.pk}/check/",
                first_changes={"outcome": "not_done", "checked_on": TODAY.strftime("%d/%m/%Y"),
                               "note": "Chưa kiện toàn xong"},
                second_changes={"outcome": "not_done", "checked_on": TODAY.strftime("%d/%m/%Y"),
                                "note": "Nhận xét của người thứ hai"},
                snapshot=reread, form=ACTION_FORM, shows=["Chưa kiện toàn xong"])
    remedy.refresh_from_db()
    assert remedy.check_note == "Nhận xét của người thứ hai"


def test_discipline_decision_receipt(khoi, admin, make_case, make_member, cell_a1, user_khoi):
    from inspections.services import discipline_issue

    case = make_case()
    decision = discipline_issue(actor=user_khoi, authority=case.programme.authority, case=case,
                                member=make_member(cell_a1), form="reprimand", reason="Vi phạm",
                                decided_on=D(2026, 5, 4))

    def reread():
        decision.refresh_from_db()
        return decision.received_on, decision.revision

    stale_round(khoi, admin, f"/inspections/decisions/{decision.pk}/",
                first_changes={"received_on": "05/05/2026"}, second_changes={"received_on": "06/05/2026"},
                snapshot=reread, shows=["05/05/2026"], form="//form[@id='receipt-form']")
    decision.refresh_from_db()
    assert decision.received_on == D(2026, 5, 6)
