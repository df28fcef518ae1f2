"""members.services: a member's file and lifecycle, against the real database.

Every refusal is checked for its field (or non-field), its message in English, and for
having written nothing (`db_snapshot`).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from members import services
from members.choices import ACTIVE_STATUSES, Status, TransferKind
from members.models import Member, Membership
from rules.models import Rule

pytestmark = pytest.mark.django_db
D = datetime.date
HOME_OUTSIDE = "Đảng bộ Sở Nội vụ tỉnh Quảng Nam"


# ---- helpers ---------------------------------------------------------------------------------------

def refused(db_snapshot, call, *, field=None, contains=None, code=None):
    """Run `call` in English; assert a ValidationError (on `field`, or non-field) and no write."""
    before = db_snapshot()
    with override("en"), pytest.raises(ValidationError) as info:
        call()
    assert db_snapshot() == before, "a refused operation wrote to the database"
    error = info.value
    if field is None:
        assert not hasattr(error, "error_dict"), f"expected a non-field error, got {error.message_dict}"
        errors, messages = error.error_list, error.messages
    else:
        assert hasattr(error, "error_dict") and field in error.error_dict, f"no error on {field!r}: {error}"
        errors, messages = error.error_dict[field], error.message_dict[field]
    if contains:
        assert any(contains in m for m in messages), messages
    if code:
        assert code in [e.code for e in errors]
    return errors


def admit(actor, organization, **overrides):
    data = dict(full_name="Phan Thị Thu Trang", gender="female", date_of_birth=D(2000, 5, 5),
                citizen_id="046300001234", hometown="Quảng Điền, Thừa Thiên Huế", position="Chuyên viên")
    data.update(overrides)
    admitted_on = data.pop("admitted_on", D(2025, 6, 1))
    decision = data.pop("decision_number", "88-QĐ/ĐUSTC")
    return services.member_admit(actor=actor, organization=organization, admitted_on=admitted_on,
                                 decision_number=decision, **data)


def periods(member):
    """(organisation or outside name, kind, started_on, ended_on) in order."""
    return [(p.organization or p.external_organization, p.kind, p.started_on, p.ended_on)
            for p in Membership.objects.filter(member=member).select_related("organization")
            .order_by("started_on", "id")]


def active_count(organization):
    """Members counted at an organisation: officially registered there and active."""
    return organization.members.filter(status__in=ACTIVE_STATUSES).count()


def last_history(member):
    return member.history.order_by("-history_date", "-history_id").first()


# ---- admission --------------------------------------------------------------------------------------

class TestAdmit:
    def test_admit_makes_a_probationary_member(self, actor, cell_a1):
        with override("en"):
            member = admit(actor, cell_a1, full_name=" Phan  Thị Thu Trang ")
        member = Member.objects.get(pk=member.pk)
        assert member.status == Status.PROBATIONARY and member.status_since == D(2025, 6, 1)
        assert member.admitted_on == D(2025, 6, 1) and member.full_on is None
        assert member.organization == cell_a1 and member.full_name == "Phan Thị Thu Trang"
        (period,) = member.memberships.all()
        assert (period.organization, period.kind, period.started_on, period.ended_on) == (
            cell_a1, TransferKind.PERMANENT, D(2025, 6, 1), None)
        assert period.decision_number == "88-QĐ/ĐUSTC" and period.start_reason == "Admission"
        row = last_history(member)
        assert row.history_user == actor and row.history_change_reason == "Admitted by decision 88-QĐ/ĐUSTC"

    def test_admit_into_grassroots_cell(self, actor, gcell):
        assert admit(actor, gcell).organization == gcell

    @pytest.mark.parametrize("born, accepted, message", [
        (D(2007, 6, 2), False, "at least 18 years old, counted in months; on 01/06/2025 this person would be "
                               "17 years 11 months old."),  # 18 tomorrow
        (D(2007, 6, 1), True, ""),   # 18th birthday on the admission day
        (D(1965, 6, 1), True, ""),   # 60 years 0 months to the day
        (D(1965, 5, 2), True, ""),   # 60 years 0 months and 30 days
        (D(1965, 5, 1), False, "would be 60 years 1 months old, above 60 years 0 months"),
        (D(1964, 6, 2), False, "would be 60 years 11 months old"),  # 61 tomorrow: refused since issue 13
    ])
    def test_age_limits_at_admission(self, actor, cell_a1, db_snapshot, born, accepted, message):
        if accepted:
            assert admit(actor, cell_a1, date_of_birth=born).over_age_approval_number == ""
        else:
            refused(db_snapshot, lambda: admit(actor, cell_a1, date_of_birth=born), field="date_of_birth",
                    contains=message)

    def test_age_limits_come_from_rule_data(self, actor, cell_a1, db_snapshot):
        Rule.objects.create(code="admission_min_age", label="Tuổi tối thiểu", value=16, unit="tuổi",
                            regulation="Quy định giả định", effective_from=D(2026, 1, 1))
        # 17 on 01/02/2026: accepted under the new rule, refused under the old one.
        assert admit(actor, cell_a1, date_of_birth=D(2008, 6, 1), admitted_on=D(2026, 2, 1)).pk
        refused(db_snapshot, lambda: admit(actor, cell_a1, citizen_id="046300009999", date_of_birth=D(2008, 6, 1),
                                           admitted_on=D(2025, 12, 31)),
                field="date_of_birth", contains="at least 18 years old")

    @pytest.mark.parametrize("org", ["gc_a", "bloc"])
    def test_refuses_organisation_without_members(self, actor, tree, db_snapshot, org):
        organization = getattr(tree, org)
        refused(db_snapshot, lambda: admit(actor, organization), field="organization",
                contains=f"Members belong to a cell; {organization.name} is a {organization.kind.label}.")

    def test_refuses_inactive_organisation(self, actor, cell_a2, db_snapshot):
        from organizations.services import organization_dissolve

        organization_dissolve(actor=actor, organization=cell_a2, effective_on=D(2024, 1, 1), decision_number="1")
        cell_a2.refresh_from_db()
        refused(db_snapshot, lambda: admit(actor, cell_a2), field="organization", contains="is no longer active")

    @pytest.mark.parametrize("overrides, field, code", [
        ({"decision_number": " "}, "decision_number", None),
        ({"admitted_on": None}, "admitted_on", None),
        ({"citizen_id": "04630000123"}, "citizen_id", "citizen_id"),
        ({"full_name": ""}, "full_name", "blank"),
        ({"gender": "x"}, "gender", "invalid_choice"),
        ({"phone": "12"}, "phone", "phone"),
    ])
    def test_refusals(self, actor, cell_a1, db_snapshot, overrides, field, code):
        refused(db_snapshot, lambda: admit(actor, cell_a1, **overrides), field=field, code=code)

    def test_refuses_unknown_fields(self, actor, cell_a1, db_snapshot):
        refused(db_snapshot, lambda: admit(actor, cell_a1, status=Status.FULL), contains="Unknown fields: status")

    def test_refuses_duplicate_citizen_id(self, actor, cell_a1, make_member, db_snapshot):
        other = make_member(cell_a1)
        refused(db_snapshot, lambda: admit(actor, cell_a1, citizen_id=other.citizen_id), field="citizen_id",
                code="unique")


# ---- register -------------------------------------------------------------------------------------

class TestRegister:
    def test_register_full_member_keeps_real_dates(self, actor, cell_a1, make_member):
        member = make_member(cell_a1, admitted_on=D(1998, 5, 19), full_on=D(1999, 5, 19), joined_on=D(2015, 3, 1),
                             date_of_birth=D(1970, 1, 1))
        member.refresh_from_db()
        assert member.status == Status.FULL and member.status_since == D(1999, 5, 19)
        assert periods(member) == [(cell_a1, TransferKind.PERMANENT, D(2015, 3, 1), None)]
        assert last_history(member).history_user == actor

    def test_register_probationary_member(self, actor, cell_a1, make_member):
        member = make_member(cell_a1, status=Status.PROBATIONARY, admitted_on=D(2025, 1, 10),
                             full_on=D(2026, 1, 10))
        assert member.full_on is None and member.status_since == D(2025, 1, 10)

    def test_register_age_is_not_an_admission(self, actor, cell_a1, make_member):
        """Old files are entered as they are: no admission age check."""
        member = make_member(cell_a1, date_of_birth=D(1940, 1, 1), admitted_on=D(2005, 1, 1))
        assert member.age_on(D(2005, 1, 1)) == 65

    @pytest.mark.parametrize("overrides, field", [
        ({"status": Status.DECEASED}, "status"),
        ({"status": Status.FULL, "full_on": None}, "full_on"),
        ({"admitted_on": D(2020, 1, 1), "full_on": D(2019, 1, 1)}, "full_on"),
        ({"citizen_id": "0123456789012"}, "citizen_id"),
    ])
    def test_refusals(self, cell_a1, make_member, db_snapshot, overrides, field):
        refused(db_snapshot, lambda: make_member(cell_a1, **overrides), field=field)

    def test_refuses_committee(self, gc_a, make_member, db_snapshot):
        refused(db_snapshot, lambda: make_member(gc_a), field="organization", contains="Members belong to a cell")


# ---- update ---------------------------------------------------------------------------------------

class TestUpdate:
    def test_update_corrects_the_file(self, actor, cell_a1, make_member):
        member = make_member(cell_a1, full_name="Nguyễn Văn An")
        services.member_update(actor=actor, member=member, reason="Sai chính tả theo CCCD",
                               full_name="Nguyễn  Văn Ấn", theory_level="intermediate", phone="0912 345 678")
        row = Member.objects.get(pk=member.pk)
        assert row.full_name == "Nguyễn Văn Ấn" and row.name_search == "nguyen van an"
        assert row.theory_level == "intermediate" and row.phone == "0912 345 678"
        history = last_history(row)
        assert history.history_user == actor and history.history_change_reason == "Sai chính tả theo CCCD"
        assert history.full_name == "Nguyễn Văn Ấn"

    def test_eleven_digit_citizen_id_refused_and_nothing_saved(self, actor, cell_a1, make_member, db_snapshot):
        member = make_member(cell_a1)
        original = member.citizen_id
        (error,) = refused(db_snapshot, lambda: services.member_update(
            actor=actor, member=member, reason="Cập nhật CCCD", citizen_id="04609000123"),
            field="citizen_id", code="citizen_id")
        assert error.params == {"count": 11}
        with override("en"):
            assert error.messages == ["A citizen ID has exactly 12 digits (you typed 11 characters)."]
        assert Member.objects.get(pk=member.pk).citizen_id == original

    def test_refuses_someone_elses_citizen_id(self, actor, cell_a1, make_member, db_snapshot):
        member, other = make_member(cell_a1), make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_update(
            actor=actor, member=member, reason="x", citizen_id=other.citizen_id), field="citizen_id", code="unique")

    @pytest.mark.parametrize("reason", ["", "   ", None])
    def test_reason_required(self, actor, cell_a1, make_member, db_snapshot, reason):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_update(actor=actor, member=member, reason=reason,
                                                            hometown="Huế"),
                field="reason", contains="Say why (the reason is kept in the record's history).")

    @pytest.mark.parametrize("field", ["status", "organization", "admitted_on", "full_on"])
    def test_lifecycle_fields_only_by_decision(self, actor, cell_a1, make_member, db_snapshot, field):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_update(actor=actor, member=member, reason="x",
                                                            **{field: None}),
                contains=f"These fields change only through a decision: {field}")


# ---- full membership ------------------------------------------------------------------------------

class TestRecogniseFull:
    def test_full_on_is_twelve_months_after_admission_even_when_decided_late(self, actor, cell_a1):
        member = admit(actor, cell_a1, admitted_on=D(2024, 3, 15))
        services.member_recognise_full(actor=actor, member=member, decided_on=D(2025, 6, 20),
                                       decision_number="99-QĐ/ĐUSTC", reason="Chi bộ đề nghị")
        member = Member.objects.get(pk=member.pk)
        assert member.status == Status.FULL
        assert member.full_on == D(2025, 3, 15) and member.status_since == D(2025, 3, 15)
        row = last_history(member)
        assert row.history_user == actor
        # The decision is always cited, and the note kept.
        assert "99-QĐ/ĐUSTC" in row.history_change_reason and row.history_change_reason.endswith("Chi bộ đề nghị")
        assert member.memberships.count() == 1  # the same membership continues

    def test_on_the_day_probation_ends(self, actor, cell_a1):
        member = admit(actor, cell_a1, admitted_on=D(2024, 3, 15))
        services.member_recognise_full(actor=actor, member=member, decided_on=D(2025, 3, 15), decision_number="1")
        assert member.full_on == D(2025, 3, 15)

    def test_leap_day_admission(self, actor, cell_a1):
        member = admit(actor, cell_a1, admitted_on=D(2024, 2, 29))
        services.member_recognise_full(actor=actor, member=member, decided_on=D(2025, 3, 1), decision_number="1")
        assert member.full_on == D(2025, 2, 28)

    def test_refused_before_twelve_months(self, actor, cell_a1, db_snapshot):
        member = admit(actor, cell_a1, admitted_on=D(2024, 3, 15))
        refused(db_snapshot, lambda: services.member_recognise_full(
            actor=actor, member=member, decided_on=D(2025, 3, 14), decision_number="1"), field="decided_on",
            contains="The 12-month probation ends on 15/03/2025; full membership cannot be recognised before then.")

    def test_probation_length_comes_from_rule_data(self, actor, cell_a1):
        Rule.objects.create(code="probation_months", label="Thời gian dự bị", value=18, unit="tháng",
                            regulation="Quy định giả định", effective_from=D(2026, 1, 1))
        member = admit(actor, cell_a1, admitted_on=D(2026, 1, 5))
        with pytest.raises(ValidationError):
            services.member_recognise_full(actor=actor, member=member, decided_on=D(2027, 1, 5), decision_number="1")
        services.member_recognise_full(actor=actor, member=member, decided_on=D(2027, 7, 5), decision_number="1")
        assert member.full_on == D(2027, 7, 5)

    def test_refused_for_a_full_member(self, actor, cell_a1, make_member, db_snapshot):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_recognise_full(
            actor=actor, member=member, decided_on=D(2025, 1, 1), decision_number="1"),
            contains="Only a probationary member can be recognised as a full member;")

    def test_refusals_decision_and_date(self, actor, cell_a1, db_snapshot):
        member = admit(actor, cell_a1, admitted_on=D(2024, 3, 15))
        refused(db_snapshot, lambda: services.member_recognise_full(
            actor=actor, member=member, decided_on=D(2025, 6, 1), decision_number=""), field="decision_number")
        refused(db_snapshot, lambda: services.member_recognise_full(
            actor=actor, member=member, decided_on=None, decision_number="1"), field="decided_on")


# ---- activity transfers -----------------------------------------------------------------------------

class TestPermanentTransfer:
    def test_internal(self, actor, cell_a1, cell_b1, make_member):
        member = make_member(cell_a1)
        with override("en"):
            services.member_transfer(actor=actor, member=member, kind=TransferKind.PERMANENT,
                                     to_organization=cell_b1, effective_on=D(2025, 5, 1),
                                     decision_number="12-QĐ/ĐUSYT", reason="Điều động công tác")
        member = Member.objects.get(pk=member.pk)
        assert member.organization == cell_b1 and member.status == Status.FULL
        assert periods(member) == [(cell_a1, TransferKind.PERMANENT, D(2016, 3, 15), D(2025, 5, 1)),
                                   (cell_b1, TransferKind.PERMANENT, D(2025, 5, 1), None)]
        old, new = member.memberships.order_by("started_on")
        assert old.end_reason == f"Transferred to {cell_b1.name}"
        assert new.start_reason == f"Transferred from {cell_a1.name}" and new.decision_number == "12-QĐ/ĐUSYT"
        assert last_history(member).history_change_reason == "Điều động công tác"
        assert active_count(cell_a1) == 0 and active_count(cell_b1) == 1

    def test_internal_after_an_earlier_temporary_placement(self, actor, tree, make_member):
        """The new period says where the member really came from, not the last temporary host."""
        member = make_member(tree.cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY,
                                 to_organization=tree.cell_b2, effective_on=D(2023, 1, 1), reason="Học tập",
                                     until=D(2023, 1, 1) + datetime.timedelta(days=183))
        services.member_temporary_end(actor=actor, member=member, effective_on=D(2023, 9, 1))
        with override("en"):
            services.member_transfer(actor=actor, member=member, kind=TransferKind.PERMANENT,
                                     to_organization=tree.cell_b1, effective_on=D(2025, 5, 1), reason="Điều động")
        new = member.memberships.get(ended_on__isnull=True)
        assert new.start_reason == f"Transferred from {tree.cell_a1.name}"

    def test_external(self, actor, cell_a1, make_member):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.PERMANENT,
                                 to_external=" Đảng bộ  Công an tỉnh Quảng Trị ", effective_on=D(2025, 5, 1),
                                 reason="Chuyển công tác ra ngoài tỉnh")
        member = Member.objects.get(pk=member.pk)
        assert member.status == Status.TRANSFERRED_OUT and member.status_since == D(2025, 5, 1)
        assert periods(member) == [(cell_a1, TransferKind.PERMANENT, D(2016, 3, 15), D(2025, 5, 1))]
        assert active_count(cell_a1) == 0

    def test_refusals(self, actor, tree, make_member, db_snapshot):
        member = make_member(tree.cell_a1)

        def transfer(**kw):
            args = dict(actor=actor, member=member, kind=TransferKind.PERMANENT, effective_on=D(2025, 5, 1),
                        reason="Điều động", to_organization=tree.cell_b1)
            args.update(kw)
            return lambda: services.member_transfer(**args)

        refused(db_snapshot, transfer(reason=""), field="reason")
        refused(db_snapshot, transfer(effective_on=None), field="effective_on")
        refused(db_snapshot, transfer(to_organization=None), field="to_organization", contains="one of the two")
        refused(db_snapshot, transfer(to_external="Tỉnh ủy Quảng Trị"), field="to_organization")
        refused(db_snapshot, transfer(to_organization=tree.gc_b), field="to_organization",
                contains="Members belong to a cell")
        refused(db_snapshot, transfer(to_organization=tree.cell_a1), field="to_organization",
                contains="The member already belongs to Chi bộ Phòng Ngân sách.")
        refused(db_snapshot, transfer(effective_on=D(2016, 1, 1)), field="effective_on",
                contains="The date is before the member joined Chi bộ Phòng Ngân sách (15/03/2016).")
        refused(db_snapshot, transfer(kind="forever"), field="kind")

    def test_refused_while_on_temporary_transfer(self, actor, tree, make_member, db_snapshot):
        member = make_member(tree.cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY,
                                 to_organization=tree.cell_b2, effective_on=D(2025, 1, 1), reason="Học tập",
                                     until=D(2025, 1, 1) + datetime.timedelta(days=183))
        refused(db_snapshot, lambda: services.member_transfer(
            actor=actor, member=member, kind=TransferKind.PERMANENT, to_organization=tree.cell_b1,
            effective_on=D(2025, 5, 1), reason="x"), contains="is on a temporary transfer; end it first.")


class TestTemporaryTransfer:
    def test_internal_member_still_counted_at_home(self, actor, cell_a1, cell_b1, make_member):
        member = make_member(cell_a1)
        host_before = active_count(cell_b1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=cell_b1,
                                 effective_on=D(2025, 5, 1), until=D(2025, 11, 1), reason="Biệt phái 6 tháng",
                                 decision_number="5-GGT")
        member = Member.objects.get(pk=member.pk)
        assert member.organization == cell_a1 and member.temporary_organization == cell_b1
        assert member.temporary_until == D(2025, 11, 1) and member.is_temporarily_away
        assert member.status == Status.FULL
        assert periods(member) == [(cell_a1, TransferKind.PERMANENT, D(2016, 3, 15), None),
                                   (cell_b1, TransferKind.TEMPORARY, D(2025, 5, 1), None)]
        assert active_count(cell_a1) == 1
        assert active_count(cell_b1) == host_before  # the host does not count them
        assert list(cell_b1.temporary_members.all()) == [member]

    def test_external(self, actor, cell_a1, make_member):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY,
                                 to_external="Học viện Chính trị quốc gia Hồ Chí Minh", effective_on=D(2025, 9, 1),
                                 until=D(2027, 4, 30), for_study=True, reason="Đi học cao cấp lý luận chính trị")
        member.refresh_from_db()
        assert member.temporary_external == "Học viện Chính trị quốc gia Hồ Chí Minh"
        assert member.organization == cell_a1 and active_count(cell_a1) == 1
        assert periods(member)[-1] == ("Học viện Chính trị quốc gia Hồ Chí Minh", TransferKind.TEMPORARY,
                                       D(2025, 9, 1), None)

    @pytest.mark.parametrize("until, for_study, message", [
        (D(2025, 7, 31), False, "from 3 months to under 12 months"),
        (D(2026, 5, 1), False, "from 3 months to under 12 months"),  # a full year is no longer temporary
        (D(2025, 7, 31), True, "for study lasts from 3 months to 24 months"),
        (D(2027, 5, 2), True, "for study lasts from 3 months to 24 months"),
    ])
    def test_duration_limits(self, actor, cell_a1, cell_b1, make_member, db_snapshot, until, for_study, message):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_transfer(
            actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=cell_b1,
            effective_on=D(2025, 5, 1), until=until, for_study=for_study, reason="x"), field="until",
            contains=message)

    @pytest.mark.parametrize("until, for_study", [
        (D(2025, 8, 1), False), (D(2026, 4, 30), False), (D(2025, 8, 1), True), (D(2027, 5, 1), True),
    ])
    def test_duration_bounds_accepted(self, actor, cell_a1, cell_b1, make_member, until, for_study):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=cell_b1,
                                 effective_on=D(2025, 5, 1), until=until, for_study=for_study, reason="x")
        assert member.temporary_until == until

    def test_refusals(self, actor, tree, make_member, db_snapshot):
        member = make_member(tree.cell_a1)
        refused(db_snapshot, lambda: services.member_transfer(
            actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=tree.cell_a1,
            effective_on=D(2025, 5, 1), reason="x", until=D(2025, 5, 1) + datetime.timedelta(days=183)), field="to_organization",
            contains="A temporary transfer goes to another organisation.")
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY,
                                 to_organization=tree.cell_b1, effective_on=D(2025, 5, 1), reason="x",
                                     until=D(2025, 5, 1) + datetime.timedelta(days=183))
        refused(db_snapshot, lambda: services.member_transfer(
            actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=tree.cell_b2,
            effective_on=D(2025, 6, 1), reason="x",
                until=D(2025, 6, 1) + datetime.timedelta(days=183)), contains="is already on a temporary transfer.")

    def test_end_of_temporary_transfer(self, actor, cell_a1, cell_b1, make_member):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=cell_b1,
                                 effective_on=D(2025, 5, 1), until=D(2025, 11, 1), reason="x")
        services.member_temporary_end(actor=actor, member=member, effective_on=D(2025, 10, 15),
                                      reason="Hết thời hạn biệt phái")
        member = Member.objects.get(pk=member.pk)
        assert member.temporary_organization is None and member.temporary_until is None
        assert not member.is_temporarily_away
        assert member.status == Status.FULL and member.organization == cell_a1
        assert periods(member) == [(cell_a1, TransferKind.PERMANENT, D(2016, 3, 15), None),
                                   (cell_b1, TransferKind.TEMPORARY, D(2025, 5, 1), D(2025, 10, 15))]
        assert member.memberships.get(kind=TransferKind.TEMPORARY).end_reason == "Hết thời hạn biệt phái"
        assert last_history(member).history_change_reason == "Hết thời hạn biệt phái"

    def test_end_refusals(self, actor, cell_a1, cell_b1, make_member, db_snapshot):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_temporary_end(actor=actor, member=member,
                                                                   effective_on=D(2025, 1, 1)),
                contains="is not on a temporary transfer.")
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=cell_b1,
                                 effective_on=D(2025, 5, 1), reason="x", until=D(2025, 5, 1) + datetime.timedelta(days=183))
        refused(db_snapshot, lambda: services.member_temporary_end(actor=actor, member=member,
                                                                   effective_on=D(2025, 4, 1)),
                field="effective_on", contains="before the member joined")
        refused(db_snapshot, lambda: services.member_temporary_end(actor=actor, member=member, effective_on=None),
                field="effective_on")


class TestTransferIn:
    def _in(self, actor, organization, kind, **overrides):
        args = dict(actor=actor, organization=organization, from_external=HOME_OUTSIDE, kind=kind,
                    effective_on=D(2025, 8, 1), status=Status.FULL, admitted_on=D(2010, 5, 19),
                    full_on=D(2011, 5, 19), decision_number="45-GGT", full_name="Ngô Thị Mai", gender="female",
                    date_of_birth=D(1988, 4, 4), citizen_id="049188000123")
        if kind == TransferKind.TEMPORARY:
            args["until"] = D(2026, 5, 1)
        args.update(overrides)
        return services.member_transfer_in(**args)

    def test_permanent(self, actor, cell_a1):
        member = Member.objects.get(pk=self._in(actor, cell_a1, TransferKind.PERMANENT, reason="Chuyển đến").pk)
        assert member.organization == cell_a1 and member.status == Status.FULL
        assert member.status_since == D(2025, 8, 1) and member.full_on == D(2011, 5, 19)
        assert member.home_external == "" and member.temporary_organization is None
        assert periods(member) == [(cell_a1, TransferKind.PERMANENT, D(2025, 8, 1), None)]
        assert member.memberships.get().decision_number == "45-GGT"
        assert active_count(cell_a1) == 1
        assert last_history(member).history_change_reason == "Chuyển đến"

    def test_temporary_guest_is_not_counted(self, actor, cell_a1):
        member = self._in(actor, cell_a1, TransferKind.TEMPORARY, until=D(2026, 2, 1))
        member = Member.objects.get(pk=member.pk)
        assert member.organization is None and member.home_external == HOME_OUTSIDE
        assert member.temporary_organization == cell_a1 and member.temporary_until == D(2026, 2, 1)
        assert member.is_active and active_count(cell_a1) == 0
        assert list(cell_a1.temporary_members.all()) == [member]
        assert periods(member) == [(cell_a1, TransferKind.TEMPORARY, D(2025, 8, 1), None)]

    def test_guest_going_home_leaves_the_installation(self, actor, cell_a1, db_snapshot):
        member = self._in(actor, cell_a1, TransferKind.TEMPORARY)
        refused(db_snapshot, lambda: services.member_transfer(
            actor=actor, member=member, kind=TransferKind.PERMANENT, to_organization=cell_a1,
            effective_on=D(2025, 9, 1), reason="x"), contains="on a temporary transfer")
        services.member_temporary_end(actor=actor, member=member, effective_on=D(2026, 2, 1))
        member = Member.objects.get(pk=member.pk)
        assert member.status == Status.TRANSFERRED_OUT and member.status_since == D(2026, 2, 1)
        assert member.temporary_organization is None
        assert periods(member) == [(cell_a1, TransferKind.TEMPORARY, D(2025, 8, 1), D(2026, 2, 1))]

    def test_former_member_coming_back_reuses_the_file(self, actor, cell_a1, cell_b1, make_member):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.PERMANENT,
                                 to_external="Tỉnh ủy Quảng Trị", effective_on=D(2020, 1, 1), reason="Chuyển đi")
        back = self._in(actor, cell_b1, TransferKind.PERMANENT, citizen_id=member.citizen_id,
                        full_name=member.full_name, gender=member.gender, date_of_birth=member.date_of_birth)
        assert back.pk == member.pk and Member.objects.count() == 1
        back.refresh_from_db()
        assert back.status == Status.FULL and back.organization == cell_b1
        assert [p[0] for p in periods(back)] == [cell_a1, cell_b1]

    def test_refuses_an_active_member_here(self, actor, cell_a1, make_member, db_snapshot):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: self._in(actor, cell_a1, TransferKind.PERMANENT, citizen_id=member.citizen_id),
                field="citizen_id", contains="already exists and is not one that was transferred out")

    @pytest.mark.parametrize("ending", [Status.DECEASED, Status.EXPELLED, Status.LEFT])
    def test_an_ended_file_is_not_brought_back(self, actor, cell_a1, make_member, db_snapshot, ending):
        member = make_member(cell_a1)
        services.member_end(actor=actor, member=member, status=ending, effective_on=D(2025, 1, 10), reason="x",
                            decision_number="9-QĐ")
        refused(db_snapshot, lambda: self._in(actor, cell_a1, TransferKind.PERMANENT, citizen_id=member.citizen_id),
                field="citizen_id", contains="already exists")

    def test_a_member_who_left_comes_back_with_the_same_file(self, actor, cell_a1, make_member):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.PERMANENT, to_external="Đảng bộ tỉnh Phú Thọ",
                                 effective_on=D(2024, 1, 10), reason="Chuyển công tác")
        back = self._in(actor, cell_a1, TransferKind.PERMANENT, citizen_id=member.citizen_id)
        assert back.pk == member.pk and back.status == Status.FULL and back.organization == cell_a1

    @pytest.mark.parametrize("overrides, field", [
        ({"from_external": "  "}, "from_external"),
        ({"status": Status.LEFT}, "status"),
        ({"effective_on": None}, "effective_on"),
        ({"citizen_id": "1234"}, "citizen_id"),
    ])
    def test_refusals(self, actor, cell_a1, db_snapshot, overrides, field):
        refused(db_snapshot, lambda: self._in(actor, cell_a1, TransferKind.PERMANENT, **overrides), field=field)

    def test_refuses_committee(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: self._in(actor, gc_a, TransferKind.TEMPORARY), field="organization")

    def test_full_member_needs_full_on(self, actor, cell_a1, db_snapshot):
        refused(db_snapshot, lambda: self._in(actor, cell_a1, TransferKind.PERMANENT, full_on=None), field="full_on")


# ---- exemption --------------------------------------------------------------------------------------

class TestExemption:
    def test_exempt_and_end(self, actor, cell_a1, make_member, db_snapshot):
        member = make_member(cell_a1)
        services.member_exempt(actor=actor, member=member, effective_on=D(2025, 4, 1), reason="Tuổi cao, sức yếu")
        assert Member.objects.get(pk=member.pk).exempted_since == D(2025, 4, 1)
        assert last_history(member).history_change_reason == "Tuổi cao, sức yếu"
        assert active_count(cell_a1) == 1  # still a member of the cell
        refused(db_snapshot, lambda: services.member_exempt(actor=actor, member=member, effective_on=D(2025, 5, 1),
                                                            reason="x"),
                contains="has been exempt since 01/04/2025.")
        services.member_exemption_end(actor=actor, member=member, effective_on=D(2025, 12, 1),
                                      reason="Sức khỏe hồi phục")
        assert Member.objects.get(pk=member.pk).exempted_since is None
        refused(db_snapshot, lambda: services.member_exemption_end(actor=actor, member=member,
                                                                   effective_on=D(2026, 1, 1), reason="x"),
                contains="is not exempt.")

    def test_refusals(self, actor, cell_a1, make_member, db_snapshot):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_exempt(actor=actor, member=member, effective_on=D(2025, 4, 1),
                                                            reason=" "), field="reason")
        refused(db_snapshot, lambda: services.member_exempt(actor=actor, member=member, effective_on=None,
                                                            reason="x"), field="effective_on")
        services.member_exempt(actor=actor, member=member, effective_on=D(2025, 4, 1), reason="x")
        refused(db_snapshot, lambda: services.member_exemption_end(actor=actor, member=member,
                                                                   effective_on=D(2025, 5, 1), reason=""),
                field="reason")


# ---- end of membership -------------------------------------------------------------------------------

ENDINGS = [
    (Status.DECEASED, lambda actor, member, on: services.member_record_death(actor=actor, member=member, died_on=on,
                                                                            reason="Từ trần")),
    (Status.STRUCK_OFF, lambda actor, member, on: services.member_strike_off(
        actor=actor, member=member, effective_on=on, reason="Bỏ sinh hoạt 3 tháng", decision_number="7-QĐ")),
    (Status.EXPELLED, lambda actor, member, on: services.member_expel(
        actor=actor, member=member, effective_on=on, reason="Vi phạm kỷ luật", decision_number="8-QĐ")),
    (Status.LEFT, lambda actor, member, on: services.member_leave(actor=actor, member=member, effective_on=on,
                                                                 reason="Xin ra khỏi Đảng")),
]


class TestEnd:
    @pytest.mark.parametrize("status, end", ENDINGS, ids=[s for s, _ in ENDINGS])
    def test_ending_closes_memberships_and_is_terminal(self, actor, tree, make_member, db_snapshot, status, end):
        member = make_member(tree.cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY,
                                 to_organization=tree.cell_b1, effective_on=D(2025, 1, 1), reason="Biệt phái",
                                     until=D(2025, 1, 1) + datetime.timedelta(days=183))
        end(actor, member, D(2025, 6, 30))
        member = Member.objects.get(pk=member.pk)
        assert member.status == status and member.status_since == D(2025, 6, 30) and not member.is_active
        assert member.temporary_organization is None
        assert member.memberships.filter(ended_on__isnull=True).count() == 0
        assert {p[3] for p in periods(member)} == {D(2025, 6, 30)}
        row = last_history(member)
        assert row.history_user == actor and row.status == status
        assert active_count(tree.cell_a1) == 0
        assert list(tree.cell_b1.temporary_members.filter(status__in=ACTIVE_STATUSES)) == []
        for _other_status, again in ENDINGS:
            refused(db_snapshot, lambda again=again: again(actor, member, D(2025, 7, 1)),
                    contains=f"{member.full_name} is no longer an active member")

    def test_message_names_the_state(self, actor, cell_a1, make_member, db_snapshot):
        member = make_member(cell_a1)
        services.member_record_death(actor=actor, member=member, died_on=D(2025, 6, 30))
        refused(db_snapshot, lambda: services.member_expel(actor=actor, member=member, effective_on=D(2025, 7, 1),
                                                           reason="x"),
                contains=f"{member.full_name} is no longer an active member (Deceased since 30/06/2025).")

    def test_refusals(self, actor, cell_a1, make_member, db_snapshot):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_end(actor=actor, member=member, status=Status.FULL,
                                                         effective_on=D(2025, 1, 1), reason="x"), field="status")
        refused(db_snapshot, lambda: services.member_end(actor=actor, member=member, status=Status.LEFT,
                                                         effective_on=D(2025, 1, 1), reason=""), field="reason")
        refused(db_snapshot, lambda: services.member_end(actor=actor, member=member, status=Status.LEFT,
                                                         effective_on=D(2016, 3, 14), reason="x"),
                field="effective_on", contains="The date is before the member was admitted (15/03/2016).")

    def test_ending_clears_the_whole_temporary_placement(self, actor, cell_a1, cell_b1, make_member):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=cell_b1,
                                 effective_on=D(2025, 1, 1), until=D(2025, 12, 1), reason="Biệt phái")
        services.member_record_death(actor=actor, member=member, died_on=D(2025, 6, 30))
        member = Member.objects.get(pk=member.pk)
        assert not member.is_temporarily_away
        assert member.temporary_until is None

    def test_death_default_reason(self, actor, cell_a1, make_member):
        member = make_member(cell_a1)
        with override("en"):
            services.member_record_death(actor=actor, member=member, died_on=D(2025, 6, 30))
        assert last_history(member).history_change_reason == "Deceased"


class TestInactiveMembers:
    @pytest.fixture
    def gone(self, actor, cell_a1, make_member):
        member = make_member(cell_a1)
        services.member_transfer(actor=actor, member=member, kind=TransferKind.PERMANENT,
                                 to_external="Tỉnh ủy Quảng Trị", effective_on=D(2025, 1, 1), reason="Chuyển đi")
        return member

    def test_transfers_refused(self, actor, gone, cell_b1, db_snapshot):
        for kind in (TransferKind.PERMANENT, TransferKind.TEMPORARY):
            refused(db_snapshot, lambda kind=kind: services.member_transfer(
                actor=actor, member=gone, kind=kind, to_organization=cell_b1, effective_on=D(2025, 5, 1),
                reason="x"), contains="is no longer an active member (Transferred out since 01/01/2025).")

    def test_exemption_and_end_refused(self, actor, gone, db_snapshot):
        refused(db_snapshot, lambda: services.member_exempt(actor=actor, member=gone, effective_on=D(2025, 5, 1),
                                                            reason="x"), contains="is no longer an active member")
        refused(db_snapshot, lambda: services.member_leave(actor=actor, member=gone, effective_on=D(2025, 5, 1),
                                                           reason="x"), contains="is no longer an active member")

    def test_recognition_refused(self, actor, cell_a1, db_snapshot):
        member = admit(actor, cell_a1, admitted_on=D(2024, 1, 1))
        services.member_leave(actor=actor, member=member, effective_on=D(2024, 6, 1), reason="Xin ra")
        refused(db_snapshot, lambda: services.member_recognise_full(
            actor=actor, member=member, decided_on=D(2025, 2, 1), decision_number="1"),
            contains="Only a probationary member can be recognised as a full member")


# ---- small helpers -------------------------------------------------------------------------------

@pytest.mark.parametrize("day, months, expected", [
    (D(2024, 3, 15), 12, D(2025, 3, 15)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2025, 1, 31), 1, D(2025, 2, 28)),
    (D(2025, 11, 30), 3, D(2026, 2, 28)),
    (D(2025, 12, 1), 24, D(2027, 12, 1)),
])
def test_add_months(day, months, expected):
    assert services.add_months(day, months) == expected


# ---- review follow-ups: decisions kept, discipline forms, induction, temporary periods ---------------

class TestDecisionsAndForms:
    def test_the_ending_decision_is_kept_beside_the_starting_one(self, actor, cell_a1):
        member = admit(actor, cell_a1, admitted_on=D(2024, 3, 15), decision_number="ADMIT-1")
        services.member_recognise_full(actor=actor, member=member, decided_on=D(2025, 4, 1), decision_number="F-2")
        services.member_end(actor=actor, member=member, status=Status.STRUCK_OFF, effective_on=D(2025, 9, 1),
                            reason="Bỏ sinh hoạt 3 tháng", decision_number="STRIKE-9")
        period = member.memberships.get()
        assert (period.decision_number, period.end_decision_number) == ("ADMIT-1", "STRIKE-9")

    @pytest.mark.parametrize("status", [Status.STRUCK_OFF, Status.EXPELLED])
    def test_decided_endings_need_their_decision(self, actor, cell_a1, make_member, db_snapshot, status):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_end(actor=actor, member=member, status=status,
                                                         effective_on=D(2025, 9, 1), reason="x"),
                field="decision_number")

    def test_a_probationary_member_cannot_be_expelled(self, actor, cell_a1, db_snapshot):
        member = admit(actor, cell_a1, admitted_on=D(2025, 3, 15))
        refused(db_snapshot, lambda: services.member_end(actor=actor, member=member, status=Status.EXPELLED,
                                                         effective_on=D(2025, 9, 1), reason="x", decision_number="1"),
                field="status", contains="cannot be expelled")
        services.member_end(actor=actor, member=member, status=Status.STRUCK_OFF, effective_on=D(2025, 9, 1),
                            reason="Không đủ tư cách", decision_number="2")
        assert Member.objects.get(pk=member.pk).status == Status.STRUCK_OFF

    def test_expulsion_follows_the_rule_data(self, actor, cell_a1, make_member):
        # If a regulation allowed it, the rule row, not the code, would say so.
        Rule.objects.filter(code="discipline_forms_probationary_member").update(
            value=["reprimand", "warning", "expulsion"])
        member = admit(actor, cell_a1, admitted_on=D(2025, 3, 15))
        services.member_end(actor=actor, member=member, status=Status.EXPELLED, effective_on=D(2025, 9, 1),
                            reason="x", decision_number="3")
        assert Member.objects.get(pk=member.pk).status == Status.EXPELLED


class TestInduction:
    def test_probation_counts_from_the_ceremony(self, actor, cell_a1):
        member = admit(actor, cell_a1, admitted_on=D(2024, 3, 15), inducted_on=D(2024, 4, 10))
        with override("en"), pytest.raises(ValidationError) as info:
            services.member_recognise_full(actor=actor, member=member, decided_on=D(2025, 3, 20), decision_number="1")
        assert "10/04/2025" in info.value.message_dict["decided_on"][0]
        services.member_recognise_full(actor=actor, member=member, decided_on=D(2025, 4, 10), decision_number="1")
        assert Member.objects.get(pk=member.pk).full_on == D(2025, 4, 10)

    def test_ceremony_within_thirty_working_days(self, actor, cell_a1, db_snapshot):
        # 30 working days after Friday 14/03/2025 is Saturday 26/04/2025: weekends and the Hùng Kings' day
        # (Monday 07/04/2025, a day off in core.Holiday) are not counted, and Saturday 26/04/2025 is a working day
        # (worked in exchange for Friday 02/05/2025), so the ceremony on Monday 28/04 comes one day too late.
        admit(actor, cell_a1, admitted_on=D(2025, 3, 14), inducted_on=D(2025, 4, 26), citizen_id="001090000001")
        refused(db_snapshot, lambda: admit(actor, cell_a1, admitted_on=D(2025, 3, 14), inducted_on=D(2025, 4, 28),
                                           citizen_id="001090000002"), field="inducted_on", contains="26/04/2025")

    def test_recorded_later(self, actor, cell_a1):
        member = admit(actor, cell_a1, admitted_on=D(2025, 3, 14))
        services.member_record_induction(actor=actor, member=member, inducted_on=D(2025, 4, 2))
        assert Member.objects.get(pk=member.pk).inducted_on == D(2025, 4, 2)


class TestTemporaryNeedsAPeriod:
    def test_end_date_required(self, actor, cell_a1, cell_b1, make_member, db_snapshot):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_transfer(
            actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=cell_b1,
            effective_on=D(2025, 5, 1), reason="x"), field="until")

    def test_unknown_kind_refused(self, actor, cell_a1, cell_b1, make_member, db_snapshot):
        member = make_member(cell_a1)
        refused(db_snapshot, lambda: services.member_transfer(
            actor=actor, member=member, kind="bogus", to_organization=cell_b1, effective_on=D(2025, 5, 1),
            until=D(2025, 9, 1), reason="x"), field="kind")

    def test_full_on_respects_probation_when_registering(self, actor, cell_a1, db_snapshot):
        from members.services import member_register

        refused(db_snapshot, lambda: member_register(
            actor=actor, organization=cell_a1, status=Status.FULL, admitted_on=D(2020, 1, 1), full_on=D(2020, 1, 2),
            full_name="Lê Văn Tám", gender="male", date_of_birth=D(1990, 1, 1)), field="full_on")
