"""The second factor (django-otp, TOTP): who is asked for a code, where that is remembered, the QR code.

**Who must use one** when settings.OTP_REQUIRED is on: the system administrators (superusers, and the ADMIN role,
which alone grants CONFIGURE everywhere) and whoever holds the BLOC_STANDING role in force today. "The Bloc's standing
committee" is read as that role, not as a seat on the standing committee body (`apparatus`): the second factor protects
what a stolen password would open, and the role is what opens the whole Bloc (every member file, inspections, the
petition registers); a seat by itself opens nothing in the system, and `apparatus` sits above `accounts` in the layers.
Anyone else may turn it on for themselves (the account's security page); once on, it is asked at every login.

**Where it is remembered**: whether this session still owes a code is decided on the session's first request and
kept in the session (with the user and the OTP_REQUIRED value it was decided under), so the pages of a session that
owes nothing run no extra query; a login, a device added or removed forget it.
"""

import base64
import io

from django.conf import settings

from core.scope import CONFIGURE, compute_scope

from .models import Role

SESSION_KEY = "dangbo_second_factor"
OK, VERIFY, SETUP = "ok", "verify", "setup"
PENDING_SECRET_KEY = "dangbo_totp_pending_key"


def required_for(user) -> bool:
    """Whether the installation makes this user use a second factor (see the module's docstring)."""
    if not getattr(settings, "OTP_REQUIRED", False) or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    scope = compute_scope(user)  # not cached on the user object: asked once per session
    return scope.sees_everything(CONFIGURE) or Role.BLOC_STANDING in scope.roles


def confirmed_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def compute_state(user) -> str:
    if confirmed_device(user) is not None:
        return VERIFY
    return SETUP if required_for(user) else OK


def state(request) -> str:
    """OK (nothing owed), VERIFY (a code from the user's app) or SETUP (an app to set up first) for this session,
    before the user has given a code."""
    user = request.user
    required = bool(getattr(settings, "OTP_REQUIRED", False))
    kept = request.session.get(SESSION_KEY)
    if isinstance(kept, dict) and kept.get("user") == user.pk and kept.get("required") == required:
        return kept.get("state", OK)
    value = compute_state(user)
    request.session[SESSION_KEY] = {"user": user.pk, "required": required, "state": value}
    return value


def forget_state(request) -> None:
    request.session.pop(SESSION_KEY, None)


def is_verified(request) -> bool:
    user = request.user
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def second_factor_pending(request, user) -> bool:
    """Whether a login that just passed the password still owes a code (the user name's failures are forgiven only
    once it is given: otherwise each correct password would reset the count of wrong codes)."""
    if not hasattr(request, "session"):
        return False
    return compute_state(user) != OK


def qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (the CSP allows data: images, and an <img> runs nothing)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(text, image_factory=SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def base32(hex_key: str) -> str:
    """The secret as the apps ask for it when typed by hand: base32, in groups of four."""
    text = base64.b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
