"""Every write of the studies: a campaign launched (its sessions with it), a session planned and recorded with its
attendance, an absence made up, a member's takeaway submitted, accepted or returned, an action programme adopted, its
tasks added and brought forward, its implementation reported. Each service is one transaction,
refuses on the field that is wrong, and records who acted and why."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.history import save_with_history
from core.validation import require, require_date, require_text
from documents.models import Document, Issuer
from documents.services import document_issue
from members.choices import ACTIVE_STATUSES
from members.models import Member

from . import selectors
from .models import (
    ActionProgramme,
    ImplementationReport,
    Level,
    Mode,
    ProgrammeTask,
    StudyAttendance,
    StudyCampaign,
    StudySession,
    Takeaway,
)


def _history(actor, reason: str) -> dict:
    return {"default_user": actor if getattr(actor, "is_authenticated", False) else None,
            "default_change_reason": reason}


def _open(campaign: StudyCampaign) -> None:
    if not campaign.is_open:
        raise ValidationError(_("This study campaign is closed."))


def campaign_launch(*, actor, document: Document, mode: str, sessions_by: datetime.date, level: str = Level.GRASSROOTS,
                    takeaways_by: datetime.date, title: str = "", launched_on: datetime.date | None = None,
                    programmes_by: datetime.date | None = None, report_by: datetime.date | None = None
                    ) -> StudyCampaign:
    """Launch the study of a document of the committee's register: every grassroots organisation of its subtree (the
    committee itself when it is one), or every cell at the cells level, gets a planned session."""
    require(document, "document", _("Choose the document to study."))
    if document.status != Document.Status.ACTIVE:
        raise ValidationError({"document": _("This document is cancelled.")})
    if mode not in Mode.values:
        raise ValidationError({"mode": _("Choose how the document is studied.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose who holds the sessions.")})
    launched_on = launched_on or timezone.localdate()
    require_date(sessions_by, "sessions_by", not_before=launched_on, not_before_label=_("the launch"))
    require_date(takeaways_by, "takeaways_by", not_before=sessions_by, not_before_label=_("the sessions' date"))
    if programmes_by is not None:
        require_date(programmes_by, "programmes_by", not_before=sessions_by, not_before_label=_("the sessions' date"))
    if report_by is not None:
        require_date(report_by, "report_by", not_before=programmes_by or sessions_by,
                     not_before_label=_("the programmes' date") if programmes_by else _("the sessions' date"))
    organization = document.organization
    units = list(selectors.session_units(organization, level).values_list("id", flat=True))
    if not units:
        raise ValidationError({"document": _("No grassroots organisation under %(name)s holds a study session.")
                               % {"name": organization.name}})
    reason = _("Study launched")
    with transaction.atomic():
        if StudyCampaign.objects.filter(document=document, organization=organization).exists():
            raise ValidationError({"document": _("The study of this document is already launched.")})
        campaign = save_with_history(StudyCampaign(
            document=document, organization=organization, mode=mode, level=level,
            title=(title or "").strip() or document.title, sessions_by=sessions_by, takeaways_by=takeaways_by,
            programmes_by=programmes_by, report_by=report_by, launched_on=launched_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None),
            actor=actor, reason=reason)
        bulk_create_with_history([StudySession(campaign=campaign, organization_id=pk) for pk in units],
                                 StudySession, **_history(actor, reason))
    return campaign


def campaign_close(*, actor, campaign: StudyCampaign) -> StudyCampaign:
    """The study is over: no more sessions recorded, takeaways written or assessed, nor reminders."""
    _open(campaign)
    with transaction.atomic():
        campaign.status = StudyCampaign.Status.CLOSED
        return save_with_history(campaign, actor=actor, reason=_("Study closed"))


def session_plan(*, actor, session: StudySession, planned_on: datetime.date, place: str = "",
                 reporter: str = "") -> StudySession:
    """When and where the session is held, and who reports."""
    _open(session.campaign)
    if session.status == StudySession.Status.HELD:
        raise ValidationError(_("The session is already held."))
    if session.status == StudySession.Status.CANCELLED:
        raise ValidationError(_("This session is cancelled."))
    require_date(planned_on, "planned_on", not_before=session.campaign.launched_on,
                 not_before_label=_("the launch"))
    with transaction.atomic():
        session.planned_on = planned_on
        session.place = (place or "").strip()
        session.reporter = (reporter or "").strip()
        session.status = StudySession.Status.PLANNED
        return save_with_history(session, actor=actor, reason=_("Session planned"))


def session_cancel(*, actor, session: StudySession, reason: str) -> StudySession:
    """The organisation will not hold this session (it studied with another, or it is being dissolved): no longer
    late on anyone's to-do, the reason kept; a held session is never cancelled."""
    _open(session.campaign)
    if session.status != StudySession.Status.PLANNED:
        raise ValidationError(_("Only a session not yet held can be cancelled."))
    reason = require_text(reason, "reason", _("Say why the session is cancelled."))
    with transaction.atomic():
        session.status, session.cancel_reason = StudySession.Status.CANCELLED, reason
        return save_with_history(session, actor=actor, reason=reason)


