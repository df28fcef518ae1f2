"""Rule data current to 2025–2026 (issue 13), every row citing the document in force over its own period.

- The Charter's implementing rules: QĐ 45 (2011) and earlier, QĐ 29 (25/7/2016), QĐ 24 (30/7/2021; with HD 01 from
  28/9/2021), QĐ 232 (20/01/2025), QĐ 294 (26/5/2025, in force 1/7/2025, with HD 06 of 9/6/2025). The rows used to
  cite QĐ 24 from 1930 and QĐ 232 with no end; values are unchanged.
- QĐ 294 pilots a cell congress once per five years: a rule of its own from 1/7/2025 that applies to the
  organisation kinds marked as in the pilot (organizations.OrganizationKind), unconfirmed until the pilot's scope
  is confirmed.
- Admission above 60: approved by a committee directly under the Central Committee (now a rule, shown on the
  admission form and the member's record).
- HD 42: 120 minutes only when the regular meeting takes a thematic topic in the same session; a thematic meeting
  held on its own needs the general 90. The rule that said "thematic: 120" is renamed to say what it means.
- HD 12 (18/01/2018) rows no longer reach back to 1930; before it, HD 09-HD/BTCTW of 2012 (unconfirmed).
- Discipline forms: QĐ 69 (06/7/2022), amended by QĐ 264 (14/02/2025) from that date, not before it.
"""

import datetime

from django.db import migrations

from rules.recut import Era, recut

D = datetime.date
ORIGIN = D(1930, 2, 3)
QD29, QD24, HD01 = D(2016, 7, 25), D(2021, 7, 30), D(2021, 9, 28)
QD232, QD294 = D(2025, 1, 20), D(2025, 7, 1)
HD12, QD69, QD264 = D(2018, 1, 18), D(2022, 7, 6), D(2025, 2, 14)
OLDER = "Chưa đối chiếu văn bản của thời kỳ này; giá trị giữ như quy định sau."


def charter(prefix="Điều lệ Đảng"):
    return [
        Era(ORIGIN, QD29, f"{prefix}; các quy định thi hành Điều lệ trước QĐ 29-QĐ/TW (QĐ 45-QĐ/TW năm 2011 "
                          "và các quy định trước đó)", True, OLDER),
        Era(QD29, QD24, f"{prefix}; QĐ 29-QĐ/TW ngày 25/7/2016 thi hành Điều lệ Đảng", True, OLDER),
        Era(QD24, HD01, f"{prefix}; QĐ 24-QĐ/TW ngày 30/7/2021 thi hành Điều lệ Đảng"),
        Era(HD01, QD232, f"{prefix}; QĐ 24-QĐ/TW ngày 30/7/2021 thi hành Điều lệ Đảng; HD 01-HD/TW ngày 28/9/2021"),
        Era(QD232, QD294, f"{prefix}; QĐ 232-QĐ/TW ngày 20/01/2025 thi hành Điều lệ Đảng"),
        Era(QD294, None, f"{prefix}; QĐ 294-QĐ/TW ngày 26/5/2025 thi hành Điều lệ Đảng (hiệu lực từ 01/7/2025); "
                         "HD 06-HD/TW ngày 09/6/2025"),
    ]


