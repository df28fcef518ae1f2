"""Restructuring with members (organizations.services through the hooks members registers): members follow a move,
merge, split, transfer out and return of their organisation, and a dissolution or split is refused while members
would be left behind — each refusal writing nothing (`db_snapshot` covers the organisation and member tables).
Messages are asserted in English.
"""

import datetime

import pytest

from members.choices import Status as MemberStatus
from members.choices import TransferKind
from members.models import Member, Membership
from organizations import services
from organizations.models import Organization, RestructuringEvent
from organizations.tests.test_services import TestTransferIn as _OrganizationTransferIn
from organizations.tests.test_services import events, last_history, refused, reload, version_on

pytestmark = pytest.mark.django_db
D = datetime.date
ESTABLISHED = D(2015, 1, 1)
Status = Organization.Status
Kind = RestructuringEvent.Kind


def open_periods(member):
    return list(member.memberships.filter(ended_on__isnull=True))


class TestMove:
    def test_move_changes_parent_from_the_date(self, actor, make_org, make_member, cell_a1, gc_a, gc_b):
        group = make_org("party_group", cell_a1, name="Tổ đảng Ngân sách 1")
        member = make_member(cell_a1)
        services.organization_move(actor=actor, organization=cell_a1, new_parent=gc_b,
                                   effective_on=D(2025, 4, 1), decision_number="130-QĐ/ĐUK",
                                   reason="Chuyển về Sở Y tế")
        reload(cell_a1, group, member)
        assert cell_a1.parent == gc_b
        assert version_on(cell_a1, D(2025, 3, 31)).parent == gc_a
        assert version_on(cell_a1, D(2025, 4, 1)).parent == gc_b
        assert set(gc_b.descendants()) >= {cell_a1, group}
        assert cell_a1 not in set(gc_a.descendants())
        assert member.organization == cell_a1  # members stay in their cell
        (event,) = events(Kind.MOVE)
        assert set(event.related.all()) == {gc_a, gc_b} and event.actor == actor
        row = last_history(cell_a1)
        assert row.parent_id == gc_b.pk and row.history_change_reason == "Chuyển về Sở Y tế"