def session_record(*, actor, session: StudySession, held_on: datetime.date, place: str, reporter: str,
                   presences: dict[int, tuple[str, str]]) -> StudySession:
    """The session held: its day, place and reporter, and every member of the roster's attendance, all or nothing."""
    _open(session.campaign)
    if session.status == StudySession.Status.CANCELLED:
        raise ValidationError(_("This session is cancelled."))
    require_date(held_on, "held_on", not_before=session.campaign.launched_on, not_before_label=_("the launch"),
                 future=False)
    place = require_text(place, "place", _("Enter where the session was held."))
    reporter = require_text(reporter, "reporter", _("Enter who reported."))
    roster = {m.pk: m for m in selectors.session_roster(session)}
    errors = {}
    for member_id, (presence, reason) in presences.items():
        member = roster.get(member_id)
        if member is None:
            errors[f"presence_{member_id}"] = _("This member does not study at this session.")
        elif presence not in StudyAttendance.Presence.values:
            errors[f"presence_{member_id}"] = _("Choose the attendance of %(name)s.") % {"name": member.full_name}
        elif presence == StudyAttendance.Presence.EXCUSED and not (reason or "").strip():
            errors[f"reason_{member_id}"] = _("Give the reason %(name)s was absent.") % {"name": member.full_name}
    for member_id, member in roster.items():
        if member_id not in presences:
            errors[f"presence_{member_id}"] = _("Choose the attendance of %(name)s.") % {"name": member.full_name}
    if errors:
        raise ValidationError(errors)
    reason = _("Session recorded")
    with transaction.atomic():
        session.held_on, session.place, session.reporter = held_on, place, reporter
        session.status = StudySession.Status.HELD
        save_with_history(session, actor=actor, reason=reason)
        existing = {a.member_id: a for a in session.attendance.select_for_update()}
        new = []
        for member_id, (presence, why) in presences.items():
            why = (why or "").strip() if presence != StudyAttendance.Presence.PRESENT else ""
            row = existing.get(member_id)
            if row is None:
                new.append(StudyAttendance(session=session, member_id=member_id, presence=presence, reason=why))
            elif (row.presence, row.reason) != (presence, why):
                row.presence, row.reason = presence, why
                if presence == StudyAttendance.Presence.PRESENT:
                    row.made_up_on = None
                save_with_history(row, actor=actor, reason=reason)
        for row in new:
            row.full_clean(exclude=["session"])
        bulk_create_with_history(new, StudyAttendance, **_history(actor, reason))
    return session


def attendance_make_up(*, actor, attendance: StudyAttendance, made_up_on: datetime.date) -> StudyAttendance:
    """A member absent from the session studied the document later (a make-up session)."""
    session = attendance.session
    _open(session.campaign)
    if attendance.presence == StudyAttendance.Presence.PRESENT:
        raise ValidationError({"attendance": _("%(name)s was present.") % {"name": attendance.member.full_name}})
    require_date(made_up_on, "made_up_on", not_before=session.held_on, not_before_label=_("the session"),
                 future=False)
    with transaction.atomic():
        attendance.made_up_on = made_up_on
        return save_with_history(attendance, actor=actor, reason=_("Made up later"))


def takeaway_submit(*, actor, campaign: StudyCampaign, member: Member, text: str) -> Takeaway:
    """The member's own takeaway, written or rewritten until it is accepted (a returned one is submitted again)."""
    _open(campaign)
    text = require_text(text, "text", _("Write your takeaway."))
    if member.status not in ACTIVE_STATUSES or not selectors.in_subtree(campaign.organization_id,
                                                                          member.organization_id):
        raise ValidationError(_("%(name)s does not study in this campaign.") % {"name": member.full_name})
    with transaction.atomic():
        takeaway = Takeaway.objects.select_for_update().filter(campaign=campaign, member=member).first()
        if takeaway is not None and takeaway.status == Takeaway.Status.ACCEPTED:
            raise ValidationError({"text": _("Your takeaway is already accepted: it can no longer change.")})
        takeaway = takeaway or Takeaway(campaign=campaign, member=member)
        takeaway.text = text
        takeaway.submitted_at = timezone.now()
        takeaway.status = Takeaway.Status.SUBMITTED
        return save_with_history(takeaway, actor=actor, reason=_("Takeaway submitted"))


