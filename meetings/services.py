"""Every write of the meetings app: plan a meeting from the Bloc's current process, take attendance, record what
was said and decided, give notice, close (minutes approved) or cancel; the process's versions (draft, edit, publish,
discard); working groups and their visits. One transaction each, refusals on the field at fault, history with the
acting user and a reason."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from core.dates import add_months, dmy
from core.files import accept_upload
from core.history import save_with_history, stamp
from core.text import nfc, nfc_text
from core.validation import check_date_range, check_reason, require_date, require_text
from core.versions import StaleEdit, expect_version
from documents import numbering
from documents.models import Issuer
from documents.services import document_record
from members.choices import Status as MemberStatus
from members.models import Member
from organizations.models import Organization
from organizations.selectors import subtree_ids
from rules.codes import CELL_MEETINGS_REGULAR_PER_MONTH
from rules.selectors import rule_value_for
from rules.usage import applies

from . import hooks
from .figures import compliance_batched
from .models import (
    AgendaEntry,
    Attendance,
    Guest,
    Meeting,
    MeetingDocument,
    MeetingKind,
    ProcessStep,
    ProcessTemplate,
    StepCode,
    Visit,
    WorkingGroup,
)
from .selectors import (
    can_publish_process,
    cluster_of,
    current_template,
    group_candidates,
    meeting_roster,
    minutes_series,
    process_issuer,
)

PRESENCES = set(Attendance.Presence.values)
# Steps without which a meeting cannot be judged or its minutes signed.
MANDATORY_STEPS = (StepCode.ATTENDANCE, StepCode.VOTE, StepCode.MINUTES)
MINUTES_TYPE = "BB"  # biên bản: the type abbreviation of the number line (HD 36-HD/VPTW)


def _check_open(meeting: Meeting) -> None:
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise ValidationError(_("This meeting is %(status)s: it can no longer change.")
                              % {"status": meeting.get_status_display().lower()})


def _follow(given, saved):
    """A service that locked and saved a fresh copy of the row: the caller's instance takes the stored values (its
    revision with them), so that a program going on with it neither is refused as stale nor writes old values back."""
    if given is not saved:
        for field in saved._meta.concrete_fields:
            setattr(given, field.attname, getattr(saved, field.attname))
    return saved


@applies(CELL_MEETINGS_REGULAR_PER_MONTH,
         where=gettext_lazy("Planning or moving a regular meeting: refused once the month has as many as the rule asks"))
def _check_regular_room(organization: Organization, planned_on: datetime.date, *, moving: Meeting | None = None) -> None:
    """A month holds as many regular meetings (not cancelled) as the rule in force on its last day asks, no more; a
    meeting `moving` into the month is not counted against itself."""
    period = planned_on.replace(day=1)
    allowed = rule_value_for(CELL_MEETINGS_REGULAR_PER_MONTH, on=add_months(period, 1) - datetime.timedelta(days=1),
                             field="planned_on")
    existing = Meeting.objects.filter(organization=organization, kind=MeetingKind.REGULAR, period=period).exclude(
        status=Meeting.Status.CANCELLED)
    if moving is not None:
        existing = existing.exclude(pk=moving.pk)
    if existing.count() < allowed:
        return
    values = {"name": organization.name, "month": planned_on.strftime("%m/%Y"), "n": allowed}
    if allowed == 1:
        raise ValidationError({"planned_on": _("%(name)s already has its regular meeting for %(month)s.") % values})
    raise ValidationError({"planned_on": _("%(name)s already has the %(n)d regular meetings of %(month)s.") % values})


@transaction.atomic
@compliance_batched
def meeting_plan(*, actor, organization: Organization, kind: str, planned_on: datetime.date,
                 planned_at: datetime.time | None = None, place: str = "", topic: str = "", is_pilot: bool = False,
                 reason: str = "") -> Meeting:
    """A meeting of a cell, from the current version of the Bloc's process for its kind."""
    if organization is None or not organization.kind.holds_members:
        raise ValidationError({"organization": _("Meetings are held by a cell.")})
    if not organization.is_active:
        raise ValidationError({"organization": _("%(name)s is no longer active.") % {"name": organization.name}})
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")})
    require_date(planned_on, "planned_on")
    check_date_range(planned_on, "planned_on")  # before the month arithmetic below (31/12/9999 has no next month)
    topic = nfc(topic)
    if kind == MeetingKind.THEMATIC and not topic:
        raise ValidationError({"topic": _("A thematic meeting needs its topic.")})
    if is_pilot and kind != MeetingKind.THEMATIC:
        raise ValidationError({"is_pilot": _("Only a thematic meeting is piloted for a cluster.")})
    if is_pilot and cluster_of(organization) is None:
        raise ValidationError({"is_pilot": _("%(name)s belongs to no cluster.") % {"name": organization.name}})
    period = planned_on.replace(day=1)
    if kind == MeetingKind.REGULAR:
        _check_regular_room(organization, planned_on)
    template = current_template(kind, planned_on)
    if template is None:
        raise ValidationError({"kind": _("No process is published for this kind of meeting.")})
    meeting = Meeting(organization=organization, kind=kind, template=template, period=period, planned_on=planned_on,
                      planned_at=planned_at, place=nfc(place), topic=topic, is_pilot=is_pilot,
                      created_by=actor if getattr(actor, "is_authenticated", False) else None)
    why = reason or _("Planned from %(template)s") % {"template": template}
    save_with_history(meeting, actor=actor, reason=why)
    # With their history rows (a plain bulk_create would leave the copied agenda out of the audit trail).
    bulk_create_with_history([
        AgendaEntry(meeting=meeting, step=step, order=step.order, code=step.code, title=step.title)
        for step in template.steps.all()
    ], AgendaEntry, default_user=actor if getattr(actor, "is_authenticated", False) else None,
        default_change_reason=why)
    return meeting


