"""The bounds of every date typed into dangbo, as rule data (core.validation.DateBounds reads them through the
provider rules/bounds.py registers): the founding day as the floor, the oldest birth date, how far ahead a plan may
run. Only the first is a fact of the Party's history; the other two are dangbo's own sanity bounds and say so."""

import datetime

from django.db import migrations

ORIGIN = datetime.date(1930, 2, 3)
SETTING = "Cài đặt kiểm tra dữ liệu của dangbo (không phải quy định)"
# (code, label, value, unit, regulation, unconfirmed, note)
RULES = [
    ("dates_earliest", "Ngày sớm nhất được nhập (ngày thành lập Đảng)", "1930-02-03", "ngày",
     "Lịch sử Đảng: Hội nghị thành lập Đảng Cộng sản Việt Nam, ngày 03/02/1930", False,
     "Không hồ sơ nào của Đảng có ngày trước ngày thành lập Đảng; dữ liệu quy định cũng bắt đầu từ ngày này. "
     "RULES.md không ghi mốc này: nguồn là lịch sử Đảng."),
    ("dates_birth_max_age", "Ngày sinh không quá số năm này trước hôm nay", 120, "năm", SETTING, False,
     "Giới hạn hợp lý do dangbo đặt để chặn ngày sinh nhập nhầm (ví dụ 01/01/0001), không do văn bản nào quy định; "
     "ngày sinh cũng không được sau hôm nay."),
    ("dates_years_ahead", "Ngày dự kiến không quá số năm này sau hôm nay", 10, "năm", SETTING, False,
     "Giới hạn hợp lý do dangbo đặt (một nhiệm kỳ là 5 năm, không kế hoạch nào tính trước hàng chục năm) để chặn "
     "ngày nhập nhầm như 31/12/9999; không do văn bản nào quy định."),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, value, unit, regulation, unconfirmed, note in RULES:
        Rule.objects.update_or_create(
            code=code, effective_from=ORIGIN,
            defaults=dict(label=label, value=value, unit=unit, regulation=regulation, effective_to=None,
                          unconfirmed=unconfirmed, note=note),
        )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0007_current_citations")]
    operations = [migrations.RunPython(seed, unseed)]
