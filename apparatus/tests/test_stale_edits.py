"""No lost updates on the apparatus (core.versions): two people open the same form, the first saves, the second's
save is refused with what changed meanwhile and what they typed kept; saving again, having looked, goes through.
Terms (correct), seats (change, end); bodies and allowance tables have no edit page of their own."""

import pytest
from django.urls import reverse

from core.testing.pages import form_errors
from core.testing.stale import both_open, english, refused_stale

from .conftest import apparatus_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(client_for, user_khoi, user_admin):
    return english(client_for(user_khoi)), english(client_for(user_admin))


@pytest.fixture
def snapshot(db_snapshot):
    return lambda: (db_snapshot(), apparatus_snapshot())


def test_a_stale_term_correction_is_refused(editors, app, snapshot):
    first, second = editors
    term = app.terms["gc_b"]
    url = reverse("apparatus:term_correct", args=[term.pk])
    mine, theirs = both_open(first, second, url)
    response = first.post(url, {**mine, "decision_number": "88-QĐ/ĐUK", "reason": "Bổ sung quyết định"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, "note": "Ghi chú của người thứ hai", "reason": "Thêm ghi chú"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=["decision number", "88-QĐ/ĐUK"],
                          kept={"note": "Ghi chú của người thứ hai", "reason": "Thêm ghi chú"})
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    term.refresh_from_db()
    # the second save replaced the whole form on purpose: its decision number is what the form showed after the refusal
    assert term.note == "Ghi chú của người thứ hai"
    assert term.revision == 3


def test_a_stale_seat_change_is_refused(editors, app, snapshot):
    first, second = editors
    seat = app.seats["gc_b_member"]
    url = reverse("apparatus:seat_update", args=[seat.pk])
    mine, theirs = both_open(first, second, url)
    response = first.post(url, {**mine, "engagement": "full_time", "reason": "Bố trí chuyên trách"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, "allowance_category": "", "reason": "Thôi phụ cấp"}
    again = refused_stale(second, url, typed, snapshot=snapshot, shows=["engagement", "Full-time"],
                          kept={"allowance_category": "", "reason": "Thôi phụ cấp", "engagement": "concurrent"})
    again["engagement"] = "full_time"
    response = second.post(url, again)
    assert response.status_code == 302, form_errors(response)
    seat.refresh_from_db()
    assert (seat.engagement, seat.allowance_category_id) == ("full_time", None)


def test_ending_a_seat_changed_meanwhile_is_refused(editors, app, snapshot):
    first, second = editors
    seat = app.seats["gc_b_member"]
    update_url = reverse("apparatus:seat_update", args=[seat.pk])
    end_url = reverse("apparatus:seat_end", args=[seat.pk])
    theirs = both_open(second, second, end_url)[0]
    mine = both_open(first, first, update_url)[0]
    response = first.post(update_url, {**mine, "engagement": "full_time", "reason": "Bố trí chuyên trách"})
    assert response.status_code == 302, form_errors(response)
    typed = {**theirs, "end_reason": "resigned", "decision_number": "90-QĐ/ĐUK", "reason": "Xin thôi"}
    again = refused_stale(second, end_url, typed, snapshot=snapshot, shows=["engagement"],
                          kept={"end_reason": "resigned", "decision_number": "90-QĐ/ĐUK", "reason": "Xin thôi"})
    response = second.post(end_url, again)
    assert response.status_code == 302, form_errors(response)
    seat.refresh_from_db()
    assert (seat.ended_on is not None, seat.end_reason, seat.engagement) == (True, "resigned", "full_time")


def test_a_seat_ended_meanwhile_cannot_be_ended_again(editors, app, snapshot):
    first, second = editors
    seat = app.seats["gc_b_member"]
    url = reverse("apparatus:seat_end", args=[seat.pk])
    mine, theirs = both_open(first, second, url)
    response = first.post(url, {**mine, "end_reason": "resigned", "reason": "Xin thôi"})
    assert response.status_code == 302, form_errors(response)
    before = snapshot()
    response = second.post(url, {**theirs, "end_reason": "reassigned", "reason": "Điều động"})
    assert response.status_code == 200
    assert snapshot() == before
    seat.refresh_from_db()
    assert seat.end_reason == "resigned"
