"""Every read of the notifications app: a user's settings (the defaults when they have no row), the address their
e-mails go to, what they were sent, and what their reminder e-mail lists today.

The reminders are read through the selectors of the apps that own the work, each given the user, so an e-mail
lists exactly what the user's home page lists: `meetings.selectors.meeting_todo`, `inspections.selectors.remedy_todo`,
`petitions.selectors.petition_todo` (only for whoever may open a register: `may_open_register`). An e-mail names the
organisation, the deadline and a link; the content of a petition or of an inspection stays behind the login.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from core.dates import dmy
from inspections.selectors import remedy_todo
from meetings.selectors import meeting_todo
from members.models import Member
from petitions.selectors import may_open_register, petition_todo

from .models import NotificationSettings, SentNotification

COMING, OVERDUE = "coming", "overdue"
# meetings.selectors.meeting_todo's codes: what falls due (coming) and what is already late (overdue)
MEETING_SECTION = {"not_planned": COMING, "notice_due": COMING, "resolution_followup": COMING,
                   "past_planned": OVERDUE, "minutes_missing": OVERDUE}
ITEM_LIMIT = 50  # lines per source in one e-mail; the rest is a count and a link


def absolute(path: str) -> str:
    """A link in an e-mail: the site's address (settings.SITE_URL) and the path."""
    return settings.SITE_URL.rstrip("/") + path


