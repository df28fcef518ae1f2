"""The working-day calendar (issue 13): substituted working days beside the days off, each year's official schedule
(the calendar covers a year only once it is entered), the services that keep them (history, the hook
calendar_changed), the administration going through those services, and the page /calendar/."""

import datetime
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from core import services
from core.dates import (
    WorkingCalendar,
    add_working_days,
    calendar_year_subquery,
    holiday_calendar_end,
    holidays_from,
    is_working_day,
    working_deadline,
)
from core.hooks import calendar_changed
from core.models import CalendarYear, Holiday
from core.templatetags.people import display_name
from core.testing.pages import doc, text

D = datetime.date
pytestmark = pytest.mark.django_db
WORKED_SATURDAY = D(2025, 4, 26)  # worked in exchange for Friday 02/05/2025 (core/0004)


@contextmanager
def calls_of_the_hook():
    """The calls of calendar_changed while the block runs (a handler appended for the test, then removed)."""
    calls = []

    def handler(**kwargs):
        calls.append(kwargs)

    calendar_changed.handlers.append(handler)
    try:
        yield calls
    finally:
        calendar_changed.handlers.remove(handler)


def calendar_snapshot():
    return (list(Holiday.objects.order_by("pk").values_list("pk", "date", "kind", "name", "unconfirmed", "note")),
            list(CalendarYear.objects.order_by("pk").values_list("pk", "year", "source", "published_on")),
            Holiday.history.count(), CalendarYear.history.count())


def refused(call, field: str, contains: str):
    before = calendar_snapshot()
    with override("en"):
        with pytest.raises(ValidationError) as info:
            call()
        assert field in info.value.message_dict, info.value.message_dict
        assert contains in " ".join(info.value.message_dict[field]), info.value.message_dict
    assert calendar_snapshot() == before
    return info.value


# ---- working days -----------------------------------------------------------------------------------------------

class TestWorkingDays:
    def test_the_seeded_swap_has_its_worked_saturday(self):
        swap = Holiday.objects.get(date=D(2025, 5, 2))
        worked = Holiday.objects.get(date=WORKED_SATURDAY)
        assert swap.kind == Holiday.Kind.DAY_OFF and worked.kind == Holiday.Kind.WORKING_DAY
        assert "02/05/2025" in worked.note
        # Every swap of the seed has its worked weekend day.
        assert set(Holiday.objects.filter(kind=Holiday.Kind.WORKING_DAY).values_list("date", flat=True)) == {
            D(2019, 1, 5), D(2019, 5, 4), D(2024, 5, 4), WORKED_SATURDAY, D(2026, 1, 10)}
        assert Holiday.objects.get(date=D(2026, 1, 10)).unconfirmed

    def test_across_a_weekend(self):
        assert add_working_days(D(2025, 3, 14), 1) == D(2025, 3, 17)  # Friday + 1: Monday
        assert add_working_days(D(2025, 4, 18), 1) == D(2025, 4, 21)  # an ordinary Saturday is not worked
        assert not is_working_day(D(2025, 4, 19))

    def test_across_a_holiday(self):
        # Monday 07/04/2025, the Hùng Kings' day, is off: Friday 04/04 + 1 is Tuesday 08/04.
        assert add_working_days(D(2025, 4, 4), 1) == D(2025, 4, 8)
        assert not is_working_day(D(2025, 4, 7))

    def test_across_a_substituted_working_day(self):
        assert is_working_day(WORKED_SATURDAY)
        assert not is_working_day(D(2025, 4, 27)) and not is_working_day(D(2025, 5, 2))
        # The deadline lands on the worked Saturday itself…
        assert add_working_days(D(2025, 4, 25), 1) == WORKED_SATURDAY
        # …and counts it when it runs past it: Thursday 24/04 + 3 is Monday 28/04, not Tuesday 29/04.
        assert add_working_days(D(2025, 4, 24), 3) == D(2025, 4, 28)
        # From the worked Saturday: the next working day is Monday.
        assert add_working_days(WORKED_SATURDAY, 1) == D(2025, 4, 28)
        # Across the whole bridge: 29/04 + 1 skips 30/4, 1/5, the swapped Friday 2/5 and the weekend.
        assert add_working_days(D(2025, 4, 29), 1) == D(2025, 5, 5)

    def test_a_worked_saturday_added_moves_a_deadline_earlier(self, actor):
        day = D(2031, 6, 7)  # a Saturday, far from every seeded day
        assert add_working_days(D(2031, 6, 6), 1) == D(2031, 6, 9)
        services.holiday_add(actor=actor, date=day, kind=Holiday.Kind.WORKING_DAY, name="Làm bù")
        assert add_working_days(D(2031, 6, 6), 1) == day

    def test_the_calendar_is_read_in_one_query_and_holds_both_sets(self, django_assert_num_queries):
        with django_assert_num_queries(1):
            calendar = holidays_from(D(2025, 1, 1))
        assert isinstance(calendar, WorkingCalendar)
        assert D(2025, 5, 2) in calendar and WORKED_SATURDAY not in calendar
        assert WORKED_SATURDAY in calendar.worked and D(2025, 5, 2) not in calendar.worked
        with django_assert_num_queries(0):
            assert add_working_days(D(2025, 4, 25), 1, holidays=calendar) == WORKED_SATURDAY
            assert is_working_day(WORKED_SATURDAY, holidays=calendar)
            # A plain set of days off, as older callers pass, has no worked days.
            assert add_working_days(D(2025, 4, 25), 1, holidays=frozenset(calendar)) == D(2025, 4, 28)


