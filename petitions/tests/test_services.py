"""Intake, eligibility (from rule data), the complain-and-denounce case, jurisdiction, deadlines and the steps
of settlement, through the real services on a real database."""

import datetime

import pytest
from django.utils.translation import override

from core.dates import add_months
from petitions import services
from petitions.models import Ground, Handler, Kind, Petition, State
from rules.models import Rule

from .conftest import TODAY, D

pytestmark = pytest.mark.django_db


# ---- intake --------------------------------------------------------------------------------------------------

class TestIntake:
    def test_numbered_per_register_and_year(self, receive, gc_a, gc_b):
        first = receive(gc_a, received_on=D(2024, 12, 30))
        second = receive(gc_a, received_on=D(2025, 1, 2))
        third = receive(gc_a, received_on=D(2025, 1, 3))
        other = receive(gc_b, received_on=D(2025, 1, 3))
        assert [p.register_number for p in (first, second, third, other)] == ["1/2024", "1/2025", "2/2025", "1/2025"]
        assert third.state == State.RECEIVED

    def test_history_keeps_actor_and_reason(self, receive, gc_a, actor):
        petition = receive(gc_a)
        record = petition.history.first()
        assert record.history_user == actor and record.history_change_reason

    def test_text_is_nfc_and_trimmed(self, receive, gc_a):
        petition = receive(gc_a, sender_name="  Nguye\u0302\u0303n Văn Tố ")
        assert petition.sender_name == "Nguyễn Văn Tố"

    @pytest.mark.parametrize("overrides, field", [
        ({"sender_name": ""}, "sender_name"),
        ({"received_on": TODAY + datetime.timedelta(days=1)}, "received_on"),
        ({"received_on": None}, "received_on"),
        ({"signatory_count": 0}, "signatory_count"),
        ({"channel": "forwarded", "forwarded_by": ""}, "forwarded_by"),
    ])
    def test_bad_input_refused_without_writing(self, receive, refused, gc_a, overrides, field):
        refused(lambda: receive(gc_a, **overrides), field=field)

    def test_anonymous_letter_cannot_carry_a_name(self, actor, refused, gc_a):
        refused(lambda: services.petition_receive(
            actor=actor, organization=gc_a, received_on=D(2025, 3, 3), channel="post", summary="x", content="y",
            anonymous=True, sender_name="Ai đó"), field="sender_name", contains="anonymous")


# ---- eligibility ---------------------------------------------------------------------------------------------

class TestEligibility:
    def test_named_signed_letter_within_jurisdiction_is_handled(self, receive, classify, gc_a):
        petition = classify(receive(gc_a))
        assert petition.state == State.ACCEPTED and petition.grounds == [] and petition.not_handled_reason == ""

    @pytest.mark.parametrize("intake, reason", [
        ({"anonymous": True}, Ground.ANONYMOUS),
        ({"signatory_count": 2, "signatories": "Trần Văn B"}, Ground.MULTIPLE_SIGNATORIES),
        ({"signed_original": False}, Ground.UNSIGNED_COPY),
    ])
    def test_recognised_from_the_intake(self, receive, classify, gc_a, intake, reason):
        petition = classify(receive(gc_a, **intake))
        assert petition.state == State.NOT_HANDLED and petition.not_handled_reason == reason
        assert petition.due_on is None

    @pytest.mark.parametrize("fact", [Ground.FALSE_IDENTITY, Ground.VAGUE])
    def test_found_on_checking(self, receive, classify, gc_a, fact):
        petition = classify(receive(gc_a), facts=[fact])
        assert petition.not_handled_reason == fact

    def test_every_ground_is_kept_the_first_is_the_reason(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, anonymous=True, signatory_count=3), facts=[Ground.VAGUE])
        assert petition.grounds == [Ground.ANONYMOUS, Ground.VAGUE, Ground.MULTIPLE_SIGNATORIES]
        assert petition.not_handled_reason == Ground.ANONYMOUS

    def test_repeat_needs_the_earlier_letter(self, receive, classify, refused, gc_a):
        earlier = classify(receive(gc_a, received_on=D(2025, 1, 6)))
        petition = receive(gc_a)
        refused(lambda: classify(petition, facts=[Ground.REPEATED]), field="repeat_of")
        petition = classify(petition, facts=[Ground.REPEATED], repeat_of=earlier)
        assert petition.not_handled_reason == Ground.REPEATED and petition.repeat_of == earlier

    def test_a_repeat_with_new_evidence_is_handled(self, receive, classify, gc_a):
        earlier = classify(receive(gc_a, received_on=D(2025, 1, 6)))
        petition = classify(receive(gc_a), repeat_of=earlier)
        assert petition.state == State.ACCEPTED

    def test_grounds_come_from_the_rule_data(self, receive, classify, gc_a):
        # A (hypothetical) amended rule that no longer lists multi-signed letters: they are then handled.
        current = Rule.objects.get(code="petition_not_handled_grounds", effective_to__isnull=True)
        Rule.objects.filter(pk=current.pk).update(effective_to=D(2025, 1, 1))
        Rule.objects.create(code="petition_not_handled_grounds", label=current.label, regulation="Quy định thử",
                            value=[g for g in current.value if g != Ground.MULTIPLE_SIGNATORIES],
                            effective_from=D(2025, 1, 1))
        before = classify(receive(gc_a, received_on=D(2024, 12, 2), signatory_count=2))
        after = classify(receive(gc_a, received_on=D(2025, 3, 3), signatory_count=2))
        assert before.not_handled_reason == Ground.MULTIPLE_SIGNATORIES
        assert after.state == State.ACCEPTED

    def test_feedback_signed_by_several_is_answered(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, signatory_count=5), kind=Kind.FEEDBACK)
        assert petition.state == State.ACCEPTED and petition.due_on is None

    def test_not_handled_letter_is_archived_and_kept(self, receive, classify, gc_a, actor):
        petition = classify(receive(gc_a, anonymous=True))
        services.petition_archive(actor=actor, petition=petition, archived_on=petition.classified_on)
        petition.refresh_from_db()
        assert petition.state == State.ARCHIVED and petition.not_handled_reason == Ground.ANONYMOUS
        assert Petition.objects.filter(pk=petition.pk).exists()