@transaction.atomic
@compliance_batched
def meeting_take_attendance(*, actor, meeting: Meeting, presences: dict, reason: str = "") -> list[Attendance]:
    """`presences`: member id -> (presence, reason). Everyone on the roster must be accounted for; an excused
    absence needs its reason. Taking attendance again replaces the earlier record (kept in history). Attendance is
    taken on the day of the meeting or later, never ahead of it (today is the day in Vietnam, TIME_ZONE)."""
    _check_attendance_version(meeting)
    _check_open(meeting)
    day = meeting.held_on or meeting.planned_on
    if day > timezone.localdate():
        raise ValidationError(_("The meeting is planned for %(date)s: attendance is taken on that day, not before. "
                                "If the meeting is held earlier, change its date first.") % {"date": dmy(day)})
    roster = {m.pk: m for m in meeting_roster(meeting)}
    unknown = set(presences) - set(roster)
    if unknown:
        raise ValidationError({"presences": _("%(n)d of the people marked are not expected at this meeting.")
                               % {"n": len(unknown)}})
    missing = [roster[pk].full_name for pk in roster if pk not in presences]
    if missing:
        raise ValidationError({"presences": _("Mark everyone: %(names)s.") % {"names": ", ".join(missing)}})
    errors = {}
    rows = []
    for pk, member in roster.items():
        presence, why = presences[pk]
        why = nfc(why or "")
        if presence not in PRESENCES:
            errors[f"presence_{pk}"] = _("Choose present, excused or absent.")
        elif presence == Attendance.Presence.EXCUSED and not why:
            errors[f"reason_{pk}"] = _("Give the reason of %(name)s's absence.") % {"name": member.full_name}
        elif presence == Attendance.Presence.EXEMPT and not member.exempted_since:
            errors[f"presence_{pk}"] = _("%(name)s is not exempt from meetings.") % {"name": member.full_name}
        rows.append(Attendance(meeting=meeting, member=member, presence=presence, reason=why,
                               member_status=member.status,
                               temporary=member.temporary_organization_id == meeting.organization_id))
    if errors:
        raise ValidationError(errors)
    for old in meeting.attendance.all():
        stamp(old, actor=actor, reason=reason or _("Attendance taken again"))
        old.delete()
    for row in rows:
        save_with_history(row, actor=actor, reason=reason or _("Attendance"))
    # The attendance is part of the meeting's record: its revision moves, so a grid opened before this one is stale
    # (saved after the rows, so that the history row of each revision closes its attendance).
    save_with_history(meeting, actor=actor, reason=reason or _("Attendance"))
    return rows


