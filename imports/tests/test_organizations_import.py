"""Importing organisations: new ones checked by organization_create itself (parents first, whatever the row order),
known ones recognised by code — the same file twice changes nothing, an updated file changes only the host agency,
cluster or decision number that differ, and a name, kind or parent that differs is refused (a restructuring decision)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from imports.models import ImportRecord, State
from imports.organizations_kind import COLUMNS
from organizations.models import Cluster, Organization, RestructuringEvent

from .helpers import commit, errors_at, upload, xlsx

HEADERS = ["Mã", "Tên tổ chức", "Loại", "Cấp trên", "Ngày thành lập", "Số quyết định thành lập", "Cơ quan/đơn vị",
           "Cụm"]
CELL = "Chi bộ trực thuộc"
SUB = "Đảng bộ bộ phận"


def org_row(code="STC-KH", name="Chi bộ Phòng Kế hoạch", kind=CELL, parent="STC", established="01/06/2020",
            decision="15-QĐ/ĐU", host="Sở Tài chính", cluster=""):
    return [code, name, kind, parent, established, decision, host, cluster]


def known_row(org, **change):
    """The row of an organisation as it is recorded."""
    row = dict(code=org.code, name=org.name, kind=org.kind.label, parent=org.parent.code if org.parent else "",
               established=org.established_on.strftime("%d/%m/%Y"), decision=org.decision_number,
               host=org.host_agency, cluster=org.cluster.name if org.cluster else "")
    row.update(change)
    return org_row(**row)


def col(key: str) -> str:
    return str(next(c for c in COLUMNS if c.key == key).header)


def upload_orgs(user, organization, rows, headers=HEADERS):
    return upload(user, organization, xlsx(rows, headers, sheet="Tổ chức"), name="to-chuc.xlsx",
                  reason="Nhập danh sách tổ chức", kind="organizations")


@pytest.fixture
def snapshot(db_snapshot):
    def _snapshot():
        return (db_snapshot(), list(Organization.objects.order_by("pk").values_list(
            "pk", "code", "host_agency", "cluster_id", "decision_number", "established_on")),
            ImportRecord.objects.count())
    return _snapshot


@pytest.fixture
def cluster(db):
    return Cluster.objects.create(code="cum-1", name="Cụm thi đua số 1")


class TestCleanFile:
    def test_parents_defined_later_in_the_file_are_created_first(self, tree, user_coso, snapshot):
        rows = [
            org_row(code="STC-KH-1", name="Chi bộ Kế hoạch 1", parent="STC-KH", established="01/07/2020"),
            org_row(code="STC-KH-2", name="Chi bộ Kế hoạch 2", parent="Đảng bộ bộ phận Kế hoạch",  # by its name
                    established="01/07/2020"),
            org_row(code="STC-KH", name="Đảng bộ bộ phận Kế hoạch", kind=SUB, parent="Đảng bộ Sở Tài chính"),
            org_row(code="STC-NS-T1", name="Tổ đảng số 1", kind="Tổ đảng",
                    parent="Đảng bộ Sở Tài chính > Chi bộ Phòng Ngân sách"),  # by its path
            known_row(tree.cell_a1),
        ]
        before = snapshot()
        batch = upload_orgs(user_coso, tree.gc_a, rows)
        assert batch.state == State.READY, batch.errors
        assert batch.counts == {"rows": 5, "new": 4, "changed": 0, "unchanged": 1, "errors": 0}
        assert snapshot() == before  # the dry run left nothing
        batch = commit(user_coso, batch)
        assert batch.state == State.COMMITTED, (batch.errors, batch.file_error)
        sub = Organization.objects.get(code="STC-KH")
        assert (sub.parent, sub.kind.code, sub.name) == (tree.gc_a, "sub_committee", "Đảng bộ bộ phận Kế hoạch")
        assert set(sub.children.values_list("code", flat=True)) == {"STC-KH-1", "STC-KH-2"}
        assert Organization.objects.get(code="STC-NS-T1").parent == tree.cell_a1
        cell = Organization.objects.get(code="STC-KH-1")
        assert (cell.kind.code, cell.decision_number, cell.host_agency) == ("cell", "15-QĐ/ĐU", "Sở Tài chính")
        record = cell.history.get()
        assert record.history_user == user_coso and f"#{batch.pk}" in record.history_change_reason
        assert cell.versions.get().valid_from == cell.established_on
        assert RestructuringEvent.objects.filter(organization=cell, kind="create").exists()
        records = ImportRecord.objects.filter(batch=batch)
        assert {(r.model, r.action) for r in records} == {("organizations.organization", "created")}
        assert sorted(r.row for r in records) == [2, 3, 4, 5]

    def test_the_same_file_again_changes_nothing(self, tree, user_coso, snapshot):
        rows = [org_row(code="STC-KH-1", name="Chi bộ Kế hoạch 1", parent="STC-KH"),
                org_row(code="STC-KH", name="Đảng bộ bộ phận Kế hoạch", kind=SUB)]
        commit(user_coso, upload_orgs(user_coso, tree.gc_a, rows))
        before = snapshot()
        again = upload_orgs(user_coso, tree.gc_a, rows)
        assert again.state == State.UNCHANGED, again.errors
        assert again.counts["unchanged"] == 2 and again.counts["new"] == 0 and again.counts["changed"] == 0
        assert snapshot() == before

    def test_an_updated_file_changes_exactly_the_changed_fields(self, tree, user_coso, cluster):
        rows = [known_row(tree.cell_a1), known_row(tree.cell_a2)]
        a2_history = tree.cell_a2.history.count()
        rows[0][6] = "Phòng Ngân sách, Sở Tài chính"
        rows[0][7] = "cum-1"
        batch = upload_orgs(user_coso, tree.gc_a, rows)
        assert batch.state == State.READY, batch.errors
        assert batch.counts["changed"] == 1 and batch.counts["unchanged"] == 1
        [change] = batch.changes
        assert change["row"] == 2
        assert sorted(c[0] for c in change["changes"]) == sorted([col("host_agency"), col("cluster")])
        assert [col("cluster"), "—", "Cụm thi đua số 1"] in change["changes"]
        commit(user_coso, batch)
        a1 = Organization.objects.get(pk=tree.cell_a1.pk)
        assert (a1.host_agency, a1.cluster, a1.name, a1.parent_id) == (
            "Phòng Ngân sách, Sở Tài chính", cluster, tree.cell_a1.name, tree.gc_a.pk)
        newest = a1.history.order_by("-history_date", "-history_id").first()
        assert f"#{batch.pk}" in newest.history_change_reason and newest.history_user == user_coso
        assert tree.cell_a2.history.count() == a2_history
        assert ImportRecord.objects.get(batch=batch).changes == [list(c) for c in change["changes"]]
        again = upload_orgs(user_coso, tree.gc_a, rows)
        assert again.state == State.UNCHANGED

    def test_a_column_left_out_is_not_cleared(self, tree, user_coso):
        headers = ["Mã", "Tên tổ chức"]
        batch = upload_orgs(user_coso, tree.gc_a, [[tree.gc_a.code, tree.gc_a.name],
                                                   [tree.cell_a1.code, tree.cell_a1.name]], headers)
        assert batch.state == State.UNCHANGED, (batch.errors, batch.changes)

    def test_codes_are_recognised_whatever_the_case(self, tree, user_coso):
        batch = upload_orgs(user_coso, tree.gc_a, [known_row(tree.cell_a1, code="stc-ns")])
        assert batch.state == State.UNCHANGED, batch.errors


class TestRefusals:
    """Each refusal lands on its row and column, and nothing is written."""

    @pytest.mark.parametrize("change, column", [
        ({"kind": "Đảng bộ cơ sở"}, "parent"),  # a grassroots committee cannot sit under a grassroots committee
        ({"established": "01/01/2010"}, "established_on"),  # before its parent
        ({"established": "01/01/1920"}, "established_on"),  # before the Party was founded
        ({"established": "31/02/2020"}, "established_on"),
        ({"established": ""}, "established_on"),
        ({"decision": ""}, "decision_number"),
        ({"kind": ""}, "kind"),
        ({"kind": "Loại lạ"}, "kind"),
        ({"parent": ""}, "parent"),
        ({"parent": "KHONG-CO"}, "parent"),
        ({"parent": "SYT"}, "parent"),  # outside coso's scope and the batch's organisation
        ({"parent": "DBK"}, "parent"),  # above the batch's organisation
        ({"code": "SYT-NVY"}, "code"),  # the code of an organisation outside the batch
        ({"code": "STC-NS", "name": "Chi bộ Khác"}, "name"),  # a known organisation renamed
        ({"code": "STC-NS", "name": "Chi bộ Phòng Ngân sách", "parent": "STC-VP", "established": "01/01/2015"},
         "parent"),  # moved
        ({"code": "STC-NS", "name": "Chi bộ Phòng Ngân sách", "kind": "Tổ đảng", "established": "01/01/2015"},
         "kind"),
        ({"code": "STC-NS", "name": "Chi bộ Phòng Ngân sách", "established": "01/01/2016"}, "established_on"),
        ({"cluster": "Cụm không có"}, "cluster"),
        ({"code": "STC-A", "name": ""}, "name"),
    ])
    def test_refused_on_its_row_and_column(self, tree, user_coso, snapshot, change, column):
        rows = [org_row(code="STC-OK", name="Chi bộ Tốt"), org_row(**change)]
        before = snapshot()
        batch = upload_orgs(user_coso, tree.gc_a, rows)
        assert batch.state == State.INVALID, batch.changes
        assert {row for row, _column in errors_at(batch)} == {3}, batch.errors
        assert col(column) in {c for _row, c in errors_at(batch)}, batch.errors
        assert all(e["message"] for e in batch.errors)
        assert snapshot() == before
        with pytest.raises(ValidationError):
            commit(user_coso, batch)
        assert snapshot() == before

    def test_a_parent_outside_the_users_scope(self, tree, user_coso, user_khoi, snapshot):
        """coso establishes under its own committee only; the Bloc's standing committee anywhere under the Bloc."""
        rows = [org_row(code="SYT-KH", name="Chi bộ Kế hoạch Y tế", parent="SYT")]
        before = snapshot()
        batch = upload_orgs(user_coso, tree.gc_a, rows)
        assert errors_at(batch) == {(2, col("parent"))}
        assert snapshot() == before
        batch = upload_orgs(user_khoi, tree.bloc, rows)
        assert batch.state == State.READY, batch.errors

    def test_the_superiors_record_is_not_corrected_by_the_committee(self, tree, user_coso, user_khoi):
        """Host agency and cluster are corrected by whoever may restructure the organisation (the record's page asks
        the same): a committee's staff for its cells, the superior for the committee itself."""
        row = known_row(tree.gc_a, parent="DBK", host="Sở Tài chính tỉnh Vĩnh Phúc")
        batch = upload_orgs(user_coso, tree.gc_a, [row])
        assert errors_at(batch) == {(2, col("host_agency"))}
        batch = upload_orgs(user_khoi, tree.gc_a, [row])
        assert batch.state == State.READY, batch.errors
        commit(user_khoi, batch)
        assert Organization.objects.get(pk=tree.gc_a.pk).host_agency == "Sở Tài chính tỉnh Vĩnh Phúc"

    def test_a_cycle_of_parents(self, tree, user_coso, snapshot):
        rows = [org_row(code="STC-X", name="Đảng bộ bộ phận X", kind=SUB, parent="STC-Y"),
                org_row(code="STC-Y", name="Đảng bộ bộ phận Y", kind=SUB, parent="STC-X"),
                org_row(code="STC-Z", name="Chi bộ Z", parent="STC-Y"),
                org_row(code="STC-W", name="Chi bộ W", parent="STC-W")]
        before = snapshot()
        batch = upload_orgs(user_coso, tree.gc_a, rows)
        assert errors_at(batch) == {(2, col("parent")), (3, col("parent")), (4, col("parent")), (5, col("parent"))}
        assert snapshot() == before

    def test_a_child_of_a_refused_row(self, tree, user_coso):
        rows = [org_row(code="STC-KH-1", name="Chi bộ 1", parent="STC-KH"),
                org_row(code="STC-KH", name="Đảng bộ bộ phận Kế hoạch", kind=SUB, decision="")]
        batch = upload_orgs(user_coso, tree.gc_a, rows)
        assert errors_at(batch) == {(2, col("parent")), (3, col("decision_number"))}

    def test_a_code_twice_in_the_file(self, tree, user_coso):
        batch = upload_orgs(user_coso, tree.gc_a, [org_row(), org_row(name="Chi bộ Khác")])
        assert errors_at(batch) == {(3, col("code"))}

    def test_the_tree_changed_between_preview_and_commit(self, tree, user_coso, make_org, snapshot):
        batch = upload_orgs(user_coso, tree.gc_a, [org_row(), org_row(code="STC-DL", name="Chi bộ Du lịch")])
        assert batch.state == State.READY
        make_org("cell", tree.gc_b, code="STC-DL")  # someone took the code meanwhile, elsewhere
        before = snapshot()
        batch = commit(user_coso, batch)
        assert batch.state == State.INVALID and errors_at(batch) == {(3, col("code"))}
        assert snapshot() == before


