"""The labels of the security log's kinds (the codes are core.security's: stored, filtered on, exported), and how
each kind is kept when it is reported inside a transaction (audit.services)."""

from django.utils.translation import gettext_lazy as _

from core import security as s

LABELS = {
    s.LOGIN: _("Signed in"),
    s.LOGIN_FAILED: _("Wrong user name or password"),
    s.LOCKOUT: _("Locked out"),
    s.UNLOCK: _("Lock lifted"),
    s.LOGOUT: _("Signed out"),
    s.OTP_FAILED: _("Wrong second-factor code"),
    s.OTP_DEVICE: _("Authenticator app added or removed"),
    s.REFUSED: _("Refused (not allowed)"),
    s.NOT_FOUND: _("Not found or outside the scope"),
    s.EXPORT: _("Export"),
    s.IDENTITY_READ: _("Protected identity shown"),
    s.ROLE_CHANGE: _("Role or account changed"),
    s.PASSWORD_CHANGE: _("Password changed"),
    s.BACKUP: _("Backup or restore"),
    s.API_TOKEN: _("API token made or revoked"),
}
CHOICES = list(LABELS.items())

# Events that record a change the caller makes in its own transaction: the row is written in that transaction, so
# it commits with the change or vanishes with it (a role change that was rolled back did not happen). Every other
# kind records something that happened whatever becomes of the caller's transaction (an attempt, a refusal, a read,
# an export): kept even when that transaction rolls back (audit.services).
WITH_THE_CHANGE = frozenset({s.ROLE_CHANGE, s.PASSWORD_CHANGE, s.OTP_DEVICE, s.UNLOCK, s.API_TOKEN})

# Written to the "dangbo.security" log as warnings (the rest as information).
WARNINGS = frozenset({s.LOCKOUT})


def label(kind: str) -> str:
    return str(LABELS.get(kind, kind))