CHARTER_CODES = [
    "admission_max_age", "admission_min_age", "cell_committee_max_size", "cell_committee_min_full_members",
    "cell_committee_min_size", "cell_congress_postponement_months", "cell_congresses_per_five_years",
    "cell_min_full_members", "full_membership_review_working_days", "grassroots_committee_min_members",
    "grassroots_committee_term_years", "induction_within_working_days", "permanent_transfer_paperwork_working_days",
    "permanent_transfer_present_working_days", "probation_months", "superior_committee_term_years",
    "temporary_transfer_max_months", "temporary_transfer_max_months_study", "temporary_transfer_min_months",
]
HD12_TEXT = "HD 12-HD/BTCTW ngày 18/01/2018 về một số vấn đề nâng cao chất lượng sinh hoạt chi bộ"
BEFORE_HD12 = [
    Era(ORIGIN, HD12, "Trước HD 12-HD/BTCTW: HD 09-HD/BTCTW năm 2012 về nâng cao chất lượng sinh hoạt chi bộ",
        True, "Chưa đối chiếu văn bản của thời kỳ này; giá trị giữ như HD 12."),
    Era(HD12, None, HD12_TEXT),
]
DISCIPLINE = [
    Era(ORIGIN, QD69, "Điều lệ Đảng; các quy định trước QĐ 69-QĐ/TW (QĐ 102-QĐ/TW năm 2017 với đảng viên, "
                      "QĐ 07-QĐi/TW năm 2018 với tổ chức đảng, và trước đó)"),
    Era(QD69, QD264, "QĐ 69-QĐ/TW ngày 06/7/2022 về kỷ luật tổ chức đảng, đảng viên vi phạm", False, ""),
    Era(QD264, None, "QĐ 69-QĐ/TW ngày 06/7/2022, sửa đổi, bổ sung bởi QĐ 264-QĐ/TW ngày 14/02/2025", False, ""),
]


def forward(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for code in CHARTER_CODES:
        recut(Rule, code, charter())
    recut(Rule, "cell_meetings_regular_per_month", charter("Điều lệ Đảng, Điều 24"))
    for code in ("cell_meetings_thematic_per_quarter", "meeting_good_attendance_percent", "meeting_max_excused_streak"):
        recut(Rule, code, BEFORE_HD12)
    for code in ("discipline_forms_full_member", "discipline_forms_probationary_member",
                 "discipline_forms_organization"):
        recut(Rule, code, DISCIPLINE)

    # A setting, not a regulation: it applies at every date, and says where the number was proposed.
    Rule.objects.filter(code="full_time_post_member_threshold").update(
        regulation="Cài đặt nghiệp vụ của Đảng ủy Khối (không phải quy định), theo kiến nghị tại buổi làm việc "
                   "ngày 14/5/2018")
    Rule.objects.filter(code="meeting_min_minutes").update(
        label="Thời lượng tối thiểu một buổi sinh hoạt chi bộ (kể cả sinh hoạt chuyên đề tổ chức riêng)")
    Rule.objects.filter(code="meeting_min_minutes_thematic").update(
        code="meeting_min_minutes_combined",
        label="Thời lượng tối thiểu khi sinh hoạt định kỳ kết hợp chuyên đề trong cùng một buổi")
    Rule.objects.filter(code="meeting_min_minutes_combined", effective_to__isnull=True).update(
        note="Sinh hoạt chuyên đề tổ chức riêng áp dụng thời lượng tối thiểu chung (90 phút).")

    Rule.objects.bulk_create([
        Rule(code="cell_congresses_per_five_years_pilot", label="Số lần đại hội chi bộ trong 5 năm ở nơi thí điểm",
             unit="lần", value=2, regulation="Trước QĐ 294-QĐ/TW: không có thí điểm", effective_from=ORIGIN,
             effective_to=QD294, note="Như quy định chung."),
        Rule(code="cell_congresses_per_five_years_pilot", label="Số lần đại hội chi bộ trong 5 năm ở nơi thí điểm",
             unit="lần", value=1, regulation="QĐ 294-QĐ/TW ngày 26/5/2025 (thí điểm đại hội chi bộ 5 năm một lần)",
             effective_from=QD294, unconfirmed=True,
             note="Áp dụng cho các loại tổ chức được đánh dấu “thí điểm đại hội chi bộ 5 năm một lần” trong danh "
                  "mục loại tổ chức. Phạm vi thí điểm chưa xác nhận."),
    ])
    approval = "Cấp ủy trực thuộc Trung ương"
    for era in charter():
        Rule.objects.create(
            code="admission_over_max_age_approved_by", label="Kết nạp người trên tuổi tối đa: cấp quyết định",
            value=approval, regulation=era.regulation, effective_from=era.start, effective_to=era.end,
            unconfirmed=bool(era.unconfirmed),
            note=era.note or "Tuổi tính theo tháng; trên 60 tuổi phải được cấp này đồng ý trước khi kết nạp.")


class Migration(migrations.Migration):
    dependencies = [("rules", "0006_visit_counter_setting")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