# ---- the years entered ------------------------------------------------------------------------------------------

class TestCalendarYears:
    def test_the_years_with_an_official_schedule_are_entered_and_2027_is_not(self):
        assert sorted(CalendarYear.objects.values_list("year", flat=True)) == list(range(2017, 2027))
        assert all(row.source for row in CalendarYear.objects.all())
        assert CalendarYear.history.filter(year=2025, history_type="+").exists()
        assert holiday_calendar_end() == D(2026, 12, 31)

    def test_a_deadline_past_the_last_year_entered_is_provisional_until_it_is_entered(self, actor):
        # 20 working days from Monday 07/12/2026 run into January 2027, whose schedule is not entered.
        deadline = working_deadline(D(2026, 12, 7), 20)
        assert deadline.on.year == 2027 and deadline.provisional
        inside = working_deadline(D(2026, 11, 2), 20)
        assert inside.on <= D(2026, 12, 31) and not inside.provisional
        services.calendar_year_enter(actor=actor, year=2027, source="Thông báo thử nghiệm")
        assert holiday_calendar_end() == D(2027, 12, 31)
        assert working_deadline(D(2026, 12, 7), 20) == deadline.__class__(deadline.on, False)
        assert working_deadline(D(2027, 12, 1), 30).provisional  # into 2028

    def test_the_subquery_agrees_with_the_calendar_end(self, actor):
        def annotated():
            return Holiday.objects.annotate(covered=calendar_year_subquery()).values_list("covered", flat=True)[0]

        assert annotated() == 2026
        services.calendar_year_enter(actor=actor, year=2028, source="Thử")  # after a gap: no change
        assert annotated() == 2026 and holiday_calendar_end() == D(2026, 12, 31)
        services.calendar_year_enter(actor=actor, year=2027, source="Thử")
        assert annotated() == 2028 and holiday_calendar_end() == D(2028, 12, 31)
        services.calendar_year_remove(actor=actor, calendar_year=CalendarYear.objects.get(year=2020))
        assert annotated() == 2019 and holiday_calendar_end() == D(2019, 12, 31)


# ---- services -----------------------------------------------------------------------------------------------------

