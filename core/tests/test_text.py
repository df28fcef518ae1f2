"""core.text: NFC storage, folded search keys and Vietnamese ordering (in Python and in the database)."""

import datetime
import random
import unicodedata

import pytest
from django.db import connection

from core.text import collation_key, fold, nfc, person_sort_key, split_name


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


# Vietnamese alphabetical order of given names (then family + middle names): a < ă < â, d < đ,
# e < ê, o < ô < ơ, u < ư; the letter decides before the tone mark ("Anh" < "Ăn" although
# a diacritic-free comparison would say "an" < "anh").
VIETNAMESE_ORDER = [
    "Lê Văn An",
    "Lê Văn Anh",
    "Lê Văn Ăn",
    "Lê Văn Ân",
    "Lê Văn Bình",
    "Nguyễn Thị Bình",
    "Trần Dũng",
    "Trần Đức",
    "Phạm Thị Em",
    "Phạm Thị Êm",
    "Hồ Văn Tho",
    "Hồ Văn Thô",
    "Hồ Văn Thơ",
    "Đỗ Thị Tu",
    "Đỗ Thị Tư",
]


class TestFold:
    @pytest.mark.parametrize(
        "value, expected",
        [
            ("Nguyễn Văn A", "nguyen van a"),
            ("Nguyễn Văn Ấn", "nguyen van an"),
            ("ĐẶNG THỊ ĐÀO", "dang thi dao"),
            ("Đảng bộ Sở Y tế", "dang bo so y te"),
            ("  Trương   Quốc\tHưng  ", "truong quoc hung"),
            ("Ơ Đu", "o du"),
            ("", ""),
            (None, ""),
        ],
    )
    def test_fold_removes_case_diacritics_and_d_bar(self, value, expected):
        assert fold(value) == expected

    @pytest.mark.parametrize("value", ["Nguyễn Văn Ấn", "Đặng Thị Ánh Tuyết", "Huỳnh Ưởng", "Lê Ơn"])
    def test_decomposed_input_folds_like_composed(self, value):
        assert nfd(value) != value  # the test really feeds decomposed text
        assert fold(nfd(value)) == fold(value)

    def test_fold_is_plain_ascii_for_vietnamese_text(self):
        assert fold("Ắ Ằ Ẳ Ẵ Ặ Ấ Ầ Ẩ Ẫ Ậ Ế Ề Ể Ễ Ệ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ứ Ừ Ử Ữ Ự Ý Ỳ Ỷ Ỹ Ỵ Đ").isascii()


class TestNfc:
    def test_collapses_whitespace_and_trims(self):
        assert nfc("  Nguyễn \t Văn\n\nAn  ") == "Nguyễn Văn An"

    def test_decomposed_becomes_composed(self):
        value = "Trần Thị Bích Ngọc"
        result = nfc(nfd(value))
        assert result == value
        assert unicodedata.is_normalized("NFC", result)
        assert len(result) == len(value)

    @pytest.mark.parametrize("empty", [None, "", "   "])
    def test_empty_is_empty_string(self, empty):
        assert nfc(empty) == ""


class TestSortKeys:
    def test_split_name_takes_the_last_word_as_given_name(self):
        assert split_name("Nguyễn Văn An") == ("Nguyễn Văn", "An")
        assert split_name("  Lê   Thị  Hồng  Nhung ") == ("Lê Thị Hồng", "Nhung")
        assert split_name("Hùng") == ("", "Hùng")

    def test_person_sort_key_orders_by_given_name_first(self):
        # The given name decides first ("An" before "Bình"), then family and middle names.
        names = ["Nguyễn Văn Bình", "Đỗ Thị An", "Lê Văn Bình"]
        assert sorted(names, key=person_sort_key) == ["Đỗ Thị An", "Lê Văn Bình", "Nguyễn Văn Bình"]

    def test_person_sort_key_vietnamese_alphabet(self):
        shuffled = VIETNAMESE_ORDER[:]
        random.Random(4).shuffle(shuffled)
        assert sorted(shuffled, key=person_sort_key) == VIETNAMESE_ORDER

    @pytest.mark.parametrize(
        "lower, higher",
        [("Lê Văn An", "Lê Văn Ăn"), ("Lê Văn Ăn", "Lê Văn Ân"), ("Lê Văn Ân", "Lê Văn Bình"),
         ("Trần Dũng", "Trần Đức"), ("Lê Văn Anh", "Lê Văn Ăn")],
    )
    def test_pairs(self, lower, higher):
        assert person_sort_key(lower) < person_sort_key(higher)

    def test_keys_are_lowercase_hex_and_independent_of_normal_form(self):
        key = person_sort_key("Trần Đức")
        assert key and all(ch in "0123456789abcdef" for ch in key)
        assert person_sort_key(nfd("Trần Đức")) == key
        assert person_sort_key("  Trần   Đức ") == key
        assert collation_key(nfd("Đảng bộ Sở Y tế")) == collation_key("Đảng bộ Sở Y tế")


