"""rules.selectors: the rule in force at a date, from the seeded regulation data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rules.codes import Code
from rules.models import Rule
from rules.selectors import RuleMissing, rule_for, rule_get, rule_list, rule_value

pytestmark = pytest.mark.django_db
D = datetime.date
QD_232 = D(2025, 1, 20)

# Every code a service reads must be seeded; keep this list in step with the services.
USED_BY_SERVICES = [
    "admission_min_age",
    "admission_max_age",
    "probation_months",
    "temporary_transfer_min_months",
    "temporary_transfer_max_months_study",
]


@pytest.mark.parametrize("code, value", [
    ("admission_min_age", 18), ("admission_max_age", 60), ("probation_months", 12),
    ("cell_min_full_members", 3), ("grassroots_committee_min_members", 30),
    ("temporary_transfer_min_months", 3), ("temporary_transfer_max_months_study", 24),
])
def test_seeded_values(code, value):
    assert rule_value(code, on=D(2025, 6, 1)) == value


def test_rule_in_force_switches_on_effective_from():
    before = rule_get("probation_months", on=QD_232 - datetime.timedelta(days=1))
    on = rule_get("probation_months", on=QD_232)
    assert before.effective_from == D(1930, 2, 3) and before.effective_to == QD_232
    assert before.unconfirmed is True and "QĐ 24" in before.regulation
    assert on.effective_from == QD_232 and on.effective_to is None
    assert "QĐ 232" in on.regulation


@pytest.mark.parametrize("code", USED_BY_SERVICES)
def test_codes_used_by_services_resolve_at_any_date(code):
    for day in (D(1960, 1, 1), D(2000, 5, 19), QD_232, D(2026, 2, 1), datetime.date.today()):
        assert rule_value(code, on=day) is not None


def test_seeded_periods_leave_no_gap():
    for code in Rule.objects.values_list("code", flat=True).distinct():
        rows = list(Rule.objects.filter(code=code).order_by("effective_from"))
        assert rows[0].effective_from == D(1930, 2, 3)
        for earlier, later in zip(rows, rows[1:], strict=False):
            assert earlier.effective_to == later.effective_from, code
        assert rows[-1].effective_to is None, code


def test_later_row_takes_over_from_its_date():
    Rule.objects.create(code="probation_months", label="Thời gian dự bị", value=18, unit="tháng",
                        regulation="Quy định giả định 99-QĐ/TW", effective_from=D(2030, 7, 1))
    assert rule_value("probation_months", on=D(2030, 6, 30)) == 12
    assert rule_value("probation_months", on=D(2030, 7, 1)) == 18
    assert rule_value("probation_months", on=D(2031, 1, 1)) == 18
    assert rule_get("probation_months", on=D(2030, 7, 1)).regulation == "Quy định giả định 99-QĐ/TW"
    # The old row keeps judging old records.
    assert rule_value("probation_months", on=D(2026, 1, 1)) == 12


def test_effective_to_is_exclusive():
    Rule.objects.filter(code=Code.PETITION_DUE_SOON_DAYS).delete()
    Rule.objects.create(code=Code.PETITION_DUE_SOON_DAYS, label="Thử", value=[1, 2], regulation="Thử",
                        effective_from=D(2024, 1, 1), effective_to=D(2024, 12, 31))
    assert rule_value(Code.PETITION_DUE_SOON_DAYS, on=D(2024, 1, 1)) == [1, 2]
    assert rule_value(Code.PETITION_DUE_SOON_DAYS, on=D(2024, 12, 30)) == [1, 2]
    with pytest.raises(RuleMissing):
        rule_value(Code.PETITION_DUE_SOON_DAYS, on=D(2024, 12, 31))


def test_missing_rule_raises_rule_missing():
    with pytest.raises(RuleMissing, match="admission_min_age"):
        rule_get("admission_min_age", on=D(1900, 1, 1))
    with pytest.raises(LookupError):  # RuleMissing is a LookupError
        rule_get("admission_min_age", on=D(1900, 1, 1))


def test_a_code_outside_the_enumeration_is_a_programming_error_not_a_missing_rule():
    with pytest.raises(ValueError, match="no_such_rule"):
        rule_value("no_such_rule", on=D(2025, 1, 1))
    with pytest.raises(ImportError):
        exec("from rules.codes import PROBATOIN_MONTHS")  # a typo fails where the code is imported


def test_every_code_is_seeded_and_every_seeded_code_is_in_the_enumeration():
    assert set(Rule.objects.values_list("code", flat=True)) == set(Code)


def test_a_missing_rule_on_a_form_date_is_a_refusal_on_that_field():
    with pytest.raises(ValidationError) as refused:
        rule_for(Code.PROBATION_MONTHS, on=D(1900, 1, 1), field="admitted_on")
    assert list(refused.value.error_dict) == ["admitted_on"]


def test_default_date_is_today():
    assert rule_get("admission_min_age").effective_from == QD_232
    Rule.objects.filter(code=Code.CONGRESS_NOTICE_MONTHS).delete()
    Rule.objects.create(code=Code.CONGRESS_NOTICE_MONTHS, label="Mai", value=1, regulation="Thử",
                        effective_from=datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(RuleMissing):
        rule_value(Code.CONGRESS_NOTICE_MONTHS)


def test_code_and_effective_from_are_unique():
    with pytest.raises(IntegrityError), transaction.atomic():
        Rule.objects.create(code="probation_months", label="x", value=6, regulation="x", effective_from=QD_232)


def test_rule_list_lists_newest_first_per_code():
    rows = [(r.code, r.effective_from) for r in rule_list().filter(code="probation_months")]
    assert rows == [("probation_months", QD_232), ("probation_months", D(1930, 2, 3))]
