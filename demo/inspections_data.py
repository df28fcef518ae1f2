"""Demo inspection and supervision: the Bloc standing committee's programme every year since 2017 with 3–5
items (supervisions and inspections of grassroots organisations), each moved along the standard workflow as
far as its dates allow by `today`: decision (numbered `n-QĐ/ĐUK` per year), notice, self-report,
verification, draft report, conclusion with strengths and shortcomings, notification, follow-up of 1–2
remedies and closing once they are done. A few remedies are left overdue — one of them the demo cell
secretary's (`chibo`), so it shows on their home page. In 2023, an inspection on signs of violation of a
subordinate cell finds a violation by one member and ends with a reprimand.

Rows are bulk-inserted without history rows (generated data, like the meetings); every draw comes from
its own `random.Random(f"dangbo-demo-inspections-{seed}")`, so the rest of the demo is unchanged.
"""

import datetime
import random

from core.dates import add_months
from inspections.models import (
    Authority,
    Case,
    CaseStep,
    DecisionCounter,
    DisciplineDecision,
    Finding,
    Programme,
    Remedy,
    RemedyReport,
    Workflow,
)
from inspections.services import reserve_decision_numbers
from members.models import Member
from organizations.models import Organization, OrganizationKind

D = datetime.date
FIRST_YEAR = 2017
AGENCY_CELL_NAME = "Chi bộ Cơ quan Đảng ủy Khối"
TYPES = [("regular_supervision", 3), ("thematic_supervision", 3), ("lower_organization", 3), ("party_finance", 1),
         ("discipline_enforcement", 1)]
TOPICS = {
    "regular_supervision": "Giám sát thường xuyên việc thực hiện nghị quyết, quy chế làm việc",
    "thematic_supervision": "Giám sát chuyên đề việc thực hiện Chỉ thị 05-CT/TW và nêu gương của người đứng đầu",
    "lower_organization": "Kiểm tra việc lãnh đạo, chỉ đạo thực hiện nhiệm vụ chính trị và công tác xây dựng Đảng",
    "party_finance": "Kiểm tra việc thu, nộp, quản lý và sử dụng đảng phí",
    "discipline_enforcement": "Kiểm tra việc thi hành kỷ luật trong Đảng",
}
STRENGTHS = ["Cấp ủy đoàn kết, duy trì nghiêm chế độ sinh hoạt.", "Ban hành đầy đủ quy chế làm việc, chương trình "
             "công tác năm.", "Đảng viên chấp hành tốt chủ trương, chính sách; đơn vị hoàn thành nhiệm vụ chuyên môn."]
SHORTCOMINGS = ["Nội dung sinh hoạt chi bộ có lúc chưa phong phú.", "Hồ sơ, sổ sách chưa được cập nhật kịp thời.",
                "Việc tự kiểm tra của cấp ủy còn hạn chế.", "Chậm cụ thể hóa một số văn bản của cấp trên."]
REMEDIES = ["Bổ sung, hoàn thiện hồ sơ, sổ sách đảng vụ.", "Xây dựng và thực hiện kế hoạch tự kiểm tra của cấp ủy.",
            "Đổi mới nội dung sinh hoạt chi bộ, nâng cao chất lượng sinh hoạt chuyên đề.",
            "Cụ thể hóa các văn bản của Đảng ủy Khối thành chương trình hành động."]
# Days after the planned start at which each state is reached.
OFFSETS = [("decision", -5), ("notice", 0), ("self_report", 12), ("fieldwork", 20), ("draft_report", 35),
           ("conclusion", 45), ("notified", 50), ("follow_up", 55)]
DOCS = {"decision": "Quyết định kiểm tra, giám sát", "notice": "Thông báo kế hoạch", "self_report": "Báo cáo tự kiểm tra",
        "fieldwork": "Biên bản thẩm tra, xác minh", "draft_report": "Dự thảo báo cáo kết quả",
        "conclusion": "Thông báo kết luận", "notified": "Biên bản công bố kết luận", "follow_up": "Kế hoạch theo dõi"}


