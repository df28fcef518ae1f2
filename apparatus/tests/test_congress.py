"""apparatus.congress: when the next congress falls due, from the rule data (seeded, then amended)."""

import pytest
from django.utils.translation import override

from apparatus.congress import CongressDue, congress_due, interval_months
from organizations.models import OrganizationKind
from rules.selectors import RuleBook

from .conftest import TODAY, D

pytestmark = pytest.mark.django_db
SUPERIOR, GRASSROOTS, BELOW = (OrganizationKind.Tier.SUPERIOR, OrganizationKind.Tier.GRASSROOTS,
                               OrganizationKind.Tier.BELOW_GRASSROOTS)
OK, DUE, OVERDUE = CongressDue.OK, CongressDue.DUE, CongressDue.OVERDUE


@pytest.mark.parametrize("tier, months", [(GRASSROOTS, 60), (SUPERIOR, 60), (BELOW, 30)])
@pytest.mark.parametrize("on", [D(2020, 6, 1), D(2025, 6, 1)])  # before and after QĐ 232 (both seeded)
def test_interval_months(tier, months, on):
    assert interval_months(tier, on) == months


@pytest.mark.parametrize("today, status", [
    (D(2025, 12, 14), OK),
    (D(2025, 12, 15), DUE),  # six months (congress_notice_months) before
    (D(2026, 6, 15), DUE),
    (D(2026, 6, 16), OVERDUE),  # no postponement for a grassroots committee
])
def test_grassroots_committee_five_years(today, status):
    result = congress_due(GRASSROOTS, D(2021, 6, 15), today)
    assert (result.due_on, result.latest_on, result.status) == (D(2026, 6, 15), D(2026, 6, 15), status)


@pytest.mark.parametrize("today, status", [
    (D(2026, 1, 14), OK),
    (D(2026, 1, 15), DUE),
    (D(2026, 7, 15), DUE),
    (D(2026, 7, 16), OVERDUE),  # past the 30 months: the postponement needs an approval, not presumed
    (TODAY, OVERDUE),
    (D(2027, 1, 16), OVERDUE),
])
def test_subordinate_cell_thirty_months_with_postponement(today, status):
    result = congress_due(BELOW, D(2024, 1, 15), today)
    assert (result.due_on, result.latest_on, result.status) == (D(2026, 7, 15), D(2027, 1, 15), status)


def test_end_of_month_congress():
    result = congress_due(BELOW, D(2023, 8, 31), D(2024, 1, 1))
    assert (result.due_on, result.latest_on) == (D(2026, 2, 28), D(2026, 8, 31))


def test_superior_committee_uses_its_own_term(set_rule):
    assert congress_due(SUPERIOR, D(2020, 10, 15), TODAY).status == OVERDUE
    set_rule("superior_committee_term_years", 7, D(2019, 1, 1))
    result = congress_due(SUPERIOR, D(2020, 10, 15), TODAY)
    assert (result.due_on, result.status) == (D(2027, 10, 15), OK)
    # The grassroots term is a different rule.
    assert congress_due(GRASSROOTS, D(2020, 10, 15), TODAY).due_on == D(2025, 10, 15)


def test_grassroots_term_follows_rule_data(set_rule):
    assert congress_due(GRASSROOTS, D(2021, 12, 1), TODAY).status == DUE
    set_rule("grassroots_committee_term_years", 4, D(2019, 1, 1))
    result = congress_due(GRASSROOTS, D(2021, 12, 1), TODAY)
    assert (result.due_on, result.status) == (D(2025, 12, 1), OVERDUE)


def test_cell_interval_is_the_rule_in_force_at_the_last_congress(set_rule):
    set_rule("cell_congresses_per_five_years", 1, D(2023, 1, 1))  # until QĐ 232 (20/01/2025)
    assert congress_due(BELOW, D(2024, 1, 15), TODAY) == CongressDue(D(2029, 1, 15), D(2029, 7, 15), OK)
    # A congress held under the seeded rule (twice in five years) still counts 30 months.
    assert congress_due(BELOW, D(2025, 2, 1), D(2027, 7, 1)) == CongressDue(D(2027, 8, 1), D(2028, 2, 1), DUE)


def test_postponement_follows_rule_data(set_rule):
    set_rule("cell_congress_postponement_months", 3, D(2023, 1, 1))
    result = congress_due(BELOW, D(2024, 1, 15), TODAY)
    assert (result.latest_on, result.status) == (D(2026, 10, 15), OVERDUE)


def test_notice_is_the_rule_in_force_today(set_rule):
    assert congress_due(GRASSROOTS, D(2022, 6, 1), TODAY).status == OK  # due 01/06/2027, notice from 01/12/2026
    set_rule("congress_notice_months", 12, D(2026, 1, 1))
    assert congress_due(GRASSROOTS, D(2022, 6, 1), TODAY).status == DUE
    assert congress_due(GRASSROOTS, D(2022, 6, 1), D(2025, 12, 31)).status == OK  # old notice then


def test_a_rule_book_gives_the_same_answers(set_rule):
    set_rule("cell_congresses_per_five_years", 1, D(2023, 1, 1))
    book = RuleBook()
    for tier, last in ((BELOW, D(2024, 1, 15)), (BELOW, D(2025, 2, 1)), (GRASSROOTS, D(2021, 6, 15)),
                       (SUPERIOR, D(2020, 10, 15))):
        assert congress_due(tier, last, TODAY, book.value) == congress_due(tier, last, TODAY)


def test_labels():
    with override("en"):
        assert [str(congress_due(GRASSROOTS, D(2021, 6, 15), day).label)
                for day in (D(2025, 1, 1), D(2026, 1, 1), D(2027, 1, 1))] == [
            "On schedule", "Congress due soon", "Congress overdue"]
