"""Seats that end by themselves: through the member services (transfer, temporary transfer, end of membership)
and the restructuring services (move, merge, split, dissolve, transfer out), each with its history."""

from types import SimpleNamespace

import pytest
from django.utils.translation import override

from apparatus import services
from apparatus.models import Body, Position, Seat, Term
from members import services as members
from organizations import services as organizations

from .conftest import D, last_history, main_body, reload

pytestmark = pytest.mark.django_db
ON = D(2025, 3, 1)
R = Seat.EndReason


@pytest.fixture
def apparatus(actor, open_term, assign, make_member, tree):
    """`x` (cell_a1) is secretary of cell_a1, on gc_a's executive and standing committees and on the Bloc's
    executive committee; `y` (cell_a2) is on gc_a's executive committee; `z` (cell_b1) is secretary of gc_b."""
    bloc_exec = main_body(open_term(tree.bloc, congress_on=D(2020, 8, 1)))
    gc_a_term = open_term(tree.gc_a, congress_on=D(2020, 10, 1))
    gc_a_exec = main_body(gc_a_term)
    gc_a_standing = services.body_create(actor=actor, term=gc_a_term, kind=Body.Kind.STANDING_COMMITTEE)
    a1_committee = main_body(open_term(tree.cell_a1, congress_on=D(2024, 1, 10)))
    gc_b_exec = main_body(open_term(tree.gc_b, congress_on=D(2020, 10, 5)))
    x, y, z = make_member(tree.cell_a1), make_member(tree.cell_a2), make_member(tree.cell_b1)
    seats = SimpleNamespace(
        x_cell=assign(a1_committee, x, Position.SECRETARY),
        x_exec=assign(gc_a_exec, x, Position.SECRETARY),
        x_standing=assign(gc_a_standing, x, Position.SECRETARY),
        x_bloc=assign(bloc_exec, x, Position.COMMITTEE_MEMBER),
        y_exec=assign(gc_a_exec, y, Position.COMMITTEE_MEMBER),
        z_exec=assign(gc_b_exec, z, Position.SECRETARY),
    )
    return SimpleNamespace(x=x, y=y, z=z, seats=seats, a1_committee=a1_committee, gc_a_exec=gc_a_exec,
                           gc_b_exec=gc_b_exec, bloc_exec=bloc_exec)


def state(seat):
    seat = reload(seat)
    return seat.ended_on, seat.end_reason


def assert_ended(seat, on, reason, *, actor, why=None):
    seat = reload(seat)
    assert (seat.ended_on, seat.end_reason) == (on, reason), seat
    row = last_history(seat)
    assert row.history_user == actor
    if why is not None:
        assert row.history_change_reason == why


def assert_open(*seats):
    for seat in seats:
        assert reload(seat).is_active, seat


# ---- through the member services --------------------------------------------------------------------------------

