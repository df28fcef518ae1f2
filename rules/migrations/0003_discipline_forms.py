import datetime

from django.db import migrations

QD69 = "QĐ 69-QĐ/TW ngày 06/7/2022, sửa đổi bởi QĐ 264-QĐ/TW năm 2025"
RULES = [
    ("discipline_forms_organization", "Hình thức kỷ luật tổ chức đảng", ["reprimand", "warning", "dissolution"]),
    ("discipline_forms_full_member", "Hình thức kỷ luật đảng viên chính thức",
     ["reprimand", "warning", "removal_from_post", "expulsion"]),
    ("discipline_forms_probationary_member", "Hình thức kỷ luật đảng viên dự bị", ["reprimand", "warning"]),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, value in RULES:
        Rule.objects.update_or_create(
            code=code, effective_from=datetime.date(2022, 7, 6),
            defaults=dict(label=label, value=value, unit="", regulation=QD69, effective_to=None, unconfirmed=False),
        )
        Rule.objects.update_or_create(
            code=code, effective_from=datetime.date(1930, 2, 3),
            defaults=dict(label=label, value=value, unit="", regulation="Điều lệ Đảng; quy định trước QĐ 69",
                          effective_to=datetime.date(2022, 7, 6), unconfirmed=True,
                          note="Giá trị trước QĐ 69 chưa được đối chiếu văn bản gốc; giả định như hiện hành."),
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
