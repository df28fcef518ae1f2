"""Reads of members, always through the user's scope."""

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core.dates import Deadline, add_months, holiday_calendar_end, holidays_from
from core.scope import MANAGE_MEMBERS, VIEW, scope_for
from core.text import fold, search_q
from organizations.figures import figures_of

from .choices import ACTIVE_STATUSES, AGE_BANDS, LOSS_STATUSES, Status, TransferKind
from .models import Member, Membership


def member_scope_q(user, action: str = VIEW) -> Q | None:
    """Members the user may see (or act on), as a filter; None means nothing at all.

    Seeing covers members officially or temporarily in the user's organisations, and the user's own
    record. Acting on a file belongs to the member's official organisation; the host of a temporary
    transfer acts only for a guest from outside the installation (who has no official organisation here).
    """
    scope = scope_for(user)
    q = None
    if scope.can(action):
        if scope.sees_everything(action):
            return Q()
        ids = sorted(scope.org_ids(action) or ())
        if action == VIEW:
            q = Q(organization_id__in=ids) | Q(temporary_organization_id__in=ids)
        else:
            q = Q(organization_id__in=ids) | Q(organization__isnull=True, temporary_organization_id__in=ids)
    if scope.own_member_id and action == VIEW:
        own = Q(pk=scope.own_member_id)
        q = own if q is None else q | own
    return q


def member_allows(user, member: Member, action: str) -> bool:
    """The same rule as member_scope_q, for one member already loaded (to show or hide buttons)."""
    scope = scope_for(user)
    home = member.organization_id if member.organization_id is not None else member.temporary_organization_id
    return scope.covers(home, action)


def member_qs(user, action: str = VIEW):
    q = member_scope_q(user, action)
    if q is None:
        return Member.objects.none()
    return Member.objects.filter(q)


def former_member_q(user) -> Q | None:
    """Members once officially registered (a permanent membership period) in an organisation the user sees, who
    have moved on to one the user does not: the statistics of a past day count them there, so the member list as of
    that day names them (their file is their organisation's now: no link to it). None: nobody beyond
    member_scope_q."""
    from django.db.models import Exists, OuterRef

    scope = scope_for(user)
    if not scope.can(VIEW) or scope.sees_everything(VIEW):
        return None
    periods = Membership.objects.filter(member=OuterRef("pk"), kind=TransferKind.PERMANENT,
                                        organization_id__in=sorted(scope.org_ids(VIEW) or ()))
    return Q(Exists(periods))


def member_get(user, pk, action: str = VIEW) -> Member:
    """The member, or 404 when outside the user's scope."""
    try:
        return member_qs(user, action).select_related("organization", "temporary_organization", "user").get(pk=pk)
    except (Member.DoesNotExist, ValueError):
        raise Http404


def member_list_qs(user, *, historic: bool = False):
    """The members the list shows; `historic` (a list as of a past day, of a period's movements): with the former
    members of the user's organisations, whom those filters may find where they were, marked `former` (their file
    is no longer the user's to open)."""
    from django.db.models import BooleanField, Case, Value, When

    former = former_member_q(user) if historic else None
    if former is None:
        return member_qs(user).select_related("organization", "temporary_organization")
    # a user who may read has a scope Q (never the empty one: whoever sees everything has no former members)
    current = member_scope_q(user)
    return (Member.objects.filter(current | former)
            .annotate(former=Case(When(current, then=Value(False)), default=Value(True), output_field=BooleanField()))
            .select_related("organization", "temporary_organization"))


def age_band_dates(code: str, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date] | None:
    """Birth-date interval [born_after, born_on_or_before] of an age band, for an index-friendly filter."""
    today = today or datetime.date.today()
    for band_code, _label, lo, hi in AGE_BANDS:
        if band_code == code:
            latest = _years_before(today, lo)  # born on or before: at least `lo` years old
            earliest = _years_before(today, hi + 1)  # born after: younger than hi + 1
            return earliest, latest
    return None


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def member_search(user, text: str, limit: int = 20):
    if not fold(text):
        return Member.objects.none()
    return member_list_qs(user).filter(search_q(text)).order_by("name_sort", "id")[:limit]


