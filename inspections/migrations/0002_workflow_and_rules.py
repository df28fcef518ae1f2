"""The standard case workflow (QĐ 296-QĐ/TW's steps) and the complaint window, as data.

Administrators reorder, relabel or add states and transitions in /admin/; cases keep the state rows they
point at. The rule rows start on 1930-02-03 with no gap, like every rule code.
"""

import datetime

from django.db import migrations

# code, label, order, flags
STATES = [
    ("planned", "Trong chương trình", 10, {"is_initial": True}),
    ("decision", "Quyết định kiểm tra, giám sát", 20, {"issues_decision": True}),
    ("notice", "Thông báo đến đối tượng", 30, {"sets_self_report_due": True}),
    ("self_report", "Đối tượng tự báo cáo, giải trình", 40, {}),
    ("fieldwork", "Thẩm tra, xác minh", 50, {}),
    ("draft_report", "Dự thảo báo cáo kết quả", 60, {}),
    ("conclusion", "Kết luận", 70, {"requires_conclusion": True}),
    ("notified", "Thông báo kết luận", 80, {}),
    ("follow_up", "Theo dõi khắc phục", 90, {}),
    ("closed", "Kết thúc", 100, {"is_final": True}),
    ("cancelled", "Hủy (không thực hiện)", 110, {"is_cancelled": True}),
]
# source, target, actor
TRANSITIONS = [
    ("planned", "decision", "authority"),
    ("decision", "notice", "team"),
    ("notice", "self_report", "team"),
    ("self_report", "fieldwork", "team"),
    ("fieldwork", "draft_report", "team"),
    ("draft_report", "fieldwork", "team"),  # the draft is sent back for more verification
    ("draft_report", "conclusion", "authority"),
    ("conclusion", "notified", "team"),
    ("notified", "follow_up", "team"),
    ("follow_up", "closed", "authority"),
    ("notified", "closed", "authority"),  # nothing to remedy: closes once notified
    ("planned", "cancelled", "authority"),
    ("decision", "cancelled", "authority"),
]

QD30 = datetime.date(2016, 7, 26)
QD296 = datetime.date(2025, 5, 30)
COMPLAINT = "discipline_complaint_months"
COMPLAINT_LABEL = "Thời hạn khiếu nại kỷ luật, kể từ ngày nhận quyết định"


def seed(apps, schema_editor):
    Workflow = apps.get_model("inspections", "Workflow")
    State = apps.get_model("inspections", "WorkflowState")
    Transition = apps.get_model("inspections", "WorkflowTransition")
    workflow, _ = Workflow.objects.update_or_create(code="standard", defaults={
        "name": "Quy trình kiểm tra, giám sát (QĐ 296-QĐ/TW)"})
    states = {}
    for code, label, order, flags in STATES:
        states[code], _ = State.objects.update_or_create(workflow=workflow, code=code,
                                                         defaults={"label": label, "order": order, **flags})
    for source, target, actor in TRANSITIONS:
        Transition.objects.update_or_create(workflow=workflow, source=states[source], target=states[target],
                                            defaults={"actor": actor})

    Rule = apps.get_model("rules", "Rule")
    for start, end, regulation, unconfirmed, note in [
        (datetime.date(1930, 2, 3), QD30, "Điều lệ Đảng; quy định trước QĐ 30-QĐ/TW", True,
         "Giá trị trước QĐ 30 chưa được đối chiếu văn bản gốc; giả định như QĐ 30."),
        (QD30, QD296, "QĐ 30-QĐ/TW ngày 26/7/2016", False, ""),
        (QD296, None, "QĐ 296-QĐ/TW ngày 30/5/2025", True, "Chưa đối chiếu với văn bản QĐ 296; giữ như QĐ 30."),
    ]:
        Rule.objects.update_or_create(code=COMPLAINT, effective_from=start, defaults=dict(
            label=COMPLAINT_LABEL, value=1, unit="tháng", regulation=regulation, effective_to=end,
            unconfirmed=unconfirmed, note=note))


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(code=COMPLAINT).delete()
    apps.get_model("inspections", "Workflow").objects.filter(code="standard").delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial"), ("rules", "0006_visit_counter_setting")]
    operations = [migrations.RunPython(seed, unseed)]