class TestServices:
    def test_entering_a_year_keeps_the_actor_and_calls_the_hook(self, actor):
        with calls_of_the_hook() as calls:
            row = services.calendar_year_enter(actor=actor, year=2027, source=" Thông báo số 1/TB-BNV ",
                                               published_on=D(2026, 11, 20), reason="Thông báo đã ban hành")
        assert row.source == "Thông báo số 1/TB-BNV"
        entry = row.history.get()
        assert entry.history_user == actor and entry.history_change_reason == "Thông báo đã ban hành"
        [call] = calls
        assert call["from_day"] == D(2027, 1, 1) and call["actor"] == actor and "2027" in call["reason"]

    def test_changing_a_year_recomputes_from_the_earlier_of_both(self, actor):
        row = services.calendar_year_enter(actor=actor, year=2028, source="Thử")
        with calls_of_the_hook() as calls:
            services.calendar_year_change(actor=actor, calendar_year=row, year=2027, source="Thử lại",
                                          reason="Nhầm năm")
        assert calls[0]["from_day"] == D(2027, 1, 1)
        assert row.history.first().history_change_reason == "Nhầm năm"

    def test_adding_changing_and_removing_a_day(self, actor):
        with calls_of_the_hook() as calls:
            day = services.holiday_add(actor=actor, date=D(2027, 1, 4), name="Nghỉ bù Tết Dương lịch",
                                       reason="Thông báo số 2")
            services.holiday_change(actor=actor, holiday=day, date=D(2027, 1, 5), kind=Holiday.Kind.DAY_OFF,
                                    name="Nghỉ bù Tết Dương lịch", reason="Sửa ngày")
            services.holiday_change(actor=actor, holiday=day, date=D(2027, 1, 2), kind=Holiday.Kind.WORKING_DAY,
                                    name="Làm bù", reason="Đổi thành ngày làm bù")
            pk = day.pk
            services.holiday_remove(actor=actor, holiday=day, reason="Hủy")
        assert [c["from_day"] for c in calls] == [D(2027, 1, 4), D(2027, 1, 4), D(2027, 1, 2), D(2027, 1, 2)]
        assert all(c["actor"] == actor and "2027" in c["reason"] for c in calls)
        history = list(Holiday.history.filter(id=pk).order_by("history_date", "history_id"))
        assert [h.history_type for h in history] == ["+", "~", "~", "-"]
        assert [h.history_change_reason for h in history] == ["Thông báo số 2", "Sửa ngày", "Đổi thành ngày làm bù",
                                                              "Hủy"]
        assert {h.history_user for h in history} == {actor}

    def test_a_refusal_of_a_handler_writes_nothing(self, actor):
        def refuse(**kwargs):
            raise ValidationError({"date": "refused"})

        calendar_changed.handlers.append(refuse)
        try:
            refused(lambda: services.holiday_add(actor=actor, date=D(2027, 1, 4), name="Thử"), "date", "refused")
        finally:
            calendar_changed.handlers.remove(refuse)


class TestValidation:
    def test_a_day_off_is_a_weekday(self, actor):
        refused(lambda: services.holiday_add(actor=actor, date=D(2027, 1, 2), name="Thử"), "date",
                "02/01/2027 is a Saturday or Sunday, already a day off")

    def test_a_substituted_working_day_is_a_saturday_or_sunday(self, actor):
        refused(lambda: services.holiday_add(actor=actor, date=D(2027, 1, 4), kind=Holiday.Kind.WORKING_DAY,
                                             name="Làm bù"), "date", "04/01/2027 is a weekday, already a working day")

    def test_a_change_is_checked_too(self, actor):
        day = Holiday.objects.get(date=WORKED_SATURDAY)
        refused(lambda: services.holiday_change(actor=actor, holiday=Holiday.objects.get(pk=day.pk),
                                                date=D(2025, 4, 25), kind=Holiday.Kind.WORKING_DAY, name=day.name),
                "date", "is a weekday")

    def test_a_day_is_entered_once(self, actor):
        refused(lambda: services.holiday_add(actor=actor, date=D(2025, 5, 2), name="Thử"), "date",
                "already in the calendar")

    def test_a_day_needs_a_date_a_name_and_a_kind(self, actor):
        refused(lambda: services.holiday_add(actor=actor, date=None, name="Thử"), "date", "Enter the date")
        refused(lambda: services.holiday_add(actor=actor, date=D(2027, 1, 4), name="  "), "name", "Enter the name")
        refused(lambda: services.holiday_add(actor=actor, date=D(2027, 1, 4), kind="bogus", name="Thử"), "kind",
                "not a valid choice")
        refused(lambda: services.holiday_add(actor=actor, date=D(1900, 1, 1), name="Thử"), "date", "03/02/1930")

    def test_a_year_needs_its_source_once_and_a_published_date_not_in_the_future(self, actor):
        refused(lambda: services.calendar_year_enter(actor=actor, year=2027, source=" "), "source",
                "Enter the announcement")
        refused(lambda: services.calendar_year_enter(actor=actor, year=2025, source="Thử"), "year",
                "already entered")
        refused(lambda: services.calendar_year_enter(actor=actor, year=2027, source="Thử",
                                                     published_on=datetime.date.today() + datetime.timedelta(days=1)),
                "published_on", "future")
        refused(lambda: services.calendar_year_enter(actor=actor, year=2020, source="Thử", published_on=D(2021, 1, 5)),
                "published_on", "not after it")


