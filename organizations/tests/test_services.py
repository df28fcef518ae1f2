"""organizations.services: every write to the tree, against the real database.

Each refusal is checked for its field and message AND for having written nothing
(`db_snapshot` compares the organisation / version / event / member tables and the history).
Messages are asserted in English (`override("en")` around the call).
"""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from core.testing.pages import assert_refused
from organizations import services
from organizations.models import Organization, OrganizationVersion, RestructuringEvent

pytestmark = pytest.mark.django_db
D = datetime.date
ESTABLISHED = D(2015, 1, 1)
Status = Organization.Status
Kind = RestructuringEvent.Kind


# ---- helpers ---------------------------------------------------------------------------------------

def refused(db_snapshot, call, *, field=None, contains=None):
    """Run `call` in English; assert a ValidationError (on `field`, or a non-field one) and no write."""
    return assert_refused(call, snapshot=db_snapshot, field=field, contains=contains)


def version_on(organization, day):
    """The organisation's version covering `day` (None if none)."""
    matches = [v for v in OrganizationVersion.objects.filter(organization=organization) if v.covers(day)]
    assert len(matches) <= 1, "overlapping versions"
    return matches[0] if matches else None


def last_history(organization):
    return organization.history.order_by("-history_date", "-history_id").first()


def events(kind=None):
    qs = RestructuringEvent.objects.all()
    return list(qs.filter(kind=kind) if kind else qs)


def reload(*objects):
    for obj in objects:
        obj.refresh_from_db()