class TestTemplate:
    def test_headers_and_drop_downs(self, tree, user_coso, cluster):
        from imports.services import template_workbook

        with translation.override("en"):
            content = template_workbook(kind="organizations", user=user_coso, organization=tree.gc_a)
            headers = [str(c.header) for c in COLUMNS]
        workbook = load_workbook(io.BytesIO(content))
        data = workbook.worksheets[0]
        assert [c.value for c in data[1]] == headers == [
            "Code", "Name", "Kind", "Parent", "Established on", "Decision number", "Host agency", "Cluster"]
        validated = {str(v.sqref).split(":")[0] for v in data.data_validations.dataValidation}
        assert validated == {"C2", "H2"}  # Kind and Cluster
        lists = [ws for ws in workbook.worksheets if ws.sheet_state == "hidden"][0]
        listed = {c.value for column in lists.iter_cols() for c in column}
        assert {"Chi bộ trực thuộc", "Đảng bộ bộ phận", "Cụm thi đua số 1"} <= listed

    def test_the_filled_template_imports(self, tree, user_coso):
        """A template filled in as the instructions' example says is accepted as it is."""
        from imports.organizations_kind import OrganizationsImport

        example = OrganizationsImport().example_rows(user=user_coso, organization=tree.gc_a)[0]
        with translation.override("en"):
            headers = [str(c.header) for c in COLUMNS]
        batch = upload_orgs(user_coso, tree.gc_a, [[example.get(c.key, "") for c in COLUMNS]], headers)
        assert batch.state == State.READY, batch.errors
