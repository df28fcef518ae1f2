"""apparatus.congress: when the next congress falls due, from the rule data (seeded, then amended)."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from apparatus.congress import CongressDue, congress_due, interval_months
from core.dates import add_months
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
    set_rule("grassroots_committee_term_years", 4, D(2021, 12, 1))  # the row in force on the congress's day
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


# ---- QĐ 294: a cell congress once in five years, for the kinds in the pilot ------------------------------------

@pytest.mark.parametrize("last, pilot, months, code", [
    (D(2025, 6, 30), True, 30, "cell_congresses_per_five_years_pilot"),  # begun before 01/07/2025: twice in 5 years
    (D(2025, 7, 1), True, 60, "cell_congresses_per_five_years_pilot"),  # from 01/07/2025: once
    (D(2025, 7, 1), False, 30, "cell_congresses_per_five_years"),  # not in the pilot: twice, as before
    (D(2026, 3, 1), False, 30, "cell_congresses_per_five_years"),
])
def test_the_pilot_interval_is_the_rule_in_force_when_the_term_began(last, pilot, months, code):
    result = congress_due(BELOW, last, TODAY, pilot=pilot)
    assert (result.interval.months, result.interval.code, result.interval.on) == (months, code, last)
    assert interval_months(BELOW, last, pilot=pilot) == months
    assert result.due_on == add_months(last, months)
    assert result.latest_on == add_months(last, months + 6)  # the postponement still applies


def test_the_pilot_concerns_only_subordinate_cells():
    for tier in (GRASSROOTS, SUPERIOR):
        assert congress_due(tier, D(2025, 10, 1), TODAY, pilot=True) == congress_due(tier, D(2025, 10, 1), TODAY)


def _pilot(kind_code="cell", on=True):
    OrganizationKind.objects.filter(code=kind_code).update(cell_congress_pilot=on)


def test_a_cell_of_a_kind_in_the_pilot(open_term, assign, make_members, tree, user_khoi):
    from apparatus.selectors import health_report

    from .conftest import main_body

    for cell, congress_on in ((tree.cell_a1, D(2025, 6, 1)), (tree.cell_a2, D(2025, 8, 1)),
                              (tree.cell_b1, D(2025, 8, 1))):
        assign(main_body(open_term(cell, congress_on=congress_on)), make_members(cell, 3)[0], "secretary")
    _pilot()
    states = health_report(user_khoi, today=TODAY)["states"]
    assert states[tree.cell_a1.pk].congress.due_on == D(2027, 12, 1)  # its term began before 01/07/2025
    assert states[tree.cell_a2.pk].congress.due_on == D(2030, 8, 1)
    assert states[tree.cell_a2.pk].congress_rule.code == "cell_congresses_per_five_years_pilot"
    _pilot(on=False)
    states = health_report(user_khoi, today=TODAY)["states"]
    assert states[tree.cell_b1.pk].congress.due_on == D(2028, 2, 1)  # not in the pilot: 30 months
    assert states[tree.cell_b1.pk].congress_rule.code == "cell_congresses_per_five_years"


def test_the_pages_show_where_the_interval_comes_from(client_for, open_term, assign, make_members, tree,
                                                      user_khoi):
    from core.testing.pages import doc

    from .conftest import main_body

    assign(main_body(open_term(tree.cell_a1, congress_on=D(2025, 8, 1))), make_members(tree.cell_a1, 3)[0],
           "secretary")
    client = client_for(user_khoi)

    def shown():
        page = doc(client.get(reverse("apparatus:organization", args=[tree.cell_a1.pk])))
        interval = page.xpath('//*[@id="congress-interval"]')[0]
        summary = doc(client.get(reverse("organizations:detail", args=[tree.cell_a1.pk])))
        due = re.findall(r"\d\d/\d\d/\d{4}", page.xpath('//*[@id="congress-due"]')[0].text_content())[0]
        return (due, interval.get("data-months"),
                interval.get("data-code"), bool(page.xpath('//*[@id="congress-pilot"]')),
                " ".join(summary.xpath('//*[@id="congress-interval"]')[0].text_content().split()))

    due, months, code, pilot, summary = shown()
    assert (due, months, code, pilot) == ("01/02/2028", "30", "cell_congresses_per_five_years", False)
    assert "30" in summary and "01/08/2025" in summary
    _pilot()
    due, months, code, pilot, summary = shown()
    assert (due, months, code, pilot) == ("01/08/2030", "60", "cell_congresses_per_five_years_pilot", True)
    assert "60" in summary and "01/08/2025" in summary


def test_the_pilot_flag_is_off_by_default_and_set_in_the_admin(client_for, django_user_model):
    from core.testing.pages import doc

    assert not OrganizationKind.objects.filter(cell_congress_pilot=True).exists()
    kind = OrganizationKind.objects.get(code="cell")
    sysadmin = django_user_model.objects.create_superuser("sysadmin", password="x")
    page = client_for(sysadmin).get(reverse("admin:organizations_organizationkind_change", args=[kind.pk]))
    assert page.status_code == 200
    form = doc(page).xpath('//form[@id="organizationkind_form"]')[0]
    data = {i.get("name"): i.get("value") or "" for i in form.xpath(".//input[@name]")
            if i.get("type") not in ("checkbox", "submit")}
    data.update({i.get("name"): "on" for i in form.xpath('.//input[@type="checkbox"][@checked]')})
    data.update({s.get("name"): [o.get("value") for o in s.xpath("./option[@selected]")]
                 for s in form.xpath(".//select[@name]")})
    data["cell_congress_pilot"] = "on"
    response = client_for(sysadmin).post(reverse("admin:organizations_organizationkind_change", args=[kind.pk]), data)
    assert response.status_code == 302, response.content[:3000]
    kind.refresh_from_db()
    assert kind.cell_congress_pilot and kind.holds_members and kind.elects_committee