class TestMemberChanges:
    def test_transfer_within_the_grassroots_committee(self, actor, apparatus, cell_a2):
        members.member_transfer(actor=actor, member=apparatus.x, kind="permanent", effective_on=ON,
                                reason="Điều động công tác", to_organization=cell_a2)
        s = apparatus.seats
        assert_ended(s.x_cell, ON, R.LEFT_ORGANIZATION, actor=actor, why="Điều động công tác")
        assert_open(s.x_exec, s.x_standing, s.x_bloc, s.y_exec, s.z_exec)

    def test_transfer_to_another_grassroots_committee(self, actor, apparatus, cell_b2):
        members.member_transfer(actor=actor, member=apparatus.x, kind="permanent", effective_on=ON,
                                reason="Chuyển sang Sở Y tế", to_organization=cell_b2)
        s = apparatus.seats
        for seat in (s.x_cell, s.x_exec, s.x_standing):
            assert_ended(seat, ON, R.LEFT_ORGANIZATION, actor=actor, why="Chuyển sang Sở Y tế")
        assert_open(s.x_bloc, s.y_exec, s.z_exec)

    def test_transfer_out_of_the_installation(self, actor, apparatus):
        members.member_transfer(actor=actor, member=apparatus.x, kind="permanent", effective_on=ON,
                                reason="Chuyển về Đảng bộ tỉnh Phú Thọ", to_external="Đảng bộ tỉnh Phú Thọ")
        s = apparatus.seats
        for seat in (s.x_cell, s.x_exec, s.x_standing, s.x_bloc):
            assert_ended(seat, ON, R.TRANSFERRED_OUT, actor=actor, why="Chuyển về Đảng bộ tỉnh Phú Thọ")
        assert_open(s.y_exec, s.z_exec)

    def test_temporary_transfer_keeps_every_seat(self, actor, apparatus, cell_b1):
        members.member_transfer(actor=actor, member=apparatus.x, kind="temporary", effective_on=ON, reason="Đi học",
                                to_organization=cell_b1, until=D(2025, 9, 1))
        members.member_temporary_end(actor=actor, member=reload(apparatus.x), effective_on=D(2025, 8, 1))
        s = apparatus.seats
        assert_open(s.x_cell, s.x_exec, s.x_standing, s.x_bloc)

    @pytest.mark.parametrize("status, decision, reason", [
        ("deceased", "", R.DECEASED),
        ("expelled", "12-QĐ/UBKTĐUK", R.EXPELLED),
        ("struck_off", "13-QĐ/ĐUK", R.STRUCK_OFF),
        ("left", "", R.LEFT_PARTY),
    ])
    def test_end_of_membership(self, actor, apparatus, status, decision, reason):
        with override("en"):
            members.member_end(actor=actor, member=apparatus.x, status=status, effective_on=D(2025, 4, 15),
                               reason="Theo hồ sơ", decision_number=decision)
        why = f"Theo hồ sơ (decision {decision})" if decision else "Theo hồ sơ"
        s = apparatus.seats
        for seat in (s.x_cell, s.x_exec, s.x_standing, s.x_bloc):
            assert_ended(seat, D(2025, 4, 15), reason, actor=actor, why=why)
        assert_open(s.y_exec, s.z_exec)

    def test_refused_end_of_membership_ends_no_seat(self, actor, apparatus, refused):
        refused(lambda: members.member_end(actor=actor, member=apparatus.x, status="expelled", effective_on=ON,
                                           reason="Vi phạm"), field="decision_number")
        assert_open(*vars(apparatus.seats).values())

    def test_ended_seats_stay_ended(self, actor, apparatus, cell_a2):
        """An earlier end is not overwritten by a later automatic one."""
        services.seat_end(actor=actor, seat=apparatus.seats.x_cell, ended_on=D(2024, 6, 1),
                          end_reason=R.RESIGNED)
        members.member_transfer(actor=actor, member=apparatus.x, kind="permanent", effective_on=ON, reason="x",
                                to_organization=cell_a2)
        assert state(apparatus.seats.x_cell) == (D(2024, 6, 1), R.RESIGNED)


# ---- through restructuring ---------------------------------------------------------------------------------------