class TestCreate:
    def test_create_writes_version_event_and_audit_row(self, actor, kinds, bloc):
        org = services.organization_create(
            actor=actor, kind=kinds["grassroots_cell"], parent=bloc, code="  STP ",
            name=unicodedata.normalize("NFD", " Chi bộ  Sở Tư pháp"), established_on=D(2018, 5, 19),
            decision_number=" 45-QĐ/ĐUK ",
            reason="Thành lập theo đề án", host_agency="Sở Tư pháp",
        )
        org = Organization.objects.get(pk=org.pk)
        assert org.code == "STP" and org.name == "Chi bộ Sở Tư pháp"
        assert org.name_search == "stp chi bo so tu phap"
        assert org.parent == bloc and org.status == Status.ACTIVE and org.decision_number == "45-QĐ/ĐUK"
        (version,) = org.versions.all()
        assert (version.name, version.parent, version.kind.code, version.valid_from, version.valid_to) == (
            "Chi bộ Sở Tư pháp", bloc, "grassroots_cell", D(2018, 5, 19), None)
        (event,) = RestructuringEvent.objects.filter(organization=org)
        assert event.kind == Kind.CREATE and event.effective_on == D(2018, 5, 19)
        assert event.decision_number == "45-QĐ/ĐUK" and event.actor == actor
        assert event.reason == "Thành lập theo đề án"
        row = last_history(org)
        assert row.history_type == "+" and row.history_user == actor
        assert row.history_change_reason == "Thành lập theo đề án"

    def test_tree_fixture_is_what_it_says(self, tree):
        assert [o.kind.code for o in tree.all] == [
            "superior", "grassroots_committee", "cell", "cell", "grassroots_committee", "cell", "cell",
            "grassroots_cell"]
        assert set(Organization.objects.descendants(tree.gc_a)) == {tree.cell_a1, tree.cell_a2}
        assert tree.bloc.parent is None and tree.gcell.parent == tree.bloc

    @pytest.mark.parametrize("kind, parent, field, contains", [
        ("cell", "bloc", "parent", "A Chi bộ trực thuộc cannot sit under a Đảng bộ cấp trên cơ sở "
                                   "(allowed: Đảng bộ cơ sở, Đảng bộ bộ phận)."),
        ("party_group", "gc_a", "parent", "A Tổ đảng cannot sit under a Đảng bộ cơ sở"),
        ("sub_committee", "gcell", "parent", "A Đảng bộ bộ phận cannot sit under a Chi bộ cơ sở"),
        ("grassroots_committee", "gc_a", "parent", "cannot sit under a Đảng bộ cơ sở (allowed: Đảng bộ cấp trên"),
        ("grassroots_cell", None, "parent", "A Chi bộ cơ sở must sit under a parent organisation."),
        ("cell", "cell_a1", "parent", "cannot sit under a Chi bộ trực thuộc"),
    ])
    def test_kind_refuses_wrong_parent(self, actor, kinds, tree, db_snapshot, kind, parent, field, contains):
        parent = getattr(tree, parent) if parent else None
        refused(db_snapshot, lambda: services.organization_create(
            actor=actor, kind=kinds[kind], parent=parent, code="MOI", name="Tổ chức mới",
            established_on=D(2020, 1, 1), decision_number="1-QĐ"), field=field, contains=contains)

    @pytest.mark.parametrize("kind, parent", [
        ("party_group", "cell_a1"), ("party_group", "gcell"), ("sub_committee", "gc_a"),
        ("superior", "bloc"), ("superior", None), ("cell", "gc_b"),
    ])
    def test_allowed_parents(self, actor, kinds, tree, kind, parent):
        parent = getattr(tree, parent) if parent else None
        org = services.organization_create(actor=actor, kind=kinds[kind], parent=parent, code="MOI",
                                           name="Tổ chức mới", established_on=D(2020, 1, 1), decision_number="1")
        assert org.parent == parent

    def test_cell_under_sub_committee(self, actor, kinds, make_org, gc_a):
        sub = make_org("sub_committee", gc_a, name="Đảng bộ bộ phận Thanh tra")
        cell = make_org("cell", sub, name="Chi bộ Thanh tra 1")
        assert cell.parent == sub and set(gc_a.descendants()) >= {sub, cell}

    def test_refuses_inactive_parent(self, actor, kinds, cell_a2, db_snapshot, gc_a):
        services.organization_dissolve(actor=actor, organization=cell_a2, effective_on=D(2024, 1, 1),
                                       decision_number="9-QĐ")
        refused(db_snapshot, lambda: services.organization_create(
            actor=actor, kind=kinds["party_group"], parent=cell_a2, code="TD1", name="Tổ đảng 1",
            established_on=D(2024, 2, 1), decision_number="1"),
            field="parent", contains="Chi bộ Văn phòng Sở Tài chính is no longer active.")

    @pytest.mark.parametrize("decision", ["", "   ", None])
    def test_requires_decision_number(self, actor, kinds, bloc, db_snapshot, decision):
        refused(db_snapshot, lambda: services.organization_create(
            actor=actor, kind=kinds["grassroots_cell"], parent=bloc, code="X", name="Chi bộ X",
            established_on=D(2020, 1, 1), decision_number=decision),
            field="decision_number", contains="Enter the number of the decision.")

    def test_requires_established_on(self, actor, kinds, bloc, db_snapshot):
        refused(db_snapshot, lambda: services.organization_create(
            actor=actor, kind=kinds["grassroots_cell"], parent=bloc, code="X", name="Chi bộ X",
            established_on=None, decision_number="1"), field="established_on")

    def test_refuses_duplicate_code(self, actor, kinds, bloc, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_create(
            actor=actor, kind=kinds["grassroots_cell"], parent=bloc, code=" STC ", name="Chi bộ khác",
            established_on=D(2020, 1, 1), decision_number="1"), field="code")

    def test_refuses_blank_name(self, actor, kinds, bloc, db_snapshot):
        refused(db_snapshot, lambda: services.organization_create(
            actor=actor, kind=kinds["grassroots_cell"], parent=bloc, code="X", name="",
            established_on=D(2020, 1, 1), decision_number="1"), field="name")


