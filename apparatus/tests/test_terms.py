"""apparatus.services: terms (term_open, term_correct) and bodies (body_create, body_kinds_for)."""

import datetime

import pytest
from django.utils.translation import override

from apparatus import services
from apparatus.models import Body, Position, Seat, Term

from .conftest import D, last_history, main_body, reload

pytestmark = pytest.mark.django_db
TOMORROW = datetime.date.today() + datetime.timedelta(days=1)


# ---- opening a term ---------------------------------------------------------------------------------------------

class TestTermOpen:
    def test_first_term_of_a_grassroots_committee(self, actor, gc_a):
        with override("en"):
            term = services.term_open(actor=actor, organization=gc_a, label=" 2020–2025 ", congress_on=D(2020, 10, 1),
                                      decision_number="123-QĐ/ĐUK")
        term = reload(term)
        assert (term.organization, term.label, term.kind) == (gc_a, "2020–2025", Term.Kind.CONGRESS)
        assert term.congress_on == term.started_on == D(2020, 10, 1) and term.ended_on is None and term.is_current
        (body,) = term.bodies.all()
        assert (body.kind, body.organization, body.started_on, body.ended_on) == (
            Body.Kind.EXECUTIVE_COMMITTEE, gc_a, D(2020, 10, 1), None)
        assert body.decision_number == "123-QĐ/ĐUK" and body.is_main
        for row in (last_history(term), last_history(body)):
            assert row.history_user == actor
            assert row.history_change_reason == "Congress of 01/10/2020, term 2020–2025"

    @pytest.mark.parametrize("org, kind", [
        ("cell_a1", Body.Kind.CELL_COMMITTEE),
        ("gcell", Body.Kind.CELL_COMMITTEE),
        ("bloc", Body.Kind.EXECUTIVE_COMMITTEE),
        ("gc_b", Body.Kind.EXECUTIVE_COMMITTEE),
    ])
    def test_main_body_is_created_for_the_kind(self, tree, open_term, org, kind):
        term = open_term(getattr(tree, org))
        assert list(term.bodies.values_list("kind", flat=True)) == [kind]

    def test_main_body_can_be_left_out(self, open_term, gc_a):
        term = open_term(gc_a, create_main_body=False)
        assert not term.bodies.exists()

    def test_term_may_start_after_its_congress(self, open_term, cell_a1):
        term = open_term(cell_a1, congress_on=D(2024, 3, 1), started_on=D(2024, 3, 15))
        assert (term.congress_on, term.started_on, main_body(term).started_on) == (
            D(2024, 3, 1), D(2024, 3, 15), D(2024, 3, 15))

    def test_designated_term(self, actor, gc_a):
        with override("en"):
            term = services.term_open(actor=actor, organization=gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED,
                                      congress_on=D(2019, 1, 1), started_on=D(2019, 2, 1), decision_number="45-QĐ/ĐUK")
        term = reload(term)
        assert term.kind == Term.Kind.DESIGNATED and term.congress_on is None and term.started_on == D(2019, 2, 1)
        assert last_history(term).history_change_reason == "Designated by decision 45-QĐ/ĐUK"
        assert main_body(term).decision_number == "45-QĐ/ĐUK"

    def test_explicit_reason_is_recorded(self, open_term, cell_a1):
        term = open_term(cell_a1, reason="Nhập lại từ hồ sơ giấy")
        assert last_history(term).history_change_reason == "Nhập lại từ hồ sơ giấy"
        assert last_history(main_body(term)).history_change_reason == "Nhập lại từ hồ sơ giấy"

    def test_second_term_ends_the_first_with_bodies_and_seats(self, actor, open_term, assign, make_members, gc_a,
                                                             cell_a1):
        first = open_term(gc_a, congress_on=D(2020, 10, 1))
        executive = main_body(first)
        standing = services.body_create(actor=actor, term=first, kind=Body.Kind.STANDING_COMMITTEE)
        inspection = services.body_create(actor=actor, term=first, kind=Body.Kind.INSPECTION_COMMITTEE,
                                          started_on=D(2020, 11, 1))
        a, b, c = make_members(cell_a1, 3)
        secretary = assign(executive, a, Position.SECRETARY)
        member_seat = assign(executive, b, Position.COMMITTEE_MEMBER, started_on=D(2022, 1, 1))
        standing_seat = assign(standing, a, Position.SECRETARY)
        chair = assign(inspection, c, Position.INSPECTION_CHAIR)
        earlier = services.seat_end(actor=actor, seat=assign(inspection, b, Position.INSPECTION_MEMBER),
                                    ended_on=D(2023, 1, 1), end_reason=Seat.EndReason.RESIGNED)

        with override("en"):
            second = open_term(gc_a, label="2025–2030", congress_on=D(2025, 9, 20), started_on=D(2025, 9, 21))

        first = reload(first)
        assert first.ended_on == D(2025, 9, 21) and not first.is_current
        assert last_history(first).history_user == actor
        assert last_history(first).history_change_reason == "Congress of 20/09/2025, term 2025–2030"
        for body in (executive, standing, inspection):
            body = reload(body)
            assert body.ended_on == D(2025, 9, 21)
            assert last_history(body).history_change_reason == "Congress of 20/09/2025, term 2025–2030"
        for seat in (secretary, member_seat, standing_seat, chair):
            seat = reload(seat)
            assert (seat.ended_on, seat.end_reason) == (D(2025, 9, 21), Seat.EndReason.TERM_ENDED)
            assert last_history(seat).history_user == actor
        # A seat that had already ended keeps its own end.
        earlier = reload(earlier)
        assert (earlier.ended_on, earlier.end_reason) == (D(2023, 1, 1), Seat.EndReason.RESIGNED)
        assert Term.objects.get(organization=gc_a, ended_on__isnull=True) == second
        new_body = main_body(second)
        assert new_body.is_active and new_body.started_on == D(2025, 9, 21) and not new_body.seats.exists()
        # The people of the old committee can be elected again.
        assert assign(new_body, a, Position.SECRETARY).is_active

    def test_a_third_term_leaves_the_first_untouched(self, open_term, gc_a):
        first = open_term(gc_a, congress_on=D(2015, 9, 1))
        second = open_term(gc_a, congress_on=D(2020, 9, 1))
        open_term(gc_a, congress_on=D(2025, 9, 1))
        assert reload(first).ended_on == D(2020, 9, 1)
        assert reload(second).ended_on == D(2025, 9, 1)