class TestTransferOut:
    def test_subtree_and_members_leave(self, actor, tree, make_member):
        a1 = [make_member(tree.cell_a1), make_member(tree.cell_a1, status="probationary",
                                                     admitted_on=D(2025, 1, 10))]
        a2 = make_member(tree.cell_a2)
        stays = make_member(tree.cell_b1)
        on = D(2025, 7, 1)
        result = services.organization_transfer_out(
            actor=actor, organization=tree.gc_a, to_committee=" Đảng ủy  UBND tỉnh ", effective_on=on,
            decision_number="200-QĐ/TU", reason="Sắp xếp theo Kết luận 127")
        assert result.status == Status.TRANSFERRED_OUT
        for org in (tree.gc_a, tree.cell_a1, tree.cell_a2):
            org.refresh_from_db()
            assert (org.status, org.ended_on, org.external_superior) == (
                Status.TRANSFERRED_OUT, on, "Đảng ủy UBND tỉnh")
            assert version_on(org, on - datetime.timedelta(days=1)) is not None
            assert version_on(org, on) is None
            row = last_history(org)
            assert row.history_user == actor and row.history_change_reason == "Sắp xếp theo Kết luận 127"
        (event,) = events(Kind.TRANSFER_OUT)
        assert event.organization == tree.gc_a and event.external_party == "Đảng ủy UBND tỉnh"
        assert event.decision_number == "200-QĐ/TU" and event.actor == actor
        for member in a1 + [a2]:
            member.refresh_from_db()
            assert member.status == MemberStatus.TRANSFERRED_OUT and member.status_since == on
            assert open_periods(member) == []
            (period,) = member.memberships.all()
            assert period.ended_on == on and period.ended_by_event == event
            assert member.history.first().history_user == actor
        stays.refresh_from_db()
        assert stays.status == MemberStatus.FULL and len(open_periods(stays)) == 1
        assert Organization.objects.get(pk=tree.gc_b.pk).is_active
        assert Organization.objects.get(pk=tree.bloc.pk).is_active

    def test_members_away_and_guests(self, actor, tree, make_member):
        away = make_member(tree.cell_a1)  # of gc_a, temporarily in gc_b's cell
        guest = make_member(tree.cell_b1)  # of gc_b, temporarily in gc_a's cell
        from members.services import member_transfer

        member_transfer(actor=actor, member=away, kind=TransferKind.TEMPORARY, to_organization=tree.cell_b1,
                        effective_on=D(2025, 2, 1), reason="Học tập", until=D(2025, 2, 1) + datetime.timedelta(days=183))
        member_transfer(actor=actor, member=guest, kind=TransferKind.TEMPORARY, to_organization=tree.cell_a1,
                        effective_on=D(2025, 2, 1), reason="Biệt phái", until=D(2025, 2, 1) + datetime.timedelta(days=183))
        services.organization_transfer_out(actor=actor, organization=tree.gc_a, to_committee="Đảng ủy UBND tỉnh",
                                           effective_on=D(2025, 7, 1), decision_number="200")
        reload(away, guest)
        assert away.status == MemberStatus.TRANSFERRED_OUT and away.temporary_organization is None
        assert open_periods(away) == []
        assert guest.status == MemberStatus.FULL and guest.organization == tree.cell_b1
        assert guest.temporary_organization is None
        assert [(p.organization, p.kind) for p in open_periods(guest)] == [(tree.cell_b1, TransferKind.PERMANENT)]

    def test_guest_from_outside_leaves_too(self, actor, tree):
        from members.services import member_transfer_in

        guest = member_transfer_in(
            actor=actor, organization=tree.cell_a1, from_external="Đảng bộ Sở Nội vụ tỉnh Quảng Nam",
            kind=TransferKind.TEMPORARY, effective_on=D(2025, 2, 1), status=MemberStatus.FULL,
            admitted_on=D(2010, 5, 19), full_on=D(2011, 5, 19), full_name="Ngô Thị Mai", gender="female",
            date_of_birth=D(1988, 4, 4), citizen_id="049188000123", until=D(2025, 2, 1) + datetime.timedelta(days=183))
        services.organization_transfer_out(actor=actor, organization=tree.gc_a, to_committee="Đảng ủy UBND tỉnh",
                                           effective_on=D(2025, 7, 1), decision_number="200")
        guest.refresh_from_db()
        assert not (guest.is_active and guest.organization_id is None and guest.temporary_organization_id is None)

    def test_refuses_when_a_member_joined_after_the_date(self, actor, tree, make_member, db_snapshot):
        make_member(tree.cell_a1, joined_on=D(2025, 9, 1))
        refused(db_snapshot, lambda: services.organization_transfer_out(
            actor=actor, organization=tree.gc_a, to_committee="Tỉnh ủy", effective_on=D(2025, 7, 1),
            decision_number="1"), field="effective_on", contains="before the member joined")


class TestTransferIn:
    _out_and_back = _OrganizationTransferIn._out_and_back

    def test_returning_organisation_comes_back_with_subtree_and_members(self, actor, tree, make_member):
        full = make_member(tree.cell_a1)
        probationary = make_member(tree.cell_a2, status="probationary", admitted_on=D(2025, 1, 10))
        deceased = make_member(tree.cell_a1)
        from members.services import member_record_death

        member_record_death(actor=actor, member=deceased, died_on=D(2024, 8, 1))
        gone = services.organization_dissolve(actor=actor, organization=services.organization_create(
            actor=actor, kind=tree.cell_a1.kind, parent=tree.gc_a, code="CU", name="Chi bộ cũ",
            established_on=D(2016, 1, 1), decision_number="1"), effective_on=D(2020, 1, 1), decision_number="2")
        org = self._out_and_back(actor, tree)
        assert org.status == Status.ACTIVE and org.ended_on is None and org.parent == tree.bloc
        for node in (tree.gc_a, tree.cell_a1, tree.cell_a2):
            node.refresh_from_db()
            assert node.status == Status.ACTIVE and node.ended_on is None
            assert node.external_superior == "Đảng ủy UBND tỉnh"
            assert version_on(node, D(2025, 6, 30)) is not None
            assert version_on(node, D(2025, 10, 1)) is None  # away meanwhile
            assert version_on(node, D(2026, 1, 1)).valid_to is None
            assert last_history(node).history_change_reason == "Trả lại theo Quyết định 300"
        gone.refresh_from_db()
        assert gone.status == Status.DISSOLVED
        reload(full, probationary, deceased)
        assert full.status == MemberStatus.FULL and full.status_since == D(2026, 1, 1)
        assert probationary.status == MemberStatus.PROBATIONARY
        assert deceased.status == MemberStatus.DECEASED
        periods = list(full.memberships.order_by("started_on").values_list("organization", "started_on", "ended_on"))
        assert periods == [(tree.cell_a1.pk, D(2016, 3, 15), D(2025, 7, 1)), (tree.cell_a1.pk, D(2026, 1, 1), None)]
        (back,) = events(Kind.TRANSFER_IN)
        assert back.organization == tree.gc_a and back.decision_number == "300"
        assert full.memberships.get(ended_on__isnull=True).decision_number == "300"