@pytest.mark.django_db
class TestDatabaseOrdering:
    def test_order_by_name_sort_gives_vietnamese_order(self, make_member, cell_a1):
        from members.models import Member

        shuffled = VIETNAMESE_ORDER[:]
        random.Random(7).shuffle(shuffled)
        for name in shuffled:
            make_member(cell_a1, full_name=name)
        stored = list(Member.objects.order_by("name_sort").values_list("full_name", flat=True))
        assert stored == VIETNAMESE_ORDER
        # The model's default ordering is the same.
        assert list(Member.objects.values_list("full_name", flat=True)) == VIETNAMESE_ORDER

    def test_decomposed_name_is_stored_composed(self, make_member, cell_a1):
        from members.models import Member

        member = make_member(cell_a1, full_name=nfd("  Lê   Văn Ân "), hometown=nfd("Thừa Thiên Huế"))
        row = Member.objects.get(pk=member.pk)
        assert row.full_name == "Lê Văn Ân"
        assert unicodedata.is_normalized("NFC", row.full_name)
        assert row.hometown == "Thừa Thiên Huế"
        assert row.name_search == "le van an"
        assert row.name_sort == person_sort_key("Lê Văn Ân")
        # Found by a search typed composed, decomposed or without diacritics.
        for typed in ("Lê Văn Ân", nfd("lê văn ân"), "le van an"):
            assert list(Member.objects.filter(name_search__contains=fold(typed))) == [row]

    def test_organisations_order_by_name_sort(self, make_org, kinds):
        from organizations.models import Organization

        names = ["Đảng bộ Sở Y tế", "Chi bộ Ban Dân tộc", "Đảng bộ Sở Tài chính", "Đảng bộ Công an tỉnh",
                 "Chi bộ Ăn uống", "Chi bộ Anh ngữ"]
        root = make_org("superior", None, name=nfd("Đảng bộ Khối Các cơ quan tỉnh"))
        for name in names:
            make_org("grassroots_cell", root, name=nfd(name))
        expected = sorted(names + ["Đảng bộ Khối Các cơ quan tỉnh"], key=collation_key)
        assert expected.index("Chi bộ Anh ngữ") < expected.index("Chi bộ Ăn uống")
        assert expected.index("Chi bộ Ban Dân tộc") < expected.index("Đảng bộ Công an tỉnh")
        assert list(Organization.objects.values_list("name", flat=True)) == expected


LONG_ORG_NAME = ("Chi bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Thừa Thiên Huế; " * 3)[:255]
ON_POSTGRESQL = connection.vendor == "postgresql"


class TestKeyFitsColumn:
    """Derived keys must fit their columns, or PostgreSQL refuses the row (SQLite doesn't check lengths)."""

    def test_organization_keys_fit_for_longest_name(self):
        from organizations.models import Organization

        assert len(LONG_ORG_NAME) == Organization._meta.get_field("name").max_length
        org = Organization(code="STC-NS", name=LONG_ORG_NAME)
        org.normalize()
        assert len(org.name_search) <= Organization._meta.get_field("name_search").max_length
        assert len(org.name_sort) <= Organization._meta.get_field("name_sort").max_length

    def test_member_name_sort_fits_for_longest_name(self):
        from members.models import Member

        name = ("TÔN NỮ THỊ HỒNG NHUNG " * 6)[:120]
        assert len(name) == Member._meta.get_field("full_name").max_length
        assert len(person_sort_key(name)) <= Member._meta.get_field("name_sort").max_length

    @pytest.mark.django_db
    def test_longest_organisation_name_saves(self, actor, kinds, bloc):
        from organizations.models import Organization
        from organizations.services import organization_create

        org = organization_create(actor=actor, kind=kinds["grassroots_cell"], parent=bloc, code="DAI",
                                  name=LONG_ORG_NAME, established_on=datetime.date(2020, 1, 1), decision_number="1")
        assert Organization.objects.get(pk=org.pk).name == LONG_ORG_NAME

    def test_realistic_long_organisation_name_fits(self):
        from organizations.models import Organization

        name = "Chi bộ Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Thừa Thiên Huế"
        assert len(collation_key(name)) <= Organization._meta.get_field("name_sort").max_length


def test_running_text_keeps_its_line_breaks():
    from core.text import nfc_text

    decomposed = "Nghi\u0323 quyê\u0301t"  # NFD input from some keyboards
    assert nfc_text(f"  {decomposed}  tháng 3 \r\n\r\n\r\n  - Nhiệm vụ   một\n") == "Nghị quyết tháng 3\n\n- Nhiệm vụ một"
    assert nfc_text(None) == "" and nfc_text("\n\n") == ""