class TestUpdate:
    def test_update_descriptive_fields(self, actor, gcell):
        services.organization_update(actor=actor, organization=gcell, reason="Sửa tên cơ quan",
                                     host_agency="Ban Dân tộc tỉnh")
        gcell.refresh_from_db()
        assert gcell.host_agency == "Ban Dân tộc tỉnh"
        row = last_history(gcell)
        assert row.history_user == actor and row.history_change_reason == "Sửa tên cơ quan"

    def test_name_and_parent_only_by_decision(self, actor, gcell, bloc, db_snapshot):
        messages = refused(db_snapshot, lambda: services.organization_update(
            actor=actor, organization=gcell, reason="x", name="Tên khác"))
        assert "These fields change only through a restructuring decision: name" in messages[0]
        refused(db_snapshot, lambda: services.organization_update(
            actor=actor, organization=gcell, reason="x", parent=bloc))

    def test_reason_required(self, actor, gcell, db_snapshot):
        refused(db_snapshot, lambda: services.organization_update(
            actor=actor, organization=gcell, reason="  ", host_agency="x"), field="reason")

    def test_code_correction_updates_the_search_key(self, actor, gcell):
        services.organization_update(actor=actor, organization=gcell, reason="Đổi mã", code=" BDT-2 ")
        row = Organization.objects.get(pk=gcell.pk)
        assert row.code == "BDT-2" and row.name_search == "bdt-2 chi bo ban dan toc"

    def test_refuses_taken_code(self, actor, gcell, db_snapshot):
        refused(db_snapshot, lambda: services.organization_update(
            actor=actor, organization=gcell, reason="Đổi mã", code="STC"), field="code")

    def test_established_on_is_not_a_correction(self, actor, gcell, db_snapshot):
        # The founding date anchors the dated history; it changes only with its decision, never as an edit.
        refused(db_snapshot, lambda: services.organization_update(
            actor=actor, organization=gcell, reason="Sửa ngày thành lập", established_on=D(2014, 6, 1)))


class TestRename:
    def test_rename_is_dated(self, actor, gc_a):
        services.organization_rename(actor=actor, organization=gc_a, new_name="Đảng bộ Sở Tài chính – Kế hoạch",
                                     effective_on=D(2025, 3, 1), decision_number="125-QĐ/ĐUK",
                                     reason="Hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính")
        gc_a.refresh_from_db()
        assert gc_a.name == "Đảng bộ Sở Tài chính – Kế hoạch"
        assert version_on(gc_a, D(2025, 2, 28)).name == "Đảng bộ Sở Tài chính"
        assert version_on(gc_a, D(2025, 2, 28)).valid_to == D(2025, 3, 1)
        assert version_on(gc_a, D(2025, 3, 1)).name == "Đảng bộ Sở Tài chính – Kế hoạch"
        assert version_on(gc_a, D(2099, 1, 1)).name == "Đảng bộ Sở Tài chính – Kế hoạch"
        assert version_on(gc_a, D(2014, 12, 31)) is None
        (event,) = events(Kind.RENAME)
        assert event.organization == gc_a and event.effective_on == D(2025, 3, 1) and event.actor == actor
        assert "Đảng bộ Sở Tài chính" in event.summary and "Kế hoạch" in event.summary
        row = last_history(gc_a)
        assert row.history_user == actor
        assert row.history_change_reason == "Hợp nhất Sở Kế hoạch và Đầu tư vào Sở Tài chính"
        assert row.name == "Đảng bộ Sở Tài chính – Kế hoạch"

    def test_default_reason_names_the_decision(self, actor, gc_a):
        with override("en"):
            services.organization_rename(actor=actor, organization=gc_a, new_name="Đảng bộ Sở Tài chính tỉnh",
                                         effective_on=D(2025, 3, 1), decision_number="125-QĐ/ĐUK")
        assert last_history(gc_a).history_change_reason == "Renamed by decision 125-QĐ/ĐUK"

    def test_two_renames_same_day_leave_no_empty_interval(self, actor, gc_a):
        for name in ("Tên tạm", "Đảng bộ Sở Tài chính tỉnh"):
            services.organization_rename(actor=actor, organization=gc_a, new_name=name,
                                         effective_on=D(2025, 3, 1), decision_number="1")
        versions = list(gc_a.versions.order_by("valid_from").values_list("name", "valid_from", "valid_to"))
        assert versions == [("Đảng bộ Sở Tài chính", ESTABLISHED, D(2025, 3, 1)),
                            ("Đảng bộ Sở Tài chính tỉnh", D(2025, 3, 1), None)]

    def test_refuses_same_name(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_rename(
            actor=actor, organization=gc_a, new_name=" Đảng bộ  Sở Tài chính ", effective_on=D(2025, 1, 1),
            decision_number="1"), field="new_name", contains="The new name is the same as the current one.")

    def test_refuses_blank_name(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_rename(
            actor=actor, organization=gc_a, new_name="  ", effective_on=D(2025, 1, 1), decision_number="1"),
            field="new_name")

    def test_refuses_date_before_establishment(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_rename(
            actor=actor, organization=gc_a, new_name="Tên mới", effective_on=D(2014, 12, 31),
            decision_number="1"), field="effective_on",
            contains="Đảng bộ Sở Tài chính was only established on 01/01/2015.")

    def test_refuses_changes_out_of_date_order(self, actor, gc_a, db_snapshot):
        services.organization_rename(actor=actor, organization=gc_a, new_name="Tên mới",
                                     effective_on=D(2025, 3, 1), decision_number="1")
        refused(db_snapshot, lambda: services.organization_rename(
            actor=actor, organization=gc_a, new_name="Tên khác", effective_on=D(2025, 2, 1),
            decision_number="2"), field="effective_on", contains="already has a change dated 01/03/2025")

    def test_refuses_inactive(self, actor, cell_a2, db_snapshot):
        services.organization_dissolve(actor=actor, organization=cell_a2, effective_on=D(2024, 1, 1),
                                       decision_number="9")
        refused(db_snapshot, lambda: services.organization_rename(
            actor=actor, organization=cell_a2, new_name="Tên mới", effective_on=D(2025, 1, 1),
            decision_number="1"), contains="is no longer active")

    def test_refuses_missing_date(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_rename(
            actor=actor, organization=gc_a, new_name="Tên mới", effective_on=None, decision_number="1"),
            field="effective_on")


