"""The security log's one entry point: every app says what happened through `security_event()`; the `audit` app
(just above core) keeps each event as a row and writes it to the `dangbo.security` log.

Kinds are short stable codes (stored, filtered on, exported); their labels live in the audit app.
"""

from core.hooks import security_event as _hook

LOGIN = "login"  # a successful login
LOGIN_FAILED = "login_failed"  # a wrong user name or password (the name tried is in `detail`)
LOCKOUT = "lockout"  # too many failures: the user name or the address is locked
UNLOCK = "unlock"  # an administrator lifted a lock
LOGOUT = "logout"
OTP_FAILED = "otp_failed"  # a wrong second-factor code
OTP_DEVICE = "otp_device"  # an authenticator app added or removed
REFUSED = "refused"  # 403: a page or action the user's roles do not allow
NOT_FOUND = "not_found"  # 404 on an object outside the user's scope (or that does not exist)
EXPORT = "export"  # a list or report exported (format and row count in `detail`)
IDENTITY_READ = "identity_read"  # a protected identity shown (a denouncer's name, a citizen id in full)
ROLE_CHANGE = "role_change"  # a role assigned, changed or ended; a user created, disabled or given staff rights
PASSWORD_CHANGE = "password_change"
BACKUP = "backup"  # a backup made or restored (management commands)
API_TOKEN = "api_token"  # a personal API token made or revoked (`detail`: which, its access and expiry)


def security_event(kind: str, *, request=None, user=None, target=None, organization_id: int | None = None,
                   detail: str = "") -> None:
    """Record one security event. `user` defaults to the request's user; `target` is the object concerned (its
    type and id are kept, not its text)."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    _hook(kind=kind, user=user, request=request, target=target, organization_id=organization_id,
          detail=str(detail)[:500])
