"""One regulated number, one rule code: the filing window of a complaint against a disciplinary decision is
`discipline_complaint_months` (seeded by inspections/migrations/0002, read by both apps). The petitions copy,
`discipline_complaint_window_months` (same 1 month), is removed; the reverse puts its rows back as 0002 seeded
them."""

import datetime

from django.db import migrations

D = datetime.date
OLD = "discipline_complaint_window_months"
LABEL = "Thời hạn khiếu nại quyết định kỷ luật, kể từ ngày nhận quyết định"
BEFORE = "QĐ 30-QĐ/TW 2016; QĐ 22-QĐ/TW 2021 (thi hành Chương VII, VIII Điều lệ Đảng)"
QD296 = "QĐ 296-QĐ/TW ngày 30/5/2025 về công tác kiểm tra, giám sát và kỷ luật của Đảng"
ROWS = [
    (D(1930, 2, 3), D(2025, 5, 30), BEFORE, False, "Quyết định kỷ luật vẫn có hiệu lực trong thời gian khiếu nại."),
    (D(2025, 5, 30), None, QD296, True, "Chưa đối chiếu với văn bản QĐ 296-QĐ/TW; giữ như quy định trước."),
]


def merge(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code=OLD).delete()


def unmerge(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for start, end, regulation, unconfirmed, note in ROWS:
        Rule.objects.update_or_create(code=OLD, effective_from=start, defaults=dict(
            label=LABEL, value=1, unit="tháng", regulation=regulation, effective_to=end, unconfirmed=unconfirmed,
            note=note))


class Migration(migrations.Migration):
    dependencies = [("petitions", "0004_access_via_register"), ("inspections", "0002_workflow_and_rules")]
    operations = [migrations.RunPython(merge, unmerge)]