class TestComplainAndDenounce:
    def test_handled_as_a_complaint_with_working_day_deadline(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, received_on=D(2025, 1, 2)), kind=Kind.DENUNCIATION, also_denounces=True,
                            classified_on=D(2025, 1, 2))
        assert petition.kind == Kind.COMPLAINT and petition.also_denounces
        # 90 working days, Tết and the April–May holidays counted out, Saturday 26/04/2025 (worked for 02/05) counted
        assert petition.due_on == D(2025, 5, 20)

    def test_the_sender_is_told_how_to_denounce(self, receive, classify, settle, gc_a, user_coso, actor):
        petition = classify(receive(gc_a), kind=Kind.DENUNCIATION, also_denounces=True)
        settle(petition, user_coso)
        with override("vi"):
            services.petition_notify(actor=actor, petition=petition, notified_on=petition.concluded_on,
                                     notification="Đã trả lời nội dung khiếu nại.")
            guidance = services.denunciation_guidance()
        petition.refresh_from_db()
        assert petition.state == State.NOTIFIED and guidance in petition.notification
        assert petition.notification.startswith("Đã trả lời nội dung khiếu nại.")

    def test_a_plain_complaint_gets_no_guidance(self, receive, classify, settle, gc_a, user_coso, actor):
        petition = classify(receive(gc_a), kind=Kind.COMPLAINT)
        settle(petition, user_coso)
        services.petition_notify(actor=actor, petition=petition, notified_on=petition.concluded_on,
                                 notification="Trả lời.")
        petition.refresh_from_db()
        assert petition.notification == "Trả lời."


# ---- jurisdiction --------------------------------------------------------------------------------------------