class TestMerge:
    def test_members_and_children_move_to_the_survivor(self, actor, tree, make_org, make_member):
        group = make_org("party_group", tree.cell_a2, name="Tổ đảng Văn phòng")
        moved = [make_member(tree.cell_a2), make_member(tree.cell_a2, status="probationary",
                                                       admitted_on=D(2025, 2, 3))]
        kept = make_member(tree.cell_a1)
        ended = make_member(tree.cell_a2)
        guest = make_member(tree.cell_b1)
        from members.services import member_leave, member_transfer

        member_leave(actor=actor, member=ended, effective_on=D(2024, 1, 1), reason="Xin ra khỏi Đảng")
        member_transfer(actor=actor, member=guest, kind=TransferKind.TEMPORARY, to_organization=tree.cell_a2,
                        effective_on=D(2025, 3, 1), reason="Biệt phái", until=D(2025, 3, 1) + datetime.timedelta(days=183))
        on = D(2025, 9, 1)
        target = services.organization_merge(actor=actor, sources=[tree.cell_a2], target=tree.cell_a1,
                                             effective_on=on, decision_number="150-QĐ/ĐUSTC",
                                             reason="Sáp nhập chi bộ")
        assert target == tree.cell_a1
        reload(tree.cell_a2, group, kept, ended, guest, *moved)
        assert tree.cell_a2.status == Status.MERGED and tree.cell_a2.ended_on == on
        assert version_on(tree.cell_a2, on) is None and version_on(tree.cell_a2, on - datetime.timedelta(1))
        assert group.parent == tree.cell_a1
        assert version_on(group, on).parent == tree.cell_a1
        assert version_on(group, on - datetime.timedelta(1)).parent == tree.cell_a2
        (event,) = events(Kind.MERGE)
        assert event.organization == tree.cell_a1 and list(event.related.all()) == [tree.cell_a2]
        assert event.actor == actor and event.decision_number == "150-QĐ/ĐUSTC"
        for member in moved:
            assert member.organization == tree.cell_a1
            periods = list(member.memberships.order_by("started_on"))
            assert [(p.organization, p.ended_on) for p in periods] == [(tree.cell_a2, on), (tree.cell_a1, None)]
            assert periods[0].ended_by_event == event and periods[0].end_reason == "Sáp nhập chi bộ"
            assert periods[1].started_on == on and periods[1].decision_number == "150-QĐ/ĐUSTC"
            assert member.history.first().history_change_reason == "Sáp nhập chi bộ"
        assert moved[1].status == MemberStatus.PROBATIONARY
        assert kept.organization == tree.cell_a1 and kept.memberships.count() == 1
        assert ended.organization == tree.cell_a2 and ended.status == MemberStatus.LEFT
        assert guest.organization == tree.cell_b1 and guest.temporary_organization == tree.cell_a1
        temp = guest.memberships.filter(kind=TransferKind.TEMPORARY).order_by("started_on")
        assert [(p.organization, p.ended_on) for p in temp] == [(tree.cell_a2, on), (tree.cell_a1, None)]
        assert last_history(tree.cell_a2).history_user == actor
        assert last_history(tree.cell_a2).history_change_reason == "Sáp nhập chi bộ"

    def test_merge_committees_moves_cells(self, actor, tree, make_member):
        member = make_member(tree.cell_b1)
        services.organization_merge(actor=actor, sources=[tree.gc_b], target=tree.gc_a, effective_on=D(2025, 9, 1),
                                    decision_number="1")
        reload(tree.gc_b, tree.cell_b1, tree.cell_b2, member)
        assert tree.gc_b.status == Status.MERGED
        assert tree.cell_b1.parent == tree.gc_a and tree.cell_b2.parent == tree.gc_a
        assert tree.cell_b1.is_active and member.organization == tree.cell_b1
        assert set(tree.gc_a.descendants()) == {tree.cell_a1, tree.cell_a2, tree.cell_b1, tree.cell_b2}

    def test_several_sources(self, actor, tree, make_org, make_member):
        extra = make_org("cell", tree.gc_a, name="Chi bộ Thanh tra")
        members = [make_member(tree.cell_a2), make_member(extra)]
        services.organization_merge(actor=actor, sources=[tree.cell_a2, extra], target=tree.cell_a1,
                                    effective_on=D(2025, 9, 1), decision_number="1")
        assert Member.objects.filter(pk__in=[m.pk for m in members], organization=tree.cell_a1).count() == 2
        assert set(Organization.objects.filter(status=Status.MERGED)) == {tree.cell_a2, extra}

    def test_refuses_target_that_cannot_hold_members(self, actor, tree, make_member, db_snapshot):
        make_member(tree.gcell)
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[tree.gcell], target=tree.gc_a, effective_on=D(2025, 9, 1), decision_number="1"),
            field="target", contains="Chi bộ Ban Dân tộc has members, but a Đảng bộ cơ sở cannot hold members "
                                     "directly.")


