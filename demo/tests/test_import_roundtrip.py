"""The Bloc's own member export (about 4,000 members) imported again changes nothing; the same file with a few
cells edited changes exactly those fields of those members."""

import datetime
import io

import pytest
from django.db import transaction
from openpyxl import load_workbook

from core.testing import deferred_checks_done
from core.testing.pages import content
from demo.generator import SCALES, generate
from imports.members_kind import COLUMNS
from imports.models import State
from imports.services import batch_commit, batch_upload
from jobs.testing import run_queued
from members.models import Member
from organizations.models import Organization


def col(key):
    return str(next(c for c in COLUMNS if c.key == key).header)


def picture():
    return (list(Member.objects.order_by("pk").values_list()), Member.history.count())


def run(khoi, content, name):
    root = Organization.objects.filter(parent__isnull=True, status="active").order_by("pk").first()
    batch = batch_upload(actor=khoi, kind="members", organization=root, file_name=name, content=content,
                         reason="Nhập lại tệp xuất")
    run_queued()
    batch.refresh_from_db()
    return batch


@pytest.mark.django_db
class TestBlocExportImportedAgain:
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def bloc(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cls.result = generate(**{**SCALES["bloc"], "meetings_since": datetime.date.today().replace(day=1)})
            deferred_checks_done()
            yield
            transaction.set_rollback(True)

    @pytest.fixture
    def khoi(self, client):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="khoi")
        client.force_login(user)
        return user

    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_the_export_imported_again_is_a_no_op(self, client, khoi, fmt):
        response = client.get(f"/members/?export={fmt}")
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        before = picture()
        batch = run(khoi, content, f"dang-vien.{fmt}")
        assert batch.state == State.UNCHANGED, (batch.errors[:5], batch.changes[:5])
        assert batch.counts["rows"] >= 3950 and batch.counts["unchanged"] == batch.counts["rows"]
        assert picture() == before

    def test_an_edited_export_changes_exactly_the_edited_fields(self, client, khoi):
        response = client.get("/members/?export=xlsx")
        workbook = load_workbook(io.BytesIO(content(response)))
        sheet = workbook.active
        headers = [c.value for c in sheet[1]]
        phone, position, citizen = (headers.index(col(k)) + 1 for k in ("phone", "position", "citizen_id"))
        edited = {}
        for row, value in ((2, "0911111111"), (500, "0922222222"), (3000, "0933333333")):
            sheet.cell(row=row, column=phone, value=value)
            edited[sheet.cell(row=row, column=citizen).value] = {"phone": value}
        sheet.cell(row=700, column=position, value="Phó Giám đốc Sở")
        edited.setdefault(sheet.cell(row=700, column=citizen).value, {})["position"] = "Phó Giám đốc Sở"
        buffer = io.BytesIO()
        workbook.save(buffer)
        others = list(Member.objects.exclude(citizen_id__in=list(edited)).order_by("pk").values_list())
        history = Member.history.count()
        batch = run(khoi, buffer.getvalue(), "dang-vien-sua.xlsx")
        assert batch.state == State.READY, batch.errors[:5]
        assert batch.counts["changed"] == 4 and batch.counts["new"] == 0
        assert {tuple(c[0] for c in change["changes"]) for change in batch.changes} == {(col("phone"),),
                                                                                       (col("position"),)}
        batch_commit(actor=khoi, batch=batch)
        run_queued()
        batch.refresh_from_db()
        assert batch.state == State.COMMITTED
        assert Member.history.count() == history + 4
        for citizen_id, fields in edited.items():
            member = Member.objects.get(citizen_id=citizen_id)
            for field, value in fields.items():
                assert getattr(member, field) == value
        assert list(Member.objects.exclude(citizen_id__in=list(edited)).order_by("pk").values_list()) == others