class TestMove:
    def test_refuses_moving_under_itself(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_move(
            actor=actor, organization=gc_a, new_parent=gc_a, effective_on=D(2025, 1, 1), decision_number="1"),
            field="new_parent", contains="cannot move under itself or its own sub-units")

    def test_refuses_cycle(self, actor, make_org, kinds, gc_a, cell_a1, db_snapshot):
        # Even with a kind that would otherwise be allowed there: a sub-committee inside gc_a.
        sub = make_org("sub_committee", gc_a, name="Đảng bộ bộ phận 1")
        services.organization_move(actor=actor, organization=cell_a1, new_parent=sub,
                                   effective_on=D(2020, 1, 1), decision_number="1")
        refused(db_snapshot, lambda: services.organization_move(
            actor=actor, organization=gc_a, new_parent=cell_a1, effective_on=D(2025, 1, 1), decision_number="1"),
            field="new_parent", contains="cannot move under itself or its own sub-units")

    @pytest.mark.parametrize("org, new_parent, contains", [
        ("cell_a1", "bloc", "A Chi bộ trực thuộc cannot sit under a Đảng bộ cấp trên cơ sở"),
        ("cell_a1", "gcell", "A Chi bộ trực thuộc cannot sit under a Chi bộ cơ sở"),
        ("gcell", "gc_a", "A Chi bộ cơ sở cannot sit under a Đảng bộ cơ sở"),
    ])
    def test_refuses_disallowed_kind(self, actor, tree, db_snapshot, org, new_parent, contains):
        refused(db_snapshot, lambda: services.organization_move(
            actor=actor, organization=getattr(tree, org), new_parent=getattr(tree, new_parent),
            effective_on=D(2025, 1, 1), decision_number="1"), field="new_parent", contains=contains)

    def test_refuses_same_parent(self, actor, cell_a1, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_move(
            actor=actor, organization=cell_a1, new_parent=gc_a, effective_on=D(2025, 1, 1), decision_number="1"),
            field="new_parent", contains="It already sits under Đảng bộ Sở Tài chính.")

    def test_refuses_inactive_new_parent(self, actor, make_org, gc_b, cell_a1, db_snapshot):
        services.organization_dissolve(actor=actor, organization=make_org("sub_committee", gc_b, name="BP cũ"),
                                       effective_on=D(2020, 1, 1), decision_number="1")
        old = Organization.objects.get(name="BP cũ")
        refused(db_snapshot, lambda: services.organization_move(
            actor=actor, organization=cell_a1, new_parent=old, effective_on=D(2025, 1, 1), decision_number="1"),
            field="new_parent", contains="BP cũ is no longer active.")

    def test_refuses_missing_parent_and_decision(self, actor, cell_a1, gc_b, db_snapshot):
        refused(db_snapshot, lambda: services.organization_move(
            actor=actor, organization=cell_a1, new_parent=None, effective_on=D(2025, 1, 1), decision_number="1"),
            field="new_parent")
        refused(db_snapshot, lambda: services.organization_move(
            actor=actor, organization=cell_a1, new_parent=gc_b, effective_on=D(2025, 1, 1), decision_number=""),
            field="decision_number")


