"""CSV and Excel exports of the filtered member and organisation lists, read back as a user would."""

import datetime
import unicodedata

import pytest
from django.conf import settings
from django.utils import translation

from core.testing.pages import csv_rows, dmy, member_table_names, text, xlsx_rows, xlsx_sheet

pytestmark = pytest.mark.django_db
D = datetime.date

# (full name, gender, date of birth, ethnicity, hometown, cell key); the expected orders (by given name,
# Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) are written out in the tests.
PEOPLE = [
    ("Trần Thị Yến", "female", D(1990, 12, 31), "kinh", "Thừa Thiên Huế", "cell_a1"),
    ("Nguyễn Văn Đức", "male", D(1975, 1, 2), "kinh", "Vĩnh Yên", "cell_a1"),
    ("Hoàng Thị Ánh", "female", D(1988, 2, 29), "tay", "Bắc Kạn", "cell_a2"),
    ("Lê Văn An", "male", D(1969, 7, 4), "kinh", "Phúc Yên", "cell_b1"),
    ("Đỗ Thị Bích Ngọc", "female", D(1995, 10, 10), "muong", "Hòa Bình", "cell_b1"),
    ("Phạm Thị Hương", "female", D(1983, 3, 8), "kinh", "Lập Thạch", "gcell"),
    ("Vũ Văn Cường", "male", D(1979, 4, 30), "kinh", "Tam Đảo", "cell_b2"),
    ("Bùi Thị Đào", "female", D(1972, 5, 19), "kinh", "Yên Lạc", "cell_a2"),
    ("Ngô Thị Lụa", "female", D(1998, 6, 1), "nung", "Lạng Sơn", "cell_a1"),
]
FEMALE_IN_ORDER = ["Hoàng Thị Ánh", "Bùi Thị Đào", "Phạm Thị Hương", "Ngô Thị Lụa", "Đỗ Thị Bích Ngọc",
                   "Trần Thị Yến"]  # by given name: Ánh, Đào, Hương, Lụa, Ngọc, Yến


@pytest.fixture
def people(tree, make_member, actor):
    from members.services import member_end

    made = {}
    for name, gender, born, ethnicity, hometown, cell in PEOPLE:
        made[name] = make_member(getattr(tree, cell), full_name=name, gender=gender, date_of_birth=born,
                                 ethnicity=ethnicity, hometown=hometown, admitted_on=D(2010 + len(made), 5, 17))
    left = make_member(tree.cell_a1, full_name="Lý Thị Bé", gender="female", date_of_birth=D(1980, 8, 8))
    member_end(actor=actor, member=left, status="left", effective_on=D(2024, 9, 2), reason="Xin ra khỏi Đảng")
    made["Lý Thị Bé"] = left
    return made


def _export(client, query, fmt):
    response = client.get(f"/members/?{query}&export={fmt}" if query else f"/members/?export={fmt}")
    assert response.status_code == 200
    return response


def _all_listed(client, query):
    names, page = [], 1
    while True:
        response = client.get(f"/members/?{query}&page={page}")
        if response.status_code == 404 or page > 20:
            return names
        rows = member_table_names(response)
        if not rows or (names and rows[0] in names):
            return names
        names += rows
        page += 1


