"""rules.selectors: the rule in force at a date, from the seeded regulation data."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from rules.codes import Code
from rules.models import Rule
from rules.selectors import RuleMissing, rule_for, rule_get, rule_list, rule_value

pytestmark = pytest.mark.django_db
D = datetime.date
QD_232 = D(2025, 1, 20)
QD_294 = D(2025, 7, 1)

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
    assert before.effective_from == D(2021, 9, 28) and before.effective_to == QD_232
    assert before.unconfirmed is True and "QĐ 24" in before.regulation
    assert on.effective_from == QD_232 and on.effective_to == QD_294
    assert "QĐ 232" in on.regulation


def test_qd_294_implements_the_charter_from_1_july_2025():
    """QĐ 294-QĐ/TW (26/5/2025, in force 1/7/2025) and HD 06-HD/TW replace QĐ 232 for every Charter rule; the
    values are unchanged, only the document named."""
    charter = Rule.objects.filter(regulation__contains="QĐ 232").values_list("code", flat=True).distinct()
    assert len(set(charter)) >= 19
    for code in set(charter):
        assert "QĐ 232" in rule_get(code, on=QD_294 - datetime.timedelta(days=1)).regulation
        current = rule_get(code, on=QD_294)
        assert current.effective_from == QD_294 and "QĐ 294" in current.regulation and "HD 06" in current.regulation
        assert current.value == rule_get(code, on=QD_294 - datetime.timedelta(days=1)).value


CITED = re.compile(r"ngày (\d{1,2})/(\d{1,2})/(\d{4})")


def test_no_row_cites_a_document_issued_after_the_row_begins():
    """A row in force from 1930 cannot rest on a 2021 regulation: every dated document a row names was issued on or
    before the row's first day."""
    wrong = []
    for rule in Rule.objects.all():
        for day, month, year in CITED.findall(rule.regulation):
            issued = D(int(year), int(month), int(day))
            if issued > rule.effective_from and "Cài đặt" not in rule.regulation:
                wrong.append((rule.code, str(rule.effective_from), rule.regulation))
    assert wrong == []


@pytest.mark.parametrize("code, on, document", [
    ("discipline_forms_full_member", D(2025, 2, 13), "QĐ 69-QĐ/TW ngày 06/7/2022 về"),
    ("discipline_forms_full_member", D(2025, 2, 14), "QĐ 264-QĐ/TW ngày 14/02/2025"),
    ("petition_denunciation_settlement_days", D(2021, 7, 27), "QĐ 30-QĐ/TW"),
    ("petition_denunciation_settlement_days", D(2021, 7, 28), "QĐ 22-QĐ/TW"),
    ("discipline_complaint_months", D(2023, 1, 1), "QĐ 22-QĐ/TW"),
    ("meeting_good_attendance_percent", D(2018, 1, 18), "HD 12-HD/BTCTW"),
    ("meeting_good_attendance_percent", D(2017, 12, 31), "HD 09-HD/BTCTW"),
])
def test_each_period_names_the_document_in_force(code, on, document):
    assert document in rule_get(code, on=on).regulation


def test_the_thematic_minimum_is_the_combined_session_one():
    """HD 42: 120 minutes only for a regular meeting combined with a thematic topic; no separate thematic rule."""
    assert not Rule.objects.filter(code="meeting_min_minutes_thematic").exists()
    assert rule_value("meeting_min_minutes_combined", on=D(2025, 10, 28)) == 120
    assert rule_value("meeting_min_minutes", on=D(2025, 10, 28)) == 90
    assert rule_value("meeting_min_minutes_combined", on=D(2025, 10, 27)) == 0


def test_the_cell_congress_pilot_is_a_dated_unconfirmed_rule():
    assert rule_value("cell_congresses_per_five_years_pilot", on=QD_294 - datetime.timedelta(days=1)) == 2
    pilot = rule_get("cell_congresses_per_five_years_pilot", on=QD_294)
    assert pilot.value == 1 and pilot.unconfirmed and "QĐ 294" in pilot.regulation
    assert rule_value("cell_congresses_per_five_years", on=QD_294) == 2


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
    assert rule_get("admission_min_age").effective_from == QD_294
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
    assert [day for _, day in rows] == sorted((day for _, day in rows), reverse=True)
    assert rows[0] == ("probation_months", QD_294) and rows[-1] == ("probation_months", D(1930, 2, 3))


def test_a_request_reads_the_rules_once_and_again_after_a_write():
    """Within a request every RuleBook (and rule_get after one) answers from one read; a rule written during the
    request is seen by the next; outside a request each RuleBook reads the rules."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test.utils import CaptureQueriesContext

    from rules.selectors import RuleBook

    on = D(2026, 6, 1)
    # as Django's test client sends it: the connection (in the test's transaction) is not closed
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
    try:
        with CaptureQueriesContext(connection) as queries:
            assert RuleBook().value("probation_months", on=on) == 12
            assert RuleBook().value("probation_months", on=on) == 12
            assert rule_value("probation_months", on=on) == 12
        assert len(queries) == 1
        Rule.objects.create(code="probation_months", label="x", value=9, regulation="test", effective_from=on)
        assert RuleBook().value("probation_months", on=on) == 9
    finally:
        request_finished.disconnect(close_old_connections)
        try:
            request_finished.send(sender=None)
        finally:
            request_finished.connect(close_old_connections)
    with CaptureQueriesContext(connection) as queries:
        RuleBook(), RuleBook()
    assert len(queries) == 2
