import datetime

from django.db import migrations

D = datetime.date
CHARTER = "Điều lệ Đảng, Điều 24; QĐ 232-QĐ/TW ngày 20/01/2025"
HD12 = "HD 12-HD/BTCTW ngày 18/01/2018 về sinh hoạt chi bộ"
HD42 = "Chỉ thị 50-CT/TW; HD 42-HD/BTCTW ngày 28/10/2025 về nâng cao chất lượng sinh hoạt chi bộ"
BEFORE_HD42 = "Trước HD 42-HD/BTCTW: không quy định"
# code, label, unit, [(value, regulation, effective_from, effective_to, unconfirmed, note)]
RULES = [
    ("cell_meetings_regular_per_month", "Số lần sinh hoạt chi bộ định kỳ mỗi tháng", "lần", [
        (1, CHARTER, D(1930, 2, 3), None, False, ""),
    ]),
    ("cell_meetings_thematic_per_quarter", "Số lần sinh hoạt chuyên đề tối thiểu mỗi quý", "lần", [
        (1, HD12, D(1930, 2, 3), None, False, "Sinh hoạt chuyên đề không thay thế sinh hoạt định kỳ của tháng."),
    ]),
    ("meeting_good_attendance_percent", "Sinh hoạt có chất lượng tốt: tỷ lệ đảng viên dự họp trên mức này", "%", [
        (85, HD12, D(1930, 2, 3), None, False, "Không tính đảng viên được miễn công tác và sinh hoạt đảng."),
    ]),
    ("meeting_max_excused_streak", "Không có đảng viên vắng có lý do quá số lần liên tiếp này trong năm", "lần", [
        (3, HD12, D(1930, 2, 3), None, False, ""),
    ]),
    ("meeting_min_minutes", "Thời lượng tối thiểu một buổi sinh hoạt chi bộ", "phút", [
        (0, BEFORE_HD42, D(1930, 2, 3), D(2025, 10, 28), False, "0 = không có yêu cầu về thời lượng."),
        (90, HD42, D(2025, 10, 28), None, False, ""),
    ]),
    ("meeting_min_minutes_thematic", "Thời lượng tối thiểu khi sinh hoạt có chuyên đề", "phút", [
        (0, BEFORE_HD42, D(1930, 2, 3), D(2025, 10, 28), False, "0 = không có yêu cầu về thời lượng."),
        (120, HD42, D(2025, 10, 28), None, False, ""),
    ]),
    ("meeting_documents_days_before", "Tài liệu đến đảng viên trước buổi sinh hoạt ít nhất", "ngày", [
        (0, BEFORE_HD42, D(1930, 2, 3), D(2025, 10, 28), False, "0 = không có yêu cầu."),
        (1, HD42, D(2025, 10, 28), None, False, "Trên sổ tay đảng viên điện tử."),
    ]),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, unit, rows in RULES:
        for value, regulation, start, end, unconfirmed, note in rows:
            Rule.objects.update_or_create(
                code=code, effective_from=start,
                defaults=dict(label=label, value=value, unit=unit, regulation=regulation, effective_to=end,
                              unconfirmed=unconfirmed, note=note),
            )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0004_apparatus_rules")]
    operations = [migrations.RunPython(seed, unseed)]