def _check_attendance_version(meeting: Meeting) -> None:
    """Refuse a grid drawn from an older revision of the meeting (core.versions: the page carried it), naming whose
    attendance changed meanwhile; locks the meeting for the rest of the transaction."""
    read = meeting.revision
    current = Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("revision", flat=True).first()
    if current is None or current == read:
        return
    history = meeting.history.select_related("history_user").order_by("-history_date", "-history_id")
    then_row = history.filter(revision=read).first()
    last = history.first()
    changes = []
    if then_row is not None:
        then: dict = {}
        for row in Attendance.history.filter(meeting_id=meeting.pk, history_date__lte=then_row.history_date) \
                .order_by("history_date", "history_id"):
            if row.history_type == "-":
                then.pop(row.member_id, None)
            else:
                then[row.member_id] = row.presence
        now = dict(meeting.attendance.values_list("member_id", "presence"))
        names = dict(Member.objects.filter(pk__in=set(then) | set(now)).values_list("pk", "full_name"))
        labels = dict(Attendance.Presence.choices)
        for member_id in sorted(set(then) | set(now), key=lambda pk: names.get(pk, "")):
            if then.get(member_id) != now.get(member_id):
                changes.append((names.get(member_id, ""), str(labels.get(then.get(member_id), "—")),
                                str(labels.get(now.get(member_id), "—"))))
    user = getattr(last, "history_user", None)
    who = str(user.get_full_name() or user) if user else _("someone")
    when = date_format(timezone.localtime(last.history_date), "d/m/Y H:i") if last else ""
    message = _("While you were editing, %(who)s saved this record (%(when)s).") % {"who": who, "when": when}
    if changes:
        message += " " + _("Changed meanwhile: %(changes)s.") % {"changes": "; ".join(
            _("%(field)s: %(then)s → %(now)s") % {"field": label, "then": old, "now": new}
            for label, old, new in changes)}
    message += " " + _("What you typed is kept below: check it against these changes, then save again to "
                       "replace them.")
    raise StaleEdit(message, current=current, changes=changes)


@transaction.atomic
@compliance_batched
def meeting_record(*, actor, meeting: Meeting, held_on: datetime.date, started_at: datetime.time,
                   ended_at: datetime.time, chair: Member | None = None, minute_taker: Member | None = None,
                   entries: dict | None = None, resolution: str = "", votes_for: int | None = None,
                   votes_against: int | None = None, votes_abstain: int | None = None, self_assessment: str = "",
                   reason: str = "") -> Meeting:
    """What happened: when, who chaired and took the minutes, the content of each step, the resolution and its
    vote, the self-assessment. The meeting becomes "held"."""
    _check_open(meeting)
    require_date(held_on, "held_on", future=False)
    if not (started_at and ended_at):
        raise ValidationError({"ended_at" if started_at else "started_at": _("Enter the time.")})
    if ended_at <= started_at:
        raise ValidationError({"ended_at": _("The meeting ends after it starts.")})
    present = set(meeting.attendance.filter(presence=Attendance.Presence.PRESENT).values_list("member_id", flat=True))
    for field, person in (("chair", chair), ("minute_taker", minute_taker)):
        if person is not None and person.pk not in present:
            raise ValidationError({field: _("%(name)s is not marked present.") % {"name": person.full_name}})
    votes = [v for v in (votes_for, votes_against, votes_abstain) if v is not None]
    # Full members present as counted in the minutes (status on the day, kept with the attendance), not today's.
    voters = meeting.attendance.filter(presence=Attendance.Presence.PRESENT,
                                       member_status=MemberStatus.FULL).count() if votes else 0
    if votes and sum(votes) > voters:
        raise ValidationError({"votes_for": _("%(votes)d votes, but %(voters)d full members present.")
                               % {"votes": sum(votes), "voters": voters}})
    meeting.held_on, meeting.started_at, meeting.ended_at = held_on, started_at, ended_at
    meeting.chair, meeting.minute_taker = chair, minute_taker
    meeting.resolution, meeting.self_assessment = nfc_text(resolution), nfc_text(self_assessment)
    meeting.votes_for, meeting.votes_against, meeting.votes_abstain = votes_for, votes_against, votes_abstain
    meeting.status = Meeting.Status.HELD
    save_with_history(meeting, actor=actor, reason=reason or _("Meeting held on %s") % dmy(held_on))
    for entry in meeting.entries.all():
        if entries and entry.order in entries and nfc_text(entries[entry.order]) != entry.content:
            entry.content = nfc_text(entries[entry.order])
            save_with_history(entry, actor=actor, reason=reason or _("Minutes"))
    return meeting


