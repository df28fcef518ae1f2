"""Reads of the role assignments."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, Sum
from django.http import Http404
from django.utils import timezone

from .models import RoleAssignment
from .scope import GRANTS


def users_holding(action: str, organization_ids) -> object:
    """Active users whose role assignment in force today grants `action` on one of these organisations (and so on
    everything below it), and the system administrators."""
    roles = [role for role, actions in GRANTS.items() if action in actions]
    today = datetime.date.today()
    assigned = (RoleAssignment.objects.filter(role__in=roles, organization_id__in=list(organization_ids))
                .exclude(started_on__gt=today).exclude(ended_on__lte=today).values("user_id"))
    return get_user_model().objects.filter(is_active=True).filter(Q(pk__in=assigned) | Q(is_superuser=True))


# ---- login locks (the administrator's unlock page) ------------------------------------------------------------------

def is_administrator(user) -> bool:
    """Who lifts login locks: the system administrators (superusers, and the ADMIN role: CONFIGURE everywhere)."""
    from core.scope import CONFIGURE, scope_for

    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_superuser or scope_for(user).sees_everything(CONFIGURE))


@dataclass(frozen=True)
class LoginLock:
    """A user name or an address whose failures reached its limit within the cool-off window."""

    kind: str  # USERNAME or ADDRESS
    value: str
    failures: int
    last_attempt: datetime.datetime
    until: datetime.datetime | None  # None: until an administrator lifts it
    names: tuple[str, ...] = ()  # for an address: the user names tried from it

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.value}"


USERNAME, ADDRESS = "username", "address"
LOCK_KINDS = (USERNAME, ADDRESS)


def _attempts():
    from axes.models import AccessAttempt

    from .security import cool_off

    attempts = AccessAttempt.objects.all()
    window = cool_off()
    if window is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - window)
    return attempts


def login_locks(user) -> list[LoginLock]:
    """The locks in force now, user names first (an administrator's read; anyone else: PermissionDenied)."""
    from .security import address_failure_limit, cool_off, user_failure_limit

    if not is_administrator(user):
        raise PermissionDenied
    window = cool_off()
    found = []
    for kind, field, limit in ((USERNAME, "username", user_failure_limit()),
                               (ADDRESS, "ip_address", address_failure_limit())):
        attempts = _attempts().exclude(**{f"{field}__isnull": True})
        if field == "username":  # (an address field compares "" as NULL: nothing would be left)
            attempts = attempts.exclude(username="")
        rows = (attempts.values(field).annotate(total=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(total__gte=limit).order_by(field))
        for row in rows:
            found.append(LoginLock(kind, row[field], row["total"], row["last"],
                                   row["last"] + window if window else None))
    addresses = [lock.value for lock in found if lock.kind == ADDRESS]
    if addresses:
        names: dict[str, set[str]] = {}
        for ip_address, username in _attempts().filter(ip_address__in=addresses).values_list("ip_address", "username"):
            names.setdefault(ip_address, set()).add(username or "")
        found = [LoginLock(lock.kind, lock.value, lock.failures, lock.last_attempt, lock.until,
                           tuple(sorted(n for n in names.get(lock.value, ()) if n))) if lock.kind == ADDRESS else lock
                 for lock in found]
    return found


def login_lock(user, kind: str, value: str) -> LoginLock:
    """One lock in force, for an administrator (404 when it is not, or no longer, locked)."""
    if kind not in LOCK_KINDS:
        raise Http404
    for lock in login_locks(user):
        if lock.kind == kind and lock.value == value:
            return lock
    raise Http404
