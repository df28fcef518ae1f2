"""The kinds of Party documents and who may issue which, as rule data (QĐ 399-QĐ/TW of 09/01/2026 "về thể loại, thẩm
quyền ban hành và thể thức văn bản của Đảng", replacing QĐ 66-QĐ/TW of 06/02/2017; SOURCES-2026 §0 and §6).

Like every rule code, each starts on 1930-02-03 with no gap.
- document_kinds: {code: name} of the kinds a document is recorded as. The list of kinds is QĐ 399's (lsvn.vn); the
  abbreviations are those seen in real numbers (NQ, QĐ, CT, KL, QC, HD, TB, BC, KH, CTr, TTr, ĐA, PA, BB, CV); "TT"
  for thông tri and the full HD 36 table are UNCONFIRMED. A regulation (quy định) has the code QyĐ here and is
  written QĐ in its number (documents.kinds.written). QĐ 399's other kinds (cương lĩnh, điều lệ, chiến lược, thông
  cáo, tuyên bố, lời kêu gọi, quy hoạch, dự án, the administrative papers) are not in the register yet.
- document_kinds_by_issuer: {issuer type: [codes]} (documents.kinds). The grassroots lists follow one public
  reading of QĐ 399 Arts. 11 and 13 (a grassroots committee: no HD, CT, TT; its standing committee: HD but no QC; a
  cell: neither QyĐ nor HD; a congress: NQ, QC, CTr, CV, BB) — UNCONFIRMED; the superior committee's and the
  inspection committee's lists are dangbo's assumption — UNCONFIRMED.
Before QĐ 399 the same values are kept, under QĐ 66 and before it (not checked against their texts).
"""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
QD66 = datetime.date(2017, 2, 6)
QD399 = datetime.date(2026, 1, 9)
KINDS = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "QyĐ": "Quy định", "QC": "Quy chế", "CT": "Chỉ thị", "KL": "Kết luận",
    "TT": "Thông tri", "HD": "Hướng dẫn", "TB": "Thông báo", "BC": "Báo cáo", "KH": "Kế hoạch", "CTr": "Chương trình",
    "ĐA": "Đề án", "PA": "Phương án", "TTr": "Tờ trình", "CV": "Công văn", "BB": "Biên bản",
}
GRASSROOTS = ["NQ", "QĐ", "QyĐ", "QC", "KL", "TB", "BC", "KH", "CTr", "ĐA", "PA", "TTr", "CV", "BB"]
BY_ISSUER = {
    "superior_committee": list(KINDS),
    "superior_standing_committee": list(KINDS),
    "grassroots_committee": GRASSROOTS,
    "grassroots_standing_committee": [k for k in GRASSROOTS if k != "QC"] + ["HD"],
    "cell": [k for k in GRASSROOTS if k != "QyĐ"],
    "inspection_committee": ["QĐ", "KL", "TB", "BC", "KH", "CTr", "TTr", "CV", "BB"],
    "congress": ["NQ", "QC", "CTr", "CV", "BB"],
}
ERAS = [
    (START, QD66, "Các quy định về văn bản của Đảng trước QĐ 66-QĐ/TW năm 2017",
     "Chưa đối chiếu văn bản của thời kỳ này; giá trị giữ như QĐ 399-QĐ/TW."),
    (QD66, QD399, "QĐ 66-QĐ/TW ngày 06/02/2017 về thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng",
     "Chưa đối chiếu QĐ 66-QĐ/TW; giá trị giữ như QĐ 399-QĐ/TW."),
    (QD399, None, "QĐ 399-QĐ/TW ngày 09/01/2026 về thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng",
     "Thể loại theo lsvn.vn và nhansu.vn; chữ viết tắt và thẩm quyền theo từng cấp chưa đối chiếu văn bản gốc."),
]
RULES = [
    ("document_kinds", "Các thể loại văn bản của Đảng và chữ viết tắt trong số, ký hiệu", KINDS),
    ("document_kinds_by_issuer", "Thể loại văn bản mỗi cơ quan, tổ chức đảng được ban hành", BY_ISSUER),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, value in RULES:
        for start, end, regulation, note in ERAS:
            Rule.objects.update_or_create(code=code, effective_from=start, defaults=dict(
                label=label, value=value, unit="", regulation=regulation, effective_to=end, unconfirmed=True,
                note=note))


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code__in=[code for code, *_ in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial"), ("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
