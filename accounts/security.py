"""Login protection: how many failures lock a user name and an address, the lockout page, and the security events of
logging in and out (django-axes counts the failures; core.security records the events).

Two limits, because they guard against different things:

- a **user name** is locked after LOGIN_FAILURE_LIMIT failures (default 5) from anywhere: guessing one person's
  password;
- an **address** is locked after LOGIN_ADDRESS_FAILURE_LIMIT failures (default 4 × the per-user limit), whatever the
  names tried: trying a few passwords on many names. It is higher because a provincial office reaches the server
  through one address (the agency's NAT or proxy), so the honest typos of a whole building add up there, and a lock
  of the address shuts everyone in it out.

django-axes compares one number with the largest count among its lockout parameters; `failure_limit` (named in
settings.AXES_FAILURE_LIMIT) returns the per-user limit when the user name has reached it, and the address limit
otherwise, which gives exactly "user name ≥ its limit, or address ≥ its limit".

A wrong second-factor code counts as a failure of the same user name and address (accounts.otp), so the same
limits stop code guessing.
"""

import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core import security as events

DEFAULT_USER_LIMIT = 5
ADDRESS_FACTOR = 4


# ---- the limits -----------------------------------------------------------------------------------------------------

def user_failure_limit() -> int:
    """Failures that lock a user name (settings.LOGIN_FAILURE_LIMIT; else an integer AXES_FAILURE_LIMIT)."""
    value = getattr(settings, "LOGIN_FAILURE_LIMIT", None)
    if value is None:
        axes_limit = getattr(settings, "AXES_FAILURE_LIMIT", DEFAULT_USER_LIMIT)
        value = axes_limit if isinstance(axes_limit, int) else DEFAULT_USER_LIMIT
    return max(int(value), 1)


def address_failure_limit() -> int:
    """Failures from one address that lock it (settings.LOGIN_ADDRESS_FAILURE_LIMIT; never below the user's)."""
    value = getattr(settings, "LOGIN_ADDRESS_FAILURE_LIMIT", None)
    if value is None:
        value = ADDRESS_FACTOR * user_failure_limit()
    return max(int(value), user_failure_limit())


def cool_off() -> datetime.timedelta | None:
    """How long a lock lasts after the last failure (None: until an administrator lifts it)."""
    from axes.helpers import get_cool_off

    return get_cool_off(None) or None


def failures(*, username: str | None = None, ip_address: str | None = None, at=None) -> int:
    """Failures counted against a user name or an address now (within the cool-off window, as axes counts them)."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.all()
    if username is not None:
        attempts = attempts.filter(username=username)
    if ip_address is not None:
        attempts = attempts.filter(ip_address=ip_address)
    window = cool_off()
    if window is not None:
        attempts = attempts.filter(attempt_time__gte=(at or timezone.now()) - window)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials=None) -> int:
    """settings.AXES_FAILURE_LIMIT: the per-user limit once the user name reached it, else the address limit (see the
    module's docstring)."""
    from axes.helpers import get_client_username

    per_user, per_address = user_failure_limit(), address_failure_limit()
    if per_address <= per_user:
        return per_user
    username = get_client_username(request, credentials)
    if username and failures(username=username, at=getattr(request, "axes_attempt_time", None)) >= per_user:
        return per_user
    return per_address


def locked(request, username: str | None) -> dict:
    """Which of the request's user name and address are locked now: {"username": bool, "address": bool}."""
    from axes.helpers import get_client_ip_address

    at = getattr(request, "axes_attempt_time", None)
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return {
        "username": bool(username) and failures(username=username, at=at) >= user_failure_limit(),
        "address": bool(ip_address) and failures(ip_address=ip_address, at=at) >= address_failure_limit(),
    }


# ---- the lockout page -----------------------------------------------------------------------------------------------

def contact() -> str:
    """Whom a locked-out person calls (settings.LOGIN_LOCKOUT_CONTACT: a name, an office, a telephone number)."""
    return getattr(settings, "LOGIN_LOCKOUT_CONTACT", "") or _(
        "the system administrator at the office of the Party committee")


def lockout_response(request, original_response=None, credentials=None, *args, **kwargs):
    """settings.AXES_LOCKOUT_CALLABLE: the page shown instead of the login form (or the second-factor form) while the
    user name or the address is locked. It says the same whether the user name exists or not."""
    from axes.helpers import get_client_username

    if credentials is None and isinstance(original_response, dict):  # axes' older two-argument call
        credentials, original_response = original_response, None
    username = get_client_username(request, credentials) or ""
    which = locked(request, username)
    window = cool_off()
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    context = {
        "title": _("Login locked"),
        "username": username,
        "user_locked": which["username"] or not which["address"],
        "address_locked": which["address"],
        "until": attempt_time + window if window else None,
        "contact": contact(),
        "user_limit": user_failure_limit(),
        "address_limit": address_failure_limit(),
    }
    return render(request, "accounts/lockout.html", context,
                  status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429))


# ---- security events of logging in and out --------------------------------------------------------------------------

def record(kind: str, *, request=None, user=None, target=None, organization_id=None, detail: str = "") -> None:
    """One security event (core.security): the audit app keeps it and writes it to the `dangbo.security` log. A user
    name that was only tried (no account behind it, or not logged in) goes in `detail`, never as the user."""
    events.security_event(kind, request=request, user=user, target=target, organization_id=organization_id,
                          detail=detail)


def on_login(sender, request, user, **kwargs):
    from . import otp

    if request is not None and hasattr(request, "session"):
        otp.forget_state(request)
    if request is not None and not otp.second_factor_pending(request, user):
        forgive(request, user)
    record(events.LOGIN, request=request, user=user)


def forgive(request, user) -> None:
    """After a complete login (password, and the code when one is asked), the user name's failures are forgotten;
    the address's stay (they may be someone else's guesses from the same place), as do the failures of other user
    names from this address (axes' own AXES_RESET_ON_SUCCESS would wipe the address's rows, other names included)."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=user.get_username()).delete()


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "") or ""
    detail = f"username={username[:150]}"
    if getattr(request, "axes_locked_out", False):
        detail += " locked"
    record(events.LOGIN_FAILED, request=request, detail=detail)


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record(events.LOGOUT, request=request, user=user)


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """axes' `user_locked_out` fires on the failure that reaches a limit and again on each failure while locked: the
    event is recorded once, when a count reaches its limit."""
    at = getattr(request, "axes_attempt_time", None)
    reached = []
    if username and failures(username=username, at=at) == user_failure_limit():
        reached.append(f"username={username[:150]}")
    if ip_address and failures(ip_address=ip_address, at=at) == address_failure_limit():
        reached.append(f"address={ip_address}")
    if reached:
        record(events.LOCKOUT, request=request, detail=" ".join(reached))


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_login, dispatch_uid="accounts.security.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.security.login_failed")
    user_logged_out.connect(on_logout, dispatch_uid="accounts.security.logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="accounts.security.locked_out")

