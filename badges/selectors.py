"""Reads about Party badges, always through the user's scope: the members due on a presentation date, grouped by
organisation; a member's badges and next milestone; the to-do of the next date."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections
from django.db.models import Exists, OuterRef, Q, Value
from django.urls import reverse
from django.utils import timezone

from core.dates import add_months
from core.scope import BADGES, scope_for
from members.choices import Status
from members.selectors import member_allows, member_qs
from rules.selectors import RuleBook

from .models import BadgeAward, Illness, Interruption
from .reckoning import Calendar, Due, Facts, due_on, next_due, party_age, rules_on

SLACK = datetime.timedelta(days=3)  # the SQL windows are widened a little: the exact day is judged in Python
LIST_YEARS_AHEAD = 5  # how far ahead a presentation date's list may be asked for


def may_award(user, scope=None) -> bool:
    return (scope or scope_for(user)).can(BADGES)


class AwardDate(NamedTuple):
    """What the reckoning reads of an award when only counting: the date it was presented on."""

    presentation_date: datetime.date


def facts_of(ids, *, awards_as_dates: bool = False) -> dict[int, Facts]:
    """{member id: Facts} for the members given: interruptions, first illness, awards; three queries. With
    `awards_as_dates` the awards are their dates only (AwardDate), for a count that shows none of them."""
    facts = {pk: Facts() for pk in ids}
    # unordered: the models' order joins the members for their names
    for row in Interruption.objects.filter(member_id__in=ids).order_by().values_list("member_id", "starts_on",
                                                                                     "ends_on"):
        facts[row[0]].gaps.append((row[1], row[2]))
    for member_id, certified in Illness.objects.filter(member_id__in=ids).order_by().values_list("member_id",
                                                                                                   "certified_on"):
        current = facts[member_id].ill_since
        facts[member_id].ill_since = certified if current is None else min(current, certified)
    if awards_as_dates:
        for member_id, milestone, presented in BadgeAward.objects.filter(member_id__in=ids).order_by().values_list(
                "member_id", "milestone", "presentation_date"):
            facts[member_id].awards[milestone] = AwardDate(presented)
        return facts
    for award in BadgeAward.objects.filter(member_id__in=ids).order_by():
        facts[award.member_id].awards[award.milestone] = award
    return facts


def _candidates_q(rules, previous: datetime.date, presentation: datetime.date) -> Q:
    """A superset of the members who may be due on `presentation`, for the database to narrow: the full members and
    those who died whose admission falls, for some milestone, in the window since the previous date; whoever has an
    interruption or an illness recorded (few, judged in Python); those who died since the previous date; the awards
    recorded for the date.

    One flat OR of terms each an index answers: a window of the admission index (admitted_on, status) each, the few
    members with an interruption, an illness or an award for the date read first (one query) and named, and the
    dead by their status. A status around an OR of windows, or a subquery among the terms, read every member (at
    province size 340 ms on SQLite, 110 on PostgreSQL, for 234 candidates)."""
    windows = Q()
    for milestone in rules.milestones:
        windows |= Q(admitted_on__gt=add_months(previous, -12 * milestone) - SLACK,
                     admitted_on__lte=add_months(presentation, -12 * milestone) + SLACK,
                     status__in=(Status.FULL, Status.DECEASED))
    recorded: dict[str, list[int]] = {"interruption": [], "illness": [], "award": []}
    for member_id, kind in (
            Interruption.objects.order_by().annotate(kind=Value("interruption")).values_list("member_id", "kind")
            .union(Illness.objects.order_by().annotate(kind=Value("illness")).values_list("member_id", "kind"),
                   BadgeAward.objects.filter(presentation_date=presentation).order_by().annotate(kind=Value("award"))
                   .values_list("member_id", "kind"))):
        recorded[kind].append(member_id)
    return (windows
            | Q(status__in=(Status.FULL, Status.DECEASED), pk__in=sorted(set(recorded["interruption"])))
            | Q(status=Status.FULL, pk__in=sorted(set(recorded["illness"])))
            | Q(status=Status.DECEASED, status_since__gt=previous, status_since__lte=presentation)
            | Q(pk__in=sorted(set(recorded["award"]))))


@dataclass
class Row:
    due: Due
    age: tuple[int, int]  # Party age on the presentation date (years, months)

    @property
    def member(self):
        return self.due.member


@dataclass
class Group:
    organization: object
    rows: list[Row]


def due_rows(user, presentation: datetime.date, *, book=None, calendar=None) -> list[Row]:
    """The members in the user's scope due a badge on `presentation` (or awarded one for it), by organisation then
    name. Seven queries whatever the number of members: the rules, who has an interruption, an illness or an award
    for the date, the members, their interruptions, illnesses and awards (the scope's own subtree query aside)."""
    book = book or RuleBook()
    calendar = calendar or Calendar(book)
    rules = rules_on(book, presentation)
    previous = calendar.before(presentation)
    members = list(member_qs(user, BADGES).filter(_candidates_q(rules, previous, presentation))
                   .select_related("organization").order_by("organization__name_sort", "organization_id",
                                                            "name_sort", "id"))
    facts = facts_of([m.pk for m in members])
    rows = []
    for member in members:
        due = due_on(member, facts[member.pk], rules, calendar, presentation)
        if due is not None:
            rows.append(Row(due, party_age(member.admitted_on, facts[member.pk].gaps, presentation)))
    return rows


class MemberDates(NamedTuple):
    """The fields of a member the reckoning reads (badges.reckoning), without a model instance."""

    pk: int
    admitted_on: datetime.date
    status: str
    status_since: datetime.date | None


def due_count(user, presentation: datetime.date, *, book=None, calendar=None) -> int:
    """How many members in the user's scope are due a badge on `presentation` with none recorded for it yet: the
    home page's reminder, on every committee's home page for two months a date, up to the country's.

    Counted in two parts. A full member with no interruption and no illness recorded reaches a milestone on the
    same day of the month, the milestone's years after the admission, and is due on the first presentation date
    from that day: due on `presentation` exactly when some milestone's day falls after the previous date and on or
    before this one, unless a badge of that milestone or a higher one is recorded. That is one count in the database
    (a range of the admission index per milestone), whatever the number of members. The others (an interruption, an
    illness, a death since the previous date: a member who died earlier has no date ahead) are the few the
    reckoning judges in Python, as due_rows does; tests hold the sum to due_rows."""
    book = book or RuleBook()
    calendar = calendar or Calendar(book)
    rules = rules_on(book, presentation)
    previous = calendar.before(presentation)
    special = sorted(pk for pk, in Interruption.objects.order_by().values_list("member_id").union(
        Illness.objects.order_by().values_list("member_id")))
    in_scope = member_qs(user, BADGES).order_by()
    # one branch per milestone, counted together (UNION ALL: the windows are years apart, none counted twice), so
    # that each branch is a range of the index (admitted_on, status, id) read alone; under one OR PostgreSQL read
    # every row found from the table
    count = _windows_count(in_scope, special, [(milestone, last_admitted(previous, milestone),
                                                 last_admitted(presentation, milestone))
                                                for milestone in rules.milestones])
    others = [MemberDates(*row) for row in in_scope.filter(
        Q(pk__in=special, status__in=(Status.FULL, Status.DECEASED)) | Q(status=Status.DECEASED,
                                                                          status_since__gt=previous))
        .values_list("pk", "admitted_on", "status", "status_since")]
    facts = facts_of([m.pk for m in others], awards_as_dates=True)
    for member in others:
        due = due_on(member, facts[member.pk], rules, calendar, presentation)
        count += due is not None and due.award is None
    return count


def _window(in_scope, special: list[int], milestone: int, after: datetime.date, until: datetime.date):
    """The full members in scope, none of them special, admitted in (after, until] and with no badge of `milestone`
    or a higher one: those due it."""
    return (in_scope.filter(~Exists(BadgeAward.objects.filter(member=OuterRef("pk"), milestone__gte=milestone)),
                            admitted_on__gt=after, admitted_on__lte=until, status=Status.FULL)
            .exclude(pk__in=special).values("pk"))


# what the one window compiled for the template is given, found again among its parameters (a milestone within the
# field's range: the ORM drops a comparison with a number outside it)
_SENTINELS = (31_973, datetime.date(1, 1, 2), datetime.date(1, 1, 3))


def _windows_count(in_scope, special: list[int], windows: list[tuple[int, datetime.date, datetime.date]]) -> int:
    """How many members the windows (milestone, admitted after, admitted until) hold together, in one query. The
    windows differ only in those three values: one is compiled with sentinels in their place and its SQL repeated
    with each window's values, for the ORM built and compiled a dozen alike (20-30 ms of a country's home page);
    when the sentinels are not found once each among the parameters, every window is compiled."""
    if not windows:
        return 0
    connection = connections[in_scope.db]
    sql, params = _window(in_scope, special, *_SENTINELS).query.sql_with_params()
    params = list(params)
    adapt = connection.ops.adapt_datefield_value
    places = []
    for sentinel in _SENTINELS:
        forms = {sentinel, adapt(sentinel)} if isinstance(sentinel, datetime.date) else {sentinel}
        found = [n for n, param in enumerate(params) if param in forms]
        places.append(found[0] if len(found) == 1 else None)
    if None in places:
        parts = [_window(in_scope, special, *window) for window in windows]
        return parts[0].union(*parts[1:], all=True).count()
    every = []
    for milestone, after, until in windows:
        values = dict(zip(places, (milestone, adapt(after), adapt(until)), strict=True))
        every += [values.get(n, param) for n, param in enumerate(params)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM (" + " UNION ALL ".join(f"SELECT * FROM ({sql}) w{n}"
                                                                     for n in range(len(windows))) + ") windows",
                       every)
        return cursor.fetchone()[0]


def last_admitted(day: datetime.date, milestone: int) -> datetime.date:
    """The last admission day whose `milestone` years are complete on or before `day` (add_months brings a 29/02
    admission to the 28th: the day is found by stepping, not by subtracting the years)."""
    admitted = add_months(day, -12 * milestone) + datetime.timedelta(days=3)
    while add_months(admitted, 12 * milestone) > day:
        admitted -= datetime.timedelta(days=1)
    return admitted


def grouped(rows: list[Row]) -> list[Group]:
    groups: list[Group] = []
    for row in rows:
        if not groups or groups[-1].organization != row.member.organization:
            groups.append(Group(row.member.organization, []))
        groups[-1].rows.append(row)
    return groups


def dates_around(calendar: Calendar, presentation: datetime.date, *, before: int = 2, after: int = 2):
    """The presentation dates offered beside the one shown: a few before, a few after."""
    earlier, later, day = [], [], presentation
    for _ in range(before):
        day = calendar.before(day)
        earlier.insert(0, day)
    day = presentation
    for _ in range(after):
        day = calendar.after(day)
        later.append(day)
    return [*earlier, presentation, *later]


def member_badges_panel(request, member) -> dict:
    """The member page's block: the badges held, the next one and its date; what the committee may record."""
    today = timezone.localdate()
    book = RuleBook()
    calendar = Calendar(book)
    facts = facts_of([member.pk])[member.pk]
    due = None
    if member.status in (Status.FULL, Status.DECEASED):
        due = next_due(member, facts, rules_on(book, today), calendar)
    can_record = request is not None and member_allows(request.user, member, BADGES)
    return {"awards": sorted(facts.awards.values(), key=lambda a: a.milestone), "next_due": due, "today": today,
            "age": party_age(member.admitted_on, facts.gaps, today) if member.status == Status.FULL else None,
            "interruptions": list(member.badge_interruptions.order_by("starts_on")) if facts.gaps else [],
            "ill_since": facts.ill_since, "can_record": can_record and member.status == Status.FULL,
            # the list opens a few years ahead only (badges.views._presentation): a badge further off has no list yet
            "list_url": f"{reverse('badges:home')}?date={due.presentation:%Y-%m-%d}"
            if due and can_record and due.presentation.year <= today.year + LIST_YEARS_AHEAD else ""}