# ---- what the member file gives the organisation pages (registered in MembersConfig.ready) -----------------------

def own_member_sql(user) -> tuple[str, list]:
    """The user's own member record, whatever their roles (a scope provider: core.scope, read with the roles in one
    query): everyone linked to a member file may read it, the inspection chair with no role assignment as much as a
    plain member. Every request asks: written out, as the ORM's query cost 0.5 ms of Python."""
    table = connection.ops.quote_name(Member._meta.db_table)
    return ("SELECT CAST(NULL AS VARCHAR(1)), id, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER) FROM"
            f" (SELECT id FROM {table} WHERE user_id = %s ORDER BY name_sort, id LIMIT 1) own", [user.pk])


def own_member_apply(user, scope, rows: list[tuple]) -> None:
    scope.own_member_id = rows[0][1] if rows else None


def active_member_count():
    """Each organisation's own active members, as an annotation over Organization (the `members` figure)."""
    return Count("members", filter=Q(members__status__in=ACTIVE_STATUSES), distinct=True)


def member_counts_as_of(day: datetime.date) -> dict[int, int]:
    """{organisation id: members officially registered there on `day`} from the membership periods."""
    return dict(
        Membership.objects.filter(kind=TransferKind.PERMANENT, started_on__lte=day, organization__isnull=False)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .values("organization_id").annotate(n=Count("member_id", distinct=True)).values_list("organization_id", "n")
    )


def registered_on_q(day: datetime.date, organization_ids=None) -> Q:
    """Members officially registered (a permanent membership period) on `day` in one of `organization_ids` (None: in
    any organisation of the installation): who counts where on a past day, as the statistics and the member list as of
    a date read it."""
    from django.db.models import Exists, OuterRef

    periods = Membership.objects.filter(member=OuterRef("pk"), kind=TransferKind.PERMANENT, started_on__lte=day,
                                        organization__isnull=False).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    if organization_ids is not None:
        periods = periods.filter(organization_id__in=sorted(organization_ids))
    return Q(Exists(periods))


def movement_periods(organization_ids, since: datetime.date, until: datetime.date) -> dict:
    """{movement: the permanent membership periods that make it} over [since, until] for the organisations
    `organization_ids` taken as one whole (None: every organisation): "admitted" (the period opened on the admission
    day), "arrived" and "left" (transfers from and to outside the whole: moves between its own organisations, a
    restructuring's included, are neither), "lost" (ended by the member's death, expulsion, striking off or leaving;
    the member's status says which). The statistics count their members and the member list lists them, so both
    read the same rows."""
    from django.db.models import Exists, F, OuterRef

    permanent = Membership.objects.filter(kind=TransferKind.PERMANENT)
    if organization_ids is not None:
        permanent = permanent.filter(organization_id__in=sorted(organization_ids))
    admitted = permanent.filter(started_on__gte=since, started_on__lte=until, started_on=F("member__admitted_on"),
                                member__admitted_on__gte=since)
    # arrived from outside the whole: no period of theirs in it ran up to the day this one started
    inside_before = permanent.filter(member=OuterRef("member"), started_on__lt=OuterRef("started_on"),
                                     ended_on__gte=OuterRef("started_on"))
    arrived = (permanent.filter(started_on__gte=since, started_on__lte=until, started_on__gt=F("member__admitted_on"))
               .exclude(Exists(inside_before)))
    # left the whole by a transfer: no period of theirs in it opened the day this one ended
    inside_after = permanent.filter(member=OuterRef("member"), started_on=OuterRef("ended_on"))
    left = (permanent.filter(ended_on__gte=since, ended_on__lte=until, ended_by_transfer=True)
            .exclude(Exists(inside_after)))
    lost = permanent.filter(ended_on__gte=since, ended_on__lte=until, member__status__in=LOSS_STATUSES,
                            member__status_since=F("ended_on"))
    return {"admitted": admitted, "arrived": arrived, "left": left, "lost": lost}


