"""The periods of the periodic Party-building reports, as rule data (rules: periodic_report_periods; reports.periods
reads it).

{kind: {"months": months a period covers, "numbers": periods of the kind in a year, "due_days": days after the
period's last day the report is due, "required": the numbers of the kind every grassroots organisation and superior
committee owes (the to-do)}}.

SOURCES-2026 §1 names the periodic reports (6-month, annual, mid-term and end-of-term reviews) and leaves their
periods and deadlines "configurable, UNCONFIRMED"; RULES.md states none. The values here are dangbo's assumption
from common practice (reports for the first quarter, the first 6 months, the first 9 months and the year, sent some
days after the period ends); monthly and other quarterly reports may be made but are not owed. Marked unconfirmed;
a committee's own instruction (or the superior's guidance, e.g. a Ban Tổ chức document) replaces it by a new row
from the day it applies. Like every rule code, it starts on 1930-02-03 with no gap.
"""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
PERIODS = {
    "month": {"months": 1, "numbers": 12, "due_days": 5, "required": []},
    "quarter": {"months": 3, "numbers": 4, "due_days": 10, "required": [1]},
    "half_year": {"months": 6, "numbers": 1, "due_days": 10, "required": [1]},
    "nine_months": {"months": 9, "numbers": 1, "due_days": 10, "required": [1]},
    "year": {"months": 12, "numbers": 1, "due_days": 15, "required": [1]},
}
NOTE = ("Kỳ báo cáo và thời hạn gửi báo cáo định kỳ chưa đối chiếu văn bản gốc (SOURCES-2026 §1: \"cấu hình được, "
        "chưa xác nhận\"): giá trị là giả định của dangbo theo thực tế thường gặp (quý I, 6 tháng, 9 tháng, năm; "
        "gửi sau khi hết kỳ một số ngày).")


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    Rule.objects.update_or_create(code="periodic_report_periods", effective_from=START, defaults=dict(
        label="Các kỳ báo cáo định kỳ công tác xây dựng Đảng và thời hạn gửi", value=PERIODS, unit="",
        regulation="Hướng dẫn của cấp ủy cấp trên về chế độ báo cáo (chưa xác định văn bản)", effective_to=None,
        unconfirmed=True, note=NOTE))


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code="periodic_report_periods").delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_periodic_report"), ("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