class TestTransferOut:
    def test_refuses_root(self, actor, bloc, db_snapshot):
        refused(db_snapshot, lambda: services.organization_transfer_out(
            actor=actor, organization=bloc, to_committee="Tỉnh ủy", effective_on=D(2025, 7, 1),
            decision_number="1"), contains="The root of the installation cannot be transferred out.")

    def test_refuses_missing_committee_and_decision(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_transfer_out(
            actor=actor, organization=gc_a, to_committee="  ", effective_on=D(2025, 7, 1), decision_number="1"),
            field="to_committee")
        refused(db_snapshot, lambda: services.organization_transfer_out(
            actor=actor, organization=gc_a, to_committee="Tỉnh ủy", effective_on=D(2025, 7, 1), decision_number=""),
            field="decision_number")

    def test_refuses_inactive_and_bad_date(self, actor, gc_a, db_snapshot):
        refused(db_snapshot, lambda: services.organization_transfer_out(
            actor=actor, organization=gc_a, to_committee="Tỉnh ủy", effective_on=D(2010, 1, 1),
            decision_number="1"), field="effective_on", contains="was only established on 01/01/2015")
        services.organization_transfer_out(actor=actor, organization=gc_a, to_committee="Tỉnh ủy",
                                           effective_on=D(2025, 7, 1), decision_number="1")
        gc_a.refresh_from_db()
        refused(db_snapshot, lambda: services.organization_transfer_out(
            actor=actor, organization=gc_a, to_committee="Tỉnh ủy", effective_on=D(2025, 8, 1),
            decision_number="2"), contains="Đảng bộ Sở Tài chính is no longer active.")

    def test_sub_unit_with_later_change_is_not_corrupted(self, actor, tree):
        services.organization_rename(actor=actor, organization=tree.cell_a1, new_name="Chi bộ Ngân sách – Kho bạc",
                                     effective_on=D(2025, 6, 1), decision_number="1")
        try:
            services.organization_transfer_out(actor=actor, organization=tree.gc_a, to_committee="Tỉnh ủy",
                                               effective_on=D(2025, 3, 1), decision_number="2")
        except ValidationError:
            return
        for version in OrganizationVersion.objects.all():
            assert version.valid_to is None or version.valid_from <= version.valid_to