@transaction.atomic
@compliance_batched
def meeting_notify(*, actor, meeting: Meeting, on: datetime.date | None = None, reason: str = "") -> Meeting:
    """Record that the cell's members were given notice of a planned meeting (its day, time, place, topic and the
    documents sent so far show on each member's page)."""
    given, meeting = meeting, Meeting.objects.select_for_update().get(pk=meeting.pk)
    on = on or datetime.date.today()
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Notice is given of a planned meeting; this one is %(status)s.")
                              % {"status": meeting.get_status_display().lower()})
    if on > meeting.planned_on:
        raise ValidationError(_("The meeting's day (%(date)s) has passed: record the meeting instead.")
                              % {"date": meeting.planned_on.strftime("%d/%m/%Y")})
    meeting.notice_sent_on = on
    _follow(given, save_with_history(meeting, actor=actor, reason=reason or _("Notice given to the members")))
    hooks.notice_given(meeting=meeting, members=meeting_roster(meeting), actor=actor)
    return meeting


@transaction.atomic
@compliance_batched
def meeting_reschedule(*, actor, meeting: Meeting, planned_on: datetime.date, planned_at: datetime.time | None = None,
                       place: str = "", reason: str = "") -> Meeting:
    """Move a planned meeting (another day, time or place). A notice already given no longer holds: the members are
    given notice again of the new day."""
    given, meeting = meeting, Meeting.objects.select_for_update().select_related("organization").get(pk=meeting.pk)
    expect_version(meeting, given.revision)  # the form showed the meeting at `read`: refuse a move made from a stale page
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting is moved; this one is %(status)s.")
                              % {"status": meeting.get_status_display().lower()})
    require_date(planned_on, "planned_on")
    check_date_range(planned_on, "planned_on")
    period = planned_on.replace(day=1)
    if meeting.kind == MeetingKind.REGULAR and period != meeting.period:
        _check_regular_room(meeting.organization, planned_on, moving=meeting)
    if planned_on > timezone.localdate() and meeting.attendance.exists():
        raise ValidationError({"planned_on": _("Attendance was already taken: the meeting cannot move to a later "
                                               "day.")})
    place = nfc(place)
    if (planned_on, planned_at, place) == (meeting.planned_on, meeting.planned_at, meeting.place):
        return meeting
    meeting.planned_on, meeting.planned_at, meeting.place, meeting.period = planned_on, planned_at, place, period
    meeting.notice_sent_on = None
    return _follow(given, save_with_history(meeting, actor=actor,
                                            reason=reason or _("Meeting moved to %s") % dmy(planned_on)))