class TestJurisdiction:
    @pytest.mark.parametrize("kind, concerns, subject, competent", [
        (Kind.DENUNCIATION, "member", "cell_a1", "gc_a"),  # a member: their grassroots organisation
        (Kind.DENUNCIATION, "organization", "cell_a1", "gc_a"),  # an organisation: the committee above it
        (Kind.DENUNCIATION, "organization", "gc_a", "bloc"),
        (Kind.DENUNCIATION, "member", "gcell", "gcell"),  # a grassroots cell settles its own members' cases
        (Kind.DENUNCIATION, "organization", "bloc", "bloc"),  # the root settles its own
        (Kind.COMPLAINT_DISCIPLINE, "member", "cell_a1", "gc_a"),  # the superior of the body that decided
        (Kind.COMPLAINT_DISCIPLINE, "member", "gc_a", "bloc"),
        (Kind.COMPLAINT, "member", "cell_b2", "gc_b"),
        (Kind.FEEDBACK, "organization", "cell_a2", "gc_a"),
    ])
    def test_competent_organisation(self, tree, kind, concerns, subject, competent):
        from petitions.jurisdiction import competent_organization_id

        pk, rule = competent_organization_id(getattr(tree, subject), kind, concerns, on=D(2025, 3, 3))
        assert pk == getattr(tree, competent).pk
        assert rule.code == "petition_jurisdiction"

    def test_out_of_jurisdiction_is_forwarded_to_the_competent_committee(self, receive, classify, gc_a, bloc):
        petition = classify(receive(gc_a), kind=Kind.DENUNCIATION, concerns="organization", subject_organization=gc_a)
        assert petition.state == State.NOT_HANDLED and petition.not_handled_reason == Ground.OUT_OF_JURISDICTION
        assert petition.forwarded_to == bloc.name and petition.forwarded_on == petition.classified_on
        assert petition.competent_organization == bloc

    def test_forwarded_to_another_recipient_is_recorded(self, receive, classify, gc_a):
        petition = classify(receive(gc_a), kind=Kind.DENUNCIATION, concerns="organization", subject_organization=gc_a,
                            forwarded_to="Ủy ban Kiểm tra Đảng ủy Khối")
        assert petition.forwarded_to == "Ủy ban Kiểm tra Đảng ủy Khối"

    def test_a_letter_within_jurisdiction_is_not_forwarded(self, receive, classify, refused, gc_a):
        petition = receive(gc_a)
        refused(lambda: classify(petition, forwarded_to="Đâu đó"), field="forwarded_to")

    def test_jurisdiction_follows_the_rule_data(self, receive, classify, gc_a, bloc):
        current = Rule.objects.get(code="petition_jurisdiction", effective_to__isnull=True)
        Rule.objects.filter(pk=current.pk).update(effective_to=D(2025, 1, 1))
        value = dict(current.value, denunciation={"member": "superior", "organization": "superior"})
        Rule.objects.create(code="petition_jurisdiction", label=current.label, regulation="Quy định thử", value=value,
                            effective_from=D(2025, 1, 1))
        # A member of gc_a itself: the committee above gc_a (the Bloc) is now competent.
        petition = classify(receive(gc_a), subject_organization=gc_a)
        assert petition.competent_organization == bloc and petition.not_handled_reason == Ground.OUT_OF_JURISDICTION


# ---- deadlines -----------------------------------------------------------------------------------------------

class TestDeadlines:
    def test_denunciation_in_calendar_days(self, receive, classify, gc_a):
        petition = classify(receive(gc_a, received_on=D(2025, 1, 2)), classified_on=D(2025, 1, 3))
        assert petition.due_on == D(2025, 1, 3) + datetime.timedelta(days=90)

    def test_complaint_in_working_days_across_tet(self, receive, classify, gc_a):
        # 90 weekdays from Friday 13/02/2026 end on Friday 19/06/2026 (18 weeks); Tết Bính Ngọ (16–20/02), the Hùng
        # Kings' day in lieu (27/04), 30/4 and 1/5 are 8 more: Wednesday 01/07/2026.
        petition = classify(receive(gc_a, received_on=D(2026, 2, 13)), kind=Kind.COMPLAINT,
                            classified_on=D(2026, 2, 13))
        assert petition.due_on == D(2026, 7, 1)

    def test_disciplinary_complaint_within_one_month(self, receive, classify, gc_a):
        received = D(2025, 3, 3)
        petition = classify(receive(gc_a, received_on=received), kind=Kind.COMPLAINT_DISCIPLINE,
                            decision_number="12-QĐ/ĐU", decision_date=D(2025, 1, 30),
                            decision_received_on=add_months(received, -1))
        assert petition.state == State.ACCEPTED
        assert petition.due_on == services.settlement_due(Kind.COMPLAINT, received)

    def test_disciplinary_complaint_after_one_month_is_out_of_time(self, receive, classify, gc_a):
        received = D(2025, 3, 3)
        petition = classify(receive(gc_a, received_on=received), kind=Kind.COMPLAINT_DISCIPLINE,
                            decision_number="12-QĐ/ĐU", decision_received_on=D(2025, 2, 2))
        assert petition.not_handled_reason == Ground.OUT_OF_TIME

    @pytest.mark.parametrize("overrides, field", [
        ({"decision_number": ""}, "decision_number"),
        ({"decision_received_on": None}, "decision_received_on"),
        ({"decision_received_on": D(2025, 3, 4)}, "decision_received_on"),  # after the complaint
        ({"decision_date": D(2025, 2, 10)}, "decision_received_on"),  # received before it was dated
    ])
    def test_disciplinary_complaint_needs_the_decision(self, receive, classify, refused, gc_a, overrides, field):
        petition = receive(gc_a)
        data = dict(kind=Kind.COMPLAINT_DISCIPLINE, decision_number="12-QĐ/ĐU", decision_received_on=D(2025, 2, 5))
        data.update(overrides)
        refused(lambda: classify(petition, **data), field=field)


# ---- the steps -----------------------------------------------------------------------------------------------

