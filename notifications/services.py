"""Every write of the notifications app: a user's settings (history with the actor and a reason), and the e-mails
sent, each logged (`SentNotification`, unique per user, kind, object and day) BEFORE it is sent, so that a second run
of the same day sends nothing and two runs at once do not both send; a failed send removes its log rows again.

- `notice_send`: the meeting notice, run once the notice service's transaction has committed (handlers.py).
- `reminders_send`: what is coming and overdue for every user who wants it (the `send_reminders` command, daily).
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.history import save_with_history
from core.versions import expect_version
from meetings.models import Meeting
from meetings.selectors import meeting_documents
from members.models import Member

from . import mail, selectors
from .models import Delivery, NotificationSettings, SentNotification

logger = logging.getLogger(__name__)
FIELDS = ("notices", "deadlines", "overdue", "delivery", "language")


@transaction.atomic
def notification_settings_update(*, actor, user, notices: bool, deadlines: bool, overdue: bool, delivery: str,
                                 language: str, reason: str = "", revision: int | None = None) -> NotificationSettings:
    """A user's own e-mail settings (the administrator may change anyone's). `revision`: the one the form was drawn
    from (core.versions); a save made over a newer one is refused (StaleEdit)."""
    if actor is None or (actor.pk != user.pk and not actor.is_superuser):
        raise PermissionDenied(_("Only the user changes their notification settings."))
    found = NotificationSettings.objects.select_for_update().filter(user=user).first()
    if found is not None:
        expect_version(found, revision)
    prefs = found or NotificationSettings(user=user)
    values = {"notices": notices, "deadlines": deadlines, "overdue": overdue, "delivery": delivery,
              "language": language}
    if found is not None and all(getattr(prefs, k) == v for k, v in values.items()):
        return prefs  # nothing changed: no history row
    for name, value in values.items():
        setattr(prefs, name, value)
    return save_with_history(prefs, actor=actor, reason=reason or _("Notification settings changed"))


# ---- sending -----------------------------------------------------------------------------------------------------

def _log(outgoing: mail.Outgoing) -> bool:
    """Write the log rows of one e-mail; False when they exist already (sent by an earlier or a parallel run)."""
    rows = [SentNotification(user=outgoing.user, kind=outgoing.kind, key=key, day=outgoing.day,
                             address=outgoing.address, subject=outgoing.subject[:300]) for key in outgoing.keys]
    try:
        for row in rows:
            row.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError:  # an address no mail server would take: say so, and go on with the others
        logger.warning("E-mail to %r (%s) not sent: not a valid address", outgoing.address, outgoing.kind)
        return False
    try:
        with transaction.atomic():
            SentNotification.objects.bulk_create(rows)
    except IntegrityError:
        return False
    return True


def deliver(outgoing: Iterable[mail.Outgoing]) -> int:
    """Log and send each e-mail (one connection for all); the number sent."""
    outgoing = list(outgoing)
    if not outgoing:
        return 0
    sent = 0
    with get_connection() as connection:
        for o in outgoing:
            if not _log(o):
                continue
            message = EmailMessage(o.subject, o.body, settings.DEFAULT_FROM_EMAIL, [o.address], reply_to=o.reply_to,
                                   connection=connection)
            try:
                message.send()
            except Exception:  # the mail server refused or is down: the next run tries again
                logger.exception("E-mail to %s (%s) not sent", o.address, o.kind)
                SentNotification.objects.filter(user=o.user, kind=o.kind, key__in=o.keys, day=o.day).delete()
            else:
                sent += 1
    return sent


def notice_send(*, meeting_id: int, member_ids: list[int], actor=None, day: datetime.date | None = None) -> int:
    """E-mail the notice of a meeting to each of `member_ids` who has an active account with an address and meeting
    notices on; once per member, meeting and day. Run after the notice is committed (handlers.notice_given)."""
    day = day or timezone.localdate()
    meeting = Meeting.objects.select_related("organization").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    members = list(Member.objects.filter(pk__in=member_ids, user__isnull=False, user__is_active=True)
                   .select_related("user").order_by("pk"))
    prefs = selectors.settings_map(m.user for m in members)
    agenda = list(meeting.entries.order_by("order"))
    documents = [(d.title, mail.document_url(d)) for d in meeting_documents(meeting)]
    outgoing = []
    for member in members:
        address = selectors.address_of(member.user, member)
        if address and prefs[member.user.pk].notices:
            outgoing.append(mail.notice_email(user=member.user, member=member, address=address,
                                              prefs=prefs[member.user.pk], meeting=meeting, agenda=agenda,
                                              documents=documents, actor=actor, day=day))
    return deliver(outgoing)


def _reminder(user, prefs: NotificationSettings, day: datetime.date) -> mail.Outgoing | None:
    """The user's e-mail of the day: everything (a digest, once a day), or only the items never sent before."""
    member = selectors.member_of(user)
    address = selectors.address_of(user, member)
    if not address:
        return None
    with translation.override(prefs.language):
        found = selectors.reminders(user, prefs, today=day)
    if not found:
        return None
    if prefs.delivery == Delivery.DIGEST:
        return mail.reminders_email(user=user, member=member, address=address, prefs=prefs, found=found, day=day,
                                    kind=SentNotification.Kind.DIGEST, keys=[""])
    known = set(SentNotification.objects.filter(user=user, kind=SentNotification.Kind.ITEM,
                                                key__in=[i.key for i in found.items]).values_list("key", flat=True))
    found = selectors.Reminders([i for i in found.items if i.key not in known])
    if not found:
        return None
    return mail.reminders_email(user=user, member=member, address=address, prefs=prefs, found=found, day=day,
                                kind=SentNotification.Kind.ITEM, keys=[i.key for i in found.items])


def reminders_outgoing(*, day: datetime.date, users=None) -> list[mail.Outgoing]:
    """The reminder e-mails of `day` for every active user with an address (or `users`), as their settings ask."""
    candidates = list(selectors.recipients() if users is None else users)
    prefs = selectors.settings_map(candidates)
    done = set(SentNotification.objects.filter(kind=SentNotification.Kind.DIGEST, day=day)
               .values_list("user_id", flat=True))
    found = []
    for user in candidates:
        p = prefs[user.pk]
        if not (p.deadlines or p.overdue) or (p.delivery == Delivery.DIGEST and user.pk in done):
            continue
        outgoing = _reminder(user, p, day)
        if outgoing is not None:
            found.append(outgoing)
    return found


def reminders_send(*, day: datetime.date | None = None, users=None) -> int:
    """Send the day's reminders (the `send_reminders` command); idempotent per user and day."""
    day = day or timezone.localdate()
    return deliver(reminders_outgoing(day=day, users=users))
