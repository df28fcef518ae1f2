"""The demo's study of a resolution (app `studies`): the Bloc launched the study of its resolution on the year's
political tasks 55 days ago. Half of the grassroots organisations (coso's among them) have held their session, a few
members absent and one of them made up since; most of the demo cell's members have handed in their takeaway (some
accepted, two waiting for chibo, one returned), the demo member (dangvien) has not yet, so it is on their home page.
The Bloc and a dozen grassroots committees (coso's with its plan from its register) have adopted their action
programmes, with tasks done, in progress and one overdue, and coso has sent an interim report. Every write goes
through the services the pages use."""

import datetime
import random

from documents.models import Direction, Document
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from studies import selectors, services
from studies.models import StudyCampaign, StudySession


def _held(admin, session, on, rng, *, excused=2):
    roster = selectors.session_roster(session)
    presences = {m.pk: ("present", "") for m in roster}
    for member in rng.sample(roster, min(excused, max(len(roster) - 1, 0))):
        presences[member.pk] = ("excused", "Đi công tác")
    services.session_record(actor=admin, session=session, held_on=on, place="Hội trường cơ quan",
                            reporter="Đồng chí Bí thư", presences=presences)


def load_studies(*, seed: int, today: datetime.date, admin, root_id: int | None, coso_org: int | None,
                 chibo_org: int | None, dangvien_member: Member | None) -> dict:
    if not root_id:
        return {"campaigns": 0}
    rng = random.Random(seed * 7 + 18)
    back = lambda days: today - datetime.timedelta(days=days)  # noqa: E731
    bloc = Organization.objects.get(pk=root_id)
    resolution = (Document.objects.filter(organization=bloc, direction=Direction.OUTGOING, kind="NQ")
                  .order_by("issued_on", "pk").first())
    if resolution is None or StudyCampaign.objects.filter(document=resolution).exists():
        return {"campaigns": 0}
    campaign = services.campaign_launch(
        actor=admin, document=resolution, mode="thorough", launched_on=back(55), sessions_by=back(25),
        takeaways_by=today + datetime.timedelta(days=10), programmes_by=back(10),
        report_by=today + datetime.timedelta(days=60),
        title=f"Học tập, quán triệt Nghị quyết về lãnh đạo thực hiện nhiệm vụ chính trị năm {today.year + 1}")
    sessions = list(StudySession.objects.filter(campaign=campaign).select_related("organization", "campaign")
                    .order_by("organization__name_sort", "pk"))
    held = [s for i, s in enumerate(sessions) if i % 2 == 0 or s.organization_id == coso_org]
    for session in held:
        _held(admin, session, back(rng.randint(26, 40)), rng)
    coso_session = next((s for s in held if s.organization_id == coso_org), None)
    if coso_session is not None:
        absent = coso_session.attendance.exclude(presence="present").order_by("pk").first()
        if absent is not None:
            services.attendance_make_up(actor=admin, attendance=absent, made_up_on=back(15))
    takeaways = 0
    if chibo_org:
        writers = [m for m in Member.objects.filter(organization_id=chibo_org, status__in=ACTIVE_STATUSES)
                   .order_by("name_sort", "pk") if dangvien_member is None or m.pk != dangvien_member.pk]
        for i, member in enumerate(writers[:8]):
            takeaway = services.takeaway_submit(
                actor=admin, campaign=campaign, member=member,
                text="Qua học tập, bản thân nhận thức rõ mục tiêu, nhiệm vụ của Nghị quyết; liên hệ với nhiệm vụ được "
                     "giao, tôi đăng ký: hoàn thành đúng hạn các việc của phòng, gương mẫu trong sinh hoạt chi bộ.")
            if i < 5:
                services.takeaway_accept(actor=admin, takeaway=takeaway)
            elif i == 5:
                services.takeaway_return(actor=admin, takeaway=takeaway,
                                         reason="Bổ sung phần liên hệ bản thân và đăng ký làm theo.")
            takeaways += 1
    programmes = tasks = 0
    plan = (Document.objects.filter(organization=bloc, direction=Direction.OUTGOING, kind="KH")
            .filter(issued_on__gte=campaign.launched_on).order_by("issued_on", "pk").first())
    own = services.programme_adopt(actor=admin, campaign=campaign, organization=bloc, adopted_on=back(38),
                                   title="Kế hoạch thực hiện Nghị quyết của Ban Chấp hành Đảng bộ Khối", document=plan)
    programmes += 1
    for title, owner, days, state in (
            ("Hướng dẫn các tổ chức cơ sở đảng xây dựng chương trình hành động", "Ban Tổ chức Đảng ủy Khối", -20, "done"),
            ("Kiểm tra, giám sát việc học tập, quán triệt ở 10 tổ chức cơ sở đảng", "Ủy ban Kiểm tra Đảng ủy Khối", 30,
             "in_progress"),
            ("Sơ kết 6 tháng thực hiện Nghị quyết", "Văn phòng Đảng ủy Khối", 150, "open")):
        task = services.task_add(actor=admin, programme=own, title=title, owner_name=owner,
                                 deadline=max(back(-days), own.adopted_on))
        if state != "open":
            services.task_update(actor=admin, task=task, status=state, done_on=back(12) if state == "done" else None,
                                 evidence="Đã ban hành hướng dẫn, gửi các đảng ủy, chi bộ cơ sở."
                                 if state == "done" else "Đã kiểm tra 4/10 tổ chức.")
        tasks += 1
    adopting = [s for s in held if s.organization_id == coso_org] + [s for s in held if s.organization_id != coso_org][:11]
    for session in adopting:
        org = session.organization
        document = None
        if org.pk == coso_org:
            document = (Document.objects.filter(organization=org, direction=Direction.OUTGOING, kind="KH",
                                                issued_on__gte=campaign.launched_on).order_by("pk").first())
        programme = services.programme_adopt(actor=admin, campaign=campaign, organization=org, adopted_on=back(20),
                                             title=f"Chương trình hành động của {org.name}", document=document)
        programmes += 1
        cells = list(Organization.objects.filter(parent=org, status=Organization.Status.ACTIVE)
                     .order_by("name_sort", "pk"))
        owners = ([c for c in cells if c.pk == chibo_org] or cells[:1] or [org]) + [org]  # chibo's cell when there
        plan_tasks = (("Tổ chức hội nghị chuyên đề về Nghị quyết", owners[0], -8, "done"),
                      ("Đưa nội dung Nghị quyết vào sinh hoạt chi bộ hằng tháng", owners[0], 40, "in_progress"),
                      ("Rà soát, bổ sung quy chế làm việc của cấp ủy", owners[-1], -5 if org.pk == coso_org else 25,
                       "open"))
        for title, owner, days, state in plan_tasks:
            task = services.task_add(actor=admin, programme=programme, title=title, owner_organization=owner,
                                     deadline=back(-days) if back(-days) >= programme.adopted_on
                                     else programme.adopted_on)
            if state == "done" or (state == "in_progress" and rng.random() < 0.7):
                services.task_update(actor=admin, task=task, status=state,
                                     done_on=back(9) if state == "done" else None,
                                     evidence="Hội nghị ngày " + back(9).strftime("%d/%m/%Y") + ", 35 đảng viên dự."
                                     if state == "done" else "Đã đưa vào sinh hoạt tháng này.")
            tasks += 1
        if org.pk == coso_org:  # its third task, due five days ago, is still open: coso's to-do names it
            position, name = selectors.default_signer(org)
            services.report_submit(actor=admin, programme=programme, kind="interim", reported_on=back(3),
                                   signer_position=position, signer_name=name or "…",
                                   text="Sơ kết bước đầu: các chi bộ đã tổ chức học tập; 1/3 nhiệm vụ hoàn thành.")
    return {"campaigns": 1, "sessions_held": len(held), "takeaways": takeaways, "programmes": programmes,
            "tasks": tasks}
