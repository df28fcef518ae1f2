"""Working-day arithmetic over the seeded holiday calendar (core.Holiday, real database)."""

import datetime

import pytest

from core.dates import add_working_days, is_working_day
from core.models import Holiday

D = datetime.date
pytestmark = pytest.mark.django_db


def test_weekend_is_skipped():
    # Friday + 1 working day is Monday; Friday + 5 is the next Friday (a week without holidays).
    assert add_working_days(D(2025, 3, 14), 1) == D(2025, 3, 17)
    assert add_working_days(D(2025, 3, 14), 5) == D(2025, 3, 21)
    assert add_working_days(D(2025, 3, 15), 1) == D(2025, 3, 17)  # from a Saturday


def test_zero_days_is_the_day_itself():
    assert add_working_days(D(2025, 3, 15), 0) == D(2025, 3, 15)


def test_tet_is_skipped():
    # Tết Ất Tỵ: Monday 27/01/2025 to Friday 31/01/2025 off, after the weekend of 25–26/01.
    assert add_working_days(D(2025, 1, 24), 1) == D(2025, 2, 3)
    # Tết Bính Ngọ: 16–20/02/2026 off.
    assert add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
    assert not is_working_day(D(2026, 2, 18))
    assert is_working_day(D(2026, 2, 23))


def test_fixed_holidays_and_days_in_lieu_are_skipped():
    # 30/4 and 1/5/2025 (Wednesday, Thursday) and the swapped Friday 2/5.
    assert add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)
    # 2/9/2023 fell on a Saturday: Friday 1/9 and Monday 4/9 (in lieu) off.
    assert add_working_days(D(2023, 8, 31), 1) == D(2023, 9, 5)


def test_ninety_working_days_across_tet():
    # A complaint received on 02/01/2025: 90 weekdays would end on 08/05/2025; Tết (5 days), the Hùng Kings'
    # day, 30/4, 1/5 and 2/5 push it 9 working days later, and Saturday 26/04/2025, worked in exchange for Friday
    # 2/5, brings it one back.
    start = D(2025, 1, 2)
    plain = start
    for _ in range(90):
        plain += datetime.timedelta(days=1)
        while plain.weekday() >= 5:
            plain += datetime.timedelta(days=1)
    assert plain == D(2025, 5, 8)
    assert add_working_days(start, 90) == D(2025, 5, 20)


def test_an_added_holiday_moves_the_deadline():
    assert add_working_days(D(2025, 6, 2), 1) == D(2025, 6, 3)
    Holiday.objects.create(date=D(2025, 6, 3), name="Ngày nghỉ do Chính phủ quyết định")
    assert add_working_days(D(2025, 6, 2), 1) == D(2025, 6, 4)


def test_a_given_calendar_is_used_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert add_working_days(D(2025, 6, 2), 2, holidays=frozenset({D(2025, 6, 3)})) == D(2025, 6, 5)


def test_every_seeded_holiday_is_a_weekday_and_each_year_has_tet():
    days = list(Holiday.objects.filter(kind=Holiday.Kind.DAY_OFF).values_list("date", "name"))
    assert all(day.weekday() < 5 for day, _ in days)
    worked = list(Holiday.objects.filter(kind=Holiday.Kind.WORKING_DAY).values_list("date", flat=True))
    assert worked and all(day.weekday() >= 5 for day in worked)
    for year in range(2017, 2028):
        assert sum(1 for day, name in days if day.year == year and name == "Tết Nguyên đán") == 5, year


def test_the_calendar_ends_with_the_last_year_entered():
    from core.dates import beyond_calendar, holiday_calendar_end
    from core.models import CalendarYear

    # 2017–2026 are entered (core/0004); 2027's days are seeded, but its schedule is not entered.
    assert holiday_calendar_end() == D(2026, 12, 31)
    CalendarYear.objects.create(year=2028, source="Thử")  # after a gap: it does not extend the calendar
    assert holiday_calendar_end() == D(2026, 12, 31)
    CalendarYear.objects.create(year=2027, source="Thử")
    assert holiday_calendar_end() == D(2028, 12, 31)
    assert beyond_calendar(D(2029, 1, 1), holiday_calendar_end())
    assert not beyond_calendar(D(2028, 12, 31), holiday_calendar_end())
    assert not beyond_calendar(None, holiday_calendar_end())


def test_an_empty_calendar_makes_every_deadline_provisional():
    from core.dates import beyond_calendar, holiday_calendar_end
    from core.models import CalendarYear

    CalendarYear.objects.all().delete()
    assert holiday_calendar_end() is None and beyond_calendar(D(2025, 1, 2), None)