class TestTransferIn:
    def test_new_organisation_from_outside(self, actor, kinds, bloc):
        org = services.organization_transfer_in(
            actor=actor, parent=bloc, from_committee="Đảng bộ huyện Phú Vang", effective_on=D(2025, 7, 1),
            decision_number="210-QĐ/TU", kind=kinds["grassroots_cell"], code="PV-TN",
            name="Chi bộ Phòng Tài nguyên", reason="Kết thúc cấp huyện")
        org.refresh_from_db()
        assert org.parent == bloc and org.status == Status.ACTIVE
        assert org.external_superior == "Đảng bộ huyện Phú Vang" and org.established_on == D(2025, 7, 1)
        assert [e.kind for e in RestructuringEvent.objects.filter(organization=org)] == [Kind.TRANSFER_IN]
        event = RestructuringEvent.objects.get(organization=org)
        assert event.external_party == "Đảng bộ huyện Phú Vang" and event.actor == actor
        assert version_on(org, D(2025, 7, 1)).parent == bloc and version_on(org, D(2025, 6, 30)) is None
        assert last_history(org).history_change_reason == "Kết thúc cấp huyện"
        assert last_history(org).history_user == actor

    @pytest.mark.parametrize("overrides, field", [
        ({"kind": None}, "kind"),
        ({"from_committee": " "}, "from_committee"),
        ({"decision_number": ""}, "decision_number"),
        ({"effective_on": None}, "effective_on"),
        ({"kind": "cell"}, "parent"),
        ({"code": "STC"}, "code"),
    ])
    def test_new_organisation_refusals(self, actor, kinds, bloc, gc_a, db_snapshot, overrides, field):
        args = dict(actor=actor, parent=bloc, from_committee="Đảng bộ huyện Phú Vang", effective_on=D(2025, 7, 1),
                    decision_number="210", kind=kinds["grassroots_cell"], code="PV-TN", name="Chi bộ Tài nguyên")
        args.update(overrides)
        if isinstance(args["kind"], str):
            args["kind"] = kinds[args["kind"]]
        refused(db_snapshot, lambda: services.organization_transfer_in(**args), field=field)

    def _out_and_back(self, actor, tree, parent=None, back_on=None):
        back_on = back_on or D(2026, 1, 1)
        services.organization_transfer_out(actor=actor, organization=tree.gc_a, to_committee="Đảng ủy UBND tỉnh",
                                           effective_on=D(2025, 7, 1), decision_number="200")
        tree.gc_a.refresh_from_db()
        return services.organization_transfer_in(
            actor=actor, parent=parent or tree.bloc, from_committee="Đảng ủy UBND tỉnh", effective_on=back_on,
            decision_number="300", organization=tree.gc_a, reason="Trả lại theo Quyết định 300")

    def test_returning_organisation_under_another_parent(self, actor, tree, make_org):
        district = make_org("superior", tree.bloc, name="Đảng bộ Các cơ quan Đảng tỉnh")
        org = self._out_and_back(actor, tree, parent=district)
        assert org.parent == district
        assert version_on(org, D(2026, 1, 1)).parent == district

    def test_refuses_organisation_that_did_not_leave(self, actor, tree, db_snapshot):
        refused(db_snapshot, lambda: services.organization_transfer_in(
            actor=actor, parent=tree.bloc, from_committee="Tỉnh ủy", effective_on=D(2026, 1, 1),
            decision_number="1", organization=tree.gc_a),
            contains="Only an organisation that was transferred out can be transferred back in.")

    def test_refuses_coming_back_before_leaving(self, actor, tree, db_snapshot):
        services.organization_transfer_out(actor=actor, organization=tree.gc_a, to_committee="Tỉnh ủy",
                                           effective_on=D(2025, 7, 1), decision_number="200")
        tree.gc_a.refresh_from_db()
        refused(db_snapshot, lambda: services.organization_transfer_in(
            actor=actor, parent=tree.bloc, from_committee="Tỉnh ủy", effective_on=D(2025, 6, 30),
            decision_number="300", organization=tree.gc_a), field="effective_on",
            contains="It cannot come back before the day it left (01/07/2025).")

    def test_refuses_wrong_parent_kind(self, actor, tree, db_snapshot):
        services.organization_transfer_out(actor=actor, organization=tree.gc_a, to_committee="Tỉnh ủy",
                                           effective_on=D(2025, 7, 1), decision_number="200")
        tree.gc_a.refresh_from_db()
        refused(db_snapshot, lambda: services.organization_transfer_in(
            actor=actor, parent=tree.gc_b, from_committee="Tỉnh ủy", effective_on=D(2026, 1, 1),
            decision_number="300", organization=tree.gc_a), field="parent", contains="cannot sit under")


