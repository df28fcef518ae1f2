"""The Bloc's standard processes, version 1, following the agenda of HD 12-HD/BTCTW and HD 42-HD/BTCTW."""

import datetime

from django.db import migrations

REGULAR = [
    ("guests", "Giới thiệu đại biểu, khách mời"),
    ("attendance", "Điểm danh: tổng số đảng viên (chính thức, dự bị), số được miễn sinh hoạt, số có mặt, "
                   "số vắng (ghi rõ họ tên, lý do)"),
    ("agenda", "Thông qua chương trình sinh hoạt"),
    ("meeting_secretary", "Cử thư ký buổi sinh hoạt"),
    ("news", "Thông tin thời sự, văn bản mới của cấp trên"),
    ("previous_resolution", "Kiểm điểm việc thực hiện nghị quyết tháng trước"),
    ("discussion", "Thảo luận"),
    ("tasks", "Phương hướng, nhiệm vụ tháng tới"),
    ("vote", "Biểu quyết thông qua nghị quyết"),
    ("admissions", "Xét kết nạp, công nhận đảng viên chính thức (khi đến hạn)"),
    ("dues", "Thu đảng phí"),
    ("self_assessment", "Tự đánh giá chất lượng buổi sinh hoạt"),
    ("minutes", "Thông qua biên bản"),
]
THEMATIC = [
    ("guests", "Giới thiệu đại biểu, khách mời"),
    ("attendance", "Điểm danh đảng viên"),
    ("agenda", "Thông qua chương trình sinh hoạt chuyên đề"),
    ("meeting_secretary", "Cử thư ký buổi sinh hoạt"),
    ("topic", "Trình bày chuyên đề"),
    ("discussion", "Thảo luận, liên hệ thực tiễn"),
    ("vote", "Kết luận, biểu quyết"),
    ("self_assessment", "Tự đánh giá chất lượng buổi sinh hoạt"),
    ("minutes", "Thông qua biên bản"),
]
EXTRAORDINARY = [
    ("guests", "Giới thiệu đại biểu, khách mời"),
    ("attendance", "Điểm danh đảng viên"),
    ("agenda", "Thông qua nội dung sinh hoạt bất thường"),
    ("meeting_secretary", "Cử thư ký buổi sinh hoạt"),
    ("discussion", "Thảo luận"),
    ("vote", "Biểu quyết"),
    ("minutes", "Thông qua biên bản"),
]
TEMPLATES = [
    ("regular", "Quy trình sinh hoạt chi bộ định kỳ", REGULAR),
    ("thematic", "Quy trình sinh hoạt chi bộ chuyên đề", THEMATIC),
    ("extraordinary", "Quy trình sinh hoạt chi bộ bất thường", EXTRAORDINARY),
]


def seed(apps, schema_editor):
    Template = apps.get_model("meetings", "ProcessTemplate")
    Step = apps.get_model("meetings", "ProcessStep")
    for kind, title, steps in TEMPLATES:
        template, _created = Template.objects.get_or_create(
            kind=kind, version=1,
            defaults={"title": title, "published_on": datetime.date(2018, 1, 18),
                      "note": "Theo HD 12-HD/BTCTW ngày 18/01/2018; Đảng ủy Khối ban hành lại khi có hướng dẫn mới."},
        )
        for order, (code, step_title) in enumerate(steps, start=1):
            Step.objects.get_or_create(template=template, order=order, defaults={"code": code, "title": step_title})


def unseed(apps, schema_editor):
    apps.get_model("meetings", "ProcessTemplate").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
