"""Importing member files: the preview checks every row as the register form does, the commit writes all or nothing,
the same file twice changes nothing, an updated file changes only what differs."""

import datetime
import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from imports.members_kind import COLUMNS
from imports.models import ImportBatch, ImportRecord, State
from members.choices import Status
from members.models import Member, Membership

from .helpers import MEMBER_HEADERS, commit, csv_bytes, errors_at, member_row, upload, xlsx

D = datetime.date


def col(key: str) -> str:
    return str(next(c for c in COLUMNS if c.key == key).header)


@pytest.fixture
def codes(tree):
    for org, code in ((tree.cell_a1, "CB-A1"), (tree.cell_a2, "CB-A2"), (tree.cell_b1, "CB-B1"), (tree.gc_a, "DB-A")):
        org.code = code
        org.save()
    return tree


def snapshot():
    return (list(Member.objects.order_by("pk").values_list()), Member.history.count(),
            list(Membership.objects.order_by("pk").values_list()))


class TestCleanFile:
    def test_preview_writes_nothing_then_commit_writes_every_row(self, codes, user_coso):
        rows = [member_row(), member_row(name="Trần Thị Lan", gender="Nữ", citizen="026188002002", org="CB-A2"),
                member_row(name="Lê Văn Nam", citizen="026090003003", status="Đảng viên dự bị", admitted="01/09/2025",
                           full="")]
        before = snapshot()
        batch = upload(user_coso, codes.gc_a, xlsx(rows))
        assert batch.state == State.READY, batch.errors
        assert batch.counts == {"rows": 3, "new": 3, "changed": 0, "unchanged": 0, "errors": 0}
        assert snapshot() == before
        batch = commit(user_coso, batch)
        assert batch.state == State.COMMITTED
        hung = Member.objects.get(citizen_id="026085001001")
        assert (hung.full_name, hung.gender, hung.date_of_birth, hung.status, hung.full_on, hung.organization) == (
            "Nguyễn Văn Hùng", "male", D(1985, 5, 12), Status.FULL, D(2011, 5, 19), codes.cell_a1)
        nam = Member.objects.get(citizen_id="026090003003")
        assert nam.status == Status.PROBATIONARY and nam.full_on is None and nam.status_since == D(2025, 9, 1)
        period = hung.memberships.get()
        assert period.organization == codes.cell_a1 and period.started_on == codes.cell_a1.established_on
        record = hung.history.get()
        assert record.history_user == user_coso and f"#{batch.pk}" in record.history_change_reason
        assert ImportRecord.objects.filter(batch=batch, action="created").count() == 3

    def test_the_same_file_again_changes_nothing(self, codes, user_coso):
        content = xlsx([member_row(), member_row(name="Trần Thị Lan", gender="Nữ", citizen="026188002002")])
        commit(user_coso, upload(user_coso, codes.gc_a, content))
        before = snapshot()
        again = upload(user_coso, codes.gc_a, content)
        assert again.state == State.UNCHANGED
        assert again.counts["unchanged"] == 2 and again.counts["new"] == 0
        assert snapshot() == before

    def test_an_updated_file_changes_exactly_the_changed_fields(self, codes, user_coso):
        rows = [member_row(phone="0912345678"), member_row(name="Trần Thị Lan", gender="Nữ", citizen="026188002002")]
        commit(user_coso, upload(user_coso, codes.gc_a, xlsx(rows)))
        lan = Member.objects.get(citizen_id="026188002002")
        lan_history = lan.history.count()
        rows[0][9] = "0987654321"
        rows[0][4] = "Tày"
        batch = upload(user_coso, codes.gc_a, xlsx(rows))
        assert batch.state == State.READY
        assert batch.counts["changed"] == 1 and batch.counts["unchanged"] == 1
        [change] = batch.changes
        assert sorted(c[0] for c in change["changes"]) == sorted([col("phone"), col("ethnicity")])
        assert [col("phone"), "0912345678", "0987654321"] in change["changes"]
        commit(user_coso, batch)
        hung = Member.objects.get(citizen_id="026085001001")
        assert hung.phone == "0987654321" and hung.ethnicity == "tay"
        assert hung.history.count() == 2 and lan.history.count() == lan_history
        newest = hung.history.first()
        assert f"#{batch.pk}" in newest.history_change_reason
        assert ImportRecord.objects.get(batch=batch).changes

    def test_a_column_left_out_is_not_cleared(self, codes, user_coso, make_member):
        member = make_member(codes.cell_a1, phone="0912000111")
        headers = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Ngày vào Đảng", "Ngày chính thức", "Chi bộ",
                   "Tình trạng"]
        row = [member.full_name, member.get_gender_display(), member.date_of_birth, member.citizen_id,
               member.admitted_on, member.full_on, member.organization.name, member.get_status_display()]
        batch = upload(user_coso, codes.gc_a, xlsx([row], headers))
        assert batch.state == State.UNCHANGED, (batch.errors, batch.changes)


