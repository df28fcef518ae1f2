import datetime

from django.db import migrations

D = datetime.date
CHARTER = "Điều lệ Đảng; QĐ 232-QĐ/TW ngày 20/01/2025"
# (code, label, value, unit, regulation, effective_from, effective_to, unconfirmed)
RULES = [
    ("cell_min_full_members", "Số đảng viên chính thức tối thiểu của một chi bộ", 3, "đảng viên", CHARTER,
     D(2025, 1, 20), None, False),
    ("grassroots_committee_min_members", "Tổ chức cơ sở đảng có từ số đảng viên này trở lên là đảng bộ cơ sở",
     30, "đảng viên", CHARTER, D(2025, 1, 20), None, False),
    ("cell_committee_min_full_members", "Chi bộ có từ số đảng viên chính thức này trở lên bầu chi ủy", 9,
     "đảng viên", CHARTER, D(2025, 1, 20), None, False),
    ("cell_committee_max_size", "Số chi ủy viên tối đa", 7, "người", CHARTER, D(2025, 1, 20), None, False),
    ("grassroots_committee_term_years", "Nhiệm kỳ đại hội đảng bộ cơ sở", 5, "năm", CHARTER, D(2025, 1, 20),
     None, False),
    ("cell_congresses_per_five_years", "Số lần đại hội chi bộ trực thuộc trong 5 năm", 2, "lần", CHARTER,
     D(2025, 1, 20), None, False),
    ("admission_min_age", "Tuổi tối thiểu khi kết nạp", 18, "tuổi", CHARTER, D(2025, 1, 20), None, False),
    ("admission_max_age", "Tuổi tối đa khi kết nạp", 60, "tuổi", CHARTER, D(2025, 1, 20), None, False),
    ("induction_within_working_days", "Tổ chức lễ kết nạp trong thời hạn kể từ ngày có quyết định", 30,
     "ngày làm việc", CHARTER, D(2025, 1, 20), None, False),
    ("probation_months", "Thời gian dự bị", 12, "tháng", CHARTER, D(2025, 1, 20), None, False),
    ("full_membership_review_working_days", "Chi bộ xét công nhận chính thức trong thời hạn sau khi hết dự bị",
     30, "ngày làm việc", CHARTER, D(2025, 1, 20), None, False),
    ("permanent_transfer_paperwork_working_days", "Hoàn thành thủ tục chuyển sinh hoạt chính thức", 60,
     "ngày làm việc", CHARTER, D(2025, 1, 20), None, False),
    ("permanent_transfer_present_working_days", "Đảng viên xuất trình giấy giới thiệu sinh hoạt", 30,
     "ngày làm việc", CHARTER, D(2025, 1, 20), None, False),
    ("temporary_transfer_min_months", "Vắng mặt từ số tháng này thì chuyển sinh hoạt tạm thời", 3, "tháng",
     CHARTER, D(2025, 1, 20), None, False),
    ("temporary_transfer_max_months", "Thời hạn sinh hoạt tạm thời (dưới)", 12, "tháng", CHARTER,
     D(2025, 1, 20), None, False),
    ("temporary_transfer_max_months_study", "Thời hạn sinh hoạt tạm thời khi đi học (tối đa)", 24, "tháng",
     CHARTER, D(2025, 1, 20), None, False),
]
# Before QĐ 232 the same numbers came from the Charter and QĐ 24-QĐ/TW (2022); the old records need a rule too.
OLDER = "Điều lệ Đảng; QĐ 24-QĐ/TW ngày 30/7/2021"


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, value, unit, regulation, start, end, unconfirmed in RULES:
        Rule.objects.update_or_create(
            code=code, effective_from=start,
            defaults=dict(label=label, value=value, unit=unit, regulation=regulation, effective_to=end,
                          unconfirmed=unconfirmed),
        )
        Rule.objects.update_or_create(
            code=code, effective_from=D(1930, 2, 3),
            defaults=dict(label=label, value=value, unit=unit, regulation=OLDER, effective_to=start,
                          unconfirmed=True,
                          note="Giá trị trước QĐ 232 chưa được đối chiếu văn bản gốc; giả định như hiện hành."),
        )


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
