"""Reading the security log: administrators only (a superuser, or whoever may configure everywhere). It is not
scoped by organisation: it spans the whole installation (logins, refusals, exports of every subtree), so a user who
configures only a subtree does not read it at all."""

from django.core.exceptions import PermissionDenied

from core.scope import CONFIGURE, scope_for

from .models import SecurityEvent


def may_read_security_log(user, scope=None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or (scope or scope_for(user)).sees_everything(CONFIGURE)


def security_event_qs(user):
    if not may_read_security_log(user):
        raise PermissionDenied
    return SecurityEvent.objects.select_related("target_type").order_by("-when", "-id")
