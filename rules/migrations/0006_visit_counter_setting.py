import datetime

from django.db import migrations

CODE = "working_group_visits_counted_since"


def seed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.update_or_create(
        code=CODE, effective_from=datetime.date(1930, 2, 3),
        defaults=dict(label="Đếm lượt tổ công tác dự sinh hoạt chi bộ kể từ ngày", value="2017-01-01", unit="ngày",
                      regulation="Cài đặt nghiệp vụ của Đảng ủy Khối (không phải quy định)", effective_to=None,
                      unconfirmed=False,
                      note="Mốc của bài viết 14/5/2018: \"từ năm 2017 đến nay, 74 lượt cán bộ dự sinh hoạt chi bộ\"."),
    )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0005_meeting_rules")]
    operations = [migrations.RunPython(seed, unseed)]
