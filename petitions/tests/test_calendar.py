"""Petitions on the working-day calendar (issue 13): a complaint's working-day deadline is provisional while the year
it falls in has no official schedule entered, and the stored deadline is recomputed, with history, whenever the
calendar changes through core.services (the hook core.hooks.calendar_changed, handled by petitions.calendar)."""

import pytest
from django.urls import reverse

from core import services as calendar
from core.dates import add_working_days
from core.hooks import calendar_changed
from core.models import CalendarYear, Holiday
from core.testing.pages import doc
from petitions import calendar as handler
from petitions.models import Kind

from .conftest import D

pytestmark = pytest.mark.django_db


@pytest.fixture
def days_of_2027_not_entered():
    """2027's days are not entered yet (its schedule never was: core/0004 enters 2017–2026)."""
    Holiday.objects.filter(date__year__gte=2027).delete()
    assert not CalendarYear.objects.filter(year__gte=2027).exists()


@pytest.fixture
def complaint(receive, classify, gc_a, days_of_2027_not_entered):
    """An open complaint accepted on 01/10/2026: 90 working days run into 2027."""
    petition = classify(receive(gc_a, received_on=D(2026, 10, 1)), kind=Kind.COMPLAINT, classified_on=D(2026, 10, 1))
    assert petition.due_on.year == 2027
    return petition


def provisional_on_the_page(client, petition) -> bool:
    page = doc(client.get(reverse("petitions:detail", args=[petition.pk]), HTTP_ACCEPT_LANGUAGE="en"))
    return bool(page.xpath('//*[@id="deadline-provisional"]'))


def provisional_in_the_register(client, petition) -> bool:
    rows = {tr.get("data-number"): tr.xpath('.//*[@data-provisional]')
            for tr in doc(client.get(reverse("petitions:register"))).xpath('//table[@id="petition-table"]/tbody/tr')}
    return bool(rows[petition.register_number])


def test_the_handler_is_registered():
    assert handler.calendar_changed in calendar_changed.handlers


def test_entering_the_year_recomputes_the_deadline_and_clears_the_provisional_mark(client_for, complaint, user_coso,
                                                                                    actor):
    client = client_for(user_coso)
    before = complaint.due_on
    assert provisional_on_the_page(client, complaint) and provisional_in_the_register(client, complaint)
    # 2027's days arrive as data without the service (a data migration, an import): nothing moves yet…
    Holiday.objects.create(date=D(2027, 1, 4), name="Nghỉ bù Tết Dương lịch")
    complaint.refresh_from_db()
    assert complaint.due_on == before
    history = complaint.history.count()
    # …until the year's schedule is entered: the deadline is recomputed and no longer provisional.
    calendar.calendar_year_enter(actor=actor, year=2027, source="Thông báo số 9/TB-BNV", reason="Đã ban hành")
    complaint.refresh_from_db()
    assert complaint.due_on == add_working_days(before, 1)
    assert not provisional_on_the_page(client, complaint) and not provisional_in_the_register(client, complaint)
    assert complaint.history.count() == history + 1
    entry = complaint.history.first()
    assert entry.history_user == actor
    assert "2027" in entry.history_change_reason and "Thông báo số 9/TB-BNV" in entry.history_change_reason
    # Entered again with nothing changed: no new history.
    calendar.calendar_year_change(actor=actor, calendar_year=CalendarYear.objects.get(year=2027), year=2027,
                                  source="Thông báo số 9/TB-BNV ngày 20/11/2026")
    assert complaint.history.count() == history + 1


def test_a_worked_saturday_before_the_deadline_brings_it_one_working_day_earlier(complaint, actor):
    before = complaint.due_on
    saturday = D(2027, 1, 9)
    assert saturday.weekday() == 5 and saturday < before
    calendar.holiday_add(actor=actor, date=saturday, kind=Holiday.Kind.WORKING_DAY, name="Làm bù")
    complaint.refresh_from_db()
    assert complaint.due_on == add_working_days(D(2026, 10, 1), 90) < before
    assert add_working_days(complaint.due_on, 1) == before
    assert "09/01/2027" in complaint.history.first().history_change_reason


def test_only_deadlines_running_past_the_change_are_touched(receive, classify, settle, gc_a, user_coso, actor,
                                                            complaint):
    earlier = classify(receive(gc_a, received_on=D(2026, 3, 2)), kind=Kind.COMPLAINT, classified_on=D(2026, 3, 2))
    settled = classify(receive(gc_a, received_on=D(2026, 10, 1)), kind=Kind.COMPLAINT, classified_on=D(2026, 10, 1))
    settle(settled, user_coso)
    counts = {p.pk: p.history.count() for p in (earlier, settled, complaint)}
    settled_due = settled.due_on
    with pytest.MonkeyPatch.context() as patch:
        seen = []
        from petitions import services

        original = services.deadlines_recompute

        def spy(**kwargs):
            seen.append(kwargs["from_day"])
            return original(**kwargs)

        patch.setattr(handler, "deadlines_recompute", spy)
        calendar.holiday_add(actor=actor, date=D(2027, 1, 4), name="Nghỉ bù")
    assert seen == [D(2027, 1, 4)]
    for petition in (earlier, settled, complaint):
        petition.refresh_from_db()
    assert earlier.history.count() == counts[earlier.pk] and settled.history.count() == counts[settled.pk]
    assert complaint.history.count() == counts[complaint.pk] + 1
    assert earlier.due_on < D(2027, 1, 4) and settled.due_on == settled_due < complaint.due_on


def test_the_register_flags_in_one_query_whatever_the_rows(client_for, receive, classify, gc_a, user_coso,
                                                         days_of_2027_not_entered):
    from core.testing import count_queries

    client = client_for(user_coso)
    classify(receive(gc_a, received_on=D(2026, 10, 1)), kind=Kind.COMPLAINT, classified_on=D(2026, 10, 1))
    small, response, *_ = count_queries(client, reverse("petitions:register"))
    for _ in range(4):
        classify(receive(gc_a, received_on=D(2026, 10, 2)), kind=Kind.COMPLAINT, classified_on=D(2026, 10, 2))
    big, response, *_ = count_queries(client, reverse("petitions:register"))
    assert big == small
    assert len(doc(response).xpath('//table[@id="petition-table"]/tbody/tr[.//*[@data-provisional]]')) == 5
