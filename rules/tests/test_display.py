"""The Quy định page reads as a person reads it: numbers, money, percentages, yes/no and dates in Vietnamese, lists as
the names of what they list, the period in force, the code only as a small label."""

import datetime
import re

import pytest
from django.utils import translation

from rules import display
from rules.codes import Code
from rules.display import (
    SECTIONS,
    State,
    period,
    quantity,
    register_value_labels,
    rule_sections,
    shown_value,
)
from rules.models import Rule
from rules.selectors import RULES_START

D = datetime.date
NBSP = "\u00a0"
QD_232 = D(2025, 1, 20)


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def labels(monkeypatch):
    """Labels registered as a higher app would (its TextChoices), removed after the test."""
    monkeypatch.setattr(display, "value_labels", {})
    register_value_labels([Code.DISCIPLINE_FORMS_PROBATIONARY_MEMBER], [("reprimand", "Khiển trách"),
                                                                         ("warning", "Cảnh cáo")])
    register_value_labels([Code.PETITION_JURISDICTION], [("denunciation", "Tố cáo"), ("member", "Đảng viên"),
                                                         ("organization", "Tổ chức đảng")],
                          [("grassroots", "Cấp cơ sở"), ("superior", "Cấp trên")])


def rule(value, unit="", code=Code.PROBATION_MONTHS, start=QD_232, end=None, **extra):
    return Rule(code=code, label="Nhãn", value=value, unit=unit, regulation="QĐ 232-QĐ/TW", effective_from=start,
                effective_to=end, **extra)


@pytest.mark.parametrize("value, unit, shown", [
    (1490000, "đồng", f"1.490.000{NBSP}đ"),
    (702000, "đ", f"702.000{NBSP}đ"),
    (86.7, "%", f"86,7{NBSP}%"),
    (85, "%", f"85{NBSP}%"),
    (30, "ngày làm việc", f"30{NBSP}ngày làm việc"),
    (12.0, "tháng", f"12{NBSP}tháng"),
    (2.345, "", "2,35"),
    (4000, "", "4.000"),
])
def test_numbers_money_and_percentages_in_vietnamese(vietnamese, value, unit, shown):
    assert quantity(value, unit) == shown


def test_english_pages_keep_the_unit_and_change_only_the_separators():
    with translation.override("en"):
        assert quantity(1490000, "đồng") == f"1,490,000{NBSP}đ"
        assert quantity(86.7, "%") == f"86.7{NBSP}%"


@pytest.mark.parametrize("value, shown", [(True, "Có"), (False, "Không"), ("2017-01-01", "01/01/2017"),
                                          (None, "—"), ([], "—")])
def test_yes_no_dates_and_nothing(vietnamese, value, shown):
    assert shown_value(rule(value, "ngày")).text == shown


def test_a_list_reads_as_the_names_it_lists(vietnamese, labels):
    shown = shown_value(rule(["reprimand", "warning"], code=Code.DISCIPLINE_FORMS_PROBATIONARY_MEMBER))
    assert shown.text == "Khiển trách, Cảnh cáo" and shown.is_list and not shown.lines


def test_a_code_nobody_named_is_shown_as_stored(vietnamese, labels):
    assert shown_value(rule(["reprimand", "unknown"], code=Code.DISCIPLINE_FORMS_FULL_MEMBER)).text == \
        "reprimand, unknown"


def test_a_mapping_reads_as_lines(vietnamese, labels):
    value = {"denunciation": {"member": "grassroots", "organization": "superior"}}
    shown = shown_value(rule(value, code=Code.PETITION_JURISDICTION))
    assert shown.lines == [("Tố cáo", "Đảng viên: Cấp cơ sở; Tổ chức đảng: Cấp trên")]
    assert shown.text == "Tố cáo: (Đảng viên: Cấp cơ sở; Tổ chức đảng: Cấp trên)"


def test_the_period_names_the_last_day_in_force_and_no_false_start():
    with translation.override("en"):
        assert period(rule(1, start=D(2016, 7, 26), end=D(2025, 5, 30))) == "26/07/2016 to 29/05/2025"
        assert period(rule(1, start=D(2025, 1, 20))) == "from 20/01/2025"
        assert period(rule(1, start=RULES_START, end=D(2025, 1, 20))) == "until 19/01/2025"
        assert period(rule(1, start=RULES_START)) == "at every date"


def test_every_code_has_one_section():
    placed = [code for _key, _title, codes in SECTIONS for code in codes]
    assert sorted(placed) == sorted(Code) and len(placed) == len(set(placed))


@pytest.mark.django_db
def test_sections_show_the_version_in_force_first_and_the_others_after():
    today = D(2026, 1, 1)
    sections = rule_sections(Rule.objects.all(), today=today)
    entries = {entry.code: entry for section in sections for entry in section.entries}
    assert set(entries) == set(Rule.objects.values_list("code", flat=True))
    probation = entries[Code.PROBATION_MONTHS]
    assert probation.main.state == State.IN_FORCE and probation.main.rule.effective_from == D(2025, 7, 1)
    assert [v.state for v in probation.others] == [State.ENDED] * 5
    upcoming = Rule(code=Code.PROBATION_MONTHS, label="x", value=18, unit="tháng", regulation="QĐ mới",
                    effective_from=D(2027, 1, 1))
    entry = {e.code: e for s in rule_sections([*Rule.objects.all(), upcoming], today=today)
             for e in s.entries}[Code.PROBATION_MONTHS]
    assert entry.main.rule.effective_from == D(2025, 7, 1)
    assert [v.state for v in entry.others] == [State.UPCOMING] + [State.ENDED] * 5


@pytest.mark.django_db
def test_the_page_shows_no_developer_output(client_for, django_user_model):
    user = django_user_model.objects.create_user("doc_quy_dinh", password="x-Matkhau-2025")
    response = client_for(user).get("/rules/")
    assert response.status_code == 200
    page = response.content.decode()
    body = page[page.index("<main"):]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", body), "an ISO date"
    assert "[&#x27;" not in body and "{&#x27;" not in body, "a Python list or dict"
    assert "20/01/2025" in body and "01/01/2017" in body
    assert f"85{NBSP}%" in body
    # the code is a small secondary label, once per rule code
    codes = re.findall(r'<code class="[^"]*rule-code[^"]*">([a-z_]+)</code>', body)
    assert sorted(codes) == sorted(set(Rule.objects.values_list("code", flat=True)))


@pytest.mark.django_db
def test_every_code_a_seeded_rule_lists_has_a_name():
    unnamed = set()
    for rule_row in Rule.objects.all():
        tokens = rule_row.value if isinstance(rule_row.value, list) else []
        if isinstance(rule_row.value, dict):
            for key, inner in rule_row.value.items():
                tokens = [*tokens, key, *(inner.keys() if isinstance(inner, dict) else []),
                          *(inner.values() if isinstance(inner, dict) else [inner])]
        named = display.value_labels.get(rule_row.code, {})
        unnamed |= {(rule_row.code, token) for token in tokens if isinstance(token, str) and token not in named}
    assert not unnamed, sorted(unnamed)
