"""The petition and complaint rules cite the document in force over each period (issue 13): before QĐ 30, QĐ 30
(26/7/2016), QĐ 22 (28/7/2021), QĐ 296 (30/5/2025). They used to cite "QĐ 30 2016; QĐ 22 2021" from 1930 on.
Values are unchanged. The complaint window (discipline_complaint_months) is cut the same way."""

import datetime

from django.db import migrations

from rules.recut import Era, recut

D = datetime.date
ORIGIN, QD30, QD22, QD296 = D(1930, 2, 3), D(2016, 7, 26), D(2021, 7, 28), D(2025, 5, 30)
ERAS = [
    Era(ORIGIN, QD30, "Điều lệ Đảng; các quy định thi hành Chương VII, VIII Điều lệ Đảng trước QĐ 30-QĐ/TW", True,
        "Chưa đối chiếu văn bản của thời kỳ này; giá trị giữ như quy định sau."),
    Era(QD30, QD22, "QĐ 30-QĐ/TW ngày 26/7/2016 thi hành Chương VII, VIII Điều lệ Đảng về công tác kiểm tra, "
                    "giám sát và kỷ luật của Đảng"),
    Era(QD22, QD296, "QĐ 22-QĐ/TW ngày 28/7/2021 về công tác kiểm tra, giám sát và kỷ luật của Đảng"),
    Era(QD296, None, "QĐ 296-QĐ/TW ngày 30/5/2025 về công tác kiểm tra, giám sát và kỷ luật của Đảng"),
]
CODES = ["petition_complaint_settlement_working_days", "petition_denunciation_settlement_days",
         "petition_jurisdiction", "petition_not_handled_grounds", "discipline_complaint_months"]


def forward(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code in CODES:
        recut(Rule, code, ERAS)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0006_access_via_sender_check"), ("rules", "0007_current_citations")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
