"""The share of the dues each level keeps before remitting the rest upward (dues_kept_percent), by the tier of the
organisation that keeps it. Neither QĐ 01-QĐ/TW nor any guide reached gives the shares (RULES.md: UNCONFIRMED,
configuration): the values are the Bloc's configuration, from the shares commonly applied under QĐ 342, and
each level's share is taken from what reaches it (its own members' payments and what its subordinates remitted)."""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
SHARES = {"below_grassroots": 30, "grassroots": 50, "superior": 50}
ROWS = [
    (START, None, SHARES, "Cấu hình của Đảng bộ (tỷ lệ trích giữ lại thường áp dụng theo QĐ 342-QĐ/TW)", True,
     "QĐ 01-QĐ/TW và văn bản hướng dẫn chưa được đối chiếu về tỷ lệ trích giữ lại ở mỗi cấp; mỗi cấp trích giữ "
     "lại phần trăm của số đảng phí đến cấp mình (đảng viên nộp trực tiếp và cấp dưới nộp lên đã xác nhận), "
     "nộp phần còn lại lên cấp trên trực tiếp."),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for start, end, value, regulation, unconfirmed, note in ROWS:
        Rule.objects.update_or_create(code="dues_kept_percent", effective_from=start, defaults=dict(
            label="Tỷ lệ đảng phí mỗi cấp được trích giữ lại", value=value, unit="%", regulation=regulation,
            effective_to=end, unconfirmed=unconfirmed, note=note))


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code="dues_kept_percent").delete()


class Migration(migrations.Migration):
    dependencies = [("dues", "0003_remittance"), ("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
