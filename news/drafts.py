"""Articles drafted from the app's records (issue 20, "from the app to the site"): a working group's visit to a cell
meeting, a cluster pilot thematic meeting, a congress. The drafting service (services.article_draft_from_record)
writes an unpublished draft in the fitting section; an editor completes it and sends it through the workflow.

What a draft may say is decided here, field by field, and nothing else is read from the record: the organisation's
name, the day, the place and topic of the meeting, the working group's name and the committee that formed it, how
many attended (a count, never who), the observers' organisations, the congress's term, the size of the committee it
elected and the name of the secretary it elected (below). Never the members' names, citizen IDs, birth dates,
addresses, phones, the absentees or their reasons, the chair or the minute-taker, the guests' names, the agenda's
content, the resolution, the self-assessment, the working group's observations, assessment or recommendations (they
judge a cell and its members), petitions, inspections or discipline: the app holds them for the Party's work, not
for the public site.

The text is composed in Vietnamese on purpose: it is content of the Vietnamese public site, stored in its pages
(like the section names in services.SECTIONS), not a message of the interface, so it does not follow the language
of the user who pressed the button.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from apparatus.models import MAIN_BODY_KINDS, Body, Position, Seat, Term
from apparatus.selectors import term_get
from core.scope import NEWS, NEWS_WRITE, VIEW, scope_for
from core.text import fold
from meetings.models import Attendance, Meeting, MeetingKind, Visit
from meetings.selectors import cluster_of, meeting_get, visit_get

from .models import ArticlePage, SourceKind

# Wagtail's groups whose members write for the site (made by Wagtail's migrations; the demo puts its users in them).
REVIEWERS = "Moderators"  # Wagtail's group of those who approve and publish


def may_draft(user) -> bool:
    """Whether `user` may write articles for the news site: a superuser, a holder of the scope action NEWS_WRITE (a
    section's editor, the Bloc's standing committee: news.editors) or NEWS (a moderator), or one of Wagtail's
    Moderators (the reviewers)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    scope = scope_for(user)
    if user.is_superuser or scope.can(NEWS_WRITE) or scope.can(NEWS):
        return True
    return user.groups.filter(name=REVIEWERS).exists()


# ---- the records, read through their own apps' selectors (404 outside the user's scope) ---------------------------

def pilot_get(user, pk, action: str = VIEW) -> Meeting:
    """A cluster pilot thematic meeting the user sees (any other meeting: 404, it is not a pilot's address)."""
    meeting = meeting_get(user, pk, action)
    if not meeting.is_pilot:
        raise Http404
    return meeting


def congress_get(user, pk, action: str = VIEW) -> Term:
    """A term opened by a congress, of an organisation the user sees (a designated term: 404)."""
    term = term_get(user, pk, action)
    if term.kind != Term.Kind.CONGRESS:
        raise Http404
    return term


def visit_page(visit: Visit) -> str:
    return visit.get_absolute_url()


def meeting_page(meeting: Meeting) -> str:
    return meeting.get_absolute_url()


def term_page(term: Term) -> str:
    return reverse("apparatus:organization", args=[term.organization_id])


# ---- composing --------------------------------------------------------------------------------------------------

@dataclass
class Draft:
    """What an article drafted from a record says (plain text; the body's paragraphs are escaped when written)."""

    title: str
    date: datetime.date
    lead: str
    paragraphs: list[str] = field(default_factory=list)


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def hm(moment: datetime.time) -> str:
    return f"{moment:%H}h{moment:%M}"


def _kept(day: datetime.date) -> datetime.date:
    """The article's date: the day of what it reports, or today for what is still to come (an announcement)."""
    return min(day, timezone.localdate())


MEETING_KIND = {
    MeetingKind.REGULAR: "sinh hoạt chi bộ định kỳ",
    MeetingKind.THEMATIC: "sinh hoạt chuyên đề",
    MeetingKind.EXTRAORDINARY: "sinh hoạt chi bộ bất thường",
}
HELD = (Meeting.Status.HELD, Meeting.Status.CLOSED)


def _present(meeting: Meeting) -> int:
    """How many members were present (a count: never who, nor who was absent and why)."""
    return Attendance.objects.filter(meeting=meeting, presence=Attendance.Presence.PRESENT).count()