class TestRefusals:
    """Each refusal lands on its row and column, and nothing is written."""

    @pytest.mark.parametrize("change, column", [
        ({"citizen": "02608500100"}, "citizen_id"),
        ({"born": "01/01/2000", "admitted": "19/05/2015", "full": "19/05/2016"}, "date_of_birth"),  # 15 at admission
        ({"full": "19/11/2010"}, "full_on"),  # before the end of probation
        ({"full": ""}, "full_on"),  # a full member without the date
        ({"gender": "Không rõ"}, "gender"),
        ({"born": "31/02/1985"}, "date_of_birth"),
        ({"admitted": "1985-13-01"}, "admitted_on"),
        ({"org": "CB-B1"}, "organization_code"),  # outside coso's scope (and the batch's organisation)
        ({"org": "KHONG-CO"}, "organization_code"),
        ({"org": "DB-A"}, "organization"),  # a grassroots committee holds no member directly
        ({"status": "Đã chuyển đi"}, "status"),
        ({"ethnicity": "Kinh Tế"}, "ethnicity"),
        ({"citizen": "", "name": "Không Mã Số"}, "citizen_id"),
        ({"admitted": "01/01/1920"}, "admitted_on"),  # before the Party was founded
    ])
    def test_refused_on_its_row_and_column(self, codes, user_coso, change, column):
        rows = [member_row(name="Phạm Văn Tốt", citizen="026080009009"), member_row(**change)]
        before = snapshot()
        batch = upload(user_coso, codes.gc_a, xlsx(rows))
        assert batch.state == State.INVALID
        rows_in_error = {row for row, _column in errors_at(batch)}
        assert rows_in_error == {3}, batch.errors
        columns = {c for _row, c in errors_at(batch)}
        expected = col(column)
        if column == "organization_code" and expected not in columns:
            expected = col("organization")
        assert expected in columns, batch.errors
        assert all(e["message"] for e in batch.errors)
        assert snapshot() == before
        with pytest.raises(ValidationError):
            commit(user_coso, batch)
        assert snapshot() == before

    def test_duplicates_within_the_file(self, codes, user_coso):
        batch = upload(user_coso, codes.gc_a, xlsx([member_row(), member_row(name="Người Khác")]))
        assert errors_at(batch) == {(3, col("citizen_id"))}
        assert "2" in batch.errors[0]["message"]

    def test_a_card_number_of_another_member(self, codes, user_coso, make_member):
        other = make_member(codes.cell_a1)
        headers = [*MEMBER_HEADERS, "Số thẻ đảng"]
        batch = upload(user_coso, codes.gc_a, xlsx([[*member_row(), other.card_number]], headers))
        assert errors_at(batch) == {(2, col("card_number"))}

    def test_a_known_member_does_not_change_cell_status_or_dates_by_import(self, codes, user_coso, make_member):
        member = make_member(codes.cell_a1)
        row = member_row(name=member.full_name, citizen=member.citizen_id, org="CB-A2",
                         status="Đảng viên dự bị", admitted="16/03/2016", full="",
                         gender=member.get_gender_display(), born=member.date_of_birth.strftime("%d/%m/%Y"))
        batch = upload(user_coso, codes.gc_a, xlsx([row]))
        columns = {c for _r, c in errors_at(batch)}
        assert {col("organization"), col("status"), col("admitted_on")} <= columns, batch.errors

    def test_a_member_of_another_subtree_is_not_touched(self, codes, user_coso, make_member):
        stranger = make_member(codes.cell_b1)
        row = member_row(name=stranger.full_name, citizen=stranger.citizen_id, phone="0900000000")
        before = snapshot()
        batch = upload(user_coso, codes.gc_a, xlsx([row]))
        assert errors_at(batch) == {(2, col("citizen_id"))}
        assert codes.cell_b1.name not in str(batch.errors)  # says nothing of where the stranger is
        assert snapshot() == before

    def test_one_bad_row_among_ten_thousand_writes_nothing(self, codes, user_coso):
        rows = [member_row(name=f"Nguyễn Văn Số {i}", citizen=f"0260850{i:05d}") for i in range(10_000)]
        rows[7_321][2] = "30/02/1985"
        before = snapshot()
        batch = upload(user_coso, codes.gc_a, xlsx(rows))
        assert batch.state == State.INVALID and batch.counts["errors"] == 1 and batch.counts["rows"] == 10_000
        assert errors_at(batch) == {(7_323, col("date_of_birth"))}
        assert snapshot() == before

    def test_the_records_changed_between_preview_and_commit(self, codes, user_coso, make_member):
        batch = upload(user_coso, codes.gc_a, xlsx([member_row(), member_row(name="B", citizen="026085001002")]))
        assert batch.state == State.READY
        make_member(codes.cell_b1, citizen_id="026085001002")  # someone else registered that citizen ID meanwhile
        before = snapshot()
        batch = commit(user_coso, batch)
        assert batch.state == State.INVALID and errors_at(batch) == {(3, col("citizen_id"))}
        assert snapshot() == before

    def test_the_error_file_is_the_same_sheet_with_an_errors_column(self, codes, user_coso):
        content = xlsx([member_row(), member_row(citizen="123", name="Sai Mã")], title_rows=["DANH SÁCH ĐẢNG VIÊN"],
                       merge_title=True)
        batch = upload(user_coso, codes.gc_a, content)
        assert batch.state == State.INVALID
        sheet = load_workbook(io.BytesIO(batch.error_file.read())).active
        headers = [c.value for c in sheet[2]]
        assert headers[:len(MEMBER_HEADERS)] == MEMBER_HEADERS and len(headers) == len(MEMBER_HEADERS) + 1
        assert sheet.cell(row=4, column=len(headers)).value.startswith(col("citizen_id"))
        assert sheet.cell(row=3, column=len(headers)).value is None
        assert sheet.cell(row=4, column=4).fill.fgColor.rgb.endswith("FFC7CE")