# ---- the administration -----------------------------------------------------------------------------------------

@pytest.fixture
def sysadmin(django_user_model):
    return django_user_model.objects.create_superuser("quantri", password="x", last_name="Lê Văn", first_name="An")


class TestAdministration:
    def test_adding_a_day_goes_through_the_service(self, client_for, sysadmin):
        with calls_of_the_hook() as calls:
            response = client_for(sysadmin).post(reverse("admin:core_holiday_add"), {
                "date": "2031-06-07", "kind": "worked", "name": "Làm bù thử", "note": ""})
        assert response.status_code == 302
        day = Holiday.objects.get(date=D(2031, 6, 7))
        entry = day.history.get()
        assert entry.history_user == sysadmin and entry.history_change_reason == "Thêm trong trang quản trị"
        assert [c["from_day"] for c in calls] == [D(2031, 6, 7)] and calls[0]["actor"] == sysadmin

    def test_a_change_and_a_delete_go_through_the_service(self, client_for, sysadmin, actor):
        day = services.holiday_add(actor=actor, date=D(2031, 6, 9), name="Thử")
        client = client_for(sysadmin)
        with calls_of_the_hook() as calls:
            response = client.post(reverse("admin:core_holiday_change", args=[day.pk]), {
                "date": "2031-06-10", "kind": "off", "name": "Thử", "note": "", "unconfirmed": "on"})
            assert response.status_code == 302
            response = client.post(reverse("admin:core_holiday_delete", args=[day.pk]), {"post": "yes"})
            assert response.status_code == 302
        assert not Holiday.objects.filter(pk=day.pk).exists()
        changed, deleted = Holiday.history.filter(id=day.pk).order_by("-history_date", "-history_id")[:2][::-1]
        assert changed.history_user == deleted.history_user == sysadmin
        assert changed.date == D(2031, 6, 10) and changed.unconfirmed and deleted.history_type == "-"
        assert [c["from_day"] for c in calls] == [D(2031, 6, 9), D(2031, 6, 10)]

    def test_the_bulk_delete_goes_through_the_service(self, client_for, sysadmin, actor):
        days = [services.holiday_add(actor=actor, date=D(2031, 6, d), name="Thử") for d in (9, 10)]
        with calls_of_the_hook() as calls:
            response = client_for(sysadmin).post(reverse("admin:core_holiday_changelist"), {
                "action": "delete_selected", "_selected_action": [d.pk for d in days], "post": "yes"})
        assert response.status_code == 302
        assert not Holiday.objects.filter(pk__in=[d.pk for d in days]).exists()
        assert len(calls) == 2 and Holiday.history.filter(history_type="-", history_user=sysadmin).count() == 2

    def test_entering_a_year_goes_through_the_service(self, client_for, sysadmin):
        with calls_of_the_hook() as calls:
            response = client_for(sysadmin).post(reverse("admin:core_calendaryear_add"), {
                "year": "2027", "source": "Thông báo số 3/TB-BNV", "published_on": "2026-11-20", "note": ""})
        assert response.status_code == 302
        row = CalendarYear.objects.get(year=2027)
        assert row.history.get().history_user == sysadmin and calls[0]["from_day"] == D(2027, 1, 1)
        assert holiday_calendar_end() == D(2027, 12, 31)

    def test_a_day_off_on_a_saturday_is_refused_on_the_field(self, client_for, sysadmin):
        with override("en"):
            response = client_for(sysadmin).post(reverse("admin:core_holiday_add"), {
                "date": "2031-06-07", "kind": "off", "name": "Thử", "note": ""}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "07/06/2031 là thứ Bảy hoặc Chủ nhật" in " ".join(response.context["adminform"].form.errors["date"])
        assert not Holiday.objects.filter(date=D(2031, 6, 7)).exists()

    def test_the_lists_open(self, client_for, sysadmin):
        client = client_for(sysadmin)
        for name in ("admin:core_holiday_changelist", "admin:core_calendaryear_changelist",
                     "admin:core_calendaryear_add", "admin:core_holiday_add"):
            assert client.get(reverse(name)).status_code == 200, name
        page = text(client.get(reverse("admin:core_holiday_changelist"), {"kind__exact": "worked"}))
        assert "26/04/2025" in page or "26 Tháng 4 2025" in page or "April 26, 2025" in page


# ---- the page ---------------------------------------------------------------------------------------------------

def year_block(page, year: int):
    [block] = page.xpath(f'//section[@id="year-{year}"]')
    return block


class TestPage:
    def test_a_member_reads_the_calendar(self, client_for, user_dangvien):
        response = client_for(user_dangvien).get(reverse("calendar"), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        page = doc(response)
        years = [int(y) for y in page.xpath('//section[contains(@class, "calendar-year")]/@data-year')]
        assert years == sorted(years, reverse=True) and {2017, 2025, 2026, 2027} <= set(years)
        assert "31/12/2026" in page.xpath('string(//*[@id="calendar-end"])')
        y2025 = year_block(page, 2025)
        assert y2025.get("data-covered") == "yes" and not y2025.xpath('.//*[contains(@class, "calendar-provisional")]')
        assert "Bộ luật Lao động 2019" in y2025.xpath('string(.//*[@class="calendar-source"])')
        assert y2025.xpath('.//ul[contains(@class, "calendar-worked")]/li/@data-date') == ["2025-04-26"]
        assert "2025-05-02" in y2025.xpath('.//ul[contains(@class, "calendar-days-off")]/li/@data-date')
        assert y2025.xpath('.//*[contains(@class, "calendar-entered")]')
        y2027 = year_block(page, 2027)
        assert y2027.get("data-covered") == "no"
        assert "tạm tính" in y2027.xpath('string(.//*[contains(@class, "calendar-provisional")])')
        assert "2027-02-04" in y2027.xpath('.//ul[contains(@class, "calendar-days-off")]/li/@data-date')

    def test_who_entered_and_who_last_updated_a_year(self, client_for, user_dangvien, actor):
        services.calendar_year_enter(actor=actor, year=2027, source="Thông báo số 9/TB-BNV")
        services.holiday_add(actor=user_dangvien, date=D(2027, 1, 4), name="Nghỉ bù")
        page = doc(client_for(user_dangvien).get(reverse("calendar"), HTTP_ACCEPT_LANGUAGE="en"))
        block = year_block(page, 2027)
        assert block.get("data-covered") == "yes"
        assert "Nguyễn Thị Thu" in block.xpath('string(.//*[@class="calendar-entered"])')
        assert display_name(user_dangvien) in block.xpath('string(.//*[@class="calendar-updated"])')
        assert "Thông báo số 9/TB-BNV" in block.xpath('string(.//*[@class="calendar-source"])')

    def test_a_year_after_a_gap_says_so(self, client_for, user_dangvien, actor):
        services.calendar_year_enter(actor=actor, year=2028, source="Thử")
        page = doc(client_for(user_dangvien).get(reverse("calendar"), HTTP_ACCEPT_LANGUAGE="en"))
        block = year_block(page, 2028)
        assert block.get("data-covered") == "no"
        assert "Còn năm trước năm này chưa nhập lịch nghỉ" in block.xpath(
            'string(.//*[contains(@class, "calendar-provisional")])')

    def test_anonymous_goes_to_the_login(self, client):
        response = client.get(reverse("calendar"))
        assert response.status_code == 302 and "/login" in response["Location"]

    def test_the_menu_shows_it_beside_the_rules(self, client_for, user_dangvien):
        page = doc(client_for(user_dangvien).get("/"))
        assert page.xpath('//a[@id="nav-calendar"]/@href') == [reverse("calendar")]

    def test_a_fixed_number_of_queries(self, client_for, user_dangvien, actor):
        from core.testing import count_queries

        client = client_for(user_dangvien)
        small, *_ = count_queries(client, reverse("calendar"))
        for n in range(5):
            year = 2031 + n  # within the years_ahead bound (core.validation.date_bounds)
            services.calendar_year_enter(actor=actor, year=year, source=f"Thử {n}")
            services.holiday_add(actor=actor, date=D(year, 1, 2 + next(
                d for d in range(7) if D(year, 1, 2 + d).weekday() < 5)), name="Thử", reason="Thử")
            services.holiday_add(actor=user_dangvien, date=D(year, 1, 1 + next(
                d for d in range(7) if D(year, 1, 1 + d).weekday() == 5)), kind=Holiday.Kind.WORKING_DAY,
                name="Làm bù")
        big, response, *_ = count_queries(client, reverse("calendar"))
        assert big == small
        assert len(doc(response).xpath('//section[contains(@class, "calendar-year")]')) >= 15
