"""The Party badge rules as data (HD 01-HD/TW of 28/9/2021; whether HD 06-HD/TW of 9/6/2025 changed them is not
confirmed, nor is the era before HD 01, which keeps its values).

Like every rule code, each starts on 1930-02-03 with no gap.
- badge_milestone_years: the years of Party age a badge is given for;
- badge_presentation_days: the days of the year badges are presented, as "day/month";
- badge_illness_early_months: how many months early a seriously ill member may receive a badge, by band of
  milestones: {"30": 12, "70": 24} = 12 months for the badges of 30 to 65 years, 24 from the badge of 70 years;
- badge_posthumous_early_months: how many months short of a milestone a member who died may still receive it;
- badge_reminder_days: a setting of dangbo, not a regulation: how many days before a presentation date the cell and
  the committee are reminded on their home page.
"""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
HD01 = datetime.date(2021, 9, 28)
HD06 = datetime.date(2025, 6, 9)
MILESTONES = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
DAYS = ["3/2", "19/5", "2/9", "7/11"]
ILLNESS = {"30": 12, "70": 24}
SECONDARY = ("Theo nguồn thứ cấp (tintuc.thuvienphapluat.com), chưa đối chiếu văn bản gốc.")
ERAS = [
    (START, HD01, "Các hướng dẫn thi hành Điều lệ Đảng trước HD 01-HD/TW năm 2021",
     "Chưa đối chiếu văn bản của thời kỳ này; giá trị giữ như HD 01-HD/TW."),
    (HD01, HD06, "HD 01-HD/TW ngày 28/9/2021 hướng dẫn một số vấn đề cụ thể thi hành Điều lệ Đảng", SECONDARY),
    (HD06, None, "HD 06-HD/TW ngày 09/6/2025 hướng dẫn thi hành Điều lệ Đảng",
     "Chưa xác nhận HD 06-HD/TW có thay đổi quy định về Huy hiệu Đảng hay không; giữ như HD 01-HD/TW năm 2021."),
]
SETTING = "Cài đặt nghiệp vụ của dangbo (không phải quy định)"

# code, label, unit, value (the same in every era)
REGULATED = [
    ("badge_milestone_years", "Các mốc tuổi đảng được xét tặng Huy hiệu Đảng", "năm", MILESTONES),
    ("badge_presentation_days", "Các ngày trao tặng Huy hiệu Đảng trong năm", "", DAYS),
    ("badge_illness_early_months", "Đảng viên ốm nặng được xét tặng Huy hiệu Đảng sớm hơn, theo mốc", "tháng",
     ILLNESS),
    ("badge_posthumous_early_months", "Đảng viên đã từ trần được xét truy tặng Huy hiệu Đảng khi còn thiếu tối đa",
     "tháng", 12),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, unit, value in REGULATED:
        for start, end, regulation, note in ERAS:
            Rule.objects.update_or_create(code=code, effective_from=start, defaults=dict(
                label=label, value=value, unit=unit, regulation=regulation, effective_to=end, unconfirmed=True,
                note=note))
    Rule.objects.update_or_create(code="badge_reminder_days", effective_from=START, defaults=dict(
        label="Nhắc chi bộ, đảng ủy lập danh sách đề nghị tặng Huy hiệu Đảng trước ngày trao", value=60, unit="ngày",
        regulation=SETTING, effective_to=None, unconfirmed=False,
        note="Không phải quy định: hạn gửi danh sách lên cấp trên chưa được xác nhận; đơn vị tự điều chỉnh."))


def unseed(apps, schema_editor):
    codes = [code for code, *_ in REGULATED] + ["badge_reminder_days"]
    apps.get_model("rules", "Rule").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("badges", "0001_initial"), ("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