class TestRealWorldInput:
    def test_what_people_really_type(self, codes, user_coso):
        """Title rows merged above the headers, names in three columns, NFD text, trailing spaces, Excel serial
        dates, dates as text, citizen IDs as numbers (leading zero lost) or with an apostrophe, numbers as text."""
        headers = ["STT", "Họ", "Tên đệm", "Tên", "Giới tính ", "Ngày sinh", "Số CCCD", "Ngày vào Đảng",
                   "Ngày chính thức", "Chi bộ", "Tình trạng", "Quê quán"]
        nfd = unicodedata.normalize("NFD", "Nguyễn")
        rows = [
            [1, nfd, "Thị  ", "Hoa ", "nữ", 31048, 26085001001, "19/5/2010", datetime.datetime(2011, 5, 19),
             "Chi bộ Phòng Ngân sách", "Chính thức", unicodedata.normalize("NFD", "Vĩnh Tường ")],
            ["2", "Đỗ", "Văn", "Bình", "NAM", "01-02-1980", "'026080002002", "2005-03-04", "04.03.2006",
             " CB-A2 ", "đảng viên chính thức", "Yên Lạc"],
        ]
        content = xlsx(rows, headers, title_rows=["ĐẢNG BỘ SỞ TÀI CHÍNH", "DANH SÁCH ĐẢNG VIÊN"], merge_title=True)
        batch = upload(user_coso, codes.gc_a, content)
        assert batch.state == State.READY, batch.errors
        commit(user_coso, batch)
        hoa = Member.objects.get(citizen_id="026085001001")
        assert hoa.full_name == "Nguyễn Thị Hoa" and hoa.hometown == "Vĩnh Tường"
        assert unicodedata.is_normalized("NFC", hoa.full_name)
        assert hoa.date_of_birth == D(1985, 1, 1) and hoa.admitted_on == D(2010, 5, 19)
        assert hoa.gender == "female" and hoa.organization == codes.cell_a1
        binh = Member.objects.get(citizen_id="026080002002")
        assert (binh.date_of_birth, binh.admitted_on, binh.full_on) == (D(1980, 2, 1), D(2005, 3, 4), D(2006, 3, 4))
        assert binh.organization == codes.cell_a2

    def test_csv_with_semicolons(self, codes, user_coso):
        batch = upload(user_coso, codes.gc_a, csv_bytes([member_row()], delimiter=";"), name="dv.csv")
        assert batch.state == State.READY, batch.errors

    def test_csv_errors_come_back_as_csv(self, codes, user_coso):
        batch = upload(user_coso, codes.gc_a, csv_bytes([member_row(citizen="12")]), name="dv.csv")
        assert batch.state == State.INVALID
        text = batch.error_file.read().decode("utf-8-sig")
        assert text.splitlines()[1].endswith(batch.errors[0]["message"].split(";")[0]) or col("citizen_id") in text


