"""Bounded input on the import side (issue 15): every date a sheet brings in within the bounds of every date (rule
data: core.validation.field_date_range, tighter where the services say so), refused on its row and column, never a
crash; the reason bounded on its field; the pages' GET parameters refused (400) or not found, never a 500."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.testing.pages import doc
from imports.members_kind import COLUMNS
from imports.models import ImportBatch, State
from members.models import Member

from .helpers import errors_at, member_row, upload, xlsx

pytestmark = pytest.mark.django_db
TOMORROW = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
MIB = 1024 * 1024


def col(key: str) -> str:
    return str(next(c for c in COLUMNS if c.key == key).header)


@pytest.fixture
def codes(tree):
    for org, code in ((tree.cell_a1, "CB-A1"), (tree.cell_a2, "CB-A2"), (tree.gc_a, "DB-A")):
        org.code = code
        org.save()
    return tree


@pytest.mark.parametrize("change, column", [
    ({"born": "01/01/0001"}, "date_of_birth"),
    ({"born": TOMORROW}, "date_of_birth"),
    ({"born": "31/12/9999"}, "date_of_birth"),
    ({"born": "01/01/1890"}, "date_of_birth"),  # more than 120 years ago (rule dates_birth_max_age)
    ({"admitted": "02/02/1930", "full": "02/02/1931"}, "admitted_on"),  # the day before the founding
    ({"admitted": "31/12/9999", "full": ""}, "admitted_on"),
    ({"full": "31/12/9999"}, "full_on"),
    ({"full": "01/01/0001"}, "full_on"),
], ids=["birth-0001", "birth-tomorrow", "birth-9999", "birth-1890", "admitted-1930", "admitted-9999", "full-9999",
        "full-0001"])
def test_every_imported_date_is_bounded_on_its_row_and_column(codes, user_coso, change, column):
    batch = upload(user_coso, codes.gc_a, xlsx([member_row(name="Phạm Văn Tốt", citizen="026080009009"),
                                                member_row(**change)]))
    assert batch.state == State.INVALID, batch.errors
    assert {row for row, _column in errors_at(batch)} == {3}, batch.errors
    assert col(column) in {c for _row, c in errors_at(batch)}, batch.errors
    assert not Member.objects.filter(citizen_id="026085001001").exists()


def post(client, organization, reason):
    return client.post(reverse("imports:upload_members"), {
        "organization": organization.pk, "reason": reason,
        "file": SimpleUploadedFile("dv.xlsx", xlsx([member_row()]))})


@pytest.mark.parametrize("reason", ["a" * 501, "a" * MIB], ids=["501", "1MiB"])
def test_the_reason_is_bounded_on_its_field(client_for, codes, user_coso, reason):
    client = client_for(user_coso)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post(client, codes.gc_a, reason)
    assert response.status_code == 200
    assert doc(response).xpath('string(//*[@id="id_reason_error"])').strip()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("url, status", [
    ("/imports/?state=9999-12", 400),
    ("/imports/?kind=abc", 400),
    ("/imports/?page=99999", None),
    ("/imports/?page=abc", None),
    ("/imports/members/template/?organization=abc", 404),
    ("/imports/members/template/?organization=99999999999999999999999", 404),
    ("/imports/members/template/?organization=-1", 404),
])
def test_the_get_parameters_are_refused_never_a_500(client_for, codes, user_coso, url, status):
    response = client_for(user_coso).get(url)
    assert response.status_code < 500, (url, response.status_code)
    if status is not None:
        assert response.status_code == status, (url, response.status_code)
