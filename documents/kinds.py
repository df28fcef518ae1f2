"""The kinds of Party documents (thể loại văn bản) and who may issue which: rule data (rules: document_kinds,
document_kinds_by_issuer, seeded by documents/0002 from QĐ 399-QĐ/TW of 09/01/2026). What is here only names the
codes for the rules page and says how a kind is written in a number.

- A kind's code is what its number carries ("12-NQ/ĐUK"), except a regulation (quy định): its code QyĐ tells it
  from a decision in the data, but it is numbered and written as QĐ, in the decisions' series ("366-QĐ/TW" is a
  regulation, "399-QĐ/TW" a decision: SOURCES-2026 §6).
- The issuer types are the keys of document_kinds_by_issuer: which kinds each body may issue.
"""

from django.utils.translation import gettext_lazy as _

# The kinds as seeded (documents/0002), for the rules page's labels; the names are the Vietnamese words printed on the
# document itself (never translated: a document is Vietnamese whatever the reader's language).
KIND_NAMES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QyĐ": "Quy định", "QC": "Quy chế", "CT": "Chỉ thị", "KL": "Kết luận",
    "TT": "Thông tri", "HD": "Hướng dẫn", "TB": "Thông báo", "BC": "Báo cáo", "KH": "Kế hoạch", "CTr": "Chương trình",
    "ĐA": "Đề án", "PA": "Phương án", "TTr": "Tờ trình", "CV": "Công văn", "BB": "Biên bản",
}
WRITTEN_AS = {"QyĐ": "QĐ"}


def written(kind: str) -> str:
    """How the kind is written in a number (and so which series it is numbered in)."""
    return WRITTEN_AS.get(kind, kind)


SUPERIOR_COMMITTEE = "superior_committee"
SUPERIOR_STANDING = "superior_standing_committee"
GRASSROOTS_COMMITTEE = "grassroots_committee"
GRASSROOTS_STANDING = "grassroots_standing_committee"
CELL = "cell"
INSPECTION_COMMITTEE = "inspection_committee"
CONGRESS = "congress"

ISSUER_TYPES = [
    (SUPERIOR_COMMITTEE, _("Superior committee (executive committee)")),
    (SUPERIOR_STANDING, _("Standing committee of a superior committee")),
    (GRASSROOTS_COMMITTEE, _("Grassroots or partial committee (executive committee)")),
    (GRASSROOTS_STANDING, _("Standing committee of a grassroots committee")),
    (CELL, _("Party cell")),
    (INSPECTION_COMMITTEE, _("Inspection committee")),
    (CONGRESS, _("Congress")),
]