class TestTermOpenRefusals:
    def test_refuses_future_congress(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, congress_on=TOMORROW), field="congress_on",
                contains="The date cannot be in the future.")

    def test_refuses_missing_congress_date(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, label="2020–2025", congress_on=None), field="congress_on",
                contains="Enter the date.")

    def test_refuses_future_start(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, congress_on=D(2025, 10, 1), started_on=TOMORROW), field="started_on",
                contains="The date cannot be in the future.")

    def test_refuses_future_start_of_designated_term(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED, congress_on=None,
                                  started_on=TOMORROW, decision_number="9-QĐ"),
                field="started_on", contains="The date cannot be in the future.")

    def test_refuses_start_before_the_congress(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, congress_on=D(2020, 10, 1), started_on=D(2020, 9, 30)),
                field="started_on", contains="The term cannot start before its congress.")

    def test_refuses_congress_before_the_organisation_existed(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, congress_on=D(2014, 12, 31), started_on=D(2015, 1, 2)), field="congress_on",
                contains="was only established on 01/01/2015")

    def test_refuses_designation_before_the_organisation_existed(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED, congress_on=None,
                                  started_on=D(2014, 12, 31), decision_number="1-QĐ"),
                field="started_on", contains="was only established on 01/01/2015")

    @pytest.mark.parametrize("start", [D(2020, 10, 1), D(2019, 1, 1)])
    def test_refuses_start_not_after_the_latest_term(self, open_term, refused, gc_a, start):
        open_term(gc_a, congress_on=D(2020, 10, 1))
        refused(lambda: open_term(gc_a, label="Khác", congress_on=start), field="started_on",
                contains="The term 2020–2025 began on 01/10/2020; a new term starts after it.")

    def test_refuses_start_before_an_ended_term(self, open_term, refused, gc_a):
        """The latest term counts even once it has ended (no term can be slipped in before it)."""
        open_term(gc_a, congress_on=D(2015, 10, 1))
        open_term(gc_a, congress_on=D(2020, 10, 1))
        refused(lambda: open_term(gc_a, label="Xen giữa", congress_on=D(2018, 1, 1)), field="started_on",
                contains="began on 01/10/2020")

    def test_refuses_inactive_organisation(self, actor, open_term, refused, make_org, gc_a):
        from organizations.services import organization_dissolve

        cell = make_org("cell", gc_a)
        organization_dissolve(actor=actor, organization=cell, effective_on=D(2024, 1, 1), decision_number="5-QĐ")
        cell.refresh_from_db()
        refused(lambda: open_term(cell, congress_on=D(2023, 1, 1)), contains="is no longer active")

    def test_refuses_a_kind_that_elects_no_committee(self, open_term, refused, make_org, cell_a1):
        group = make_org("party_group", cell_a1)
        refused(lambda: open_term(group), contains="does not hold congresses")

    @pytest.mark.parametrize("number", ["", "   "])
    def test_designated_term_needs_a_decision_number(self, open_term, refused, gc_a, number):
        refused(lambda: open_term(gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED, congress_on=None,
                                  started_on=D(2020, 1, 1), decision_number=number),
                field="decision_number", contains="Enter the number of the designation decision.")

    def test_refuses_empty_label(self, open_term, refused, gc_a):
        refused(lambda: open_term(gc_a, label=" "), field="label")

    def test_a_refused_second_term_leaves_the_first_open(self, open_term, assign, make_member, refused, cell_a1):
        first = open_term(cell_a1, congress_on=D(2024, 1, 10))
        seat = assign(main_body(first), make_member(cell_a1), Position.SECRETARY)
        refused(lambda: open_term(cell_a1, congress_on=D(2025, 10, 1), started_on=TOMORROW), field="started_on")
        assert reload(first).is_current and reload(seat).is_active and reload(main_body(first)).is_active