class TestRestructuring:
    def test_move_a_cell_to_another_grassroots_committee(self, actor, apparatus, cell_a1, gc_b):
        organizations.organization_move(actor=actor, organization=cell_a1, new_parent=gc_b, effective_on=ON,
                                        decision_number="50-QĐ/ĐUK", reason="Sắp xếp lại")
        s = apparatus.seats
        for seat in (s.x_exec, s.x_standing):
            assert_ended(seat, ON, R.LEFT_ORGANIZATION, actor=actor, why="Sắp xếp lại")
        # Its own committee, the Bloc's, and the seats of other cells' members stay.
        assert_open(s.x_cell, s.x_bloc, s.y_exec, s.z_exec)
        assert reload(apparatus.a1_committee).is_active

    def test_dissolve_ends_bodies_and_term(self, actor, open_term, make_org, gc_a):
        cell = make_org("cell", gc_a)
        term = open_term(cell, congress_on=D(2023, 5, 1))
        body = main_body(term)
        with override("en"):
            organizations.organization_dissolve(actor=actor, organization=cell, effective_on=ON,
                                                decision_number="60-QĐ/ĐUK")
        body, term = reload(body), reload(term)
        assert body.ended_on == ON and term.ended_on == ON
        assert last_history(body).history_user == actor
        assert last_history(term).history_change_reason == "Dissolved by decision 60-QĐ/ĐUK"

    def test_merge_cells(self, actor, apparatus, cell_a1, cell_a2):
        organizations.organization_merge(actor=actor, sources=[cell_a1], target=cell_a2, effective_on=ON,
                                         decision_number="61-QĐ/ĐUK", reason="Hợp nhất chi bộ")
        s = apparatus.seats
        assert_ended(s.x_cell, ON, R.ORGANIZATION_ENDED, actor=actor, why="Hợp nhất chi bộ")
        assert reload(apparatus.a1_committee).ended_on == ON
        assert Term.objects.get(organization=cell_a1).ended_on == ON
        # x now belongs to cell_a2, still under gc_a and the Bloc.
        assert_open(s.x_exec, s.x_standing, s.x_bloc, s.y_exec)

    def test_merge_a_cell_into_another_grassroots_committee(self, actor, apparatus, cell_a1, cell_b1):
        organizations.organization_merge(actor=actor, sources=[cell_a1], target=cell_b1, effective_on=ON,
                                         decision_number="62-QĐ/ĐUK", reason="Hợp nhất")
        s = apparatus.seats
        assert_ended(s.x_cell, ON, R.ORGANIZATION_ENDED, actor=actor)
        assert_ended(s.x_exec, ON, R.LEFT_ORGANIZATION, actor=actor)
        assert_ended(s.x_standing, ON, R.LEFT_ORGANIZATION, actor=actor)
        assert_open(s.x_bloc, s.y_exec, s.z_exec)

    def test_merge_grassroots_committees(self, actor, apparatus, gc_a, gc_b, cell_b1):
        organizations.organization_merge(actor=actor, sources=[gc_b], target=gc_a, effective_on=ON,
                                         decision_number="63-QĐ/ĐUK", reason="Hợp nhất đảng bộ")
        s = apparatus.seats
        assert_ended(s.z_exec, ON, R.ORGANIZATION_ENDED, actor=actor, why="Hợp nhất đảng bộ")
        assert reload(apparatus.gc_b_exec).ended_on == ON
        assert Term.objects.get(organization=gc_b).ended_on == ON
        assert_open(s.x_cell, s.x_exec, s.x_standing, s.x_bloc, s.y_exec)

    def test_split_a_cell(self, actor, apparatus, make_member, cell_a1, gc_a):
        other = make_member(cell_a1)
        new = organizations.organization_split(
            actor=actor, source=cell_a1, effective_on=ON, decision_number="64-QĐ/ĐUK", reason="Chia tách",
            parts=[{"code": "STC-NS1", "name": "Chi bộ Ngân sách 1", "members": [apparatus.x.pk]},
                   {"code": "STC-NS2", "name": "Chi bộ Ngân sách 2", "members": [other.pk]}])
        s = apparatus.seats
        assert_ended(s.x_cell, ON, R.ORGANIZATION_ENDED, actor=actor, why="Chia tách")
        assert reload(apparatus.a1_committee).ended_on == ON
        assert_open(s.x_exec, s.x_standing, s.x_bloc)
        assert all(part.parent == gc_a and not part.terms.exists() for part in new)

    def test_transfer_out_a_grassroots_committee(self, actor, apparatus, gc_a):
        organizations.organization_transfer_out(actor=actor, organization=gc_a, to_committee="Đảng bộ Khối Nhà nước",
                                                effective_on=ON, decision_number="65-QĐ/TU", reason="Chuyển giao")
        s = apparatus.seats
        for seat in (s.x_cell, s.x_exec, s.x_standing, s.y_exec):
            assert_ended(seat, ON, R.ORGANIZATION_ENDED, actor=actor, why="Chuyển giao")
        assert_ended(s.x_bloc, ON, R.TRANSFERRED_OUT, actor=actor, why="Chuyển giao")
        assert not Term.objects.filter(organization__in=[gc_a, *gc_a.children.all()], ended_on__isnull=True).exists()
        assert not Body.objects.filter(organization__in=[gc_a, *gc_a.children.all()], ended_on__isnull=True).exists()
        assert_open(s.z_exec)
        assert reload(apparatus.bloc_exec).is_active

    def test_a_body_never_ends_before_it_began(self, actor, open_term, make_org, gc_a):
        """Entered late: a decision effective before the term was recorded ends it on its own first day."""
        cell = make_org("cell", gc_a)
        term = open_term(cell, congress_on=D(2025, 6, 1))
        organizations.organization_dissolve(actor=actor, organization=cell, effective_on=ON,
                                            decision_number="66-QĐ/ĐUK")
        assert reload(term).ended_on == D(2025, 6, 1) and reload(main_body(term)).ended_on == D(2025, 6, 1)