@transaction.atomic
@compliance_batched
def meeting_close(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Minutes approved: nothing changes any more. The meeting is read again under a lock: a second tap on a phone
    waits for the first, then finds the minutes closed (never a second number)."""
    given, meeting = meeting, Meeting.objects.select_for_update().get(pk=meeting.pk)
    expect_version(meeting, given.revision)  # approve the minutes the user read, not what someone saved since
    _check_open(meeting)
    problems = []
    if meeting.status != Meeting.Status.HELD:
        problems.append(_("record the meeting (date, times) first"))
    if not meeting.attendance.exists():
        problems.append(_("take attendance"))
    if not meeting.resolution or meeting.votes_for is None:
        problems.append(_("record the resolution and its vote"))
    if problems:
        raise ValidationError(_("Before closing: %s.") % "; ".join(str(p) for p in problems))
    meeting.status = Meeting.Status.CLOSED
    if meeting.minutes_number is None:
        _number_minutes(meeting, actor=actor)
    return _follow(given, save_with_history(meeting, actor=actor, reason=reason or _("Minutes approved")))


def _number_minutes(meeting: Meeting, *, actor) -> None:
    """The next number of the cell's minutes ("05-BB/CB") from the register's numbering (documents.numbering: the
    cell as issuing body, the BB series of its committee term), so the minutes and the register never give one number
    twice; the counter row is locked until the transaction ends and the unique constraint backs it up. Minutes
    numbered before the register's counter kept their numbers: the series starts after the highest of them."""
    organization = Organization.objects.select_related("kind").get(pk=meeting.organization_id)
    issuer = numbering.issuer_ensure(actor=actor, organization=organization, issuer_kind=Issuer.Kind.COMMITTEE)
    key, _term = numbering.series_of(issuer, MINUTES_TYPE, meeting.held_on or meeting.planned_on)
    series = minutes_series(meeting)
    numbering.reserve(key, Meeting.objects.filter(organization_id=organization.pk, minutes_series=series).aggregate(
        n=Max("minutes_number"))["n"] or 0)
    with translation.override("vi"):  # the register's words are the printed ones
        title = f"Biên bản sinh hoạt chi bộ {meeting.get_kind_display().lower()} tháng {meeting.period:%m/%Y}"
    if meeting.topic:
        title += f": {meeting.topic}"
    chair = meeting.chair.full_name if meeting.chair_id else ""
    document = document_record(actor=actor, issuer=issuer, kind=MINUTES_TYPE,
                               issued_on=meeting.held_on or meeting.planned_on, title=title, source=meeting,
                               signer_name=chair, signer_position="Chủ trì" if chair else "")
    meeting.minutes_number, meeting.minutes_series = document.number, series
    meeting.minutes_reference = document.symbol


@transaction.atomic
@compliance_batched
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    _check_open(meeting)
    reason = check_reason(nfc(reason))  # kept as the meeting's own text too: refused on the field the user typed
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason
    return save_with_history(meeting, actor=actor, reason=reason)


@transaction.atomic
@compliance_batched
def meeting_add_guest(*, actor, meeting: Meeting, name: str, role: str = "", member: Member | None = None,
                      observer_from: Organization | None = None) -> Guest:
    _check_open(meeting)
    name = nfc(name) or (member.full_name if member else "")
    if not name:
        raise ValidationError({"name": _("Enter the guest's name.")})
    guest = Guest(meeting=meeting, name=name, role=nfc(role), member=member, observer_from=observer_from)
    guest.full_clean()
    guest.save()
    return guest


def _accept_file(file, field: str):
    """A file members can open safely (core.files: checked by content, size bounded), refused on `field`; a file the
    form already accepted (it carries `original_name`) is not checked twice. Returns the user's name for it."""
    if not hasattr(file, "original_name"):
        try:
            accept_upload(file)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from None
    return file.original_name


@transaction.atomic
@compliance_batched
def meeting_add_document(*, actor, meeting: Meeting, title: str = "", available_on: datetime.date, file=None,
                         link: str = "", reason: str = "") -> MeetingDocument:
    """A document of the meeting with the day it reached the members (the quality benchmark judges that day; it
    cannot be in the future): a file, a link, or neither for a paper copy handed out. Without a title, a file is
    named after itself."""
    _check_open(meeting)
    link = (link or "").strip()
    file_name = _accept_file(file, "file") if file is not None else ""
    title = require_text(title or file_name.rsplit(".", 1)[0], "title",
                         _("Give the document a title (a file is named after itself)."))
    require_date(available_on, "available_on", future=False,
                 message=_("Enter the date the document reached members."))
    document = MeetingDocument(meeting=meeting, title=title[:300], available_on=available_on, link=link,
                               file_name=file_name)
    if file is not None:
        document.file = file
    return save_with_history(document, actor=actor, reason=reason or _("Document for the meeting"))


@transaction.atomic
@compliance_batched
def meeting_withdraw_document(*, actor, document: MeetingDocument, reason: str) -> MeetingDocument:
    """A document sent by mistake (or replaced) is withdrawn, never deleted: it no longer shows to members nor counts
    for the benchmark, and stays in the meeting's record with the reason."""
    given, document = document, MeetingDocument.objects.select_for_update().select_related("meeting").get(pk=document.pk)
    expect_version(document, given.revision)
    _check_open(document.meeting)
    if document.withdrawn_on is not None:
        raise ValidationError(_("This document was withdrawn on %(date)s.") % {"date": dmy(document.withdrawn_on)})
    document.withdrawn_reason = check_reason(require_text(reason, "reason", _("Say why the document is withdrawn.")))
    document.withdrawn_on = timezone.localdate()
    return _follow(given, save_with_history(document, actor=actor, reason=document.withdrawn_reason))


# ---- the Bloc's meeting process -----------------------------------------------------------------------------------

def _require_publisher(actor) -> None:
    if not can_publish_process(actor):
        raise PermissionDenied(_("Only the committee that issues the meeting process may change it."))


def _require_draft(template: ProcessTemplate) -> None:
    if template.is_published:
        raise ValidationError(_("Version %(version)s is published: it can no longer change. Prepare a new version.")
                              % {"version": template.version})


@transaction.atomic
def process_draft(*, actor, kind: str, reason: str = "") -> ProcessTemplate:
    """A draft of the next version of `kind`, copied from the latest version (or the open draft, if there is one)."""
    _require_publisher(actor)
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": _("Choose a kind of meeting.")})
    versions = ProcessTemplate.objects.select_for_update().filter(kind=kind)
    draft = versions.filter(published_on__isnull=True).first()
    if draft is not None:
        return draft
    latest = versions.order_by("-version").prefetch_related("steps").first()
    number = (versions.aggregate(top=Max("version"))["top"] or 0) + 1
    draft = ProcessTemplate(kind=kind, version=number, title=latest.title if latest else MeetingKind(kind).label,
                            issued_by=process_issuer(), note="")
    try:
        with transaction.atomic():
            save_with_history(draft, actor=actor, reason=reason or _("New version drafted"))
    except (IntegrityError, ValidationError):
        # someone drafted the same version a moment ago (the lock above holds only rows that exist): use theirs
        existing = ProcessTemplate.objects.filter(kind=kind, published_on__isnull=True).first()
        if existing is None:
            raise
        return existing
    if latest is not None:
        ProcessStep.objects.bulk_create([ProcessStep(template=draft, order=s.order, code=s.code, title=s.title,
                                                     guidance=s.guidance, required=s.required)
                                         for s in latest.steps.all()])
    return draft


def _clean_steps(steps: list[dict]) -> list[dict]:
    errors = []
    for index, step in enumerate(steps):
        if step.get("code") not in StepCode.values:
            errors.append(_("Step %(n)s: choose what the step is.") % {"n": index + 1})
        if not (step.get("title") or "").strip():
            errors.append(_("Step %(n)s: give it a title.") % {"n": index + 1})
    if not steps:
        errors.append(_("A process needs at least one step."))
    if errors:
        raise ValidationError({"steps": errors})
    return [{"code": s["code"], "title": s["title"].strip(), "guidance": (s.get("guidance") or "").strip(),
             "required": bool(s.get("required", True)), "order": n + 1} for n, s in enumerate(steps)]


@transaction.atomic
def process_update_draft(*, actor, template: ProcessTemplate, title: str, decision_number: str = "", note: str = "",
                         steps: list[dict], reason: str = "") -> ProcessTemplate:
    """Replace a draft's wording and its steps (in the order given)."""
    _require_publisher(actor)
    given, template = template, ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    expect_version(template, given.revision)
    _require_draft(template)
    cleaned = _clean_steps(steps)
    template.title, template.decision_number, template.note = title.strip(), decision_number.strip(), note.strip()
    _follow(given, save_with_history(template, actor=actor, reason=reason or _("Draft edited")))
    template.steps.all().delete()  # a draft's steps: nothing refers to them yet
    ProcessStep.objects.bulk_create([ProcessStep(template=template, **s) for s in cleaned])
    return template


@transaction.atomic
def process_publish(*, actor, template: ProcessTemplate, published_on: datetime.date, decision_number: str,
                    reason: str = "") -> ProcessTemplate:
    """Publish a draft: from `published_on` on, new meetings of its kind follow it."""
    _require_publisher(actor)
    given, template = template, ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    expect_version(template, given.revision)
    _require_draft(template)
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Give the number of the decision that issues this version.")
    latest = (ProcessTemplate.objects.filter(kind=template.kind, published_on__isnull=False)
              .exclude(pk=template.pk).order_by("-published_on").first())
    if published_on is None:
        errors["published_on"] = _("Give the day this version takes effect.")
    elif latest is not None and published_on <= latest.published_on:
        errors["published_on"] = _("Version %(version)s took effect on %(date)s: a new version takes effect after it.") % {
            "version": latest.version, "date": latest.published_on.strftime("%d/%m/%Y")}
    elif published_on < datetime.date.today():
        # meetings already held keep the version they were held under: a new version cannot reach back
        errors["published_on"] = _("A new version takes effect today or later.")
    codes = set(template.steps.values_list("code", flat=True))
    missing = [StepCode(c).label for c in MANDATORY_STEPS if c not in codes]
    if missing:
        errors["__all__"] = _("The process lacks these steps: %(steps)s.") % {"steps": ", ".join(map(str, missing))}
    if errors:
        raise ValidationError(errors)
    template.published_on = published_on
    template.decision_number = decision_number.strip()
    template.issued_by = template.issued_by or process_issuer()
    return _follow(given, save_with_history(template, actor=actor, reason=reason or _("Version published")))


@transaction.atomic
def process_discard(*, actor, template: ProcessTemplate, reason: str = "") -> None:
    """Drop a draft that was never published (no meeting can use a draft)."""
    _require_publisher(actor)
    template = ProcessTemplate.objects.select_for_update().get(pk=template.pk)
    _require_draft(template)
    if template.meetings.exists():  # pragma: no cover - meetings are planned from published versions only
        raise ValidationError(_("Meetings use this version."))
    template.delete()


# ---- working groups and their visits ------------------------------------------------------------------------------

@transaction.atomic
def working_group_create(*, actor, organization, name: str, leader, members=(), established_on: datetime.date,
                         decision_number: str = "", reason: str = "", require_deputy: bool = True) -> WorkingGroup:
    """A working group of `organization`. Its leader must be one of the organisation's deputy secretaries today
    (`require_deputy=False` only to enter a group of the past, whose leaders' seats may have ended since)."""
    if leader is None:
        raise ValidationError({"leader": _("Choose the leader.")})
    if require_deputy:
        leaders, _candidates = group_candidates(organization)
        if not leaders.filter(pk=leader.pk).exists():
            raise ValidationError({"leader": _("The leader is one of the deputy secretaries of %(name)s.")
                                   % {"name": organization.name}})
    require_date(established_on, "established_on")
    group = save_with_history(WorkingGroup(organization=organization, name=nfc(name), leader=leader,
                                           established_on=established_on, decision_number=nfc(decision_number)),
                              actor=actor, reason=reason or _("Working group established"))
    group.members.set({leader, *members})
    return group


@transaction.atomic
def visit_plan(*, actor, group: WorkingGroup, organization, planned_on: datetime.date, meeting=None,
               reason: str = "") -> Visit:
    if not organization.kind.holds_members:
        raise ValidationError({"organization": _("A working group visits a cell's meeting.")})
    if organization.pk not in subtree_ids(group.organization_id):
        raise ValidationError({"organization": _("%(cell)s is not under %(name)s.")
                               % {"cell": organization.name, "name": group.organization.name}})
    if planned_on and planned_on < group.established_on:
        raise ValidationError({"planned_on": _("The working group was formed on %(date)s.")
                               % {"date": group.established_on.strftime("%d/%m/%Y")}})
    if meeting is not None and meeting.organization_id != organization.pk:
        raise ValidationError({"meeting": _("That meeting is not one of %(name)s's.") % {"name": organization.name}})
    require_date(planned_on, "planned_on")
    return save_with_history(Visit(group=group, organization=organization, planned_on=planned_on, meeting=meeting),
                             actor=actor, reason=reason or _("Visit planned"))


@transaction.atomic
def visit_record(*, actor, visit: Visit, visited_on: datetime.date, attendees=(), observations: str = "",
                 assessment: str = "", recommendations: str = "", meeting=None, reason: str = "") -> Visit:
    require_date(visited_on, "visited_on", future=False)
    if not attendees:
        raise ValidationError({"attendees": _("Name who attended.")})
    allowed = set(visit.group.members.values_list("pk", flat=True)) | {visit.group.leader_id}
    strangers = [m for m in attendees if m.pk not in allowed]
    if strangers:
        raise ValidationError({"attendees": _("%(names)s is not in the working group.")
                               % {"names": ", ".join(m.full_name for m in strangers)}})
    if visited_on < visit.group.established_on:
        raise ValidationError({"visited_on": _("The working group was formed on %(date)s.")
                               % {"date": visit.group.established_on.strftime("%d/%m/%Y")}})
    if meeting is not None:
        if meeting.status == meeting.Status.CANCELLED:
            raise ValidationError({"meeting": _("That meeting was cancelled.")})
        if meeting.organization_id != visit.organization_id:
            raise ValidationError({"meeting": _("That meeting is not one of %(name)s's.")
                                   % {"name": visit.organization.name}})
        visit.meeting = meeting
    visit.visited_on = visited_on
    visit.observations, visit.recommendations = nfc_text(observations), nfc_text(recommendations)
    visit.assessment = assessment
    save_with_history(visit, actor=actor, reason=reason or _("Visit recorded"))
    visit.attendees.set(attendees)
    return visit