class TestSplit:
    def test_split_cell_assigns_members_and_ends_the_source(self, actor, tree, make_member):
        m = [make_member(tree.cell_a1) for _ in range(4)]
        on = D(2025, 10, 1)
        parts = [
            {"code": "STC-NS1", "name": "Chi bộ Ngân sách 1", "members": [m[0].pk, m[1].pk]},
            {"code": "STC-NS2", "name": "Chi bộ Ngân sách 2", "members": [m[2].pk, m[3].pk],
             "host_agency": "Phòng Ngân sách"},
        ]
        created = services.organization_split(actor=actor, source=tree.cell_a1, parts=parts, effective_on=on,
                                              decision_number="160-QĐ/ĐUSTC", reason="Chia tách chi bộ")
        first, second = created
        assert [o.name for o in created] == ["Chi bộ Ngân sách 1", "Chi bộ Ngân sách 2"]
        assert first.parent == tree.gc_a and first.kind == tree.cell_a1.kind and first.established_on == on
        assert second.host_agency == "Phòng Ngân sách"
        tree.cell_a1.refresh_from_db()
        assert tree.cell_a1.status == Status.DISSOLVED and tree.cell_a1.ended_on == on
        assert version_on(tree.cell_a1, on) is None
        (event,) = events(Kind.SPLIT)
        assert event.organization == tree.cell_a1 and set(event.related.all()) == {first, second}
        for member, org in zip(m, (first, first, second, second), strict=True):
            member.refresh_from_db()
            assert member.organization == org
            periods = list(member.memberships.order_by("started_on"))
            assert [(p.organization, p.ended_on) for p in periods] == [(tree.cell_a1, on), (org, None)]
            assert periods[0].ended_by_event == event
        assert last_history(tree.cell_a1).history_change_reason == "Chia tách chi bộ"

    def test_split_committee_assigns_children(self, actor, tree, kinds, make_member):
        member = make_member(tree.cell_a2)
        on = D(2025, 10, 1)
        first, second = services.organization_split(
            actor=actor, source=tree.gc_a, effective_on=on, decision_number="1",
            parts=[{"code": "STC1", "name": "Đảng bộ Sở Tài chính", "children": [tree.cell_a1.pk]},
                   {"code": "SKH", "name": "Đảng bộ Sở Kế hoạch", "children": [tree.cell_a2.pk]}])
        reload(tree.cell_a1, tree.cell_a2, member)
        assert tree.cell_a1.parent == first and tree.cell_a2.parent == second
        assert version_on(tree.cell_a1, on).parent == first
        assert version_on(tree.cell_a1, on - datetime.timedelta(1)).parent == tree.gc_a
        assert member.organization == tree.cell_a2 and member.memberships.count() == 1

    def test_keep_source_with_partial_assignment(self, actor, tree, make_member):
        stay, go = make_member(tree.cell_a1), make_member(tree.cell_a1)
        (new,) = services.organization_split(
            actor=actor, source=tree.cell_a1, keep_source=True, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "NEW", "name": "Chi bộ Kho bạc", "members": [go.pk]}])
        reload(tree.cell_a1, stay, go)
        assert tree.cell_a1.is_active and version_on(tree.cell_a1, D(2026, 1, 1)) is not None
        assert stay.organization == tree.cell_a1 and go.organization == new

    def test_refuses_incomplete_assignment(self, actor, tree, make_member, db_snapshot):
        a, b, c = (make_member(tree.cell_a1) for _ in range(3))
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a1, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "N1", "name": "Chi bộ 1", "members": [a.pk]},
                   {"code": "N2", "name": "Chi bộ 2", "members": [b.pk]}]),
            field="parts", contains="Every member and sub-unit of Chi bộ Phòng Ngân sách must go to one of the "
                                    "new organisations, or keep the original.")

    def test_refuses_single_part_without_keep_source(self, actor, tree, make_member, db_snapshot):
        a = make_member(tree.cell_a1)
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a1, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "N1", "name": "Chi bộ 1", "members": [a.pk]}]),
            field="parts", contains="A split needs at least two resulting organisations")

    def test_refuses_foreign_or_duplicate_members_and_children(self, actor, tree, make_member, db_snapshot):
        a, b = make_member(tree.cell_a1), make_member(tree.cell_a1)
        other = make_member(tree.cell_b1)
        call = lambda parts: lambda: services.organization_split(  # noqa: E731
            actor=actor, source=tree.cell_a1, effective_on=D(2025, 10, 1), decision_number="1", parts=parts)
        refused(db_snapshot, call([{"code": "N1", "name": "1", "members": [a.pk, other.pk]},
                                   {"code": "N2", "name": "2", "members": [b.pk]}]),
                field="parts", contains="Part 1 lists members who are not active members of Chi bộ Phòng Ngân sách.")
        refused(db_snapshot, call([{"code": "N1", "name": "1", "members": [a.pk, b.pk]},
                                   {"code": "N2", "name": "2", "members": [b.pk]}]),
                field="parts", contains="Part 2 lists a member already given to another part.")
        refused(db_snapshot, call([{"code": "N1", "name": "1", "members": [a.pk], "children": [tree.cell_b1.pk]},
                                   {"code": "N2", "name": "2", "members": [b.pk]}]),
                field="parts", contains="Part 1 lists sub-units that are not free sub-units")

    def test_refusal_after_writes_rolls_everything_back(self, actor, tree, make_member, db_snapshot):
        """The second part's code is taken: the first part, the event and moved members are undone."""
        a, b = make_member(tree.cell_a1), make_member(tree.cell_a1)
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a1, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "N1", "name": "Chi bộ 1", "members": [a.pk]},
                   {"code": "SYT", "name": "Chi bộ 2", "members": [b.pk]}]), field="code")

    def test_refuses_inactive_date_and_decision(self, actor, tree, make_member, db_snapshot):
        a, b = make_member(tree.cell_a1), make_member(tree.cell_a1)
        parts = [{"code": "N1", "name": "1", "members": [a.pk]}, {"code": "N2", "name": "2", "members": [b.pk]}]
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a1, effective_on=D(2014, 1, 1), decision_number="1", parts=parts),
            field="effective_on")
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a1, effective_on=D(2025, 1, 1), decision_number="", parts=parts),
            field="decision_number")
        services.organization_dissolve(actor=actor, organization=tree.cell_a2, effective_on=D(2024, 1, 1),
                                       decision_number="9")
        tree.cell_a2.refresh_from_db()
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a2, effective_on=D(2025, 1, 1), decision_number="1",
            parts=[{"code": "N1", "name": "1"}, {"code": "N2", "name": "2"}]), contains="is no longer active")

    def test_refuses_members_into_a_kind_without_members(self, actor, tree, kinds, make_member, db_snapshot):
        a = make_member(tree.cell_a1)
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a1, keep_source=True, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "N1", "name": "Đảng bộ bộ phận 1", "kind": kinds["sub_committee"],
                    "members": [a.pk]}]), field="parts")

    def test_guests_do_not_stay_in_a_dissolved_source(self, actor, tree, make_member, db_snapshot):
        from members.services import member_transfer

        a, b = make_member(tree.cell_a1), make_member(tree.cell_a1)
        guest = make_member(tree.cell_b1)
        member_transfer(actor=actor, member=guest, kind=TransferKind.TEMPORARY, to_organization=tree.cell_a1,
                        effective_on=D(2025, 3, 1), reason="Biệt phái", until=D(2025, 3, 1) + datetime.timedelta(days=183))
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.cell_a1, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "N1", "name": "1", "members": [a.pk]}, {"code": "N2", "name": "2", "members": [b.pk]}]),
            field="parts", contains="on temporary transfer")


