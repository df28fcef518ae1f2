"""The quality review rules as data (QĐ 366-QĐ/TW of 30/8/2025 with HD 43-HD/BTCTW; before it QĐ 124-QĐ/TW of 2023
with HD 25, QĐ 132-QĐ/TW of 2018 with HD 16 and HD 21). Like every rule code, each starts on 1930-02-03 with no gap.

- review_rating_thresholds: the lowest points of each level on the 100-point scale and its two parts
  ({"excellent": 90, "good": 70, "complete": 50, "general_max": 30, "tasks_max": 70}); below "complete" is
  "not complete". QĐ 132 and QĐ 124 rated on criteria, not points: their years keep QĐ 366's thresholds, marked
  unconfirmed, so that points entered for those years read as a level (the rating decided is what counts).
- review_excellent_cap_percent: excellent at most this share of those rated good, in one decision.
- review_disciplined_member_max_rating: the best rating a member disciplined in the period may get.
- review_disciplined_subordinate_max_rating: the best rating of an organisation one of whose directly subordinate
  organisations was disciplined in the period.
- review_member_groups: which members a campaign reviews and rates (full, probationary, exempt from work and
  meetings): "rated", "not_rated" (listed, may self-assess, no rating) or "excluded".
"""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
QD366 = datetime.date(2025, 8, 30)
THRESHOLDS = {"excellent": 90, "good": 70, "complete": 50, "general_max": 30, "tasks_max": 70}
GROUPS = {"full": "rated", "probationary": "rated", "exempt": "not_rated"}
GROUPS_NOTE = ("Đảng viên dự bị kiểm điểm và được xếp loại như đảng viên chính thức; đảng viên được miễn công tác và "
               "sinh hoạt đảng không xếp loại (nếu tự nguyện thì tự kiểm điểm, báo cáo chi bộ). Chưa đối chiếu văn bản "
               "gốc.")
DISCIPLINED_NOTE = (
    "Chọn mức thấp nhất (không hoàn thành) vì: Nghị định 335/2025/NĐ-CP xếp loại không hoàn thành nhiệm vụ công chức bị "
    "kỷ luật trong năm; các hướng dẫn của Ban Tổ chức Trung ương theo QĐ 132, QĐ 124 nêu đảng viên bị thi hành kỷ luật "
    "trong năm trong tiêu chí không hoàn thành nhiệm vụ (một vi phạm chỉ tính một lần, theo ngày quyết định kỷ luật). "
    "Quy định tương ứng của QĐ 366/HD 43 chưa đối chiếu: sửa giá trị này khi có văn bản.")

# code, label, unit, [(start, end, value, regulation, unconfirmed, note)]
RULES = [
    ("review_rating_thresholds", "Ngưỡng điểm các mức xếp loại chất lượng (thang 100 điểm)", "điểm", [
        (START, QD366, THRESHOLDS, "Trước QĐ 366-QĐ/TW (QĐ 132-QĐ/TW năm 2018, QĐ 124-QĐ/TW năm 2023)", True,
         "QĐ 132 và QĐ 124 xếp loại theo tiêu chí, không theo thang điểm: áp dụng ngưỡng của QĐ 366 để quy điểm tự "
         "chấm ra mức; mức cấp có thẩm quyền quyết định là mức được ghi nhận."),
        (QD366, None, THRESHOLDS, "QĐ 366-QĐ/TW ngày 30/8/2025, Điều 11", False,
         "Tiêu chí chung 30 điểm, kết quả thực hiện nhiệm vụ 70 điểm. Điều kiện thêm của mức xuất sắc (100 % nhiệm vụ, "
         "ít nhất 30 % vượt mức) do cấp quyết định xem xét."),
    ]),
    ("review_excellent_cap_percent", "Tỷ lệ hoàn thành xuất sắc tối đa so với số được xếp loại hoàn thành tốt", "%", [
        (START, QD366, 20, "HD 21-HD/BTCTW (2019) theo QĐ 132; HD 25-HD/BTCTW (2023) theo QĐ 124", True,
         "Trước HD 21 giả định như HD 21. Áp dụng trong một lần quyết định (một chi bộ hoặc một đảng bộ cơ sở)."),
        (QD366, None, 20, "QĐ 366-QĐ/TW ngày 30/8/2025 (tỷ lệ theo HD 21, HD 25)", True,
         "Tỷ lệ 20 % cho đảng viên theo QĐ 366/HD 43 chưa đối chiếu (Nghị định 335/2025/NĐ-CP áp dụng 20 % cho công "
         "chức)."),
    ]),
    ("review_disciplined_member_max_rating", "Mức xếp loại cao nhất của đảng viên bị kỷ luật trong kỳ", "", [
        (START, QD366, "not_complete", "Hướng dẫn theo QĐ 132-QĐ/TW (2018), QĐ 124-QĐ/TW (2023)", True,
         DISCIPLINED_NOTE),
        (QD366, None, "not_complete", "QĐ 366-QĐ/TW ngày 30/8/2025", True, DISCIPLINED_NOTE),
    ]),
    ("review_disciplined_subordinate_max_rating",
     "Mức xếp loại cao nhất của tổ chức đảng có tổ chức trực thuộc bị kỷ luật trong kỳ", "", [
        (START, QD366, "good", "Trước QĐ 366-QĐ/TW (QĐ 132, QĐ 124)", True, "Giả định như QĐ 366."),
        (QD366, None, "good", "QĐ 366-QĐ/TW ngày 30/8/2025, Điều 11", False,
         "Không có tổ chức trực thuộc và thành viên tập thể lãnh đạo bị kỷ luật mới được xếp loại xuất sắc (thành viên "
         "tập thể lãnh đạo: chưa kiểm tra tự động)."),
    ]),
    ("review_member_groups", "Đối tượng kiểm điểm, xếp loại đảng viên", "", [
        (START, QD366, GROUPS, "Hướng dẫn của Ban Tổ chức Trung ương theo QĐ 132, QĐ 124 (HD 16, HD 25)", True,
         GROUPS_NOTE),
        (QD366, None, GROUPS, "QĐ 366-QĐ/TW ngày 30/8/2025 và HD 43-HD/BTCTW", True, GROUPS_NOTE),
    ]),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code, label, unit, versions in RULES:
        for start, end, value, regulation, unconfirmed, note in versions:
            Rule.objects.update_or_create(code=code, effective_from=start, defaults=dict(
                label=label, value=value, unit=unit, regulation=regulation, effective_to=end,
                unconfirmed=unconfirmed, note=note))


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code__in=[code for code, *_ in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