def counted_organizations(user, organization, day: datetime.date, tree: dict | None = None) -> set[int] | None:
    """The organisations a statistics form as of `day` counts (organizations_on), less those that did not exist on
    the day (`tree`: organizations.selectors.tree_as_of(day), when the caller has it): the forms and the member list
    they link to read the same set."""
    from organizations.selectors import tree_as_of

    ids = organizations_on(user, organization, day)
    if ids is None:
        return None
    return ids & (tree_as_of(day) if tree is None else tree).keys()


def organizations_on(user, organization, day: datetime.date) -> set[int] | None:
    """The organisations whose members a figure or a list as of `day` counts: `organization` and what was under it on
    that day (organizations.selectors.subtrees_as_of), or with none chosen every organisation of the user's scope;
    always within the scope (None: every organisation, for whoever sees everything)."""
    from organizations.selectors import subtrees_as_of

    scope = scope_for(user)
    if not scope.can(VIEW):
        return set()
    visible = None if scope.sees_everything(VIEW) else set(scope.org_ids(VIEW) or ())
    if organization is None:
        return visible
    ids = subtrees_as_of([organization.pk], day)
    return ids if visible is None else ids & visible


def probationary_on_q(day: datetime.date) -> Q:
    """Probationary on `day` (admitted by then, not yet full); full members on `day` are the others."""
    return Q(full_on__isnull=True) | Q(full_on__gt=day)


def active_member_counts() -> dict[int, int]:
    """{organisation id: its own active members} in one grouped query (the `members` figure, summed over the tree by
    organizations.selectors.figure_totals)."""
    return dict(Member.objects.filter(status__in=ACTIVE_STATUSES, organization__isnull=False).order_by()
                .values_list("organization_id").annotate(n=Count("id")).values_list("organization_id", "n"))


def organization_members_url(organization_id: int | None) -> str:
    """The member list of exactly what the `members` figure counts: the active members officially registered in the
    organisation and everything under it (None: in every organisation the user sees)."""
    from django.urls import reverse

    if organization_id is None:
        return f"{reverse('members:list')}?registration=official"
    return f"{reverse('members:list')}?organization={organization_id}&registration=official"


def organization_own_members_url(organization_id: int) -> str:
    """The member list of the organisation's own active members (not those of its sub-units)."""
    return f"{organization_members_url(organization_id)}&direct=true"


def split_members(organization) -> tuple[str, str, list[tuple[int, str]]]:
    """The active members a split hands out, part by part."""
    from django.utils.translation import gettext as _

    rows = organization.members.filter(status__in=ACTIVE_STATUSES).order_by("name_sort").values_list("pk", "full_name")
    return "members", _("Where each member goes"), list(rows)


def member_holdings(organization) -> list[tuple[int, str]]:
    """The members and temporary attendees still in an organisation (a dissolution is refused while there are)."""
    from django.utils.translation import gettext as _

    members = organization.members.filter(status__in=ACTIVE_STATUSES).count()
    guests = organization.temporary_members.filter(status__in=ACTIVE_STATUSES).count()
    return [(members, _("%(count)d members") % {"count": members}),
            (guests, _("%(count)d temporarily attending members") % {"count": guests})]


def organization_members_panel(request, organization) -> dict | None:
    """The organisation page's members: its own (first 100), those attending on temporary transfer."""
    members = organization.members.filter(status__in=ACTIVE_STATUSES).order_by("name_sort")
    guests = organization.temporary_members.filter(status__in=ACTIVE_STATUSES).select_related("organization")
    count = members.count()
    if not (organization.kind.holds_members or count):
        return {"member_count": 0, "members": None, "guests": guests}
    return {"member_count": count, "members": members[:100], "guests": guests,
            "list_url": organization_own_members_url(organization.pk)}


