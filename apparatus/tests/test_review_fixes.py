"""Rules added after review: a seat is judged on its own date, designated terms have no congress, the manual
end-of-seat form leaves automatic endings to the member services, and unreadable filters never widen a list."""

import datetime

import pytest

from apparatus import services
from apparatus.forms import AUTOMATIC_END_REASONS, SeatEndForm
from apparatus.models import Position, Seat, Term
from apparatus.selectors import health_report

from .conftest import main_body

D = datetime.date
pytestmark = pytest.mark.django_db


def test_a_backdated_seat_needs_the_member_registered_there_on_that_day(actor, open_term, make_member, refused,
                                                                        cell_a1, cell_b1):
    from members.services import member_transfer

    term = open_term(cell_a1, congress_on=D(2024, 3, 1))
    newcomer = make_member(cell_b1)
    member_transfer(actor=actor, member=newcomer, kind="permanent", effective_on=D(2025, 6, 1),
                    reason="Chuyển công tác", to_organization=cell_a1)
    refused(lambda: services.seat_assign(actor=actor, body=main_body(term), member=newcomer,
                                         position=Position.SECRETARY, started_on=D(2024, 3, 1)),
            field="started_on", contains="was not yet a member")
    seat = services.seat_assign(actor=actor, body=main_body(term), member=newcomer, position=Position.SECRETARY,
                                started_on=D(2025, 6, 1))
    assert seat.pk and seat.started_on == D(2025, 6, 1)


def test_a_designated_term_has_no_congress_date(actor, refused, gc_a):
    term = services.term_open(actor=actor, organization=gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED,
                              started_on=D(2025, 3, 1), decision_number="12-QĐ/ĐUK")
    refused(lambda: services.term_correct(actor=actor, term=Term.objects.get(pk=term.pk), reason="Sửa",
                                          congress_on=D(2025, 2, 1)),
            field="congress_on", contains="designated term has no congress")


def test_the_manual_end_form_offers_only_decisions_of_the_committee():
    offered = {value for value, _label in SeatEndForm().fields["end_reason"].choices}
    assert offered == set(Seat.EndReason.values) - set(AUTOMATIC_END_REASONS)
    assert Seat.EndReason.RESIGNED in offered and Seat.EndReason.DECEASED not in offered


def test_an_unreadable_state_filter_lists_seats_in_office_only(client, user_khoi, actor, open_term, assign,
                                                              make_member, cell_a1):
    term = open_term(cell_a1, congress_on=D(2024, 3, 1))
    current = assign(main_body(term), make_member(cell_a1), Position.SECRETARY)
    ended = assign(main_body(term), make_member(cell_a1), Position.DEPUTY_SECRETARY)
    services.seat_end(actor=actor, seat=ended, ended_on=D(2025, 1, 1), end_reason=Seat.EndReason.RESIGNED)
    client.force_login(user_khoi)
    for query in ("", "?state=foo", "?state="):
        body = client.get("/apparatus/seats/" + query).content.decode()
        assert f"/apparatus/seats/{current.pk}/" in body and f"/apparatus/seats/{ended.pk}/" not in body, query
    assert f"/apparatus/seats/{ended.pk}/" in client.get("/apparatus/seats/?state=ended").content.decode()


def test_a_cell_past_due_is_overdue_and_told_how_long_approval_may_stretch(user_khoi, open_term, assign, make_member,
                                                                           cell_a1):
    term = open_term(cell_a1, congress_on=D(2024, 3, 1))  # due 01/09/2026; with approval until 01/03/2027
    assign(main_body(term), make_member(cell_a1), Position.SECRETARY)
    found = [p for p in health_report(user_khoi, today=D(2026, 11, 29))["problems"] if p.organization.pk == cell_a1.pk]
    assert [p.code for p in found] == ["congress_overdue"]
    assert "01/09/2026" in found[0].message and "01/03/2027" in found[0].message