class TestDissolve:
    def test_ended_members_do_not_block(self, actor, tree, make_member):
        from members.services import member_record_death

        member = make_member(tree.cell_a2)
        member_record_death(actor=actor, member=member, died_on=D(2024, 5, 5))
        services.organization_dissolve(actor=actor, organization=tree.cell_a2, effective_on=D(2025, 1, 1),
                                       decision_number="1")
        assert Organization.objects.get(pk=tree.cell_a2.pk).status == Status.DISSOLVED

    def test_refused_while_members_remain(self, actor, tree, make_member, db_snapshot):
        make_member(tree.cell_a1)
        make_member(tree.cell_a1, status="probationary", admitted_on=D(2025, 1, 1))
        (message,) = refused(db_snapshot, lambda: services.organization_dissolve(
            actor=actor, organization=tree.cell_a1, effective_on=D(2025, 12, 31), decision_number="1"))
        assert message == ("Chi bộ Phòng Ngân sách still has 2 members, 0 temporarily attending members and 0 "
                           "active sub-units: transfer them first, or merge it into another organisation.")

    def test_refused_while_sub_units_or_guests_remain(self, actor, tree, make_member, db_snapshot):
        refused(db_snapshot, lambda: services.organization_dissolve(
            actor=actor, organization=tree.gc_a, effective_on=D(2025, 12, 31), decision_number="1"),
            contains="still has 0 members, 0 temporarily attending members and 2 active sub-units")
        from members.services import member_transfer

        guest = make_member(tree.cell_b1)
        member_transfer(actor=actor, member=guest, kind=TransferKind.TEMPORARY, to_organization=tree.cell_a2,
                        effective_on=D(2025, 3, 1), reason="Biệt phái", until=D(2025, 3, 1) + datetime.timedelta(days=183))
        refused(db_snapshot, lambda: services.organization_dissolve(
            actor=actor, organization=tree.cell_a2, effective_on=D(2025, 12, 31), decision_number="1"),
            contains="still has 0 members, 1 temporarily attending members and 0 active sub-units")