def organization_member_total(request, organization) -> dict:
    """The fact "Members (total)": the active members of its subtree, as kept (organizations.figures; a scope is made
    of whole subtrees, so whoever sees the organisation sees all of them), not counted over the subtree's ids."""
    _own, total = figures_of([organization.pk]).get(organization.pk, ({}, {}))
    return {"subtree_member_count": total.get("members", 0)}


def search_members(user, text: str) -> list:
    return list(member_search(user, text, limit=50))


# ---- what is due: full membership to consider, transfer papers to issue, introduction letters awaited -------------

DUE_AHEAD_DAYS = 30  # full membership shows this many days before probation ends (a horizon, not a regulated number)


class DueKind:
    FULL_MEMBERSHIP = "full_membership"
    PAPERS = "papers"
    LETTER = "letter"


@dataclass
class DueItem:
    """One thing an organisation must do for a member by a working-day deadline."""

    kind: str
    member: Member
    organization: object  # the organisation that must act: the member's cell, the sending or the receiving one
    since: datetime.date  # the day the deadline runs from: probation's end, the transfer decision, the letter's date
    days: int  # the working days the rule in force that day allows
    deadline: Deadline
    today: datetime.date
    period: Membership | None = None  # the membership period of a transfer item

    @property
    def overdue(self) -> bool:
        return self.today > self.deadline.on

    @property
    def not_yet(self) -> bool:
        """Full membership whose probation has not ended yet (shown ahead, cannot be decided yet)."""
        return self.today < self.since

    @property
    def counterpart(self) -> str:
        """Papers: where the member went; a letter: where the member came from."""
        if self.period is None:
            return ""
        if self.kind == DueKind.PAPERS:
            following = getattr(self.period, "transferred_to", None)
            return following.organization.name if following and following.organization else self.period.end_reason
        source = self.period.transferred_from
        return source.organization.name if source and source.organization else ""


@dataclass(frozen=True)
class _Due:
    """An item judged before its records are read: a wide scope judges thousands and shows a few."""

    kind: str
    ref: int  # the member (full membership) or the membership period (papers, letter)
    member_id: int
    name_sort: str
    since: datetime.date
    days: int
    deadline: Deadline
    overdue: bool
    seq: int  # the order read, the last tie-break

    def order(self):
        return (not self.overdue, self.deadline.on, self.name_sort, self.member_id, self.seq)


class DueList:
    """What is due, overdue first, then by deadline. Counted whole; the records of an item are read only when it is
    shown (`select`, `sections`), in one query per kind of record for everything shown at once."""

    def __init__(self, dues=(), today: datetime.date | None = None, *, counted: tuple[int, int] | None = None):
        self._dues = sorted(dues, key=_Due.order)
        self._loaded: dict[tuple[str, int], DueItem] = {}
        self.today = today
        self._counted = counted  # (total, overdue) of a list that holds only its first items (members_due's `first`)

    @property
    def total(self) -> int:
        return len(self._dues) if self._counted is None else self._counted[0]

    @property
    def overdue(self) -> int:
        return sum(1 for due in self._dues if due.overdue) if self._counted is None else self._counted[1]

    @property
    def due(self) -> int:
        return self.total - self.overdue

    def count(self, kind: str) -> int:
        return sum(1 for due in self._dues if due.kind == kind)

    def _pick(self, limit, kind, start):
        dues = self._dues if kind is None else [due for due in self._dues if due.kind == kind]
        return dues[start:None if limit is None else start + limit]

    def select(self, limit: int | None = None, *, kind: str | None = None, start: int = 0) -> list[DueItem]:
        picked = self._pick(limit, kind, start)
        self._load(picked)
        return [self._loaded[(due.kind, due.ref)] for due in picked]

    def sections(self, limit: int | None = None) -> dict[str, list[DueItem]]:
        """The first `limit` items of each kind."""
        kinds = (DueKind.FULL_MEMBERSHIP, DueKind.PAPERS, DueKind.LETTER)
        self._load([due for kind in kinds for due in self._pick(limit, kind, 0)])
        return {kind: self.select(limit, kind=kind) for kind in kinds}

    @property
    def items(self) -> list[DueItem]:
        return self.select()

    def of(self, kind: str) -> list[DueItem]:
        return self.select(kind=kind)

    @property
    def full_membership(self) -> list[DueItem]:
        return self.of(DueKind.FULL_MEMBERSHIP)

    @property
    def papers(self) -> list[DueItem]:
        return self.of(DueKind.PAPERS)

    @property
    def letters(self) -> list[DueItem]:
        return self.of(DueKind.LETTER)

    def _load(self, dues) -> None:
        missing = [due for due in dues if (due.kind, due.ref) not in self._loaded]
        member_ids = [due.ref for due in missing if due.kind == DueKind.FULL_MEMBERSHIP]
        period_ids = [due.ref for due in missing if due.kind != DueKind.FULL_MEMBERSHIP]
        members = Member.objects.select_related("organization").in_bulk(member_ids) if member_ids else {}
        periods = (Membership.objects.select_related(
            "member", "organization", "transferred_from__organization", "transferred_to__organization")
            .in_bulk(period_ids)) if period_ids else {}
        for due in missing:
            if due.kind == DueKind.FULL_MEMBERSHIP:
                member, organization, period = members[due.ref], members[due.ref].organization, None
            else:
                period = periods[due.ref]
                member, organization = period.member, period.organization
            self._loaded[(due.kind, due.ref)] = DueItem(due.kind, member, organization, due.since, due.days,
                                                       due.deadline, self.today, period)


