import datetime

from django.db import migrations

D = datetime.date
CHARTER = "Điều lệ Đảng; QĐ 232-QĐ/TW ngày 20/01/2025"
OLDER = "Điều lệ Đảng; QĐ 24-QĐ/TW ngày 30/7/2021"
PROPOSAL = "Kiến nghị của Đảng ủy Khối Các cơ quan tỉnh Vĩnh Phúc (buổi làm việc ngày 14/5/2018)"
SETTING = "Cài đặt nghiệp vụ của Đảng ủy Khối (không phải quy định)"
# (code, label, value, unit, regulation, unconfirmed, note, in force from; the Charter's rules get an older
# copy before QĐ 232 like the other Charter rules)
RULES = [
    ("superior_committee_term_years", "Nhiệm kỳ đại hội đảng bộ cấp trên cơ sở", 5, "năm", CHARTER, False, "", None),
    ("cell_congress_postponement_months",
     "Đại hội chi bộ trực thuộc, đảng bộ bộ phận được tổ chức sớm hoặc muộn hơn (khi được cấp trên đồng ý)", 6,
     "tháng", CHARTER, False, "", None),
    ("cell_committee_min_size", "Số chi ủy viên tối thiểu khi chi bộ bầu chi ủy", 3, "người", CHARTER, True,
     "Điều lệ không nêu con số; 3 (bí thư, phó bí thư, chi ủy viên) là thực tế phổ biến.", None),
    ("congress_notice_months", "Nhắc việc chuẩn bị đại hội trước hạn", 6, "tháng", SETTING, False,
     "Khoảng thời gian hệ thống báo \"sắp đến hạn đại hội\"; Đảng ủy Khối tự điều chỉnh.", D(1930, 2, 3)),
    ("full_time_post_member_threshold",
     "Đảng bộ cơ sở có từ số đảng viên này trở lên được bố trí 1 biên chế chuyên trách công tác Đảng (đề xuất)", 200,
     "đảng viên", PROPOSAL, True,
     "Đề xuất của Đảng ủy Khối gửi Trung ương, chưa phải quy định; dùng cho trang phân tích biên chế.", D(1930, 2, 3)),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, value, unit, regulation, unconfirmed, note, since in RULES:
        start = since or D(2025, 1, 20)
        Rule.objects.update_or_create(
            code=code, effective_from=start,
            defaults=dict(label=label, value=value, unit=unit, regulation=regulation, effective_to=None,
                          unconfirmed=unconfirmed, note=note),
        )
        if since is None:
            Rule.objects.update_or_create(
                code=code, effective_from=D(1930, 2, 3),
                defaults=dict(label=label, value=value, unit=unit, regulation=OLDER, effective_to=start,
                              unconfirmed=True,
                              note="Giá trị trước QĐ 232 chưa được đối chiếu văn bản gốc; giả định như hiện hành."),
            )


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_discipline_forms")]
    operations = [migrations.RunPython(seed, unseed)]