def compose_visit(visit: Visit) -> Draft:
    group, cell, formed_by = visit.group.name, visit.organization.name, visit.group.organization.name
    meeting = visit.meeting if visit.meeting_id and visit.meeting.status != Meeting.Status.CANCELLED else None
    what = MEETING_KIND.get(meeting.kind, "sinh hoạt chi bộ") if meeting else "sinh hoạt chi bộ"
    # Only a thematic meeting's topic is public: a regular or extraordinary meeting's may name a member's discipline,
    # a transfer or a personnel matter.
    topic = f" với chủ đề “{meeting.topic}”" if meeting and meeting.topic and meeting.kind == MeetingKind.THEMATIC \
        else ""
    done = visit.visited_on is not None
    day = visit.visited_on or visit.planned_on
    if done:
        lead = f"Ngày {dmy(day)}, {group} đã dự buổi {what} của {cell}{topic}."
    else:
        lead = f"Theo kế hoạch, ngày {dmy(day)}, {group} sẽ dự buổi {what} của {cell}{topic}."
    paragraphs = []
    # The attendees of the group are counted, not named: the group's members are not all public office holders.
    attending = visit.attendees.count() if done else 0
    if attending:
        paragraphs.append(f"Đoàn gồm {attending} đồng chí thành viên {group} do {formed_by} thành lập.")
    else:
        paragraphs.append(f"{group} do {formed_by} thành lập.")
    if meeting is not None:
        held = meeting.status in HELD or done  # the group was there: the meeting took place, minutes or not
        sentence = []
        if meeting.place:
            sentence.append(f"Buổi sinh hoạt {'diễn ra' if held else 'sẽ diễn ra'} tại {meeting.place}")
        present = _present(meeting) if held else 0
        if present:
            sentence.append(f"có {present} đảng viên của chi bộ tham dự")
        if sentence:
            paragraphs.append(_sentence(", ".join(sentence)))
    return Draft(title=f"{group} dự {what} tại {cell}", date=_kept(day), lead=lead, paragraphs=paragraphs)


def compose_pilot(meeting: Meeting) -> Draft:
    cell = meeting.organization.name
    cluster = cluster_of(meeting.organization)
    held = meeting.status in HELD
    day = meeting.held_on or meeting.planned_on
    of_cluster = f" của {cluster.name}" if cluster else ""
    topic = f" với chủ đề “{meeting.topic}”" if meeting.topic else ""
    verb = "đã tổ chức" if held else "sẽ tổ chức"
    lead = f"Ngày {dmy(day)}, {cell} {verb} buổi sinh hoạt chuyên đề điểm{of_cluster}{topic}."
    paragraphs = []
    sentence = []
    if meeting.place:
        sentence.append(f"Buổi sinh hoạt {'diễn ra' if held else 'sẽ diễn ra'} tại {meeting.place}")
    if held and meeting.started_at and meeting.ended_at:
        sentence.append(f"từ {hm(meeting.started_at)} đến {hm(meeting.ended_at)}")
    present = _present(meeting) if held else 0
    if present:
        sentence.append(f"có {present} đảng viên của chi bộ tham dự")
    if sentence:
        paragraphs.append(_sentence(", ".join(sentence)))
    # The observers are named by their organisations only (the guests' own names stay in the minutes).
    observers = sorted({g.observer_from.name for g in meeting.guests.select_related("observer_from")
                        if g.observer_from_id and g.observer_from_id != meeting.organization_id})
    if observers:
        paragraphs.append(f"{'Dự' if held else 'Sẽ dự'} buổi sinh hoạt có đại biểu của {len(observers)} tổ chức đảng: "
                          f"{', '.join(observers)}.")
    visits = meeting.visits.select_related("group")
    if held:  # a group that only planned to come did not attend
        visits = visits.filter(visited_on__isnull=False)
    groups = sorted({v.group.name for v in visits})
    if groups:
        paragraphs.append(f"{'Dự' if held else 'Sẽ dự'} buổi sinh hoạt còn có {', '.join(groups)}.")
    title = f"Sinh hoạt chuyên đề điểm “{meeting.topic}” tại {cell}" if meeting.topic else \
        f"Sinh hoạt chuyên đề điểm tại {cell}"
    return Draft(title=title, date=_kept(day), lead=lead, paragraphs=paragraphs)


BODY_NAME = {Body.Kind.EXECUTIVE_COMMITTEE: "Ban Chấp hành", Body.Kind.CELL_COMMITTEE: "Chi ủy"}


def compose_congress(term: Term) -> Draft:
    name = term.organization.name
    day = term.congress_on or term.started_on
    verb = "đã tiến hành" if day <= timezone.localdate() else "sẽ tiến hành"
    lead = f"Ngày {dmy(day)}, {name} {verb} Đại hội nhiệm kỳ {term.label}."
    paragraphs = []
    body = term.bodies.filter(kind__in=MAIN_BODY_KINDS).order_by("started_on", "pk").first()
    if body is not None:
        # The committee as the congress elected it: the elected seats begun on the committee's first day (those
        # filled later, by a by-election or an appointment, are news of their own).
        elected = Seat.objects.filter(body=body, start_method=Seat.StartMethod.ELECTED, started_on=body.started_on)
        size = elected.count()
        if size > 1:
            paragraphs.append(f"Đại hội đã bầu {BODY_NAME.get(body.kind, 'cấp ủy')} nhiệm kỳ {term.label} gồm "
                              f"{size} đồng chí.")
        # Only the secretary is named: the organisation's secretary is a public office, announced at the congress
        # and on the organisation's documents. The other committee members are counted, not named (conservative:
        # the site need not list every member of a cell's committee, and the editor can add who is fitting).
        secretary = elected.filter(position=Position.SECRETARY).select_related("member").first()
        if secretary is not None:
            paragraphs.append(f"Đồng chí {secretary.member.full_name} được bầu giữ chức Bí thư {name} nhiệm kỳ "
                              f"{term.label}.")
    if term.decision_number:
        paragraphs.append(f"Kết quả bầu cử được cấp ủy cấp trên chuẩn y tại Quyết định số {term.decision_number}.")
    if term.congress_on and term.started_on != term.congress_on:
        paragraphs.append(f"Nhiệm kỳ mới bắt đầu từ ngày {dmy(term.started_on)}.")
    return Draft(title=f"Đại hội {name} nhiệm kỳ {term.label}", date=_kept(day), lead=lead, paragraphs=paragraphs)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


