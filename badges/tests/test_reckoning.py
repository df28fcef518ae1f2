"""The reckoning of who is due a Party badge, at every boundary the rule draws: exactly N years on a presentation
date, a day short, an interrupted membership, a serious illness 12 months early (30–65) and 24 months early (70–90)
and not a day beyond, a posthumous award up to 12 months short. Members are real (unsaved) files; the rules are the
seeded rule data."""

import datetime

import pytest

from badges.models import BadgeAward, Early
from badges.reckoning import Calendar, Facts, due_on, milestone_dues, next_due, party_age, reached_on, rules_on
from members.models import Member
from rules.selectors import RuleBook

pytestmark = pytest.mark.django_db
D = datetime.date
P = D(2027, 2, 3)  # a presentation date (3/2); the one before is 07/11/2026, the one after 19/05/2027


@pytest.fixture
def book():
    return RuleBook()


@pytest.fixture
def calendar(book):
    return Calendar(book)


@pytest.fixture
def rules(book):
    return rules_on(book, P)


def member(admitted, status="full", since=None):
    return Member(full_name="Nguyễn Văn Thử", admitted_on=admitted, status=status, status_since=since or admitted)


def due(m, rules, calendar, facts=None, on=P):
    return due_on(m, facts or Facts(), rules, calendar, on)


def test_the_seeded_rules(rules):
    assert rules.milestones == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    assert [rules.illness_months(n) for n in (30, 65, 70, 90)] == [12, 12, 24, 24]
    assert rules.posthumous == 12


def test_the_presentation_dates(calendar):
    assert calendar.dates(2027) == [D(2027, 2, 3), D(2027, 5, 19), D(2027, 9, 2), D(2027, 11, 7)]
    assert calendar.on_or_after(D(2026, 12, 6)) == P
    assert calendar.on_or_after(P) == P
    assert calendar.before(P) == D(2026, 11, 7)
    assert calendar.after(P) == D(2027, 5, 19)
    assert calendar.after(D(2027, 11, 7)) == D(2028, 2, 3)
    assert not calendar.is_date(D(2027, 2, 4))


def test_exactly_thirty_years_on_the_presentation_date_is_due_that_day(rules, calendar):
    row = due(member(D(1997, 2, 3)), rules, calendar)
    assert (row.milestone, row.reached, row.presentation, row.early) == (30, P, P, Early.NONE)


def test_a_day_short_is_due_on_the_next_date(rules, calendar):
    m = member(D(1997, 2, 4))
    assert due(m, rules, calendar) is None
    assert due(m, rules, calendar, on=D(2027, 5, 19)).milestone == 30


def test_the_day_after_the_previous_date_is_due_on_this_one(rules, calendar):
    assert due(member(D(1996, 11, 8)), rules, calendar).presentation == P
    assert due(member(D(1996, 11, 7)), rules, calendar) is None  # due on 07/11/2026 itself
    assert due(member(D(1996, 11, 7)), rules, calendar, on=D(2026, 11, 7)).milestone == 30


def test_every_milestone_has_its_date(rules, calendar):
    assert due(member(D(1987, 2, 3)), rules, calendar).milestone == 40
    assert due(member(D(1982, 2, 3)), rules, calendar).milestone == 45
    assert due(member(D(1937, 2, 3)), rules, calendar).milestone == 90
    assert due(member(D(1992, 2, 3)), rules, calendar) is None  # 35 years: no badge


def test_an_interrupted_membership_pushes_the_date_by_its_length(rules, calendar):
    admitted = D(1996, 2, 3)  # 30 years on 03/02/2026 without the interruption
    gap = (D(2000, 3, 1), D(2001, 3, 1))  # 365 days not counted
    assert reached_on(admitted, [gap], 360) == P
    assert due(member(admitted), rules, calendar, Facts(gaps=[gap])).milestone == 30
    assert due(member(admitted), rules, calendar) is None
    assert due(member(admitted), rules, calendar, on=D(2026, 2, 3)).milestone == 30


def test_an_interruption_after_the_milestone_changes_nothing(rules, calendar):
    gap = (D(2027, 3, 1), D(2027, 4, 1))
    assert due(member(D(1997, 2, 3)), rules, calendar, Facts(gaps=[gap])).presentation == P


def test_two_interruptions_each_push_and_a_push_can_bring_a_later_one_in():
    admitted = D(2000, 1, 1)
    gaps = [(D(2009, 12, 1), D(2010, 1, 1)), (D(2000, 6, 1), D(2000, 7, 1))]  # 31 + 30 days
    assert reached_on(admitted, gaps, 120) == D(2010, 1, 1) + datetime.timedelta(days=61)