class TestMerge:
    def test_refuses_target_that_cannot_hold_the_children(self, actor, tree, db_snapshot):
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[tree.gc_a], target=tree.gcell, effective_on=D(2025, 9, 1), decision_number="1"),
            field="target", contains="A Chi bộ trực thuộc cannot sit under a Chi bộ cơ sở")

    @pytest.mark.parametrize("sources, target, contains", [
        (["gc_a"], "gc_a", "The surviving organisation cannot also be merged away."),
        (["gc_a"], "cell_a1", "Đảng bộ Sở Tài chính contains the surviving organisation."),
        (["cell_a1"], "gc_a", "Chi bộ Phòng Ngân sách sits inside the surviving organisation."),
    ])
    def test_refuses_inconsistent_sources(self, actor, tree, db_snapshot, sources, target, contains):
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[getattr(tree, s) for s in sources], target=getattr(tree, target),
            effective_on=D(2025, 9, 1), decision_number="1"), field="sources", contains=contains)

    def test_refuses_empty_sources_inactive_and_dates(self, actor, tree, db_snapshot):
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[], target=tree.cell_a1, effective_on=D(2025, 9, 1), decision_number="1"),
            field="sources")
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[tree.cell_a2], target=tree.cell_a1, effective_on=D(2014, 1, 1),
            decision_number="1"), field="effective_on")
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[tree.cell_a2], target=tree.cell_a1, effective_on=D(2025, 9, 1),
            decision_number=" "), field="decision_number")
        services.organization_dissolve(actor=actor, organization=tree.cell_b2, effective_on=D(2024, 1, 1),
                                       decision_number="9")
        tree.cell_b2.refresh_from_db()
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[tree.cell_a2], target=tree.cell_b2, effective_on=D(2025, 9, 1),
            decision_number="1"), field="target", contains="is no longer active")
        refused(db_snapshot, lambda: services.organization_merge(
            actor=actor, sources=[tree.cell_b2], target=tree.cell_a1, effective_on=D(2025, 9, 1),
            decision_number="1"), field="sources", contains="is no longer active")

    def test_moved_sub_unit_with_later_change_is_not_corrupted(self, actor, tree):
        services.organization_rename(actor=actor, organization=tree.cell_b1, new_name="Chi bộ Nghiệp vụ Dược",
                                     effective_on=D(2025, 6, 1), decision_number="1")
        try:
            services.organization_merge(actor=actor, sources=[tree.gc_b], target=tree.gc_a,
                                        effective_on=D(2025, 3, 1), decision_number="2")
        except ValidationError:
            return
        for version in OrganizationVersion.objects.all():
            assert version.valid_to is None or version.valid_from <= version.valid_to


class TestSplit:
    def test_refuses_unassigned_child(self, actor, tree, db_snapshot):
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.gc_a, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "N1", "name": "Đảng bộ 1", "children": [tree.cell_a1.pk]},
                   {"code": "N2", "name": "Đảng bộ 2"}]), field="parts", contains="Every member and sub-unit")

    def test_refuses_children_under_a_kind_that_cannot_hold_them(self, actor, tree, kinds, db_snapshot):
        refused(db_snapshot, lambda: services.organization_split(
            actor=actor, source=tree.gc_a, effective_on=D(2025, 10, 1), decision_number="1",
            parts=[{"code": "N1", "name": "Chi bộ cơ sở 1", "kind": kinds["grassroots_cell"],
                    "children": [tree.cell_a1.pk]},
                   {"code": "N2", "name": "Chi bộ cơ sở 2", "kind": kinds["grassroots_cell"],
                    "children": [tree.cell_a2.pk]}]), field="parts", contains="cannot sit under it")


