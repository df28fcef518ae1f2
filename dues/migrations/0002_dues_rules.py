"""The dues rules as data (QĐ 01-QĐ/TW, in force from 1/2/2026; QĐ 342-QĐ/TW from 1/4/2011 before it).

Like every rule code, each starts on 1930-02-03 with no gap; the years before QĐ 342 keep QĐ 342's values, marked
unconfirmed. `dues_rates` maps each category to how its monthly dues are reckoned:
- {"percent": p, "of": "previous_month" | "same_month"}: p % of the basis amount in force that month;
- {"amount": a}: a fixed amount (đồng);
- {"set_by_cell": true, "min": a, "max": b}: the amount the cell recorded on the member's basis, within bounds.
"""

import datetime

from django.db import migrations

START = datetime.date(1930, 2, 3)
QD342 = datetime.date(2011, 4, 1)
QD01 = datetime.date(2026, 2, 1)
BEFORE_NOTE = "Giá trị trước QĐ 342 chưa được đối chiếu văn bản gốc; giả định như QĐ 342."

RATES_342 = {
    "salary": {"percent": 1, "of": "same_month"},
    "benefit": {"percent": 1, "of": "same_month"},
    "pension": {"percent": 0.5, "of": "same_month"},
    "student": {"set_by_cell": True, "min": 2000, "max": 30000},
    "other": {"set_by_cell": True, "min": 2000, "max": 30000},
}
RATES_01 = {
    "salary": {"percent": 1, "of": "previous_month"},
    "benefit": {"percent": 1, "of": "same_month"},
    "pension": {"percent": 0.5, "of": "same_month"},
    "student": {"amount": 5000},
    "other": {"set_by_cell": True},
}

# code, label, unit, [(start, end, value, regulation, unconfirmed, note)]
RULES = [
    ("dues_rates", "Mức đóng đảng phí hằng tháng theo đối tượng", "", [
        (START, QD342, RATES_342, "Quy định trước QĐ 342-QĐ/TW", True, BEFORE_NOTE),
        (QD342, QD01, RATES_342, "QĐ 342-QĐ/TW ngày 28/12/2010 (hiệu lực từ 01/4/2011)", False,
         "Học sinh, sinh viên và các đối tượng khác: mức do chi bộ xác định trong khoảng 2.000–30.000 đ."),
        (QD01, None, RATES_01, "QĐ 01-QĐ/TW ban hành 03/02/2026, hiệu lực từ 01/02/2026", True,
         "Mức của đảng viên không hưởng bảo hiểm xã hội (ngoài hưu trí, học sinh, sinh viên) chưa được đối chiếu: "
         "chi bộ ghi mức trên căn cứ đóng của từng đảng viên."),
    ]),
    ("dues_exempt_membership_years", "Miễn đảng phí khi đủ số năm tuổi đảng", "năm", [
        (START, QD01, 0, "Trước QĐ 01-QĐ/TW (QĐ 342-QĐ/TW từ 01/4/2011)", True,
         "Không thấy quy định miễn theo tuổi đảng trước QĐ 01: 0 = không miễn tự động."),
        (QD01, None, 50, "QĐ 01-QĐ/TW ban hành 03/02/2026 (hiệu lực từ 01/02/2026), Điều 5", False, ""),
    ]),
    ("dues_reduction_percents", "Các mức giảm đảng phí khi khó khăn", "%", [
        (START, QD01, [30, 50, 70], "Trước QĐ 01-QĐ/TW (QĐ 342-QĐ/TW từ 01/4/2011)", True, "Giả định như QĐ 01."),
        (QD01, None, [30, 50, 70], "QĐ 01-QĐ/TW ban hành 03/02/2026 (hiệu lực từ 01/02/2026), Điều 5", False, ""),
    ]),
    ("dues_relief_max_months", "Thời gian tối đa của mỗi lần miễn, giảm đảng phí", "tháng", [
        (START, QD01, 12, "Trước QĐ 01-QĐ/TW (QĐ 342-QĐ/TW từ 01/4/2011)", True, "Giả định như QĐ 01."),
        (QD01, None, 12, "QĐ 01-QĐ/TW ban hành 03/02/2026 (hiệu lực từ 01/02/2026), Điều 5", False, ""),
    ]),
    ("dues_unpaid_months_flag", "Số tháng không đóng đảng phí trong năm không có lý do thì chi bộ xem xét xóa tên",
     "tháng", [
        (START, QD01, 3, "Điều lệ Đảng, Điều 8 (đảng viên bỏ sinh hoạt, không đóng đảng phí 3 tháng)", True,
         "QĐ 342 không nêu số tháng; theo Điều lệ Đảng."),
        (QD01, None, 3, "QĐ 01-QĐ/TW ban hành 03/02/2026 (hiệu lực từ 01/02/2026)", False, ""),
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
    dependencies = [("dues", "0001_initial"), ("rules", "0009_rule_revision")]
    operations = [migrations.RunPython(seed, unseed)]