class TestBadFiles:
    @pytest.mark.parametrize("content", [b"", b"   \n  ", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
                                         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)])
    def test_refused_at_upload(self, codes, user_coso, content):
        from imports.services import batch_upload

        with pytest.raises(ValidationError) as refused:
            batch_upload(actor=user_coso, kind="members", organization=codes.gc_a, file_name="x.xlsx",
                         content=content, reason="r")
        assert "file" in refused.value.message_dict
        assert not ImportBatch.objects.exists()

    def test_a_broken_xlsx(self, codes, user_coso):
        """A zip that is no workbook is refused at upload by its content (core.files), nothing kept (issue 15)."""
        from imports.services import batch_upload

        with pytest.raises(ValidationError) as refused:
            batch_upload(actor=user_coso, kind="members", organization=codes.gc_a, file_name="x.xlsx",
                         content=b"PK\x03\x04" + bytes(100), reason="r")
        assert "file" in refused.value.message_dict
        assert not ImportBatch.objects.exists()

    def test_wrong_headers(self, codes, user_coso):
        batch = upload(user_coso, codes.gc_a, xlsx([["a", "b"]], ["Cột A", "Cột B"]))
        assert batch.state == State.FAILED and batch.file_error

    def test_required_columns_missing(self, codes, user_coso):
        batch = upload(user_coso, codes.gc_a, xlsx([["A", "Nam"]], ["Họ và tên", "Giới tính"]))
        assert batch.state == State.FAILED and col("date_of_birth") in batch.file_error

    def test_fifty_megabytes(self, codes, user_coso, settings):
        from imports.services import batch_upload

        with pytest.raises(ValidationError) as refused:
            batch_upload(actor=user_coso, kind="members", organization=codes.gc_a, file_name="big.csv",
                         content=b"a" * (50 * 1024 * 1024), reason="r")
        assert "MB" in " ".join(refused.value.message_dict["file"])

    def test_outside_the_scope(self, codes, user_coso):
        from imports.services import batch_upload

        with pytest.raises(ValidationError) as refused:
            batch_upload(actor=user_coso, kind="members", organization=codes.gc_b, file_name="x.xlsx",
                         content=xlsx([member_row()]), reason="r")
        assert "organization" in refused.value.message_dict


