"""Reads of members, always through the user's scope."""

import datetime

from django.db.models import Count, Q
from django.http import Http404

from core.scope import VIEW, scope_for
from core.text import fold, search_q
from organizations.selectors import subtree_ids

from .choices import ACTIVE_STATUSES, AGE_BANDS, TransferKind
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


def member_get(user, pk, action: str = VIEW) -> Member:
    """The member, or 404 when outside the user's scope."""
    try:
        return member_qs(user, action).select_related("organization", "temporary_organization", "user").get(pk=pk)
    except (Member.DoesNotExist, ValueError):
        raise Http404


def member_list_qs(user):
    return member_qs(user).select_related("organization", "temporary_organization")


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

def own_member_scope(user, scope) -> None:
    """The user's own member record, whatever their roles (a scope provider: core.scope): everyone linked to a
    member file may read it, the inspection chair with no role assignment as much as a plain member."""
    scope.own_member_id = Member.objects.filter(user=user).values_list("pk", flat=True).first()


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
    """The fact "Members (total)": the active members of its subtree that the user may see."""
    ids = subtree_ids(organization.pk)
    scope = scope_for(request.user)
    if not scope.sees_everything():
        ids &= set(scope.org_ids() or ())
    return {"subtree_member_count": Member.objects.filter(organization_id__in=sorted(ids),
                                                          status__in=ACTIVE_STATUSES).count()}


def search_members(user, text: str) -> list:
    return list(member_search(user, text, limit=50))
