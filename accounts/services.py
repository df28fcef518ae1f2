"""Writes of the accounts app outside the administration: lifting a login lock, adding and removing a user's
authenticator app. Each is one transaction and records its security event."""

import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import security as events
from core.validation import check_reason, require_text

from . import otp
from .security import record
from .selectors import USERNAME, LoginLock


@transaction.atomic
def login_lock_release(*, actor, lock: LoginLock, reason: str, request=None) -> int:
    """Lift a lock: a user name's failures (from every address) or an address's (for every user name tried from
    it) are forgotten. Returns how many attempt records were cleared."""
    from axes.utils import reset

    reason = check_reason(require_text(reason, "reason", _("Say why the lock is lifted.")))
    if lock.kind == USERNAME:
        cleared = reset(username=lock.value)
    else:
        cleared = reset(ip=lock.value)
    record(events.UNLOCK, request=request, user=actor, detail=f"{lock.kind}={lock.value} reason={reason}")
    return cleared


def token_matches(key: str, token, *, step: int = 30, digits: int = 6, tolerance: int = 1) -> int | None:
    """The time step `token` matches for the hex `key` (None: no match), without storing anything."""
    from django_otp.oath import TOTP

    token = str(token or "").strip().replace(" ", "")
    if not token.isdigit() or len(token) != digits:
        return None
    totp = TOTP(bytes.fromhex(key), step=step, digits=digits)
    totp.time = time.time()
    return totp.t() if totp.verify(int(token), tolerance=tolerance) else None


@transaction.atomic
def totp_device_confirm(*, actor, key: str, token: str, name: str = ""):
    """The user's authenticator app, set up with `key` and proven by one code from it: it replaces any earlier one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    step = token_matches(key, token)
    if step is None:
        raise ValidationError({"token": _("This code is not the one your app shows now. Check the phone's clock "
                                          "and type the 6 digits shown now.")})
    TOTPDevice.objects.filter(user=actor).delete()
    device = TOTPDevice(user=actor, key=key, name=(name or _("Authenticator app"))[:64], confirmed=True, last_t=step)
    device.full_clean()
    device.save()
    record(events.OTP_DEVICE, user=actor, target=device, detail="added")
    return device


@transaction.atomic
def totp_device_remove(*, actor, user):
    """Turn the second factor off for `user` (their own account): refused when the installation requires it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if otp.required_for(user):
        raise ValidationError(_("Your role requires a second factor: it cannot be turned off. Set up a new app "
                                "instead if you changed phones."))
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    if removed:
        record(events.OTP_DEVICE, user=actor, target=user, detail="removed")
    return removed