def _due_org_ids(user, organizations):
    """The organisation ids to list (None: all), or False for nothing: by default those where the user manages
    members; `organizations` narrows it (a cell secretary's cells), never widens it."""
    scope = scope_for(user)
    if organizations is not None:
        ids = set(organizations)
        if not scope.sees_everything(VIEW):
            ids &= set(scope.org_ids(VIEW) or ())
        return ids or False
    if not scope.can(MANAGE_MEMBERS):
        return False
    return None if scope.sees_everything(MANAGE_MEMBERS) else set(scope.org_ids(MANAGE_MEMBERS))


def members_due(user, *, organizations=None, today: datetime.date | None = None, first: int | None = None) -> DueList:
    """What is due and overdue for the members of the organisations the user manages (or of `organizations`, within
    the user's scope): full membership to consider (from DUE_AHEAD_DAYS before probation ends until decided), the
    papers of a permanent transfer to issue (the sending side), introduction letters awaited (the receiving cell).
    Overdue first, then by deadline. A fixed number of queries: the members, the periods, the rule data, the
    calendar.

    `first`: only the first items in that order are read, the others counted (a home page). A member's deadline
    follows from the day their probation started alone, so the members are counted per day from the index, each
    day judged once; only those of the days whose deadline comes first are read (a country's 9,500 members judged
    one by one took 50 ms)."""
    from rules.codes import PROBATION_MONTHS
    from rules.selectors import RuleBook

    from .deadlines import full_membership_deadline, letter_deadline, papers_deadline, probation_end

    today = today or timezone.localdate()
    ids = _due_org_ids(user, organizations)
    if ids is False:
        return DueList(today=today)
    members = Member.objects.filter(status=Status.PROBATIONARY, organization__isnull=False)
    # The two kinds of period owed, each found on its partial index (membership_papers_due, membership_letter_due:
    # the organisation named so that the index is walked) and read as one UNION ALL; an OR of them, or an ORDER BY,
    # made SQLite read every member or every period instead (30 ms of a province's home page for no row).
    papers = Membership.objects.filter(ended_by_transfer=True, ended_on__isnull=False, papers_issued_on__isnull=True)
    letters = Membership.objects.filter(transferred_from__isnull=False, ended_on__isnull=True,
                                        letter_issued_on__isnull=False, letter_presented_on__isnull=True)
    if ids is not None:
        members = members.filter(organization_id__in=sorted(ids))
        papers, letters = (q.filter(organization_id__in=sorted(ids)) for q in (papers, letters))
    else:
        papers, letters = (q.filter(organization__isnull=False) for q in (papers, letters))
    book = RuleBook()
    ahead = today + datetime.timedelta(days=DUE_AHEAD_DAYS)
    # Probation lasts at least the shortest period any version of the rule sets: a member whose probation started
    # later cannot be due yet, and is not read (a wide scope holds a hundred thousand probationary members, of whom
    # a few thousand are due); the exact end is judged below with the rule in force on each start (the week's
    # margin covers the month ends: 31/01 plus a month ends on 28/02).
    shortest = min((int(rule.value) for rule in book.versions(PROBATION_MONTHS)), default=0)
    members = members.alias(started=Coalesce("inducted_on", "admitted_on")).filter(
        started__lte=add_months(ahead, -shortest) + datetime.timedelta(days=7))
    # Judged from a few columns, each date's rule and working days worked out once: a whole country has thousands
    # of items (a home page shows six) and most share their dates.
    columns = ("id", "member_id", "member__name_sort", "ended_on", "letter_issued_on")
    periods = sorted(papers.values_list(*columns).order_by().union(letters.values_list(*columns).order_by(), all=True))
    if first is None:
        rows = list(members.values_list("id", "name_sort", "admitted_on", "inducted_on"))
        days_started = dict.fromkeys(inducted_on or admitted_on for *_r, admitted_on, inducted_on in rows)
    else:
        days_started = dict(members.annotate(day=Coalesce("inducted_on", "admitted_on")).values_list("day")
                            .annotate(n=Count("*")).values_list("day", "n").order_by())
    ends = {start: end for start in days_started if (end := probation_end(start, None, book=book)) <= ahead}
    starts = list(ends.values()) + [ended_on or issued_on for *_r, ended_on, issued_on in periods]
    if not starts:
        return DueList(today=today)
    holidays, calendar_end = holidays_from(min(starts)), holiday_calendar_end()
    calendar = {"book": book, "holidays": holidays, "calendar_end": calendar_end}
    full = functools.cache(lambda end: full_membership_deadline(end, **calendar))
    papers = functools.cache(lambda day: papers_deadline(day, **calendar))
    letter = functools.cache(lambda day: letter_deadline(day, **calendar))
    period_dues = []
    for period_id, member_id, name_sort, ended_on, issued_on in periods:
        kind, since = (DueKind.PAPERS, ended_on) if ended_on is not None else (DueKind.LETTER, issued_on)
        days, deadline = (papers if kind == DueKind.PAPERS else letter)(since)
        period_dues.append((kind, period_id, member_id, name_sort, since, days, deadline))
    counted = None
    if first is not None:
        # what is shown: the items of the days whose deadline comes first, up to `first` items (overdue ones come
        # first of themselves: their deadline is before today, the others' after it)
        by_deadline = sorted([(full(end)[1].on, days_started[start]) for start, end in ends.items()]
                             + [(deadline.on, 1) for *_r, deadline in period_dues])
        seen, last = 0, None
        for on, n in by_deadline:
            seen, last = seen + n, on
            if seen >= first:
                break  # every day of this deadline is read below: the names decide among them
        shown = [start for start, end in ends.items() if last is not None and full(end)[1].on <= last]
        rows = list(members.filter(started__in=sorted(shown)).values_list("id", "name_sort", "admitted_on",
                                                                           "inducted_on")) if shown else []
        period_dues = [due for due in period_dues if last is not None and due[-1].on <= last]
        counted = (sum(n for _on, n in by_deadline), sum(n for on, n in by_deadline if today > on))
    dues = []
    for member_id, name_sort, admitted_on, inducted_on in rows:
        end = ends.get(inducted_on or admitted_on)
        if end is not None:
            days, deadline = full(end)
            dues.append(_Due(DueKind.FULL_MEMBERSHIP, member_id, member_id, name_sort, end, days, deadline,
                             today > deadline.on, len(dues)))
    for kind, period_id, member_id, name_sort, since, days, deadline in period_dues:
        dues.append(_Due(kind, period_id, member_id, name_sort, since, days, deadline, today > deadline.on,
                         len(dues)))
    return DueList(dues, today=today, counted=counted)