class TestTermCorrect:
    def test_corrects_label_congress_decision_and_note(self, actor, open_term, gc_a):
        term = open_term(gc_a, congress_on=D(2020, 10, 1), started_on=D(2020, 10, 3))
        services.term_correct(actor=actor, term=term, reason="Sai ngày đại hội", label="Nhiệm kỳ 2020–2025",
                              congress_on=D(2020, 10, 2), decision_number="7-QĐ", note="Đại hội lần thứ V")
        term = reload(term)
        assert (term.label, term.congress_on, term.started_on, term.decision_number, term.note) == (
            "Nhiệm kỳ 2020–2025", D(2020, 10, 2), D(2020, 10, 3), "7-QĐ", "Đại hội lần thứ V")
        row = last_history(term)
        assert row.history_user == actor and row.history_change_reason == "Sai ngày đại hội"
        assert row.prev_record.congress_on == D(2020, 10, 1)

    def test_refuses_congress_after_the_start(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a, congress_on=D(2020, 10, 1))
        refused(lambda: services.term_correct(actor=actor, term=term, reason="x", congress_on=D(2020, 10, 2)),
                field="congress_on", contains="The congress cannot come after the term started (01/10/2020).")

    def test_refuses_future_or_missing_congress(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a, congress_on=D(2020, 10, 1))
        refused(lambda: services.term_correct(actor=actor, term=reload(term), reason="x", congress_on=TOMORROW),
                field="congress_on", contains="in the future")
        refused(lambda: services.term_correct(actor=actor, term=reload(term), reason="x", congress_on=None),
                field="congress_on", contains="Enter the date.")

    def test_refuses_start_date_and_unknown_fields(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a)
        refused(lambda: services.term_correct(actor=actor, term=term, reason="x", started_on=D(2020, 9, 1)),
                contains="Unknown fields: started_on")

    def test_requires_a_reason(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a)
        refused(lambda: services.term_correct(actor=actor, term=term, reason=" ", label="2020–2026"), field="reason")

    def test_refuses_empty_label(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a)
        refused(lambda: services.term_correct(actor=actor, term=term, reason="x", label=""), field="label")

    def test_designated_term_keeps_its_decision_number(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED, congress_on=None,
                         started_on=D(2020, 1, 1), decision_number="45-QĐ/ĐUK")
        refused(lambda: services.term_correct(actor=actor, term=term, reason="x", decision_number=" "),
                field="decision_number")
        services.term_correct(actor=actor, term=reload(term), reason="Sửa số", decision_number="46-QĐ/ĐUK")
        assert reload(term).decision_number == "46-QĐ/ĐUK"


# ---- bodies ---------------------------------------------------------------------------------------------------

class TestBodyKinds:
    @pytest.mark.parametrize("kind_code, expected", [
        ("superior", (Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.STANDING_COMMITTEE, Body.Kind.INSPECTION_COMMITTEE)),
        ("grassroots_committee", (Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.STANDING_COMMITTEE,
                                  Body.Kind.INSPECTION_COMMITTEE)),
        ("grassroots_cell", (Body.Kind.CELL_COMMITTEE,)),
        ("sub_committee", (Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.STANDING_COMMITTEE)),
        ("cell", (Body.Kind.CELL_COMMITTEE,)),
        ("party_group", ()),
    ])
    def test_bodies_by_kind(self, kinds, kind_code, expected):
        from organizations.models import Organization

        assert services.body_kinds_for(Organization(kind=kinds[kind_code])) == expected

    def test_an_added_kind_follows_its_configuration(self, kinds):
        """Kinds are configuration: a new level that elects no committee has no bodies."""
        from organizations.models import Organization, OrganizationKind

        kind = OrganizationKind.objects.create(code="to_cong_tac", label="Tổ công tác", tier="below_grassroots",
                                               holds_members=False, elects_committee=False)
        assert services.body_kinds_for(Organization(kind=kind)) == ()