def _assess(takeaway: Takeaway, *, actor, status: str, reason: str, what: str) -> Takeaway:
    _open(takeaway.campaign)
    if takeaway.status != Takeaway.Status.SUBMITTED:
        raise ValidationError(_("This takeaway is not waiting for an assessment."))
    with transaction.atomic():
        takeaway.status, takeaway.reason = status, reason
        takeaway.assessed_by = actor if getattr(actor, "is_authenticated", False) else None
        takeaway.assessed_at = timezone.now()
        return save_with_history(takeaway, actor=actor, reason=what)


def takeaway_accept(*, actor, takeaway: Takeaway, reason: str = "") -> Takeaway:
    return _assess(takeaway, actor=actor, status=Takeaway.Status.ACCEPTED, reason=(reason or "").strip(),
                   what=_("Takeaway accepted"))


def takeaway_return(*, actor, takeaway: Takeaway, reason: str) -> Takeaway:
    """Back to the member to rewrite, with what is missing."""
    reason = require_text(reason, "reason", _("Say what the member should rewrite."))
    return _assess(takeaway, actor=actor, status=Takeaway.Status.RETURNED, reason=reason,
                   what=_("Takeaway returned"))



# -- action programmes -----------------------------------------------------------------------------------------------

def programme_adopt(*, actor, campaign: StudyCampaign, organization, title: str, adopted_on: datetime.date,
                    document: Document | None = None) -> ActionProgramme:
    """The organisation's action programme for the campaign: the launcher's, a grassroots organisation's under it, or
    that of a cell holding a session. Its document, when given, is one of the organisation's register (KH, CTr)."""
    _open(campaign)
    require(organization, "organization", _("Choose the organisation whose programme this is."))
    if not selectors.programme_holders(campaign).filter(pk=organization.pk).exists():
        raise ValidationError({"organization": _("%(name)s does not study in this campaign.")
                               % {"name": organization.name}})
    title = require_text(title, "title", _("Enter the programme's title."))
    require_date(adopted_on, "adopted_on", not_before=campaign.launched_on, not_before_label=_("the launch"),
                 future=False)
    if document is not None and (document.organization_id != organization.pk
                                 or document.status != Document.Status.ACTIVE):
        raise ValidationError({"document": _("Choose an active document of %(name)s's register.")
                               % {"name": organization.name}})
    with transaction.atomic():
        if ActionProgramme.objects.filter(campaign=campaign, organization=organization).exists():
            raise ValidationError({"organization": _("%(name)s has already adopted its programme.")
                                   % {"name": organization.name}})
        return save_with_history(ActionProgramme(campaign=campaign, organization=organization, title=title,
                                                 adopted_on=adopted_on, document=document),
                                 actor=actor, reason=_("Programme adopted"))


def _concluded(programme: ActionProgramme) -> None:
    _open(programme.campaign)
    if programme.reports.filter(kind=ImplementationReport.Kind.FINAL).exists():
        raise ValidationError(_("The final report on this programme is submitted: it no longer changes."))


def task_add(*, actor, programme: ActionProgramme, title: str, deadline: datetime.date,
             owner_organization=None, owner_name: str = "") -> ProgrammeTask:
    """A task of the programme, owned by an organisation of the programme's subtree or a named person."""
    _concluded(programme)
    title = require_text(title, "title", _("Enter the task."))
    owner_name = (owner_name or "").strip()
    if owner_organization is None and not owner_name:
        raise ValidationError({"owner_organization": _("Choose the organisation or name the person in charge.")})
    if owner_organization is not None and not selectors.in_subtree(programme.organization_id, owner_organization.pk):
        raise ValidationError({"owner_organization": _("%(name)s is not under %(org)s.")
                               % {"name": owner_organization.name, "org": programme.organization.name}})
    require_date(deadline, "deadline", not_before=programme.adopted_on, not_before_label=_("the adoption"))
    with transaction.atomic():
        return save_with_history(ProgrammeTask(programme=programme, title=title, deadline=deadline,
                                               owner_organization=owner_organization, owner_name=owner_name),
                                 actor=actor, reason=_("Task added"))


