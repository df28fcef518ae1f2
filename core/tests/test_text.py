"""core.text: NFC storage, folded search keys and Vietnamese ordering (in Python and in the database)."""

import random
import unicodedata

import pytest

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


def test_running_text_keeps_its_line_breaks():
    from core.text import nfc_text

    decomposed = "Nghi\u0323 quyê\u0301t"  # NFD input from some keyboards
    assert nfc_text(f"  {decomposed}  tháng 3 \r\n\r\n\r\n  - Nhiệm vụ   một\n") == "Nghị quyết tháng 3\n\n- Nhiệm vụ một"
    assert nfc_text(None) == "" and nfc_text("\n\n") == ""
