"""A month's dues at the boundaries the rules draw: QĐ 342 until 31/01/2026, QĐ 01 from 01/02/2026 (the previous
month's salary), a salary changed mid-year, an exemption's and a reduction's first and last months, 50 years of
membership, and the unpaid months counted across a year's end."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dues import selectors, services
from dues.models import Payment
from dues.reckoning import reckon
from rules.selectors import RuleBook

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def member(make_member, cell_a1):
    return make_member(cell_a1, admitted_on=D(2010, 5, 19), full_on=D(2011, 5, 19))


def due(member, month):
    return reckon(member, month, bases=list(member.dues_bases.order_by("-starts_on")),
                  reliefs=list(member.dues_reliefs.order_by("-starts_on")), book=RuleBook())


def basis(actor, member, amount, starts_on, category="salary"):
    return services.dues_basis_set(actor=actor, member=member, category=category, amount=amount,
                                   starts_on=starts_on, reason="Lương mới")


def test_the_month_straddling_qd_01_takes_the_previous_months_salary(actor, member):
    basis(actor, member, 8_000_000, D(2025, 1, 1))
    basis(actor, member, 10_000_000, D(2026, 2, 1))  # a raise from February
    january, february, march = (due(member, D(2026, m, 1)) for m in (1, 2, 3))
    # QĐ 342 in January: 1 % of January's salary
    assert january.amount == 80_000
    # QĐ 01 from February: 1 % of the previous month's social-insurance salary (January's 8,000,000)
    assert february.amount == 80_000 and "previous" in february.how or "trước" in february.how
    assert march.amount == 100_000


def test_a_salary_change_mid_year_reaches_the_dues_a_month_later(actor, member):
    basis(actor, member, 9_000_000, D(2026, 1, 1))
    basis(actor, member, 12_345_678, D(2026, 7, 1))
    assert [due(member, D(2026, m, 1)).amount for m in (6, 7, 8)] == [90_000, 90_000, 123_457]  # rounded half up


def test_a_pension_is_half_a_percent_and_a_student_pays_the_fixed_amount(actor, member, make_member, cell_a1):
    basis(actor, member, 6_000_000, D(2026, 1, 1), category="pension")
    assert due(member, D(2026, 5, 1)).amount == 30_000
    student = make_member(cell_a1)
    # before QĐ 01 the cell set a student's amount, within 2,000-30,000 đ
    with pytest.raises(ValidationError) as refused:
        services.dues_basis_set(actor=actor, member=student, category="student", starts_on=D(2026, 1, 1),
                                reason="Sinh viên")
    assert "amount" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.dues_basis_set(actor=actor, member=student, category="student", amount=50_000,
                                starts_on=D(2026, 1, 1), reason="Sinh viên")
    services.dues_basis_set(actor=actor, member=student, category="student", amount=3_000, starts_on=D(2026, 1, 1),
                            reason="Sinh viên")
    services.dues_basis_set(actor=actor, member=student, category="student", starts_on=D(2026, 2, 1),
                            reason="QĐ 01")
    assert [due(student, D(2026, m, 1)).amount for m in (1, 2)] == [3_000, 5_000]


def test_an_exemption_covers_its_first_and_last_months_only(actor, member):
    basis(actor, member, 10_000_000, D(2026, 1, 1))
    services.dues_relief_grant(actor=actor, member=member, kind="exempt", ground="hardship",
                               starts_on=D(2026, 4, 1), ends_on=D(2026, 9, 1), decision_number="03-QĐ/CB",
                               decided_on=D(2026, 3, 20))
    assert [due(member, D(2026, m, 1)).amount for m in (3, 4, 9, 10)] == [100_000, 0, 0, 100_000]


def test_a_reduction_ends_with_its_last_month(actor, member):
    basis(actor, member, 10_000_000, D(2026, 1, 1))
    relief = services.dues_relief_grant(actor=actor, member=member, kind="reduction", percent=70, ground="hardship",
                                        starts_on=D(2026, 3, 1), ends_on=D(2027, 2, 1), decision_number="04-QĐ/CB",
                                        decided_on=D(2026, 2, 25))
    assert [due(member, D(2026, m, 1)).amount for m in (2, 3)] == [100_000, 30_000]
    assert due(member, D(2027, 2, 1)).amount == 30_000 and due(member, D(2027, 3, 1)).amount == 100_000
    services.dues_relief_end(actor=actor, relief=relief, last_month=D(2026, 6, 1), reason="Đã hết khó khăn")
    assert [due(member, D(2026, m, 1)).amount for m in (6, 7)] == [30_000, 100_000]


def test_a_hardship_relief_runs_twelve_months_at_most_and_reductions_are_the_rules(actor, member):
    with pytest.raises(ValidationError) as refused:
        services.dues_relief_grant(actor=actor, member=member, kind="reduction", percent=50, ground="hardship",
                                   starts_on=D(2026, 3, 1), ends_on=D(2027, 3, 1), decision_number="1",
                                   decided_on=D(2026, 3, 1))
    assert "ends_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.dues_relief_grant(actor=actor, member=member, kind="reduction", percent=40, ground="hardship",
                                   starts_on=D(2026, 3, 1), ends_on=D(2026, 8, 1), decision_number="1",
                                   decided_on=D(2026, 3, 1))
    assert "percent" in refused.value.message_dict
    # a social pension allowance: exempt without an end
    services.dues_relief_grant(actor=actor, member=member, kind="exempt", ground="social_pension",
                               starts_on=D(2026, 3, 1), ends_on=None, decision_number="2", decided_on=D(2026, 3, 1))
    with pytest.raises(ValidationError) as refused:  # a second relief over the same months
        services.dues_relief_grant(actor=actor, member=member, kind="exempt", ground="hardship",
                                   starts_on=D(2026, 5, 1), ends_on=D(2026, 6, 1), decision_number="3",
                                   decided_on=D(2026, 5, 1))
    assert "starts_on" in refused.value.message_dict


def test_fifty_years_of_membership_exempt_from_qd_01_not_before(actor, make_member, cell_a1):
    veteran = make_member(cell_a1, admitted_on=D(1975, 6, 1), full_on=D(1976, 6, 1),
                          date_of_birth=D(1950, 2, 1))
    basis(actor, veteran, 5_000_000, D(2025, 1, 1), category="pension")
    assert due(veteran, D(2026, 1, 1)).amount == 25_000  # QĐ 342: no exemption by years
    assert due(veteran, D(2026, 2, 1)).exempt_by_years and due(veteran, D(2026, 2, 1)).amount == 0
    younger = make_member(cell_a1, admitted_on=D(1976, 7, 10), full_on=D(1977, 7, 10),
                          date_of_birth=D(1951, 3, 1))
    basis(actor, younger, 5_000_000, D(2025, 1, 1), category="pension")
    # 50 years on 10/07/2026: June still owed, July exempt
    assert due(younger, D(2026, 6, 1)).amount == 25_000 and due(younger, D(2026, 7, 1)).amount == 0


def test_three_unpaid_months_are_counted_within_a_year_not_across_its_end(actor, member, make_member, cell_a1):
    basis(actor, member, 10_000_000, D(2025, 1, 1))
    payer = make_member(cell_a1)
    basis(actor, payer, 10_000_000, D(2025, 1, 1))
    # the cell collected every month from 10/2025 to 03/2026; `member` paid none of 11/2025-02/2026
    for month in [D(2025, 10, 1), D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]:
        rows = [{"member": payer.pk, "paid": True}]
        if month in (D(2025, 10, 1), D(2026, 3, 1)):
            rows.append({"member": member.pk, "paid": True, "paid_on": month + datetime.timedelta(days=5)})
        services.dues_collect(actor=actor, organization=cell_a1, month=month, rows=rows)
    today = D(2026, 12, 6)
    # two months in 2025 and two in 2026: four in a row, but never three in one year
    assert selectors.unpaid_members(cell_a1, 2025, today=today) == []
    assert selectors.unpaid_members(cell_a1, 2026, today=today) == []
    services.dues_collect(actor=actor, organization=cell_a1, month=D(2026, 4, 1),
                          rows=[{"member": payer.pk, "paid": True}])
    flagged = selectors.unpaid_members(cell_a1, 2026, today=today)
    assert [(f["member"], f["months"]) for f in flagged] == [(member, [D(2026, 1, 1), D(2026, 2, 1), D(2026, 4, 1)])]
    # a reason given for a month: no longer counted
    services.dues_collect(actor=actor, organization=cell_a1, month=D(2026, 4, 1),
                          rows=[{"member": member.pk, "paid": False, "excuse": "Nằm viện"}])
    assert selectors.unpaid_members(cell_a1, 2026, today=today) == []


def test_a_recorded_month_keeps_its_due_when_the_basis_changes_later(actor, member, cell_a1):
    basis(actor, member, 10_000_000, D(2026, 1, 1))
    services.dues_collect(actor=actor, organization=cell_a1, month=D(2026, 5, 1),
                          rows=[{"member": member.pk, "paid": True, "paid_on": D(2026, 5, 10)}])
    basis(actor, member, 20_000_000, D(2026, 4, 1))  # entered late: reaches May's reckoning, not May's record
    payment = Payment.objects.get(member=member, month=D(2026, 5, 1))
    assert (payment.due, payment.paid) == (100_000, 100_000)
    assert due(member, D(2026, 5, 1)).amount == 200_000


def test_collecting_refuses_row_by_row_and_writes_nothing(actor, member, make_member, cell_a1, cell_b1):
    basis(actor, member, 10_000_000, D(2026, 1, 1))
    nobody = make_member(cell_a1)  # no basis
    stranger = make_member(cell_b1)
    with pytest.raises(ValidationError) as refused:
        services.dues_collect(actor=actor, organization=cell_a1, month=D(2026, 5, 1), rows=[
            {"member": member.pk, "paid": True, "paid_on": D(2026, 5, 3)},
            {"member": nobody.pk, "paid": True},
            {"member": stranger.pk, "paid": True}])
    errors = refused.value.message_dict
    assert set(errors) == {f"row_{nobody.pk}", f"row_{stranger.pk}"}
    assert "dues basis" in errors[f"row_{nobody.pk}"][0] or "căn cứ" in errors[f"row_{nobody.pk}"][0]
    assert not Payment.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.dues_collect(actor=actor, organization=cell_a1, month=D(2099, 1, 1), rows=[])
    assert "month" in refused.value.message_dict
