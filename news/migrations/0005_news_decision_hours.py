"""The time a violating item on the news site must be gone within, as rule data (SOURCES-2026 §7, open point 9).

- news_decision_hours: Decree 147/2024/NĐ-CP (09/11/2024, in force 25/12/2024) has violating content blocked or
  removed within 24 hours. Whether a Party committee's own portal falls under it (a "trang thông tin điện tử tổng
  hợp", an agency's internal site or neither) is UNCONFIRMED, so the rule is marked so; the queues of comments and
  complaints mark what waits longer.
Like every rule code it starts on 1930-02-03 with no gap: before Decree 147 (Decrees 72/2013 and 27/2018, not checked
against their texts for this figure) the same value is kept.
"""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
DECREE_147 = datetime.date(2024, 12, 25)
LABEL = "Nội dung vi phạm trên trang tin (bình luận, phản ánh) phải được xử lý trong"
ERAS = [
    (START, DECREE_147, "Các nghị định về quản lý trang thông tin điện tử trước Nghị định 147/2024/NĐ-CP "
                        "(Nghị định 72/2013/NĐ-CP, Nghị định 27/2018/NĐ-CP)",
     "Chưa đối chiếu các nghị định trước Nghị định 147 về thời hạn này; giữ như Nghị định 147."),
    (DECREE_147, None, "Nghị định 147/2024/NĐ-CP ngày 09/11/2024 (hiệu lực từ 25/12/2024)",
     "Gỡ bỏ nội dung vi phạm trong 24 giờ. Chưa xác định trang tin của cấp ủy Đảng có thuộc phạm vi Nghị định 147 "
     "hay không."),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for start, end, regulation, note in ERAS:
        Rule.objects.update_or_create(code="news_decision_hours", effective_from=start, defaults=dict(
            label=LABEL, value=24, unit="giờ", regulation=regulation, effective_to=end, unconfirmed=True, note=note))


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code="news_decision_hours").delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0004_article_source_record"), ("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