def test_memberships_stay_consistent(actor, tree, make_member):
    """After merge then split, every member has exactly one open permanent period matching organisation."""
    members = [make_member(tree.cell_a1), make_member(tree.cell_a2), make_member(tree.cell_a2)]
    services.organization_merge(actor=actor, sources=[tree.cell_a2], target=tree.cell_a1,
                                effective_on=D(2025, 1, 1), decision_number="1")
    services.organization_split(actor=actor, source=tree.cell_a1, effective_on=D(2025, 6, 1), decision_number="2",
                                parts=[{"code": "P1", "name": "Chi bộ 1", "members": [members[0].pk]},
                                       {"code": "P2", "name": "Chi bộ 2",
                                        "members": [members[1].pk, members[2].pk]}])
    for member, count in zip(members, (2, 3, 3), strict=True):  # cell_a1 -> P1; cell_a2 -> cell_a1 -> P2
        member.refresh_from_db()
        (period,) = Membership.objects.filter(member=member, ended_on__isnull=True, kind=TransferKind.PERMANENT)
        assert period.organization_id == member.organization_id
        assert member.memberships.count() == count


def test_merge_ends_a_temporary_transfer_into_the_member_s_own_new_cell(actor, tree, make_member):
    from members.services import member_transfer

    member = make_member(tree.cell_a2)
    member_transfer(actor=actor, member=member, kind=TransferKind.TEMPORARY, to_organization=tree.cell_a1,
                    effective_on=D(2025, 2, 1), until=D(2025, 10, 1), reason="Biệt phái")
    services.organization_merge(actor=actor, sources=[tree.cell_a2], target=tree.cell_a1,
                                effective_on=D(2025, 6, 1), decision_number="77-QĐ/ĐU")
    member.refresh_from_db()
    assert member.organization == tree.cell_a1
    assert member.temporary_organization is None and member.temporary_until is None
    assert not member.memberships.filter(ended_on__isnull=True, kind=TransferKind.TEMPORARY).exists()
