"""Vietnamese text: NFC normalisation, diacritic-free search keys and collation keys.

Everything stored is NFC so that text typed in decomposed Unicode (common from macOS
and some Windows IMEs) matches text typed composed. Search compares a folded key
(lower case, no diacritics, đ→d); ordering uses an ICU Vietnamese collation key stored
as hex so that the database can ORDER BY it and paginate correctly at any size.
"""

import unicodedata
from functools import lru_cache

import icu
from django.db.models import Q
from django.utils.translation import gettext as _


def nfc(value: str | None) -> str:
    if not value:
        return ""
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def nfc_text(value: str | None) -> str:
    """NFC for running text (minutes, resolutions): spaces tidied within each line, line breaks kept, runs of
    blank lines reduced to one."""
    if not value:
        return ""
    lines = [" ".join(line.split()) for line in str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return unicodedata.normalize("NFC", text)


def fold(value: str | None) -> str:
    """Case- and diacritic-insensitive key: 'Nguyễn Văn Ấn' -> 'nguyen van an'."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", str(value)).lower()
    text = text.replace("đ", "d").replace("\u0111", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    # Tertiary strength: case and tone marks still break ties deterministically.
    collator.setStrength(icu.Collator.TERTIARY)
    return collator


def collation_key(value: str | None) -> str:
    """Hex of the ICU Vietnamese sort key; hex keeps byte order under any DB collation."""
    return _collator().getSortKey(nfc(value)).hex()


def split_name(full_name: str) -> tuple[str, str]:
    """('Nguyễn Văn', 'An') — the given name is the last word of a Vietnamese name."""
    parts = nfc(full_name).split(" ")
    if len(parts) == 1:
        return "", parts[0]
    return " ".join(parts[:-1]), parts[-1]


def person_sort_key(full_name: str) -> str:
    """Given name first (all its levels: letters, then tones, then case), then family and middle names.

    Two keys side by side: ICU keys end in a zero byte that occurs nowhere inside them, so the
    given name is compared completely before the rest ("Trần Thị Anh" < "Phạm Văn Ánh").
    """
    rest, given = split_name(full_name)
    return collation_key(given) + collation_key(rest)


def search_q(text: str, field: str = "name_search") -> Q:
    """Every word of the query, folded, must begin a word of the folded `field`: 'nguyen an' finds 'Nguyễn Văn An'
    and 'Nguyễn Thị Anh', not 'Nguyễn Văn Bình' (whose 'van' merely contains 'an')."""
    q = Q()
    for word in fold(text).split():
        q &= (Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
              | Q(**{f"{field}__contains": f"-{word}"}))
    return q


def join_and(items: list[str]) -> str:
    """'a, b and c' in the active language."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
