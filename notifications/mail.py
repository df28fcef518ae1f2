"""The e-mails themselves, written in the recipient's language (their settings; Vietnamese by default): a meeting
notice, and the reminders of what is coming and what is overdue (a daily digest, or the new items only). Nothing here
writes or sends: services.py does, and logs what it sent."""

import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.dates import dmy
from core.scope import VIEW, scope_for

from .models import Delivery, NotificationSettings
from .selectors import COMING, OVERDUE, Reminders, absolute


@dataclass
class Outgoing:
    """One e-mail to one user, and the log rows (kind, keys, day) that say it was sent."""

    user: object
    address: str
    kind: str
    keys: list[str]
    day: object
    subject: str
    body: str
    reply_to: list[str] = field(default_factory=list)


def person_name(user, member=None) -> str:
    if member is not None:
        return member.full_name
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _footer() -> dict:
    return {"settings_url": absolute(reverse("notifications:settings")), "site_url": settings.SITE_URL}


def meeting_link(user, meeting, member) -> str:
    """The meeting's page for someone who may open it (the cell's secretary, committee staff); a member opens their
    own record, where the coming meeting and its documents are shown."""
    scope = scope_for(user)
    if scope.covers(meeting.organization_id, VIEW):
        return absolute(meeting.get_absolute_url())
    if member is not None and (scope.own_member_id == member.pk):
        return absolute(member.get_absolute_url())
    return absolute(reverse("dashboard:home"))


def document_url(document) -> str:
    """A document's file through its scoped page (the member logs in), or its link."""
    url = document.get_absolute_url()
    return absolute(url) if url.startswith("/") else url


def notice_email(*, user, member, address: str, prefs: NotificationSettings, meeting, agenda, documents, actor,
                 day) -> Outgoing:
    with translation.override(prefs.language):
        context = {"name": person_name(user, member), "meeting": meeting, "agenda": agenda, "documents": documents,
                   "link": meeting_link(user, meeting, member), "sender": person_name(actor) if actor else "",
                   **_footer()}
        subject = _("Notice of the meeting of %(organization)s on %(date)s") % {
            "organization": meeting.organization.name, "date": dmy(meeting.planned_on)}
        body = render_to_string("notifications/email/notice.txt", context).strip() + "\n"
    reply_to = [actor.email] if actor is not None and actor.email else []
    # Keyed on when and where it is: a meeting moved and noticed again the same day is e-mailed again.
    when = f"{meeting.planned_on:%Y%m%d}-{meeting.planned_at:%H%M}" if meeting.planned_at else f"{meeting.planned_on:%Y%m%d}"
    where = zlib.crc32(meeting.place.encode())
    return Outgoing(user, address, "notice", [f"meeting:{meeting.pk}:{when}:{where:x}"], day, subject, body, reply_to)


def reminders_email(*, user, member, address: str, prefs: NotificationSettings, found: Reminders, day,
                    kind: str, keys: list[str]) -> Outgoing:
    digest = prefs.delivery == Delivery.DIGEST
    with translation.override(prefs.language):
        context = {"name": person_name(user, member), "digest": digest, "day": day,
                   "coming": found.section(COMING), "overdue": found.section(OVERDUE),
                   "coming_summary": found.summary(COMING), "overdue_summary": found.summary(OVERDUE),
                   "home": absolute(reverse("dashboard:home")), **_footer()}
        if digest:
            subject = _("What is due and overdue on %(date)s") % {"date": dmy(day)}
        else:
            subject = _("New items due or overdue on %(date)s") % {"date": dmy(day)}
        body = render_to_string("notifications/email/reminders.txt", context).strip() + "\n"
    return Outgoing(user, address, kind, keys, day, subject, body)