def test_csv_of_the_female_members_has_exactly_them_in_the_list_order(client_for, people, user_khoi):
    client = client_for(user_khoi)
    response = _export(client, "gender=female", "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    rows = csv_rows(response)  # also asserts the UTF-8 BOM
    header, body = rows[0], rows[1:]
    assert len(header) == len(body[0])
    names = [r[0] for r in body]
    assert names == FEMALE_IN_ORDER
    assert names == member_table_names(client.get("/members/?gender=female"))
    for row in body:
        member = people[row[0]]
        assert row[2] == member.date_of_birth.strftime("%d/%m/%Y")  # dd/mm/yyyy
        assert row[3] == member.citizen_id  # leading zeros kept
        assert member.hometown in row
        assert row[14] == dmy(member.admitted_on) and row[15] == dmy(member.full_on)
    assert "29/02/1988" in {r[2] for r in body}
    # Vietnamese text intact: composed (NFC), with the ethnicity names as written
    joined = "\n".join(",".join(r) for r in body)
    assert unicodedata.is_normalized("NFC", joined)
    for expected in ("Hoàng Thị Ánh", "Đỗ Thị Bích Ngọc", "Tày", "Mường", "Nùng", "Bắc Kạn", "Thừa Thiên Huế"):
        assert expected in joined


def test_excel_of_the_female_members_has_real_dates_in_the_list_order(client_for, people, user_khoi):
    client = client_for(user_khoi)
    response = _export(client, "gender=female", "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    sheet = xlsx_sheet(response)
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == FEMALE_IN_ORDER
    for row in rows:
        member = people[row[0].value]
        born = row[2]
        assert born.is_date, "date of birth must be a real Excel date"
        assert born.value.date() == member.date_of_birth
        assert born.number_format.upper() == "DD/MM/YYYY"
        assert row[14].is_date and row[14].value.date() == member.admitted_on
        assert row[3].value == member.citizen_id and isinstance(row[3].value, str)  # not a number
    assert "Tày" in {c.value for r in rows for c in r}


@pytest.mark.parametrize("query,expected", [
    ("", ["Lê Văn An", "Hoàng Thị Ánh", "Vũ Văn Cường", "Bùi Thị Đào", "Nguyễn Văn Đức", "Phạm Thị Hương",
          "Ngô Thị Lụa", "Đỗ Thị Bích Ngọc", "Trần Thị Yến"]),
    ("status=all", ["Lê Văn An", "Hoàng Thị Ánh", "Lý Thị Bé", "Vũ Văn Cường", "Bùi Thị Đào", "Nguyễn Văn Đức",
                    "Phạm Thị Hương", "Ngô Thị Lụa", "Đỗ Thị Bích Ngọc", "Trần Thị Yến"]),
    ("status=left", ["Lý Thị Bé"]),
    ("gender=female&organization={gc_a}", ["Hoàng Thị Ánh", "Bùi Thị Đào", "Ngô Thị Lụa", "Trần Thị Yến"]),
    # Each typed word begins a word of the name ("ng" is not found inside "Hoàng" or "Hương").
    ("q=thi+ng", ["Ngô Thị Lụa", "Đỗ Thị Bích Ngọc"]),
    ("ethnicity=kinh&gender=male", ["Lê Văn An", "Vũ Văn Cường", "Nguyễn Văn Đức"]),
    ("age_band=gt60", []),
])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_follow_every_filter(client_for, tree, people, user_khoi, query, expected, fmt):
    client = client_for(user_khoi)
    query = query.format(gc_a=tree.gc_a.pk)
    response = _export(client, query, fmt)
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert [r[0] for r in rows[1:]] == expected
    assert _all_listed(client, query) == expected


def test_committee_staff_exports_only_its_subtree(client_for, people, user_coso):
    rows = csv_rows(_export(client_for(user_coso), "gender=female", "csv"))
    assert [r[0] for r in rows[1:]] == ["Hoàng Thị Ánh", "Bùi Thị Đào", "Ngô Thị Lụa", "Trần Thị Yến"]


@pytest.mark.parametrize("sort", ["-date_of_birth", "organization"])
def test_export_of_a_sorted_list_keeps_the_list_order(client_for, people, user_khoi, sort):
    client = client_for(user_khoi)
    listed = member_table_names(client.get(f"/members/?gender=female&sort={sort}"))
    rows = csv_rows(_export(client, f"gender=female&sort={sort}", "csv"))
    assert [r[0] for r in rows[1:]] == listed


def test_organisation_exports(client_for, world, user_coso):
    client = client_for(user_coso)
    rows = csv_rows(client.get("/organizations/?export=csv"))
    names = [r[1] for r in rows[1:]]
    assert set(names) == {world.gc_a.name, world.cell_a1.name, world.cell_a2.name, world.cell_a3.name}
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name[world.cell_a1.name][0] == "STC-NS"
    assert by_name[world.cell_a1.name][6] == "5"  # its active members, with its subtree
    assert by_name[world.cell_a1.name][7] == "5"  # its own
    assert by_name[world.gc_a.name][6] == "6"  # its cells' members (5 + 1 + 0)
    assert by_name[world.gc_a.name][7] == "0"  # none of its own
    assert by_name[world.gc_a.name][8] == "3"  # its cells
    assert by_name[world.cell_a1.name][9] == "01/01/2015"
    sheet = xlsx_sheet(client.get("/organizations/?export=xlsx"))
    established = [r[9] for r in sheet.iter_rows(min_row=2)]
    assert established and all(c.is_date and c.value.date() == D(2015, 1, 1) for c in established)


def _catalogue_has(msgid, language="vi"):
    with translation.override(language):
        return translation.gettext(msgid) != msgid


@pytest.mark.parametrize("path,first_header", [
    ("/members/", "Full name"),
    ("/organizations/", "Code"),
])
def test_export_headers_follow_the_users_language(client_for, world, user_khoi, path, first_header):
    if not _catalogue_has(first_header):
        pytest.skip("the Vietnamese catalogue is not compiled (make messages)")
    client = client_for(user_khoi)
    headers = {}
    for language in ("vi", "en", "vi"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        headers[language] = csv_rows(client.get(f"{path}?export=csv"))[0][0]
        with translation.override(language):
            assert headers[language] == translation.gettext(first_header), language
    assert headers["vi"] != headers["en"]


def test_exports_are_refused_to_the_member_role(client_for, world, user_dangvien):
    client = client_for(user_dangvien)
    response = client.get("/members/?export=csv")
    assert response.status_code == 302  # to the own record, no file
    assert "text/csv" not in response.get("Content-Type", "")
    assert client.get("/organizations/?export=xlsx").status_code in (403, 404)
    assert "Lý Thị Mai" not in text(client.get("/members/?export=csv", follow=True))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_typed_text_never_becomes_a_spreadsheet_formula(client_for, tree, make_member, user_khoi, fmt):
    make_member(tree.cell_a1, full_name="Lê Văn Bình", position='=HYPERLINK("http://x","bấm")')
    rows = csv_rows(_export(client_for(user_khoi), "", fmt)) if fmt == "csv" else None
    if fmt == "csv":
        header = rows[0]
        value = rows[1][header.index("Chức vụ") if "Chức vụ" in header else header.index("Position")]
        assert value == "'=HYPERLINK(\"http://x\",\"bấm\")"
    else:
        sheet = xlsx_sheet(_export(client_for(user_khoi), "", fmt))
        cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert cells and all(c.data_type == "s" for c in cells)


def test_the_export_read_as_tuples_writes_what_the_instances_would(tree, people):
    """MemberTable.export_fields: the rows read by values_list give every cell the model instances give (labels,
    dates, the organisation and where the member is temporarily, a missing organisation as the external one)."""
    from core.exports import field_rows, table_columns, table_rows
    from members.models import Member
    from members.tables import MemberTable
    from organizations.figures import rebuild_everything

    # the shapes a row can take, written straight in (the services' own tests cover how they come about)
    Member.objects.filter(pk=people["Lê Văn An"].pk).update(temporary_organization=tree.cell_a1)
    Member.objects.filter(pk=people["Vũ Văn Cường"].pk).update(temporary_external="Sở Y tế tỉnh Lào Cai")
    Member.objects.filter(pk=people["Ngô Thị Lụa"].pk).update(exempted_since=D(2024, 1, 1), theory_level="advanced")
    rebuild_everything()  # the kept figures follow what was written straight in
    queryset = Member.objects.select_related("organization", "temporary_organization").order_by("name_sort", "id")
    table = MemberTable(queryset)
    by_instances = [[get(row) for _h, get in table_columns(table)] for row in table_rows(table)]
    columns, rows = field_rows(table)
    by_tuples = [[get(row) for _h, get in columns] for row in rows]
    assert [h for h, _g in columns] == [h for h, _g in table_columns(table)]
    assert by_tuples == by_instances
    assert by_tuples[0][0] == "Lê Văn An" and tree.cell_a1.name in by_tuples[0]  # where he is temporarily
    assert "Sở Y tế tỉnh Lào Cai" in next(row for row in by_tuples if row[0] == "Vũ Văn Cường")