def task_update(*, actor, task: ProgrammeTask, status: str, evidence: str = "",
                evidence_document: Document | None = None, done_on: datetime.date | None = None,
                deadline: datetime.date | None = None) -> ProgrammeTask:
    """How far the task is: a done task carries its day and its evidence (what was done, or a document of the
    register); a dropped one says why; a new deadline is kept in the task's history."""
    programme = task.programme
    _concluded(programme)
    if status not in ProgrammeTask.Status.values:
        raise ValidationError({"status": _("Choose the task's status.")})
    evidence = (evidence or "").strip()
    if status == ProgrammeTask.Status.DONE:
        require_date(done_on, "done_on", not_before=programme.adopted_on, not_before_label=_("the adoption"),
                     future=False)
        if not evidence and evidence_document is None:
            raise ValidationError({"evidence": _("Say what was done, or choose the document that shows it.")})
    elif status == ProgrammeTask.Status.DROPPED and not evidence:
        raise ValidationError({"evidence": _("Say why the task is dropped.")})
    if evidence_document is not None and evidence_document.status != Document.Status.ACTIVE:
        raise ValidationError({"evidence_document": _("This document is cancelled.")})
    if deadline is not None:
        require_date(deadline, "deadline", not_before=programme.adopted_on, not_before_label=_("the adoption"))
    with transaction.atomic():
        task.status, task.evidence, task.evidence_document = status, evidence, evidence_document
        task.done_on = done_on if status == ProgrammeTask.Status.DONE else None
        if deadline is not None:
            task.deadline = deadline
        return save_with_history(task, actor=actor, reason=_("Task updated"))


def report_submit(*, actor, programme: ActionProgramme, kind: str, reported_on: datetime.date, text: str,
                  signer_position: str, signer_name: str) -> ImplementationReport:
    """An interim or the final report on the programme, sent up to the launcher with the tasks' figures of its day and
    registered as the organisation's outgoing report (numbered by documents.numbering: "03-BC/ĐU"), which prints as
    .docx from the register; after the final one the programme is concluded."""
    _concluded(programme)
    if kind not in ImplementationReport.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of report.")})
    require_date(reported_on, "reported_on", not_before=programme.adopted_on, not_before_label=_("the adoption"),
                 future=False)
    text = require_text(text, "text", _("Write the report."))
    figures = selectors.programme_figures([programme.pk], today=reported_on)[programme.pk]
    with transaction.atomic():
        document = document_issue(
            actor=actor, organization=programme.organization, issuer=Issuer.Kind.COMMITTEE, kind=REPORT_KIND,
            issued_on=reported_on, title=_report_title(programme, kind), body=_report_body(programme, text, figures),
            signer_name=signer_name, signer_position=signer_position,
            recipients=_report_recipients(programme))
        return save_with_history(ImplementationReport(
            programme=programme, kind=kind, reported_on=reported_on, text=text, tasks_total=figures.tasks,
            tasks_done=figures.done, tasks_overdue=figures.overdue, document=document,
            submitted_by=actor if getattr(actor, "is_authenticated", False) else None),
            actor=actor, reason=_("Implementation reported as %(symbol)s") % {"symbol": document.symbol})


# The registered report is a Party document: its title, body and recipients are written in Vietnamese whatever the
# language of the page that submits it.
REPORT_KIND = "BC"  # "Báo cáo" (rules: document_kinds), as the periodic reports


def _report_title(programme: ActionProgramme, kind: str) -> str:
    what = "Sơ kết" if kind == ImplementationReport.Kind.INTERIM else "Tổng kết"
    return f"{what} thực hiện {programme.title[:1].lower()}{programme.title[1:]}"


def _report_body(programme: ActionProgramme, text: str, figures) -> str:
    with translation.override("vi"):
        lines = [text, "", f"Kết quả thực hiện các nhiệm vụ: {figures.done}/{figures.tasks} nhiệm vụ hoàn thành, "
                           f"{figures.overdue} nhiệm vụ quá hạn."]
        for task in programme.tasks.select_related("owner_organization").order_by("deadline", "id"):
            owner = " – ".join(x for x in (task.owner_organization.name if task.owner_organization else "",
                                           task.owner_name) if x)
            evidence = task.evidence.strip().rstrip(".")
            lines.append(f"- {task.title} ({owner}; hạn {task.deadline:%d/%m/%Y}): {task.get_status_display()}"
                         + (f" – {evidence}" if evidence else "") + ".")
    return "\n".join(lines)


def _report_recipients(programme: ActionProgramme) -> str:
    launcher = programme.campaign.organization
    return launcher.name if launcher.pk != programme.organization_id else ""