def settings_for(user) -> NotificationSettings:
    """The user's settings; an unsaved row with the defaults when they never changed them."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def settings_map(users) -> dict[int, NotificationSettings]:
    """user id -> settings (saved or defaults) for many users, in one query."""
    users = list(users)
    saved = {s.user_id: s for s in NotificationSettings.objects.filter(user__in=[u.pk for u in users])}
    return {u.pk: saved.get(u.pk) or NotificationSettings(user=u) for u in users}


def member_of(user) -> Member | None:
    try:
        return user.member
    except Member.DoesNotExist:
        return None


def address_of(user, member: Member | None = None) -> str:
    """Where the user's e-mails go: the account's address, else the one on their member record."""
    if user.email:
        return user.email
    member = member if member is not None else member_of(user)
    return member.email if member is not None else ""


def recipients():
    """Active users with an address (their account's or their member record's), their member record joined."""
    return (get_user_model().objects.filter(is_active=True)
            .filter(~Q(email="") | (Q(member__isnull=False) & ~Q(member__email="")))
            .select_related("member").order_by("pk"))


def sent_to(user, *, limit: int = 10) -> list[SentNotification]:
    """The last e-mails sent to the user (their settings page lists them): one line per e-mail, though an e-mail of
    new items logs one row per item."""
    shown, seen = [], set()
    for row in SentNotification.objects.filter(user=user).order_by("-sent_at", "-id")[:limit * 10]:
        if (row.kind, row.day, row.subject) not in seen:
            seen.add((row.kind, row.day, row.subject))
            shown.append(row)
    return shown[:limit]


# ---- what a reminder e-mail lists --------------------------------------------------------------------------------

@dataclass
class Item:
    key: str  # what the item is, for the log: "meeting:12:notice_due", "remedy:3", "petition:8:overdue"
    section: str  # COMING or OVERDUE
    text: str
    url: str


@dataclass
class Reminders:
    items: list[Item] = field(default_factory=list)
    summaries: list[Item] = field(default_factory=list)  # counts over many organisations (a digest only)

    def section(self, name: str) -> list[Item]:
        return [i for i in self.items if i.section == name]

    def summary(self, name: str) -> list[Item]:
        return [i for i in self.summaries if i.section == name]

    def keep(self, sections: set[str]) -> "Reminders":
        return Reminders([i for i in self.items if i.section in sections],
                         [i for i in self.summaries if i.section in sections])

    def __bool__(self) -> bool:
        return bool(self.items or self.summaries)


def _meeting_line(todo) -> tuple[str, str]:
    name, meeting = todo.organization.name, todo.meeting
    if todo.code == "not_planned":
        return "", ""  # worded by the caller (it needs the month)
    if todo.code == "minutes_missing":
        text = _("%(name)s: approve the minutes of the meeting of %(date)s") % {"name": name,
                                                                               "date": dmy(meeting.held_on)}
    elif todo.code == "notice_due":
        text = _("%(name)s: give members notice of the meeting of %(date)s") % {"name": name,
                                                                               "date": dmy(meeting.planned_on)}
    elif todo.code == "resolution_followup":
        text = _("%(name)s: at the meeting of %(date)s, review how the resolution of %(previous)s was carried out") % {
            "name": name, "date": dmy(meeting.planned_on), "previous": dmy(todo.previous.held_on)}
        return text, reverse("meetings:detail", args=[todo.previous.pk])
    else:
        text = _("%(name)s: record the meeting planned for %(date)s") % {"name": name, "date": dmy(meeting.planned_on)}
    return text, reverse("meetings:detail", args=[meeting.pk])


MEETING_COUNTS = {  # the home page's wording (meetings/_home_todo.html), translated when the e-mail is written
    "not_planned": gettext_noop("regular meetings of this month not planned"),
    "past_planned": gettext_noop("planned meetings not recorded"),
    "notice_due": gettext_noop("meetings this week without notice to members"),
    "minutes_missing": gettext_noop("minutes not approved"),
}


def _meetings(user, today: datetime.date, found: Reminders) -> None:
    todo = meeting_todo(user, today=today, limit=ITEM_LIMIT)
    month = todo.get("month")
    for t in todo["items"]:
        if t.code == "not_planned":
            text = _("%(name)s: plan the regular meeting of %(month)s") % {"name": t.organization.name,
                                                                           "month": month.strftime("%m/%Y")}
            url, key = reverse("meetings:plan", args=[t.organization.pk]), f"cell:{t.organization.pk}:{month:%Y-%m}"
        else:
            text, url = _meeting_line(t)
            key = f"meeting:{t.meeting.pk}"
        found.items.append(Item(f"{key}:{t.code}", MEETING_SECTION[t.code], text, absolute(url)))
    # the page listing exactly those rows, as the home page links them (the compliance page before it had one)
    fallback = reverse("meetings:compliance") + f"?month={month:%Y-%m}"
    if todo["total"] > len(todo["items"]) and not todo.get("counts"):
        found.summaries.append(Item("meetings:more", COMING, _("All cells") + f" ({todo['total']})",
                                    absolute(todo.get("all_url") or fallback)))
    for c in todo.get("counts", []):
        found.summaries.append(Item(f"meetings:{c['code']}", MEETING_SECTION[c["code"]],
                                    f"{c['n']} {_(MEETING_COUNTS[c['code']])}", absolute(c.get("url") or fallback)))


def _remedies(user, today: datetime.date, found: Reminders) -> None:
    todo = remedy_todo(user, today=today, limit=ITEM_LIMIT)
    for r in todo["items"]:
        text = _("%(name)s: remedy due %(date)s") % {"name": r.organization.name, "date": dmy(r.deadline)}
        found.items.append(Item(f"remedy:{r.pk}:overdue", OVERDUE, text,
                                absolute(reverse("inspections:remedy", args=[r.pk]))))
    if todo["total"] > len(todo["items"]):
        found.summaries.append(Item("remedies:more", OVERDUE, _("All overdue remedies") + f" ({todo['total']})",
                                    absolute(reverse("inspections:remedies") + "?role=carry_out&deadline=overdue")))


def _petitions(user, today: datetime.date, found: Reminders) -> None:
    if not may_open_register(user):
        return
    todo = petition_todo(user, today=today, limit=ITEM_LIMIT)
    register = reverse("petitions:register")
    for t in todo.get("items", []):
        petition = t["petition"]
        if t["days_left"] < 0:
            n = t["overdue_by"]
            when = ngettext("%(n)s day overdue", "%(n)s days overdue", n) % {"n": n}
            section = OVERDUE
        else:
            when, section = _("due %(date)s") % {"date": dmy(petition.due_on)}, COMING
        text = _("Petition %(number)s: %(when)s") % {"number": petition.register_number, "when": when}
        found.items.append(Item(f"petition:{petition.pk}:{section}", section, text,
                                absolute(reverse("petitions:detail", args=[petition.pk]))))
    if todo.get("overdue"):
        n = todo["overdue"]
        found.summaries.append(Item("petitions:overdue", OVERDUE, _("Petitions to settle") + ": " + ngettext(
            "%(n)s overdue", "%(n)s overdue", n) % {"n": n}, absolute(register + "?deadline=overdue")))
    if todo.get("due_soon"):
        n = todo["due_soon"]
        found.summaries.append(Item("petitions:due_soon", COMING, _("Petitions to settle") + ": " + ngettext(
            "%(n)s due soon", "%(n)s due soon", n) % {"n": n}, absolute(register + "?deadline=due_soon")))


def reminders(user, prefs: NotificationSettings, *, today: datetime.date | None = None) -> Reminders:
    """What is coming and what is overdue for the user today, in the sections their settings ask for (texts in the
    active language)."""
    today = today or datetime.date.today()
    sections = {s for s, on in ((COMING, prefs.deadlines), (OVERDUE, prefs.overdue)) if on}
    if not sections:
        return Reminders()
    found = Reminders()
    _meetings(user, today, found)
    _remedies(user, today, found)
    _petitions(user, today, found)
    return found.keep(sections)
