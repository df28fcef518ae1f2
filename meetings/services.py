"""Every write to cell meetings: plan from the Bloc's current process, take attendance, record what was said
and decided, close (minutes approved) or cancel. One transaction each, refusals on the field at fault, history
with the acting user and a reason."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.dates import dmy
from core.history import save_with_history, stamp
from core.text import nfc, nfc_text
from members.choices import ACTIVE_STATUSES
from members.choices import Status as MemberStatus
from members.models import Member
from organizations.models import Organization

from .models import AgendaEntry, Attendance, Guest, Meeting, MeetingDocument, MeetingKind, ProcessTemplate

PRESENCES = set(Attendance.Presence.values)




def cluster_of(organization: Organization):
    """The cluster an organisation belongs to: its own, or that of the nearest ancestor that has one (clusters
    group grassroots organisations; their cells pilot for them)."""
    for node in organization.ancestors(include_self=True).select_related("cluster").order_by("-tree_depth"):
        if node.cluster_id:
            return node.cluster
    return None


def current_template(kind: str, on: datetime.date) -> ProcessTemplate | None:
    """The latest version of the process published on or before `on`; for a meeting older than every version
    (entered afterwards), the first version."""
    published = ProcessTemplate.objects.filter(kind=kind, published_on__isnull=False)
    return (published.filter(published_on__lte=on).order_by("-version").first()
            or published.order_by("version").first())


def _check_open(meeting: Meeting) -> None:
    if meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        raise ValidationError(_("This meeting is %(status)s: it can no longer change.")
                              % {"status": meeting.get_status_display().lower()})


@transaction.atomic
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
    if not planned_on:
        raise ValidationError({"planned_on": _("Enter the date.")})
    topic = nfc(topic)
    if kind == MeetingKind.THEMATIC and not topic:
        raise ValidationError({"topic": _("A thematic meeting needs its topic.")})
    if is_pilot and kind != MeetingKind.THEMATIC:
        raise ValidationError({"is_pilot": _("Only a thematic meeting is piloted for a cluster.")})
    if is_pilot and cluster_of(organization) is None:
        raise ValidationError({"is_pilot": _("%(name)s belongs to no cluster.") % {"name": organization.name}})
    period = planned_on.replace(day=1)
    if kind == MeetingKind.REGULAR and Meeting.objects.filter(
            organization=organization, kind=MeetingKind.REGULAR, period=period).exclude(
            status=Meeting.Status.CANCELLED).exists():
        raise ValidationError({"planned_on": _("%(name)s already has its regular meeting for %(month)s.")
                               % {"name": organization.name, "month": planned_on.strftime("%m/%Y")}})
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


def meeting_roster(meeting: Meeting) -> list[Member]:
    """Who is expected: the cell's active members, except those temporarily attending elsewhere, and the
    members temporarily transferred in. (Exempt members are listed, marked exempt.)"""
    own = Member.objects.filter(organization=meeting.organization, status__in=ACTIVE_STATUSES,
                                temporary_organization__isnull=True, temporary_external="")
    guests = Member.objects.filter(temporary_organization=meeting.organization, status__in=ACTIVE_STATUSES)
    return list((own | guests).order_by("name_sort", "id"))


@transaction.atomic
def meeting_take_attendance(*, actor, meeting: Meeting, presences: dict, reason: str = "") -> list[Attendance]:
    """`presences`: member id -> (presence, reason). Everyone on the roster must be accounted for; an excused
    absence needs its reason. Taking attendance again replaces the earlier record (kept in history)."""
    _check_open(meeting)
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
    return rows


@transaction.atomic
def meeting_record(*, actor, meeting: Meeting, held_on: datetime.date, started_at: datetime.time,
                   ended_at: datetime.time, chair: Member | None = None, minute_taker: Member | None = None,
                   entries: dict | None = None, resolution: str = "", votes_for: int | None = None,
                   votes_against: int | None = None, votes_abstain: int | None = None, self_assessment: str = "",
                   reason: str = "") -> Meeting:
    """What happened: when, who chaired and took the minutes, the content of each step, the resolution and its
    vote, the self-assessment. The meeting becomes "held"."""
    _check_open(meeting)
    if not held_on:
        raise ValidationError({"held_on": _("Enter the date.")})
    if held_on > datetime.date.today():
        raise ValidationError({"held_on": _("The date cannot be in the future.")})
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
def meeting_notify(*, actor, meeting: Meeting, on: datetime.date | None = None, reason: str = "") -> Meeting:
    """Record that the cell's members were given notice of a planned meeting (its day, time, place, topic and the
    documents sent so far show on each member's page)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    on = on or datetime.date.today()
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Notice is given of a planned meeting; this one is %(status)s.")
                              % {"status": meeting.get_status_display().lower()})
    if on > meeting.planned_on:
        raise ValidationError(_("The meeting's day (%(date)s) has passed: record the meeting instead.")
                              % {"date": meeting.planned_on.strftime("%d/%m/%Y")})
    meeting.notice_sent_on = on
    return save_with_history(meeting, actor=actor, reason=reason or _("Notice given to the members"))


@transaction.atomic
def meeting_close(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Minutes approved: nothing changes any more."""
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
    return save_with_history(meeting, actor=actor, reason=reason or _("Minutes approved"))


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    _check_open(meeting)
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason
    return save_with_history(meeting, actor=actor, reason=reason)


@transaction.atomic
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


@transaction.atomic
def meeting_add_document(*, actor, meeting: Meeting, title: str, available_on: datetime.date, file=None,
                         link: str = "", reason: str = "") -> MeetingDocument:
    _check_open(meeting)
    if not available_on:
        raise ValidationError({"available_on": _("Enter the date the document reached members.")})
    if available_on > datetime.date.today():
        raise ValidationError({"available_on": _("The date cannot be in the future.")})
    document = MeetingDocument(meeting=meeting, title=nfc(title), available_on=available_on, link=link)
    if file is not None:
        document.file = file
    return save_with_history(document, actor=actor, reason=reason or _("Document for the meeting"))
