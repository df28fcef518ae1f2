"""Programme items, the configurable workflow, findings, remedies and discipline, through the real services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from core.testing.pages import assert_refused
from documents.models import Counter
from inspections import selectors, services
from inspections.models import DecisionCounter, Remedy, WorkflowState, WorkflowTransition

from .conftest import state

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def refused(db_snapshot, inspections_snapshot):
    """Run `call` in English: a ValidationError on `field` (alone), and nothing written anywhere."""
    from apparatus.tests.conftest import apparatus_snapshot

    def snapshot():
        return db_snapshot(), inspections_snapshot(), apparatus_snapshot()

    return lambda call, *, field=None, contains=None: assert_refused(call, snapshot=snapshot, field=field,
                                                                     contains=contains, alone=True)


class TestProgramme:
    def test_one_programme_per_authority_and_year(self, actor, authority, programme, refused):
        refused(lambda: services.programme_create(actor=actor, authority=authority, year=2026), field="year",
                contains="already has its programme")

    def test_item_starts_in_the_initial_state_with_a_step(self, make_case):
        case = make_case()
        assert case.state.code == "planned" and case.steps.count() == 1
        first = case.history.earliest("history_date")
        assert first.history_change_reason == "Added to the programme" or first.history_change_reason

    def test_item_refuses_subjects_outside_the_authority_and_other_years(self, actor, make_org, make_case, refused,
                                                                         kinds, gc_a):
        from inspections.services import authority_ensure, programme_create

        lower = authority_ensure(actor=actor, organization=gc_a, kind="inspection_committee")
        assert lower.symbol == "UBKTĐUCS"
        other = programme_create(actor=actor, authority=lower, year=2026)

        refused(lambda: make_case(planned_from=D(2025, 12, 1)), field="planned_from", contains="2026")
        refused(lambda: make_case(subject_organizations=[]), field="subject_organizations")
        refused(lambda: make_case(programme=other, subject_organizations=[gc_a.parent]),
                field="subject_organizations", contains="is not under")
        refused(lambda: make_case(planned_to=D(2026, 2, 1)), field="planned_to")


class TestWorkflow:
    def test_allowed_path_to_conclusion_numbers_the_decision(self, make_case, conclude):
        case = conclude(make_case())
        assert case.state.code == "conclusion" and case.concluded_on == D(2026, 4, 20)
        assert case.decision_number == "01-QĐ/ĐUK" and case.decided_on == D(2026, 3, 2)
        assert [s.state.code for s in case.steps.order_by("on", "id")] == [
            "planned", "decision", "notice", "self_report", "fieldwork", "draft_report", "conclusion"]
        assert case.self_report_due == D(2026, 3, 18)

    def test_decision_numbers_follow_each_other_per_authority_and_year(self, make_case, advance, programme):
        first, second = make_case(), make_case(title="Giám sát thứ hai")
        advance(first, "decision", on=D(2026, 3, 2))
        advance(second, "decision", on=D(2026, 3, 3))
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.decision_number, second.decision_number) == ("01-QĐ/ĐUK", "02-QĐ/ĐUK")
        # numbered in the register's series of the body (documents.numbering), the yearly counter no longer used
        assert Counter.objects.get(key__contains="/ĐUK/QĐ/").last == 2
        assert not DecisionCounter.objects.exists()

    def test_the_numbers_of_the_yearly_counter_are_never_given_again(self, make_case, advance, programme):
        DecisionCounter.objects.create(authority=programme.authority, year=2026, last=7)
        services.reserve_decision_numbers(authority=programme.authority, year=2026, last=7)
        case = make_case()
        advance(case, "decision", on=D(2026, 3, 2))
        case.refresh_from_db()
        assert case.decision_number == "08-QĐ/ĐUK"

    def test_the_register_and_the_decisions_share_one_series(self, actor, make_case, advance, programme):
        from documents.services import document_issue

        authority = programme.authority
        case = make_case()
        advance(case, "decision", on=D(2026, 3, 2))
        registered = document_issue(actor=actor, organization=authority.organization, issuer=authority.kind,
                                    kind="QĐ", issued_on=D(2026, 3, 3), title="Quyết định thành lập đoàn",
                                    signer_name="Nguyễn Văn Ký", signer_position="Bí thư")
        assert registered.symbol == "02-QĐ/ĐUK"

    def test_numbers_start_again_each_year(self, actor, authority, make_case, advance, team_head, gc_a):
        programme_2025 = services.programme_create(actor=actor, authority=authority, year=2025)
        old = services.case_create(actor=actor, programme=programme_2025, type="regular_supervision", title="Cũ",
                                   planned_from=D(2025, 5, 1), planned_to=D(2025, 5, 30), subject_organizations=[gc_a])
        advance(old, "decision", on=D(2025, 5, 2))
        advance(make_case(), "decision", on=D(2026, 3, 2))
        assert old.__class__.objects.get(pk=old.pk).decision_number == "01-QĐ/ĐUK"

    def test_a_transition_not_in_the_workflow_is_refused(self, make_case, advance, refused):
        case = make_case()
        refused(lambda: advance(case, "conclusion"), field="target", contains="cannot go to")
        refused(lambda: advance(case, "closed"), field="target", contains="cannot go to")

    def test_a_transition_added_in_the_data_becomes_allowed(self, make_case, advance):
        WorkflowTransition.objects.create(workflow=state("planned").workflow, source=state("planned"),
                                          target=state("fieldwork"), actor="authority")
        assert advance(make_case(), "fieldwork").state.code == "fieldwork"

    def test_who_may_act_comes_from_the_transition(self, make_case, advance, refused, user_chibo, user_other,
                                                   make_user, team_head):
        case = make_case()
        refused(lambda: advance(case, "decision", user=user_chibo), field="target", contains="Only the inspecting")
        refused(lambda: advance(case, "decision", user=user_other), field="target")
        advance(case, "decision")
        # The team head may take the team's steps, but not the authority's.
        head = make_user("truong_doan")
        team_head.user = head
        team_head.save()
        case = advance(case, "notice", user=head, on=D(2026, 3, 3))
        for code in ("self_report", "fieldwork", "draft_report"):
            case = advance(case, code, user=head, on=D(2026, 3, 4))
        services.case_record_findings(actor=head, case=case, conclusion="Kết luận")
        refused(lambda: advance(case, "conclusion", user=head, on=D(2026, 3, 5)), field="target")

    def test_dates_go_forward_and_never_into_the_future(self, make_case, advance, refused):
        case = advance(make_case(), "decision", on=D(2026, 3, 5))
        refused(lambda: advance(case, "notice", on=D(2026, 3, 4)), field="on", contains="05/03/2026")
        refused(lambda: advance(case, "notice", on=datetime.date.today() + datetime.timedelta(days=1)), field="on")

    def test_notice_needs_the_self_report_deadline(self, make_case, advance, refused):
        case = advance(make_case(), "decision")
        refused(lambda: advance(case, "notice", self_report_due=None), field="self_report_due")

    def test_conclusion_needs_its_text_and_freezes_it(self, make_case, advance, refused, conclude, user_khoi):
        case = make_case()
        for code in ("decision", "notice", "self_report", "fieldwork", "draft_report"):
            case = advance(case, code)
        refused(lambda: advance(case, "conclusion"), field="target", contains="conclusion first")
        other = conclude(make_case(title="Khác"))
        refused(lambda: services.case_record_findings(actor=user_khoi, case=other, conclusion="Sửa"),
                contains="can no longer change")

    def test_a_case_closes_only_when_remedies_are_done_or_carried_over(self, make_case, conclude, advance, refused,
                                                                       user_khoi, user_chibo, cell_a1, gc_a):
        case = advance(advance(conclude(make_case()), "notified", on=D(2026, 4, 25)), "follow_up", on=D(2026, 5, 1))
        first = services.remedy_add(actor=user_khoi, case=case, text="Ban hành quy chế", organization=gc_a,
                                    deadline=D(2026, 6, 30))
        second = services.remedy_add(actor=user_khoi, case=case, text="Kiện toàn chi ủy", organization=cell_a1,
                                     deadline=D(2026, 9, 30))
        refused(lambda: advance(case, "closed", on=D(2026, 10, 1)), field="target", contains="2 remedies")
        services.remedy_report(actor=user_chibo, remedy=second, reported_on=D(2026, 9, 1), text="Đã kiện toàn",
                               done=True, evidence_title="Quyết định 05-QĐ/CB")
        refused(lambda: advance(case, "closed", on=D(2026, 10, 1)), field="target", contains="2 remedies")
        services.remedy_check(actor=user_khoi, remedy=second, checked_on=D(2026, 9, 10), accepted=True, note="Đạt")
        services.remedy_carry_over(actor=user_khoi, remedy=first, note="Chuyển sang chương trình 2027")
        case = advance(case, "closed", on=D(2026, 10, 1))
        assert case.closed_on == D(2026, 10, 1) and case.state.is_final

    def test_no_change_once_closed(self, make_case, conclude, advance, refused, user_khoi, gc_a):
        case = advance(advance(conclude(make_case()), "notified", on=D(2026, 4, 25)), "closed", on=D(2026, 4, 26))
        refused(lambda: services.remedy_add(actor=user_khoi, case=case, text="x", organization=gc_a,
                                            deadline=D(2026, 6, 1)), contains="closed")


class TestFindingsAndRemedies:
    def test_a_violation_names_who(self, make_case, refused, user_khoi, gc_a):
        case = make_case()
        refused(lambda: services.finding_add(actor=user_khoi, case=case, kind="violation", text="Vi phạm"),
                field="organization")
        finding = services.finding_add(actor=user_khoi, case=case, kind="violation", text="Vi phạm", organization=gc_a)
        assert finding.history.first().history_user == user_khoi

    def test_overdue_is_open_past_the_deadline(self, make_case, conclude, user_khoi, user_chibo, cell_a1):
        case = conclude(make_case())
        remedy = services.remedy_add(actor=user_khoi, case=case, text="Khắc phục", organization=cell_a1,
                                     deadline=D(2026, 6, 30))
        assert not remedy.is_overdue(D(2026, 6, 30))  # the deadline day itself is still in time
        assert remedy.is_overdue(D(2026, 7, 1))
        services.remedy_report(actor=user_chibo, remedy=remedy, reported_on=D(2026, 7, 2), text="Đang làm")
        assert remedy.is_overdue(D(2026, 7, 3))  # progress is not completion
        services.remedy_report(actor=user_chibo, remedy=remedy, reported_on=D(2026, 7, 3), text="Xong", done=True,
                               evidence_title="Biên bản")
        assert not remedy.is_overdue(D(2026, 7, 4))  # reported done: awaiting the check, not overdue
        services.remedy_check(actor=user_khoi, remedy=remedy, checked_on=D(2026, 7, 10), accepted=False,
                              note="Chưa đủ hồ sơ")
        assert remedy.status == Remedy.Status.OPEN and remedy.is_overdue(D(2026, 7, 11))

    def test_done_needs_evidence(self, make_case, conclude, refused, user_khoi, user_chibo, cell_a1):
        remedy = services.remedy_add(actor=user_khoi, case=conclude(make_case()), text="Khắc phục", organization=cell_a1,
                                     deadline=D(2026, 6, 30))
        refused(lambda: services.remedy_report(actor=user_chibo, remedy=remedy, reported_on=D(2026, 6, 1),
                                               text="Xong", done=True), field="evidence_title")


class TestDiscipline:
    def test_forms_per_subject_come_from_the_rule_data(self, authority, make_member, cell_a1, gc_a, refused, actor):
        probationary = make_member(cell_a1, status="probationary")
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, member=probationary,
                                                  form="expulsion", reason="Vi phạm", decided_on=D(2026, 5, 1)),
                field="form", contains="reprimand, warning")
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, organization=gc_a,
                                                  form="expulsion", reason="Vi phạm", decided_on=D(2026, 5, 1)),
                field="form", contains="dissolution")
        with override("vi"):
            with pytest.raises(ValidationError) as info:
                services.discipline_issue(actor=actor, authority=authority, member=probationary, form="expulsion",
                                          reason="Vi phạm", decided_on=D(2026, 5, 1))
        assert "khiển trách, cảnh cáo" in info.value.message_dict["form"][0]
        decision = services.discipline_issue(actor=actor, authority=authority, member=probationary,
                                             form="warning", reason="Vi phạm", decided_on=D(2026, 5, 1))
        assert (decision.subject_kind, decision.number) == ("probationary_member", "01-QĐ/ĐUK")

    def test_a_form_removed_from_the_rule_data_is_refused(self, authority, make_member, cell_a1, refused, actor):
        from rules.models import Rule

        Rule.objects.filter(code="discipline_forms_full_member", effective_to__isnull=True).update(
            value=["reprimand", "warning"])
        member = make_member(cell_a1)
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, member=member,
                                                  form="expulsion", reason="x", decided_on=D(2026, 5, 1)),
                field="form")

    def test_expulsion_ends_membership_and_seats(self, authority, make_member, cell_a1, actor):
        from apparatus.models import Seat
        from apparatus.services import seat_assign, term_open
        from members.models import Member

        member = make_member(cell_a1)
        term = term_open(actor=actor, organization=cell_a1, label="2025–2027", congress_on=D(2025, 5, 1))
        seat = seat_assign(actor=actor, body=term.bodies.get(), member=member, position="secretary",
                           started_on=D(2025, 5, 1))
        decision = services.discipline_issue(actor=actor, authority=authority, member=member, form="expulsion",
                                             reason="Vi phạm nghiêm trọng", decided_on=D(2026, 5, 1),
                                             effective_on=D(2026, 5, 2))
        member = Member.objects.get(pk=member.pk)
        assert (member.status, member.status_since) == ("expelled", D(2026, 5, 2))
        assert decision.number in member.history.first().history_change_reason
        seat = Seat.objects.get(pk=seat.pk)
        assert (seat.ended_on, seat.end_reason, seat.end_decision_number) == (D(2026, 5, 2), "expelled", "01-QĐ/ĐUK")

    def test_removal_from_post_ends_the_seat_only(self, authority, make_member, cell_a1, actor, refused):
        from apparatus.models import Seat
        from apparatus.services import seat_assign, term_open

        member = make_member(cell_a1)
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, member=member,
                                                  form="removal_from_post", reason="x", decided_on=D(2026, 5, 1)),
                field="seat")
        term = term_open(actor=actor, organization=cell_a1, label="2025–2027", congress_on=D(2025, 5, 1))
        seat = seat_assign(actor=actor, body=term.bodies.get(), member=member, position="secretary",
                           started_on=D(2025, 5, 1))
        services.discipline_issue(actor=actor, authority=authority, member=member, form="removal_from_post",
                                  reason="Không hoàn thành nhiệm vụ", decided_on=D(2026, 5, 1), seat=seat)
        seat = Seat.objects.get(pk=seat.pk)
        assert (seat.ended_on, seat.end_reason) == (D(2026, 5, 1), "removed")
        member.refresh_from_db()
        assert member.status == "full"

    def test_dissolution_dissolves_or_refuses_with_nothing_written(self, authority, make_org, gc_a, actor, refused,
                                                                   make_member):
        empty = make_org("cell", gc_a, code="CB-X", name="Chi bộ X")
        busy = make_org("cell", gc_a, code="CB-Y", name="Chi bộ Y")
        make_member(busy)
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, organization=busy,
                                                  form="dissolution", reason="x", decided_on=D(2026, 5, 1)),
                contains="still has")
        services.discipline_issue(actor=actor, authority=authority, organization=empty, form="dissolution",
                                  reason="Vi phạm nghiêm trọng", decided_on=D(2026, 5, 1))
        empty.refresh_from_db()
        assert (empty.status, empty.ended_on) == ("dissolved", D(2026, 5, 1))

    def test_complaint_window_is_a_month_from_receipt(self, authority, make_member, cell_a1, actor):
        decision = services.discipline_issue(actor=actor, authority=authority, member=make_member(cell_a1),
                                             form="reprimand", reason="x", decided_on=D(2026, 1, 20))
        assert selectors.complaint_deadline(decision) is None
        services.discipline_record_receipt(actor=actor, decision=decision, received_on=D(2026, 1, 31))
        assert selectors.complaint_deadline(decision) == D(2026, 2, 28)

    def test_a_member_no_longer_active_cannot_be_disciplined(self, authority, make_member, cell_a1, actor, refused):
        from members.services import member_leave

        member = make_member(cell_a1)
        member_leave(actor=actor, member=member, effective_on=D(2026, 1, 1), reason="Xin ra")
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, member=member, form="reprimand",
                                                  reason="x", decided_on=D(2026, 5, 1)), field="member")

    def test_dates_before_the_founding_are_refused_on_the_field(self, authority, make_member, cell_a1, actor,
                                                                refused, make_case, advance):
        member = make_member(cell_a1)
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, member=member, form="reprimand",
                                                  reason="x", decided_on=D(1900, 1, 1)),
                field="decided_on", contains="03/02/1930")
        decision = services.discipline_issue(actor=actor, authority=authority, member=member, form="reprimand",
                                             reason="x", decided_on=D(2026, 5, 1))
        refused(lambda: services.discipline_record_receipt(actor=actor, decision=decision, received_on=D(1929, 12, 31)),
                field="received_on", contains="03/02/1930")
        case = make_case()
        refused(lambda: advance(case, "decision", on=D(1930, 2, 2)), field="on", contains="03/02/1930")

    def test_no_rule_in_force_is_a_refusal_on_the_field_not_a_500(self, authority, make_member, cell_a1, actor,
                                                                   refused):
        from rules.models import Rule

        # The rule data starts on 03/02/1930; a gap (a row edited in /admin/) must not crash the service.
        Rule.objects.filter(code="discipline_forms_full_member", effective_from=D(1930, 2, 3)).update(
            effective_from=D(1960, 1, 1))
        member = make_member(cell_a1)
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, member=member,
                                                  form="reprimand", reason="x", decided_on=D(1950, 1, 1)),
                field="decided_on", contains="No rule")

    def test_a_member_outside_the_authoritys_subtree_is_refused(self, actor, gc_a, make_member, cell_a1, cell_b1,
                                                                refused):
        from inspections.models import Authority

        authority = services.authority_ensure(actor=actor, organization=gc_a, kind=Authority.Kind.STANDING_COMMITTEE)
        outsider = make_member(cell_b1)
        refused(lambda: services.discipline_issue(actor=actor, authority=authority, member=outsider,
                                                  form="reprimand", reason="x", decided_on=D(2026, 5, 1)),
                field="member", contains="is not a member under")
        decision = services.discipline_issue(actor=actor, authority=authority, member=make_member(cell_a1),
                                             form="reprimand", reason="x", decided_on=D(2026, 5, 1))
        assert decision.number.endswith("-QĐ/" + authority.symbol)

    def test_an_inspection_committee_does_not_dissolve(self, actor, bloc, make_org, gc_a, refused):
        from inspections.models import Authority

        committee = services.authority_ensure(actor=actor, organization=bloc,
                                              kind=Authority.Kind.INSPECTION_COMMITTEE)
        empty = make_org("cell", gc_a, code="CB-Z", name="Chi bộ Z")
        refused(lambda: services.discipline_issue(actor=actor, authority=committee, organization=empty,
                                                  form="dissolution", reason="x", decided_on=D(2026, 5, 1)),
                field="form", contains="standing committee")
        services.discipline_issue(actor=actor, authority=committee, organization=empty, form="warning", reason="x",
                                  decided_on=D(2026, 5, 1))
        empty.refresh_from_db()
        assert empty.status == "active"


class TestRemedyNeedsTheConclusion:
    def test_refused_before_the_conclusion_then_accepted(self, make_case, advance, conclude, refused, user_khoi,
                                                          cell_a1):
        case = make_case()
        for i, code in enumerate(("decision", "notice", "self_report", "fieldwork", "draft_report")):
            case = advance(case, code, on=D(2026, 3, 2 + i))
            refused(lambda case=case: services.remedy_add(actor=user_khoi, case=case, text="Sớm", organization=cell_a1,
                                                deadline=D(2026, 6, 1)), contains="once the conclusion")
        fresh = make_case(title="Mới")
        refused(lambda: services.remedy_add(actor=user_khoi, case=fresh, text="Sớm",
                                            organization=cell_a1, deadline=D(2026, 6, 1)), contains="conclusion")
        case = conclude(make_case(title="Đã kết luận"))
        refused(lambda: services.remedy_add(actor=user_khoi, case=case, text="x", organization=cell_a1,
                                            deadline=D(1920, 1, 1)), field="deadline", contains="03/02/1930")
        remedy = services.remedy_add(actor=user_khoi, case=case, text="Khắc phục", organization=cell_a1,
                                     deadline=D(2026, 6, 1))
        assert remedy.history.first().history_user == user_khoi


def test_seeded_workflow_is_linear_with_a_final_state():
    states = list(WorkflowState.objects.filter(workflow__code="standard").order_by("order"))
    assert [s.code for s in states][:10] == ["planned", "decision", "notice", "self_report", "fieldwork",
                                             "draft_report", "conclusion", "notified", "follow_up", "closed"]
    assert sum(s.is_initial for s in states) == 1 and sum(s.is_final for s in states) == 1


class TestPeriods:
    def test_periods_are_cumulative_from_january(self):
        from inspections.selectors import period_for

        assert (period_for("q1", 2024).start, period_for("q1", 2024).end) == (D(2024, 1, 1), D(2024, 3, 31))
        assert period_for("h1", 2024).end == D(2024, 6, 30)
        assert period_for("m9", 2024).end == D(2024, 9, 30)
        assert period_for("year", 2024).end == D(2024, 12, 31)
        assert (period_for("month", 2024, 2).start, period_for("month", 2024, 2).end) == (D(2024, 2, 1),
                                                                                         D(2024, 2, 29))
        assert period_for("term", 2020).end == D(2024, 12, 31)

    def test_edge_dates_fall_in_the_right_period(self, make_case, advance, user_khoi, cell_a1):
        from inspections.selectors import period_for, statistics

        last_of_march = advance(make_case(), "decision", on=D(2026, 3, 31))
        for day, code in enumerate(("notice", "self_report", "fieldwork", "draft_report"), start=1):
            last_of_march = advance(last_of_march, code, on=D(2026, 4, day))
        services.case_record_findings(actor=user_khoi, case=last_of_march, conclusion="Kết luận")
        last_of_march = advance(last_of_march, "conclusion", on=D(2026, 4, 5))  # remedies come with the conclusion
        advance(make_case(title="Tháng tư", planned_from=D(2026, 4, 1)), "decision", on=D(2026, 4, 1))
        services.remedy_add(actor=user_khoi, case=last_of_march, text="x", organization=cell_a1,
                            deadline=D(2026, 3, 31))
        q1 = statistics(user_khoi, period_for("q1", 2026), today=D(2026, 4, 1))
        h1 = statistics(user_khoi, period_for("h1", 2026), today=D(2026, 4, 1))
        april = statistics(user_khoi, period_for("month", 2026, 4), today=D(2026, 4, 1))
        assert (q1["totals"]["started"], h1["totals"]["started"], april["totals"]["started"]) == (1, 2, 1)
        assert (q1["remedies"]["total"], q1["remedies"]["overdue"], april["remedies"]["total"]) == (1, 1, 0)
        on_deadline = statistics(user_khoi, period_for("q1", 2026), today=D(2026, 3, 31))
        assert on_deadline["remedies"]["overdue"] == 0


class TestTermPeriod:
    def test_a_term_runs_from_the_bloc_congress_to_the_next(self, actor, bloc, user_khoi, client):
        from apparatus.services import term_open
        from inspections.selectors import period_for, term_of

        assert term_of(user_khoi, D(2022, 6, 1)) == (None, None)  # no term recorded: five years from January
        term_open(actor=actor, organization=bloc, label="2020–2025", congress_on=D(2020, 10, 15))
        assert term_of(user_khoi, D(2022, 6, 1)) == (D(2020, 10, 15), None)
        term_open(actor=actor, organization=bloc, label="2025–2030", congress_on=D(2025, 9, 20))
        start, end = term_of(user_khoi, D(2022, 6, 1))
        assert (start, end) == (D(2020, 10, 15), D(2025, 9, 19))
        assert (period_for("term", 2022, 6, term_start=start, term_end=end).start,
                period_for("term", 2022, 6, term_start=start, term_end=end).end) == (D(2020, 10, 15), D(2025, 9, 19))
        client.force_login(user_khoi)
        page = client.get("/inspections/statistics/?period=term&year=2022&month=6").content.decode()
        assert "15/10/2020 – 19/09/2025" in page
