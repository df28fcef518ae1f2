"""Importing the committee seats of the current term: each row checked by seat_assign itself in file order (one
secretary, the standing committee drawn from the executive, the cell committee's size), a missing body of the term
created with its first seat; a known seat recognised by member and body — the same file twice changes nothing, an
updated file changes only the engagement or allowance that differ, another position is refused."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from apparatus.models import Body, Seat, Term
from apparatus.services import term_open
from imports.models import ImportRecord, State
from imports.seats_kind import COLUMNS, SeatsImport
from imports.sheets import read_sheet

from .helpers import commit, errors_at, upload, xlsx

D = datetime.date
HEADERS = ["Tổ chức", "Ban", "Số CCCD", "Họ và tên", "Chức vụ", "Từ ngày", "Hình thức", "Số quyết định",
           "Chuyên trách/kiêm nhiệm", "Loại phụ cấp"]


def col(key: str) -> str:
    return str(next(c for c in COLUMNS if c.key == key).header)


def seat_row(member=None, *, org="STC", body="Ban Chấp hành", citizen=None, name=None, position="Bí thư",
             start="01/10/2020", how="", decision="", engagement="", allowance=""):
    return [org, body, member.citizen_id if citizen is None else citizen, member.full_name if name is None else name,
            position, start, how, decision, engagement, allowance]


def upload_seats(user, organization, rows, headers=HEADERS):
    return upload(user, organization, xlsx(rows, headers, sheet="Cấp ủy"), name="cap-uy.xlsx",
                  reason="Nhập cấp ủy nhiệm kỳ", kind="seats")


@pytest.fixture
def snapshot(db_snapshot):
    def _snapshot():
        return (db_snapshot(),
                list(Term.objects.order_by("pk").values_list("pk", "ended_on")),
                list(Body.objects.order_by("pk").values_list("pk", "term_id", "kind", "ended_on")),
                list(Seat.objects.order_by("pk").values_list("pk", "body_id", "member_id", "position", "engagement",
                                                              "allowance_category_id", "ended_on")),
                Seat.history.count(), Body.history.count(), ImportRecord.objects.count())
    return _snapshot


@pytest.fixture
def terms(tree, actor):
    """gc_a's term 2020–2025 (its executive committee from 01/10/2020) and cell_a1's from 01/09/2020 (its cell
    committee); cell_a2 has no term recorded."""
    return {"gc_a": term_open(actor=actor, organization=tree.gc_a, label="2020–2025", congress_on=D(2020, 10, 1)),
            "cell_a1": term_open(actor=actor, organization=tree.cell_a1, label="2020–2022",
                                 congress_on=D(2020, 9, 1))}


@pytest.fixture
def people(tree, terms, make_member):
    m = {f"a1_{i}": make_member(tree.cell_a1) for i in range(1, 5)}
    m["a2"] = make_member(tree.cell_a2)
    m["prob"] = make_member(tree.cell_a1, status="probationary")
    m["stranger"] = make_member(tree.cell_b1)
    return m


def clean_rows(p):
    return [
        seat_row(p["a1_1"]),
        seat_row(p["a1_2"], body="BCH", position="Phó Bí thư"),
        seat_row(p["a1_3"], position="Ủy viên Ban Chấp hành", engagement="Chuyên trách"),
        seat_row(p["a2"], position="Cấp ủy viên", start="01/03/2022", how="Chỉ định", decision="20-QĐ/ĐUK"),
        seat_row(p["a1_1"], body="Ban Thường vụ"),  # the standing committee: not in the term yet
        seat_row(p["a1_4"], org="Chi bộ Phòng Ngân sách", body="Chi ủy", allowance="Bí thư chi bộ trực thuộc"),
    ]


class TestCleanFile:
    def test_preview_writes_nothing_then_commit_writes_every_row(self, tree, user_khoi, people, terms, snapshot):
        before = snapshot()
        batch = upload_seats(user_khoi, tree.gc_a, clean_rows(people))
        assert batch.state == State.READY, batch.errors
        assert batch.counts == {"rows": 6, "new": 6, "changed": 0, "unchanged": 0, "errors": 0}
        assert snapshot() == before
        batch = commit(user_khoi, batch)
        assert batch.state == State.COMMITTED, (batch.errors, batch.file_error)
        term = terms["gc_a"]
        standing = term.bodies.get(kind=Body.Kind.STANDING_COMMITTEE)
        assert standing.started_on == term.started_on and f"#{batch.pk}" in standing.history.get().history_change_reason
        seats = {(s.body.kind, s.member_id): s for s in Seat.objects.select_related("body", "allowance_category")}
        secretary = seats[(Body.Kind.EXECUTIVE_COMMITTEE, people["a1_1"].pk)]
        assert (secretary.position, secretary.started_on, secretary.start_method, secretary.engagement) == (
            "secretary", D(2020, 10, 1), "elected", "concurrent")
        assert seats[(Body.Kind.EXECUTIVE_COMMITTEE, people["a1_3"].pk)].engagement == "full_time"
        designated = seats[(Body.Kind.EXECUTIVE_COMMITTEE, people["a2"].pk)]
        assert (designated.position, designated.start_method, designated.start_decision_number) == (
            "committee_member", "designated", "20-QĐ/ĐUK")
        assert seats[(Body.Kind.STANDING_COMMITTEE, people["a1_1"].pk)].position == "secretary"
        cell = seats[(Body.Kind.CELL_COMMITTEE, people["a1_4"].pk)]
        assert cell.body.term == terms["cell_a1"] and cell.allowance_category.code == "cell_secretary"
        record = secretary.history.get()
        assert record.history_user == user_khoi and f"#{batch.pk}" in record.history_change_reason
        records = ImportRecord.objects.filter(batch=batch)
        assert {(r.model, r.action) for r in records} == {("apparatus.seat", "created")}
        assert sorted(r.object_id for r in records) == sorted(s.pk for s in seats.values())

    def test_the_same_file_again_changes_nothing(self, tree, user_khoi, people, snapshot):
        rows = clean_rows(people)
        commit(user_khoi, upload_seats(user_khoi, tree.gc_a, rows))
        before = snapshot()
        again = upload_seats(user_khoi, tree.gc_a, rows)
        assert again.state == State.UNCHANGED, again.errors
        assert again.counts["unchanged"] == 6 and again.counts["new"] == 0
        assert snapshot() == before

    def test_an_updated_file_changes_exactly_the_changed_fields(self, tree, user_khoi, people):
        rows = clean_rows(people)
        commit(user_khoi, upload_seats(user_khoi, tree.gc_a, rows))
        seat = Seat.objects.get(member=people["a1_3"])
        secretary = Seat.objects.get(member=people["a1_1"], body__kind=Body.Kind.EXECUTIVE_COMMITTEE)
        secretary_history = secretary.history.count()
        rows[2] = seat_row(people["a1_3"], position="Ủy viên Ban Chấp hành", engagement="Kiêm nhiệm",
                           allowance="grassroots_member")
        batch = upload_seats(user_khoi, tree.gc_a, rows)
        assert batch.state == State.READY, batch.errors
        assert batch.counts["changed"] == 1 and batch.counts["unchanged"] == 5
        [change] = batch.changes
        assert change["row"] == 4
        assert sorted(c[0] for c in change["changes"]) == sorted([col("engagement"), col("allowance_category")])
        commit(user_khoi, batch)
        seat.refresh_from_db()
        assert (seat.engagement, seat.allowance_category.code, seat.position) == (
            "concurrent", "grassroots_member", "committee_member")
        newest = seat.history.order_by("-history_date", "-history_id").first()
        assert f"#{batch.pk}" in newest.history_change_reason and newest.history_user == user_khoi
        assert secretary.history.count() == secretary_history
        record = ImportRecord.objects.get(batch=batch)
        assert (record.model, record.object_id, record.action) == ("apparatus.seat", seat.pk, "updated")

    def test_a_committee_staff_imports_its_cells_seats(self, tree, user_coso, people):
        batch = upload_seats(user_coso, tree.cell_a1, [seat_row(people["a1_4"], org="STC-NS", body="Chi ủy")])
        assert batch.state == State.READY, batch.errors
        assert commit(user_coso, batch).state == State.COMMITTED


class TestRefusals:
    """Each refusal lands on its row and column, and nothing is written."""

    @pytest.mark.parametrize("change, column", [
        ({"org": "STC-VP"}, "organization"),  # no term recorded
        ({"org": "SYT"}, "organization"),  # outside the batch's organisation
        ({"org": "Không có"}, "organization"),
        ({"citizen": "026099999999"}, "citizen_id"),  # nobody
        ({"member": "stranger"}, "citizen_id"),  # a member of another committee
        ({"member": "prob"}, "citizen_id"),  # probationary
        ({"citizen": "", "name": "Ai Đó"}, "citizen_id"),
        ({"citizen": "12345"}, "citizen_id"),
        ({"name": "Người Khác Hẳn"}, "full_name"),  # the number of someone else
        ({"position": "Bí thư"}, "position"),  # a second secretary (row 2 is the first)
        ({"position": "Chủ nhiệm Ủy ban Kiểm tra"}, "position"),  # not a post of the executive committee
        ({"position": "Tổng Bí thư"}, "position"),
        ({"how": "Bổ nhiệm"}, "decision_number"),  # appointed without the decision
        ({"how": "Tự ứng cử"}, "start_method"),
        ({"body": "Ban Thường vụ"}, "citizen_id"),  # not on the executive committee
        ({"body": "Chi ủy"}, "body"),  # a committee has no cell committee
        ({"body": "Hội đồng"}, "body"),
        ({"start": "01/01/2019"}, "started_on"),  # before the term
        ({"start": "01/01/2030"}, "started_on"),  # in the future
        ({"start": ""}, "started_on"),
        ({"engagement": "Bán thời gian"}, "engagement"),
        ({"allowance": "Không có mức này"}, "allowance_category"),
        ({"org": "STC-NS", "body": "Chi ủy", "position": "Chi ủy viên"}, "position"),  # a cell of under 9 full members
    ])
    def test_refused_on_its_row_and_column(self, tree, user_khoi, people, snapshot, change, column):
        change = dict(change)
        member = people[change.pop("member", "a1_2")]
        rows = [seat_row(people["a1_1"]), seat_row(member, **{"position": "Phó Bí thư", **change})]
        before = snapshot()
        batch = upload_seats(user_khoi, tree.gc_a, rows)
        assert batch.state == State.INVALID, batch.changes
        assert {row for row, _column in errors_at(batch)} == {3}, batch.errors
        assert col(column) in {c for _row, c in errors_at(batch)}, batch.errors
        assert all(e["message"] for e in batch.errors)
        assert snapshot() == before
        with pytest.raises(ValidationError):
            commit(user_khoi, batch)
        assert snapshot() == before

    def test_another_position_is_not_changed_by_import(self, tree, user_khoi, people, snapshot):
        rows = clean_rows(people)
        commit(user_khoi, upload_seats(user_khoi, tree.gc_a, rows))
        rows[1] = seat_row(people["a1_2"], position="Ủy viên Ban Chấp hành")
        before = snapshot()
        batch = upload_seats(user_khoi, tree.gc_a, rows)
        assert errors_at(batch) == {(3, col("position"))}
        assert snapshot() == before

    def test_the_same_seat_twice_in_the_file(self, tree, user_khoi, people):
        batch = upload_seats(user_khoi, tree.gc_a, [seat_row(people["a1_1"]),
                                                    seat_row(people["a1_1"], position="Phó Bí thư")])
        assert errors_at(batch) == {(3, col("citizen_id"))}

    def test_organisations_outside_the_users_apparatus_scope(self, tree, user_coso, people):
        """A committee's staff records its cells' committees, not its own (the superior approves that one): the rows
        of its own committee are refused on their organisation."""
        content = xlsx([seat_row(people["a1_1"]), seat_row(people["a1_4"], org="STC-NS", body="Chi ủy")], HEADERS)
        kind = SeatsImport()
        sheet = read_sheet(content, "cap-uy.xlsx", kind.columns, sheet_names=kind.sheet_names)
        plan = kind.plan(sheet=sheet, user=user_coso, organization=tree.gc_a, progress=lambda *args: None)
        assert {(e["row"], e["column"]) for e in plan.errors} == {(2, col("organization"))}
        assert [(r.row, r.action) for r in plan.rows] == [(3, "create")]

    def test_the_seats_changed_between_preview_and_commit(self, tree, user_khoi, people, actor, terms, snapshot):
        from apparatus.services import seat_assign

        batch = upload_seats(user_khoi, tree.gc_a, [seat_row(people["a1_1"])])
        assert batch.state == State.READY
        executive = terms["gc_a"].bodies.get(kind=Body.Kind.EXECUTIVE_COMMITTEE)
        seat_assign(actor=actor, body=executive, member=people["a1_2"], position="secretary",
                    started_on=D(2020, 10, 1))  # someone recorded another secretary meanwhile
        before = snapshot()
        batch = commit(user_khoi, batch)
        assert batch.state == State.INVALID and errors_at(batch) == {(2, col("position"))}
        assert snapshot() == before


class TestTemplate:
    def test_headers_and_drop_downs(self, tree, user_khoi):
        from imports.services import template_workbook

        with translation.override("en"):
            content = template_workbook(kind="seats", user=user_khoi, organization=tree.gc_a)
            headers = [str(c.header) for c in COLUMNS]
        workbook = load_workbook(io.BytesIO(content))
        data = workbook.worksheets[0]
        assert [c.value for c in data[1]] == headers == [
            "Organisation", "Body", "Citizen ID", "Party card number", "Full name", "Position", "From", "How",
            "Decision number", "Engagement", "Allowance category"]
        validated = {str(v.sqref).split(":")[0] for v in data.data_validations.dataValidation}
        assert validated == {"B2", "F2", "H2", "J2", "K2"}  # body, position, how, engagement, allowance
        lists = [ws for ws in workbook.worksheets if ws.sheet_state == "hidden"][0]
        listed = {c.value for column in lists.iter_cols() for c in column}
        assert {"Executive committee", "Secretary", "Designated", "Full-time", "Bí thư chi bộ trực thuộc"} <= listed
