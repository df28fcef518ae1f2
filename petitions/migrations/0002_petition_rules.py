"""Rule data for petitions (RULES.md, inspection, supervision and discipline). Seeded here, not in `rules`,
so that this app's rules travel with it; every code's history starts on 03/02/1930 without gaps."""

import datetime

from django.db import migrations

D = datetime.date
ORIGIN = D(1930, 2, 3)
QD296_ON = D(2025, 5, 30)
BEFORE = "QĐ 30-QĐ/TW 2016; QĐ 22-QĐ/TW 2021 (thi hành Chương VII, VIII Điều lệ Đảng)"
QD296 = "QĐ 296-QĐ/TW ngày 30/5/2025 về công tác kiểm tra, giám sát và kỷ luật của Đảng"
UNCONFIRMED_296 = "Chưa đối chiếu với văn bản QĐ 296-QĐ/TW; giữ như quy định trước."
GROUNDS = ["anonymous", "false_identity", "repeated", "vague", "unsigned_copy", "multiple_signatories"]
# The competent level for each kind of case and subject: "grassroots" = the grassroots organisation the subject
# belongs to (itself when it is one, or a superior committee); "superior" = the committee directly above the
# subject organisation (the root handles its own).
JURISDICTION = {
    "denunciation": {"member": "grassroots", "organization": "superior"},
    "complaint_discipline": {"member": "superior", "organization": "superior"},
    "complaint": {"member": "grassroots", "organization": "superior"},
    "feedback": {"member": "grassroots", "organization": "grassroots"},
}
# code, label, unit, [(value, regulation, effective_from, effective_to, unconfirmed, note)]
RULES = [
    ("petition_denunciation_settlement_days", "Thời hạn giải quyết tố cáo (cấp tỉnh trở xuống)", "ngày", [
        (90, BEFORE, ORIGIN, QD296_ON, False, "Cấp Trung ương: 180 ngày."),
        (90, QD296, QD296_ON, None, False, "Cấp Trung ương: 180 ngày."),
    ]),
    ("petition_complaint_settlement_working_days", "Thời hạn giải quyết khiếu nại (cấp tỉnh trở xuống)",
     "ngày làm việc", [
        (90, BEFORE, ORIGIN, QD296_ON, False, "Cấp Trung ương: 180 ngày làm việc."),
        (90, QD296, QD296_ON, None, True, UNCONFIRMED_296),
    ]),
    ("discipline_complaint_window_months", "Thời hạn khiếu nại quyết định kỷ luật, kể từ ngày nhận quyết định",
     "tháng", [
        (1, BEFORE, ORIGIN, QD296_ON, False, "Quyết định kỷ luật vẫn có hiệu lực trong thời gian khiếu nại."),
        (1, QD296, QD296_ON, None, True, UNCONFIRMED_296),
    ]),
    ("petition_not_handled_grounds", "Đơn không xem xét, giải quyết", "", [
        (GROUNDS, BEFORE, ORIGIN, QD296_ON, False,
         "Nặc danh, mạo danh hoặc không rõ địa chỉ; gửi lại không có chứng cứ mới; nội dung không cụ thể; bản sao "
         "không có chữ ký trực tiếp; đơn có từ hai người trở lên cùng ký. Đơn vừa khiếu nại vừa tố cáo: chỉ giải "
         "quyết khiếu nại, hướng dẫn người gửi tách nội dung tố cáo."),
        (GROUNDS, QD296, QD296_ON, None, True, UNCONFIRMED_296),
    ]),
    ("petition_jurisdiction", "Thẩm quyền giải quyết đơn theo loại việc và đối tượng", "", [
        (JURISDICTION, BEFORE, ORIGIN, QD296_ON, True,
         "Mã hóa giản lược: tố cáo đảng viên do tổ chức cơ sở đảng nơi đảng viên sinh hoạt giải quyết; tố cáo tổ "
         "chức đảng và khiếu nại kỷ luật do cấp ủy cấp trên trực tiếp giải quyết."),
        (JURISDICTION, QD296, QD296_ON, None, True, UNCONFIRMED_296),
    ]),
    ("petition_due_soon_days", "Báo đơn sắp đến hạn giải quyết trước", "ngày", [
        (10, "Cài đặt nghiệp vụ của hệ thống (không phải quy định)", ORIGIN, None, False, ""),
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
    dependencies = [("petitions", "0001_initial"), ("rules", "0006_visit_counter_setting")]
    operations = [migrations.RunPython(seed, unseed)]