def mark_due(user, items: list[DueItem]) -> None:
    """Say on each item shown whether the user may open the member's page (a member transferred to another committee is no
    longer theirs to see) and act on it (the action's own guard: managing members where the item must be acted on)."""
    scope = scope_for(user)
    for item in items:
        item.can_open = member_allows(user, item.member, VIEW) or scope.own_member_id == item.member.pk
        item.can_act = scope.covers(item.organization.pk if item.organization else None, MANAGE_MEMBERS)


def papers_period_get(user, pk, action: str = MANAGE_MEMBERS) -> Membership:
    """A period ended by a permanent transfer, for the sending organisation (404 outside the user's scope)."""
    return _period_get(user, pk, action, Q(ended_by_transfer=True, ended_on__isnull=False))


def letter_period_get(user, pk, action: str = MANAGE_MEMBERS) -> Membership:
    """The current period of a member transferred here, for the receiving organisation (404 outside the scope)."""
    return _period_get(user, pk, action, Q(transferred_from__isnull=False, ended_on__isnull=True))


def _period_get(user, pk, action, condition: Q) -> Membership:
    scope = scope_for(user)
    if not scope.can(action):
        raise Http404
    try:
        return (Membership.objects.filter(condition).filter(scope.org_q("organization_id", action))
                .select_related("member", "organization", "transferred_from__organization").get(pk=pk))
    except (Membership.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass
class PeriodNote:
    """What the member's page says of a transfer on a membership period: the papers or the letter, when done, or by
    when (and whether late)."""

    kind: str  # DueKind.PAPERS or DueKind.LETTER
    done_on: datetime.date | None
    issued_on: datetime.date | None  # the letter's date (letter notes)
    days: int | None
    deadline: Deadline | None
    today: datetime.date

    @property
    def late(self) -> bool:
        if self.deadline is None:
            return False
        return (self.done_on or self.today) > self.deadline.on


def member_timeline(member: Member, periods, *, today: datetime.date | None = None) -> dict:
    """The member page's regulated dates: full membership to consider (a probationary member) and, per membership
    period of a permanent transfer, its papers and letter ({period id: [PeriodNote]})."""
    from .deadlines import full_membership_deadline, letter_deadline, papers_deadline, probation_end

    today = today or timezone.localdate()
    notes: dict[int, list[PeriodNote]] = {}
    full = None
    transfers = [p for p in periods if p.ended_by_transfer or p.transferred_from_id or p.letter_presented_on]
    if member.status != Status.PROBATIONARY and not transfers:
        return {"full": None, "notes": notes}
    starts = [p.ended_on for p in transfers if p.ended_by_transfer and p.ended_on]
    starts += [p.letter_issued_on for p in transfers if p.letter_issued_on]
    end = probation_end(member.admitted_on, member.inducted_on) if member.status == Status.PROBATIONARY else None
    if end:
        starts.append(end)
    calendar = {"holidays": holidays_from(min(starts)), "calendar_end": holiday_calendar_end()} if starts else {}
    if end:
        days, deadline = full_membership_deadline(end, **calendar)
        full = DueItem(DueKind.FULL_MEMBERSHIP, member, member.organization, end, days, deadline, today)
    for period in transfers:
        found = notes.setdefault(period.pk, [])
        if period.ended_by_transfer and period.ended_on:
            days, deadline = papers_deadline(period.ended_on, **calendar)
            found.append(PeriodNote(DueKind.PAPERS, period.papers_issued_on, None, days, deadline, today))
        if period.transferred_from_id or period.letter_presented_on:
            days = deadline = None
            if period.letter_issued_on:
                days, deadline = letter_deadline(period.letter_issued_on, **calendar)
            found.append(PeriodNote(DueKind.LETTER, period.letter_presented_on, period.letter_issued_on, days,
                                    deadline, today))
    return {"full": full, "notes": notes}
