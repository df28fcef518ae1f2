"""The basic statistics forms dangbo fills, as rule data (HD 11-HD/BTCTW of 13/12/2021 "thực hiện biểu mẫu thống kê
cơ bản về công tác tổ chức xây dựng Đảng"; SOURCES-2026 §5 and open point 6).

- statistics_forms: {form key: the form's code as printed on its sheet}. The official list of HD 11's form codes and
  names, its periods and deadlines are UNCONFIRMED (the text seen stops at its introduction), and HD 11 may have been
  revised after QĐ 294 / HD 06 of 2025: the codes here are dangbo's own provisional numbering ("TK-…"), to be
  replaced by a new row from the day the real codes are confirmed. The dimensions themselves (members by age band,
  gender, ethnic group, religion, education, professional and theory level; admissions, transfers, losses;
  organisations; committee members) are those HD 11 and the typical district tables report.
Like every rule code, it starts on 1930-02-03 with no gap; before HD 11 (HD 09-HD/BTCTW of 05/6/2017 and earlier) the
same value is kept, not checked against those texts.
"""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
HD09 = datetime.date(2017, 6, 5)
HD11 = datetime.date(2021, 12, 13)
FORMS = {"members": "TK-1", "movements": "TK-2", "organizations": "TK-3", "committees": "TK-4"}
ERAS = [
    (START, HD09, "Các hướng dẫn thống kê của Ban Tổ chức Trung ương trước HD 09-HD/BTCTW năm 2017",
     "Chưa đối chiếu văn bản của thời kỳ này; giữ như HD 11-HD/BTCTW."),
    (HD09, HD11, "HD 09-HD/BTCTW ngày 05/6/2017 về biểu mẫu thống kê cơ bản",
     "Chưa đối chiếu HD 09-HD/BTCTW (và CV 3296-CV/BTCTW tháng 7/2017 đi kèm); giữ như HD 11-HD/BTCTW."),
    (HD11, None, "HD 11-HD/BTCTW ngày 13/12/2021 thực hiện biểu mẫu thống kê cơ bản về công tác tổ chức xây dựng Đảng",
     "Số hiệu và tên chính thức của các biểu, kỳ báo cáo và thời hạn chưa đối chiếu văn bản gốc: các số hiệu TK-… là "
     "số tạm của dangbo."),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for start, end, regulation, note in ERAS:
        Rule.objects.update_or_create(code="statistics_forms", effective_from=start, defaults=dict(
            label="Các biểu thống kê cơ bản và số hiệu của chúng", value=FORMS, unit="", regulation=regulation,
            effective_to=end, unconfirmed=True, note=note))


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code="statistics_forms").delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
