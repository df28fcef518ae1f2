"""Reads of members, always through the user's scope."""

import datetime

from django.db.models import Q
from django.http import Http404

from accounts.scope import VIEW, scope_for
from core.text import fold

from .choices import AGE_BANDS
from .models import Member


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


def search_q(text: str, field: str = "name_search") -> Q:
    """Every word of the query, folded, must begin a word of the name: 'nguyen an' finds 'Nguyễn Văn An'
    and 'Nguyễn Thị Anh', not 'Nguyễn Văn Bình' (whose 'van' merely contains 'an')."""
    q = Q()
    for word in fold(text).split():
        q &= (Q(**{f"{field}__startswith": word}) | Q(**{f"{field}__contains": f" {word}"})
              | Q(**{f"{field}__contains": f"-{word}"}))
    return q


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