# ---- which records may become an article -------------------------------------------------------------------------

def _pilot_reportable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting was cancelled: there is nothing to report."))


def _visit_reportable(visit: Visit) -> None:
    if visit.visited_on is None and visit.meeting_id and visit.meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting was cancelled: there is nothing to report."))


def _always(record) -> None:
    return None


@dataclass(frozen=True)
class Source:
    """One kind of record an article may be drafted from."""

    kind: str  # SourceKind
    model: type
    get: Callable  # (user, pk, action) -> the record, or Http404 outside the user's scope
    compose: Callable[..., Draft]
    section: str  # the slug of the section the draft is written in (services.SECTIONS)
    page: Callable[..., str]  # the record's own page
    check: Callable = _always  # raises ValidationError when the record has nothing to report

    def reportable(self, record) -> bool:
        try:
            self.check(record)
        except ValidationError:
            return False
        return True


SOURCES = {
    SourceKind.VISIT: Source(SourceKind.VISIT, Visit, visit_get, compose_visit, "xay-dung-dang", visit_page,
                             _visit_reportable),
    SourceKind.PILOT: Source(SourceKind.PILOT, Meeting, pilot_get, compose_pilot, "xay-dung-dang", meeting_page,
                             _pilot_reportable),
    SourceKind.CONGRESS: Source(SourceKind.CONGRESS, Term, congress_get, compose_congress, "thoi-su", term_page),
}


def existing_article(kind: str, record_id: int) -> ArticlePage | None:
    """The article already drafted from the record (draft or published; an alias of it is not one)."""
    return (ArticlePage.objects.filter(source_kind=kind, source_id=record_id, alias_of__isnull=True)
            .defer_streamfields().order_by("pk").first())


def article_url(article: ArticlePage, user) -> str:
    """Where the user continues with the article: its page in the CMS when they may edit it there, else ""."""
    if not (user.has_perm("wagtailadmin.access_admin") and article.permissions_for_user(user).can_edit()):
        return ""
    return reverse("wagtailadmin_pages:edit", args=[article.pk])


def section_for_actor(slug: str, actor, organization_id: int | None):
    """Where the actor's draft goes: the source's section (`slug`) when the actor may add pages there; else the
    section the actor may add to whose organisation is nearest above the record's (a grassroots editor's own
    section); else the first the actor may add to; else the source's section (the draft is written, and an editor of
    that section takes it on: the actor is sent back to the record)."""
    from organizations.figures import ancestors

    default = section_for(slug)
    if default.permissions_for_user(actor).can_add_subpage():
        return default
    sections = [s for s in type(default).objects.sibling_of(default).order_by("path")
                if s.permissions_for_user(actor).can_add_subpage()]
    if not sections:
        return default
    chain, depth, node = ancestors({organization_id}) if organization_id else {}, {}, organization_id
    while node is not None and node not in depth:  # the record's organisation, its parent, ...: 0, 1, ...
        depth[node] = len(depth)
        node = chain.get(node)
    return min(sections, key=lambda s: (depth.get(s.organization_id, len(depth)), s.path))


def section_for(slug: str):
    """The section of that slug under the site's home page; the first section when an editor removed it; the site
    and its sections made first on an installation that has none (services.site_ensure)."""
    from .models import NewsIndex, SectionPage
    from .services import site_ensure

    home = NewsIndex.objects.first() or site_ensure()
    sections = SectionPage.objects.child_of(home).order_by("path")
    section = sections.filter(slug=slug).first() or sections.first()
    if section is None:
        site_ensure()
        section = sections.filter(slug=slug).first()
    return section


def slug_for(title: str, section) -> str:
    """A slug from the title, without diacritics (đ as d), unique among the section's pages."""
    base = re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")
    if len(base) > 80:  # cut between words
        base = base[:81].rsplit("-", 1)[0]
    base = base or "bai-viet"
    taken = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def body_of(draft: Draft) -> list:
    return [("paragraph", f"<p>{escape(text)}</p>") for text in draft.paragraphs]