class TestDissolve:
    def test_dissolve_empty_organisation(self, actor, tree):
        on = D(2025, 12, 31)
        org = services.organization_dissolve(actor=actor, organization=tree.cell_a2, effective_on=on,
                                             decision_number="170-QĐ/ĐUSTC", reason="Không còn đảng viên")
        org.refresh_from_db()
        assert org.status == Status.DISSOLVED and org.ended_on == on
        assert version_on(org, on) is None and version_on(org, on - datetime.timedelta(1)).valid_to == on
        (event,) = events(Kind.DISSOLVE)
        assert event.organization == org and event.actor == actor and event.reason == "Không còn đảng viên"
        row = last_history(org)
        assert row.history_user == actor and row.history_change_reason == "Không còn đảng viên"

    def test_refusals(self, actor, tree, db_snapshot):
        refused(db_snapshot, lambda: services.organization_dissolve(
            actor=actor, organization=tree.bloc, effective_on=D(2025, 1, 1), decision_number="1"),
            contains="The root of the installation cannot be dissolved.")
        refused(db_snapshot, lambda: services.organization_dissolve(
            actor=actor, organization=tree.cell_a2, effective_on=D(2025, 1, 1), decision_number=""),
            field="decision_number")
        refused(db_snapshot, lambda: services.organization_dissolve(
            actor=actor, organization=tree.cell_a2, effective_on=D(2010, 1, 1), decision_number="1"),
            field="effective_on")
        services.organization_dissolve(actor=actor, organization=tree.cell_a2, effective_on=D(2025, 1, 1),
                                       decision_number="1")
        tree.cell_a2.refresh_from_db()
        refused(db_snapshot, lambda: services.organization_dissolve(
            actor=actor, organization=tree.cell_a2, effective_on=D(2025, 2, 1), decision_number="2"),
            contains="is no longer active")


def test_history_of_a_sequence_of_decisions(actor, tree):
    """Each decision leaves one event with its number, and the versions tell the tree as of any date."""
    services.organization_rename(actor=actor, organization=tree.cell_a1, new_name="Chi bộ Ngân sách nhà nước",
                                 effective_on=D(2020, 1, 1), decision_number="R1")
    services.organization_move(actor=actor, organization=tree.cell_a1, new_parent=tree.gc_b,
                               effective_on=D(2022, 1, 1), decision_number="M1")
    services.organization_dissolve(actor=actor, organization=tree.cell_a1, effective_on=D(2024, 1, 1),
                                   decision_number="D1")
    rows = list(tree.cell_a1.versions.order_by("valid_from").values_list("name", "parent", "valid_from", "valid_to"))
    assert rows == [
        ("Chi bộ Phòng Ngân sách", tree.gc_a.pk, ESTABLISHED, D(2020, 1, 1)),
        ("Chi bộ Ngân sách nhà nước", tree.gc_a.pk, D(2020, 1, 1), D(2022, 1, 1)),
        ("Chi bộ Ngân sách nhà nước", tree.gc_b.pk, D(2022, 1, 1), D(2024, 1, 1)),
    ]
    numbers = list(RestructuringEvent.objects.filter(organization=tree.cell_a1).order_by("effective_on")
                   .values_list("kind", "decision_number"))
    assert numbers == [(Kind.CREATE, "01-QĐ/ĐUK"), (Kind.RENAME, "R1"), (Kind.MOVE, "M1"), (Kind.DISSOLVE, "D1")]
    assert tree.cell_a1.history.count() == 4
    assert set(tree.cell_a1.history.values_list("history_user", flat=True)) == {actor.pk}


def test_merge_refuses_a_date_before_the_survivor_existed(actor, tree, make_org, db_snapshot):
    young = make_org("cell", tree.gc_a, code="STC-MOI", name="Chi bộ mới", established_on=D(2025, 9, 1))
    refused(db_snapshot, lambda: services.organization_merge(
        actor=actor, sources=[tree.cell_a2], target=young, effective_on=D(2025, 3, 1), decision_number="1"),
        field="effective_on")


def test_create_refuses_a_date_before_the_parent_existed(actor, tree, kinds, db_snapshot):
    refused(db_snapshot, lambda: services.organization_create(
        actor=actor, kind=kinds["cell"], parent=tree.gc_a, code="STC-CU", name="Chi bộ cũ",
        established_on=D(1990, 1, 1), decision_number="1"), field="established_on")