def load_inspections(*, seed: int, today: D, admin, batch_size: int = 2000, chibo_org: int | None = None) -> dict:

    rng = random.Random(f"dangbo-demo-inspections-{seed}")
    root = Organization.objects.filter(parent__isnull=True, status=Organization.Status.ACTIVE).order_by("pk").first()
    if root is None:
        return {"programmes": 0, "cases": 0, "remedies": 0, "overdue": 0}
    grassroots = list(Organization.objects.filter(status=Organization.Status.ACTIVE,
                                                  kind__tier=OrganizationKind.Tier.GRASSROOTS).order_by("pk"))
    cells = list(Organization.objects.filter(status=Organization.Status.ACTIVE, kind__code="cell",
                                             parent__kind__tier=OrganizationKind.Tier.GRASSROOTS).order_by("pk"))
    team_pool = list(Member.objects.filter(organization__name=AGENCY_CELL_NAME, status="full").order_by("pk")[:12]) \
        or list(Member.objects.filter(status="full").order_by("pk")[:12])
    workflow = Workflow.objects.get(code="standard")
    states = {s.code: s for s in workflow.states.all()}
    standing = Authority.objects.create(organization=root, kind=Authority.Kind.STANDING_COMMITTEE, symbol="ĐUK")
    Authority.objects.create(organization=root, kind=Authority.Kind.INSPECTION_COMMITTEE, symbol="UBKTĐUK")
    numbers: dict[int, int] = {}

    def number(on: D) -> str:
        numbers[on.year] = numbers.get(on.year, 0) + 1
        return f"{numbers[on.year]}-QĐ/ĐUK"

    cases, subject_rows, team_rows, steps, findings, remedies, reports = [], [], [], [], [], [], []
    violation = None
    programmes = [Programme(authority=standing, year=year, approved_on=min(D(year, 1, 10), today),
                            title=f"Chương trình kiểm tra, giám sát năm {year} của Ban Thường vụ Đảng ủy Khối")
                  for year in range(FIRST_YEAR, today.year + 1)]
    Programme.objects.bulk_create(programmes)
    for programme in programmes:
        year = programme.year
        count = rng.randint(3, 5)
        months = sorted(rng.sample(range(2, 11), count))
        for index, month in enumerate(months):
            special = year == 2023 and index == count - 1 and cells
            kind = "signs_of_violation" if special else rng.choices([t for t, _w in TYPES],
                                                                     [w for _t, w in TYPES])[0]
            planned_from = D(year, month, rng.randint(1, 20))
            subjects = [rng.choice(cells)] if special else rng.sample(grassroots, min(len(grassroots), rng.randint(1, 2)))
            head, *team = rng.sample(team_pool, min(len(team_pool), 3))
            title = ("Kiểm tra khi có dấu hiệu vi phạm đối với " if special else f"{TOPICS[kind]} — ") + \
                "; ".join(o.name for o in subjects)
            case = Case(programme=programme, type=kind, title=title[:300], content=TOPICS.get(kind, ""),
                        planned_from=planned_from, planned_to=planned_from + datetime.timedelta(days=50),
                        team_head=head, workflow=workflow, state=states["planned"])
            case._subjects, case._team, case._steps, case._remedies = subjects, team, [], []
            case._steps.append(CaseStep(state=states["planned"], on=programme.approved_on, created_by=admin,
                                        note="Đưa vào chương trình"))
            for code, offset in OFFSETS:
                on = planned_from + datetime.timedelta(days=offset)
                if on > today:
                    break
                step = CaseStep(state=states[code], on=on, created_by=admin, document_title=DOCS[code])
                if code == "decision":
                    case.decision_number, case.decided_on = number(on), on
                    step.document_number = case.decision_number
                if code == "notice":
                    case.self_report_due = on + datetime.timedelta(days=10)
                if code == "conclusion":
                    case.concluded_on = on
                    case.strengths = rng.choice(STRENGTHS)
                    case.shortcomings = rng.choice(SHORTCOMINGS)
                    case.conclusion = ("Tổ chức đảng được kiểm tra cơ bản thực hiện tốt; có một số hạn chế cần "
                                       "khắc phục." if not special else "Đảng viên vi phạm quy định về những điều "
                                       "đảng viên không được làm; chi bộ buông lỏng quản lý.")
                    case.recommendations = "Khắc phục các hạn chế đã chỉ ra trong thời hạn 3 tháng."
                case.state = states[code]
                case._steps.append(step)
            if special:
                violation = case
            cases.append(case)
    Case.objects.bulk_create(cases, batch_size=batch_size)

    for case in cases:
        subject_rows += [Case.subject_organizations.through(case_id=case.pk, organization_id=o.pk) for o in case._subjects]
        team_rows += [Case.team_members.through(case_id=case.pk, member_id=m.pk) for m in case._team]
        for step in case._steps:
            step.case = case
            steps.append(step)
        if not case.concluded_on:
            continue
        findings.append(Finding(case=case, kind="strength", text=case.strengths, organization=case._subjects[0]))
        findings.append(Finding(case=case, kind="shortcoming", text=case.shortcomings, organization=case._subjects[0]))
        deadline = add_months(case.concluded_on, 3)
        for text in rng.sample(REMEDIES, rng.randint(1, 2)):
            remedy = Remedy(case=case, text=text, organization=rng.choice(case._subjects), deadline=deadline)
            # Old remedies are all done; of the last year's, most are done and a few left overdue.
            if deadline < today - datetime.timedelta(days=365) or (
                    deadline + datetime.timedelta(days=40) < today and rng.random() < 0.7):
                remedy.status, remedy.reported_on = Remedy.Status.DONE, deadline - datetime.timedelta(days=7)
                remedy.checked_on, remedy.check_note = deadline + datetime.timedelta(days=20), "Đã khắc phục xong."
                reports.append(RemedyReport(remedy=remedy, reported_on=remedy.reported_on, done=True,
                                            text="Đã hoàn thành việc khắc phục.", evidence_title="Báo cáo kết quả "
                                            "khắc phục của cấp ủy", created_by=admin))
            remedies.append(remedy)
            case._remedies.append(remedy)

    # The demo secretary's cell is given a remedy past its deadline in the latest concluded case that allows it.
    if chibo_org:
        past = [c for c in cases if c.concluded_on and add_months(c.concluded_on, 2) < today]
        if past:
            case = past[-1]
            remedy = Remedy(case=case, text="Chi bộ kiện toàn hồ sơ đảng viên và sổ ghi biên bản sinh hoạt.",
                            organization_id=chibo_org, deadline=add_months(case.concluded_on, 2))
            remedies.append(remedy)
            case._remedies.append(remedy)
            subject_rows.append(Case.subject_organizations.through(case_id=case.pk, organization_id=chibo_org))

    for case in cases:
        if case.state.code != "follow_up":
            continue
        if all(r.status == Remedy.Status.DONE for r in case._remedies):
            closing = max([r.checked_on for r in case._remedies] + [case.concluded_on]) + datetime.timedelta(days=5)
            if closing <= today:
                case.state, case.closed_on = states["closed"], closing
                steps.append(CaseStep(case=case, state=states["closed"], on=closing, created_by=admin,
                                      document_title="Thông báo kết thúc cuộc kiểm tra, giám sát"))
    Case.objects.bulk_update([c for c in cases if c.closed_on], ["state", "closed_on"], batch_size=batch_size)
    Case.subject_organizations.through.objects.bulk_create(subject_rows, batch_size=batch_size,
                                                           ignore_conflicts=True)
    Case.team_members.through.objects.bulk_create(team_rows, batch_size=batch_size)
    CaseStep.objects.bulk_create(steps, batch_size=batch_size)
    Finding.objects.bulk_create(findings, batch_size=batch_size)
    Remedy.objects.bulk_create(remedies, batch_size=batch_size)
    for report in reports:
        report.remedy_id = report.remedy.pk
    RemedyReport.objects.bulk_create(reports, batch_size=batch_size)

    decisions = 0
    if violation is not None and violation.concluded_on:
        member = Member.objects.filter(organization=violation._subjects[0], status="full").order_by("pk").first()
        if member is not None:
            Case.subject_members.through.objects.create(case_id=violation.pk, member_id=member.pk)
            Finding.objects.create(case=violation, kind="violation", member=member, organization=violation._subjects[0],
                                   text="Vi phạm quy định về những điều đảng viên không được làm (sử dụng tài sản "
                                        "công không đúng mục đích).")
            decided_on = violation.concluded_on + datetime.timedelta(days=7)
            DisciplineDecision.objects.create(
                authority=standing, case=violation, subject_kind="full_member", member=member, form="reprimand",
                reason="Vi phạm quy định về những điều đảng viên không được làm.", number=number(decided_on),
                decided_on=decided_on, effective_on=decided_on, received_on=decided_on + datetime.timedelta(days=3))
            decisions = 1
    DecisionCounter.objects.bulk_create([DecisionCounter(authority=standing, year=y, last=n)
                                         for y, n in sorted(numbers.items())])
    for year, last in sorted(numbers.items()):  # the register numbers the next decisions after these
        reserve_decision_numbers(authority=standing, year=year, last=last)
    overdue = sum(1 for r in remedies if r.status == Remedy.Status.OPEN and r.deadline < today)
    return {"programmes": len(programmes), "cases": len(cases), "remedies": len(remedies), "overdue": overdue,
            "decisions": decisions}