class TestPages:
    def test_the_home_page_shows_the_file_waiting_until_a_corrected_one_is_imported(self, codes, user_coso,
                                                                                    client_for):
        client = client_for(user_coso)
        bad = upload(user_coso, codes.gc_a, xlsx([member_row(citizen="12")]))
        page = client.get("/").content.decode()
        assert 'id="imports-waiting"' in page and f'data-batch="{bad.pk}"' in page
        good = upload(user_coso, codes.gc_a, xlsx([member_row()]))
        page = client.get("/").content.decode()
        assert f'data-batch="{good.pk}"' in page and f'data-batch="{bad.pk}"' not in page
        commit(user_coso, good)
        assert 'id="imports-waiting"' not in client.get("/").content.decode()

    def test_the_batch_page_names_each_error_by_the_files_own_header_and_cell(self, codes, user_coso, client_for):
        batch = upload(user_coso, codes.gc_a, xlsx([member_row(citizen="12")]))
        [error] = batch.errors
        assert (error["header"], error["cell"]) == ("Số CCCD", "D2")
        page = client_for(user_coso).get(f"/imports/{batch.pk}/").content.decode()
        assert "(D2)" in page and "Số CCCD" in page

    def test_the_member_page_names_the_batch(self, codes, user_coso, client_for):
        batch = commit(user_coso, upload(user_coso, codes.gc_a, xlsx([member_row()])))
        member = Member.objects.get(citizen_id="026085001001")
        page = client_for(user_coso).get(f"/members/{member.pk}/").content.decode()
        assert f'data-batch="{batch.pk}"' in page

    def test_the_template(self, codes, user_coso, client_for):
        response = client_for(user_coso).get("/imports/members/template/")
        workbook = load_workbook(io.BytesIO(response.content))
        data, lists, guide = workbook.worksheets
        headers = [c.value for c in data[1] if c.value]
        assert col("citizen_id") in headers and col("status") in headers
        codes_column = next(c.column_letter for c in lists[1] if c.value == col("organization_code"))
        assert lists.sheet_state == "hidden" and "CB-A1" in [c.value for c in lists[codes_column]]
        assert len(data.data_validations.dataValidation) >= 7
        assert guide.cell(row=1, column=1).value
        # the template, filled in, imports as it is
        index = {h: i + 1 for i, h in enumerate(headers)}
        values = {"full_name": "Ngô Thị Mẫu", "gender": "Nữ", "date_of_birth": "01/02/1990",
                  "citizen_id": "026190000777", "admitted_on": "01/02/2015", "full_on": "01/02/2016",
                  "organization_code": "CB-A1", "status": "Đảng viên chính thức"}
        for key, value in values.items():
            data.cell(row=2, column=index[col(key)], value=value)
        buffer = io.BytesIO()
        workbook.save(buffer)
        assert upload(user_coso, codes.gc_a, buffer.getvalue()).state == State.READY


class TestCancelled:
    def test_an_import_cancelled_before_it_ran_leaves_the_file_ready(self, codes, user_coso, client_for):
        from imports.services import batch_commit
        from jobs.services import job_cancel

        batch = upload(user_coso, codes.gc_a, xlsx([member_row()]))
        batch = batch_commit(actor=user_coso, batch=batch)
        job_cancel(actor=user_coso, job=batch.commit_job)
        before = snapshot()
        page = client_for(user_coso).get(f"/imports/{batch.pk}/").content.decode()
        batch.refresh_from_db()
        assert batch.state == State.READY and 'id="commit"' in page
        assert snapshot() == before
        assert commit(user_coso, batch).state == State.COMMITTED
