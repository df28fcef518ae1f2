"""The Vietnamese catalogue is complete, and pages come out in Vietnamese by default."""

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', re.M)


def _text(block: str) -> str:
    return "".join(re.findall(r'"(.*)"', block))


def test_every_message_has_a_vietnamese_translation():
    source = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in source
    entries = [(_text(a), _text(b)) for a, b in ENTRY.findall(source)]
    assert len(entries) > 300
    missing = [msgid for msgid, msgstr in entries if msgid and not msgstr]
    assert missing == []


def test_placeholders_survive_translation():
    source = PO.read_text(encoding="utf-8")
    for msgid, msgstr in ((_text(a), _text(b)) for a, b in ENTRY.findall(source)):
        if msgid:
            assert sorted(re.findall(r"%\(\w+\)[sd]", msgid)) == sorted(re.findall(r"%\(\w+\)[sd]", msgstr)), msgid


def test_vietnamese_catalogue_is_compiled():
    with translation.override("vi"):
        assert translation.gettext("Members") == "Đảng viên"
        assert translation.gettext("Overview") == "Tổng quan"