class TestBodyCreate:
    def test_creates_standing_and_inspection_committees(self, actor, open_term, gc_a):
        term = open_term(gc_a, congress_on=D(2020, 10, 1))
        with override("en"):
            standing = services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE)
            inspection = services.body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE,
                                              started_on=D(2020, 11, 5), decision_number=" 12-QĐ ")
        assert (standing.started_on, standing.organization, standing.is_main) == (D(2020, 10, 1), gc_a, False)
        assert (inspection.started_on, inspection.decision_number) == (D(2020, 11, 5), "12-QĐ")
        assert last_history(standing).history_user == actor
        assert last_history(standing).history_change_reason == "Standing committee of the term 2020–2025"
        assert set(term.bodies.values_list("kind", flat=True)) == {
            Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.STANDING_COMMITTEE, Body.Kind.INSPECTION_COMMITTEE}

    def test_main_body_later_when_left_out(self, actor, open_term, cell_a1):
        term = open_term(cell_a1, create_main_body=False)
        body = services.body_create(actor=actor, term=term, kind=Body.Kind.CELL_COMMITTEE, started_on=D(2021, 1, 1))
        assert body.started_on == D(2021, 1, 1) and body.is_main

    @pytest.mark.parametrize("org, kind", [
        ("cell_a1", Body.Kind.INSPECTION_COMMITTEE),
        ("cell_a1", Body.Kind.EXECUTIVE_COMMITTEE),
        ("cell_a1", Body.Kind.STANDING_COMMITTEE),
        ("gcell", Body.Kind.INSPECTION_COMMITTEE),
        ("gc_a", Body.Kind.CELL_COMMITTEE),
        ("bloc", Body.Kind.CELL_COMMITTEE),
    ])
    def test_refuses_a_body_the_organisation_does_not_have(self, actor, tree, open_term, refused, org, kind):
        term = open_term(getattr(tree, org), create_main_body=False)
        refused(lambda: services.body_create(actor=actor, term=term, kind=kind), field="kind", contains="has no")

    def test_refuses_an_unknown_kind(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a)
        refused(lambda: services.body_create(actor=actor, term=term, kind="ban_chap_hanh"), field="kind")

    def test_refuses_a_second_body_of_a_kind(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a)
        refused(lambda: services.body_create(actor=actor, term=term, kind=Body.Kind.EXECUTIVE_COMMITTEE),
                field="kind", contains="The term 2020–2025 already has its Executive committee.")
        services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE)
        refused(lambda: services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE),
                field="kind", contains="already has its Standing committee")

    def test_refuses_a_body_in_an_ended_term(self, actor, open_term, refused, gc_a):
        first = open_term(gc_a, congress_on=D(2015, 10, 1))
        open_term(gc_a, congress_on=D(2020, 10, 1))
        refused(lambda: services.body_create(actor=actor, term=reload(first), kind=Body.Kind.STANDING_COMMITTEE),
                contains="The term 2015–2020 has ended.")

    def test_refuses_start_before_the_term(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a, congress_on=D(2020, 10, 1))
        refused(lambda: services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE,
                                             started_on=D(2020, 9, 30)),
                field="started_on", contains="The term began on 01/10/2020.")

    def test_refuses_future_start(self, actor, open_term, refused, gc_a):
        term = open_term(gc_a)
        refused(lambda: services.body_create(actor=actor, term=term, kind=Body.Kind.STANDING_COMMITTEE,
                                             started_on=TOMORROW), field="started_on", contains="in the future")


def test_a_designated_term_has_no_congress_date(actor, refused, gc_a):
    term = services.term_open(actor=actor, organization=gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED,
                              started_on=D(2025, 3, 1), decision_number="12-QĐ/ĐUK")
    refused(lambda: services.term_correct(actor=actor, term=Term.objects.get(pk=term.pk), reason="Sửa",
                                          congress_on=D(2025, 2, 1)),
            field="congress_on", contains="designated term has no congress")


def test_a_term_before_the_party_was_founded_is_refused(actor, refused, gc_a):
    refused(lambda: services.term_open(actor=actor, organization=gc_a, label="1929–1930", congress_on=D(1929, 10, 1)),
            field="congress_on", contains="03/02/1930")
    refused(lambda: services.term_open(actor=actor, organization=gc_a, label="Lâm thời", kind=Term.Kind.DESIGNATED,
                                       started_on=D(1930, 2, 2), decision_number="1-QĐ"),
            field="started_on", contains="03/02/1930")