def test_party_age_in_years_and_months_leaves_the_interruption_out():
    admitted = D(1996, 2, 3)
    assert party_age(admitted, [], P) == (31, 0)
    assert party_age(admitted, [(D(2000, 3, 1), D(2001, 3, 1))], P) == (30, 0)
    assert party_age(admitted, [(D(2000, 3, 1), D(2001, 3, 1))], P - datetime.timedelta(days=1)) == (29, 11)
    assert party_age(D(2026, 12, 6), [], D(2026, 12, 6)) == (0, 0)


def test_seriously_ill_twelve_months_early_for_thirty_years_and_not_a_day_beyond(rules, calendar):
    ill = Facts(ill_since=D(2026, 1, 1))
    row = due(member(D(1998, 2, 3)), rules, calendar, ill)  # 30 years on 03/02/2028: exactly 12 months after P
    assert (row.milestone, row.early) == (30, Early.ILLNESS)
    assert due(member(D(1998, 2, 4)), rules, calendar, ill) is None  # 12 months and a day
    assert due(member(D(1998, 2, 4)), rules, calendar, ill, on=D(2027, 5, 19)).early == Early.ILLNESS


def test_seriously_ill_twelve_months_early_for_sixty_five_years(rules, calendar):
    ill = Facts(ill_since=D(2026, 1, 1))
    assert due(member(D(1963, 2, 3)), rules, calendar, ill).milestone == 65
    assert due(member(D(1963, 2, 4)), rules, calendar, ill) is None


def test_seriously_ill_twenty_four_months_early_from_seventy_years(rules, calendar):
    ill = Facts(ill_since=D(2026, 1, 1))
    row = due(member(D(1959, 2, 3)), rules, calendar, ill)  # 70 years on 03/02/2029
    assert (row.milestone, row.early) == (70, Early.ILLNESS)
    assert due(member(D(1959, 2, 4)), rules, calendar, ill) is None
    assert due(member(D(1939, 2, 3)), rules, calendar, ill).milestone == 90
    assert due(member(D(1939, 2, 4)), rules, calendar, ill) is None


def test_the_early_margin_runs_from_the_day_the_illness_is_certified(rules, calendar):
    m = member(D(1998, 2, 3))
    assert due(m, rules, calendar, Facts(ill_since=D(2027, 3, 1))) is None
    assert due(m, rules, calendar, Facts(ill_since=D(2027, 3, 1)), on=D(2027, 5, 19)).early == Early.ILLNESS


def test_an_illness_that_brings_no_earlier_date_is_on_time(rules, calendar):
    row = due(member(D(1997, 2, 3)), rules, calendar, Facts(ill_since=D(2027, 2, 3)))
    assert (row.presentation, row.early) == (P, Early.NONE)


@pytest.mark.parametrize("died, due_date", [
    (D(2026, 2, 3), D(2026, 2, 3)),  # exactly 12 months short: on the date of the death itself
    (D(2026, 3, 1), D(2026, 5, 19)),  # 11 months short: the first date after the death
    (D(2026, 2, 2), None),  # 12 months and a day short: never
])
def test_posthumous_up_to_twelve_months_short(rules, calendar, died, due_date):
    m = member(D(1997, 2, 3), status="deceased", since=died)
    dues = [d for d in milestone_dues(m, Facts(), rules, calendar) if d.milestone == 30]
    if due_date is None:
        assert dues == []
    else:
        assert (dues[0].presentation, dues[0].early) == (due_date, Early.POSTHUMOUS)


def test_a_member_who_died_after_the_milestone_is_due_it_on_time(rules, calendar):
    m = member(D(1996, 2, 3), status="deceased", since=D(2026, 12, 1))
    row = due(m, rules, calendar, on=D(2026, 2, 3))
    assert (row.milestone, row.early) == (30, Early.NONE)


def test_a_badge_held_is_shown_on_its_date_and_not_due_again(rules, calendar):
    m = member(D(1997, 2, 3))
    award = BadgeAward(milestone=30, presentation_date=P, decision_number="1-QĐ/TU", decided_on=D(2027, 1, 20),
                       awarded_on=P)
    row = due(m, rules, calendar, Facts(awards={30: award}))
    assert row.award is award
    assert next_due(m, Facts(awards={30: award}), rules, calendar).milestone == 40


def test_a_higher_badge_held_leaves_no_lower_one_due(rules, calendar):
    m = member(D(1987, 2, 3))
    award = BadgeAward(milestone=40, presentation_date=P, decision_number="1", decided_on=P, awarded_on=P)
    assert next_due(m, Facts(awards={40: award}), rules, calendar).milestone == 45