class TestSteps:
    def test_full_path_with_history(self, receive, classify, gc_a, user_coso, actor):
        petition = classify(receive(gc_a))
        services.petition_assign(actor=actor, petition=petition, users=[user_coso], assigned_on=D(2025, 3, 4))
        assert petition.state == State.IN_PROGRESS
        assert Handler.objects.get(petition=petition).lead
        services.petition_verify(actor=actor, petition=petition, verification="Làm việc với người bị tố cáo.",
                                 verified_on=D(2025, 4, 1))
        services.petition_conclude(actor=actor, petition=petition, outcome="partly_founded", conclusion="Đúng một phần.",
                                   concluded_on=D(2025, 4, 15), inspection_proposed=True)
        services.petition_notify(actor=actor, petition=petition, notified_on=D(2025, 4, 16), notification="Thông báo.")
        services.petition_archive(actor=actor, petition=petition, archived_on=D(2025, 4, 20))
        petition.refresh_from_db()
        assert petition.state == State.ARCHIVED and petition.on_time is True
        reasons = list(petition.history.order_by("history_date", "history_id").values_list(
            "state", flat=True))
        assert reasons == ["received", "accepted", "in_progress", "verified", "concluded", "notified", "archived"]

    def test_concluded_after_the_deadline_is_late(self, receive, classify, settle, gc_a, user_coso):
        petition = classify(receive(gc_a, received_on=D(2024, 1, 2)), classified_on=D(2024, 1, 2))
        settle(petition, user_coso, on=D(2024, 6, 3))
        assert petition.on_time is False

    def test_steps_out_of_order_are_refused(self, receive, classify, refused, gc_a, actor):
        petition = receive(gc_a)
        refused(lambda: services.petition_conclude(actor=actor, petition=petition, outcome="founded", conclusion="x",
                                                   concluded_on=D(2025, 3, 3), verification="y"), field=None)
        petition = classify(petition)
        refused(lambda: services.petition_notify(actor=actor, petition=petition, notified_on=D(2025, 3, 3),
                                                 notification="x"), field=None)
        refused(lambda: services.petition_archive(actor=actor, petition=petition, archived_on=D(2025, 3, 3)),
                field=None)

    def test_handler_must_work_on_the_register(self, receive, classify, refused, gc_a, user_other, user_chibo,
                                               actor):
        petition = classify(receive(gc_a))
        refused(lambda: services.petition_assign(actor=actor, petition=petition, users=[user_other],
                                                 assigned_on=D(2025, 3, 4)), field="users")
        refused(lambda: services.petition_assign(actor=actor, petition=petition, users=[user_chibo],
                                                 assigned_on=D(2025, 3, 4)), field="users")
        refused(lambda: services.petition_assign(actor=actor, petition=petition, users=[],
                                                 assigned_on=D(2025, 3, 4)), field="users")

    def test_khoi_may_handle_a_grassroots_register(self, receive, classify, gc_a, user_khoi, actor):
        petition = classify(receive(gc_a))
        services.petition_assign(actor=actor, petition=petition, users=[user_khoi], assigned_on=D(2025, 3, 4))
        assert petition.handlers.get().user == user_khoi

    def test_conclusion_needs_verification_and_a_fitting_outcome(self, receive, classify, refused, gc_a, user_coso,
                                                                 actor):
        petition = classify(receive(gc_a))
        services.petition_assign(actor=actor, petition=petition, users=[user_coso], assigned_on=D(2025, 3, 4))

        def conclude(**kw):
            data = dict(outcome="founded", conclusion="Kết luận.", concluded_on=D(2025, 4, 1), verification="Đã xác minh.")
            data.update(kw)
            return lambda: services.petition_conclude(actor=actor, petition=petition, **data)

        refused(conclude(verification=""), field="verification")
        refused(conclude(outcome="answered"), field="outcome")
        refused(conclude(conclusion=" "), field="conclusion")
        refused(conclude(concluded_on=D(2025, 3, 1)), field="concluded_on")
        complaint = classify(receive(gc_a), kind=Kind.COMPLAINT)
        services.petition_assign(actor=actor, petition=complaint, users=[user_coso], assigned_on=D(2025, 3, 4))
        refused(lambda: services.petition_conclude(actor=actor, petition=complaint, outcome="founded", conclusion="x",
                                                   concluded_on=D(2025, 4, 1), verification="y",
                                                   inspection_proposed=True), field="inspection_proposed")

    def test_classified_before_received_is_refused(self, receive, classify, refused, gc_a):
        petition = receive(gc_a)
        refused(lambda: classify(petition, classified_on=D(2025, 3, 2)), field="classified_on")
        refused(lambda: classify(petition, kind="nonsense"), field="kind")
        refused(lambda: classify(petition, subject_organization=None), field="subject_organization")
