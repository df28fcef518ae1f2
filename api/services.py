"""Writes of API tokens: made and revoked by their user; each use recorded on the token (when, from where)."""

import datetime
import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import dmy
from core.history import save_with_history
from core.security import API_TOKEN, security_event
from core.validation import require_text

from .models import ApiToken

TOKEN_PREFIX = "dgb_"
MAX_DAYS = 366  # the longest a token may live: a program's owner renews it at least once a year (a security choice)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(token: str) -> tuple[str, str] | None:
    """(prefix, secret) of a token "dgb_<prefix>_<secret>", or None when it is not shaped so."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    prefix, sep, secret = token[len(TOKEN_PREFIX):].partition("_")
    if not sep or not prefix or not secret:
        return None
    return prefix, secret


@transaction.atomic
def api_token_create(*, actor, name: str, access: str, expires_on: datetime.date, reason: str = ""
                     ) -> tuple[ApiToken, str]:
    """A new token of `actor` (who acts through it with their own scope). Returns the token and its full text, which
    is shown once and never again: only its hash is kept."""
    name = require_text(name, "name", _("Name the token (the program that will use it)."))
    if access not in ApiToken.Access.values:
        raise ValidationError({"access": _("Choose read only, or read and write.")})
    today = timezone.localdate()
    if expires_on is None or expires_on <= today:
        raise ValidationError({"expires_on": _("The expiry date must be after today.")})
    if (expires_on - today).days > MAX_DAYS:
        raise ValidationError({"expires_on": _("A token lives at most %(days)d days: until %(date)s at the latest.")
                               % {"days": MAX_DAYS, "date": dmy(today + datetime.timedelta(days=MAX_DAYS))}})
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=name, access=access, expires_on=expires_on, prefix=prefix,
                     secret_hash=hash_secret(secret))
    save_with_history(token, actor=actor, reason=reason or _("API token created"))
    # the security log too: a token is a standing login for a program
    security_event(API_TOKEN, user=actor, target=token,
                   detail=f"created {token.prefix} {token.access} until {token.expires_on:%Y-%m-%d}")
    return token, f"{TOKEN_PREFIX}{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken, reason: str = "") -> ApiToken:
    if token.revoked_at is not None:
        raise ValidationError(_("This token was already revoked."))
    token.revoked_at = timezone.now()
    token = save_with_history(token, actor=actor, reason=reason or _("API token revoked"))
    security_event(API_TOKEN, user=actor, target=token, detail=f"revoked {token.prefix}")
    return token


def api_token_authenticate(text: str) -> ApiToken | None:
    """The usable token (not revoked, not expired) whose text this is, with its user; None otherwise."""
    parts = split_token(text.strip())
    if parts is None:
        return None
    prefix, secret = parts
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_secret(secret)):
        return None
    if not token.is_usable or not token.user.is_active:
        return None
    return token


# A program reading page after page uses its token many times a second: its last use is written again only when it
# comes from another address or this much later, so that reads do not each wait on a committed write.
LAST_USE_PRECISION = datetime.timedelta(seconds=60)


def api_token_used(*, token: ApiToken, address: str | None) -> None:
    """Record a use of the token: when (to the minute), and from which address (one UPDATE, no history row)."""
    now = timezone.now()
    if (token.last_used_at is not None and token.last_used_from == address
            and now - token.last_used_at < LAST_USE_PRECISION):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_from=address)
    token.last_used_at, token.last_used_from = now, address
