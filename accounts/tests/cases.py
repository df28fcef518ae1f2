"""The account pages: Django's own login, logout and password pages and the login security pages, the same for
everyone logged in; the login locks, for the system administrator only (a user name locked in the world)."""

from core.testing import EVERYONE, ScopeCase

LOCKED_NAME = "doan_mo"  # a user name someone guessed passwords for (it need not exist)
ADMINISTRATORS = frozenset({"admin"})


def build(w) -> None:
    from axes.models import AccessAttempt
    from django.utils import timezone

    from accounts.security import user_failure_limit

    AccessAttempt.objects.create(username=LOCKED_NAME, ip_address="203.0.113.9", user_agent="test",
                                 failures_since_start=user_failure_limit(), attempt_time=timezone.now(),
                                 get_data="", post_data="", http_accept="", path_info="/accounts/login/")


def snapshot() -> dict:
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import RoleAssignment

    return {"attempts": list(AccessAttempt.objects.order_by("pk").values_list("pk", "username", "ip_address",
                                                                             "failures_since_start")),
            "devices": list(TOTPDevice.objects.order_by("pk").values_list("pk", "user_id", "confirmed")),
            "roles": list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role",
                                                                            "organization_id", "ended_on"))}


def locked_name(w, place):
    return ["username", LOCKED_NAME]


SCOPE_CASES = [
    ScopeCase("login", EVERYONE, opened=(302,)),  # someone logged in is sent on
    ScopeCase("logout", EVERYONE, opened=(405,)),  # logging out is a POST (the user menu's button)
    ScopeCase("password_change", EVERYONE),
    ScopeCase("password_change_done", EVERYONE),
    ScopeCase("accounts:security", EVERYONE),
    ScopeCase("accounts:otp_setup", EVERYONE),
    ScopeCase("accounts:otp_verify", EVERYONE, opened=(302,)),  # nobody owes a code: sent on
    ScopeCase("accounts:otp_remove", EVERYONE, opened=(302,)),  # nobody has an app set up: sent to the security page
    ScopeCase("accounts:login_locks", ADMINISTRATORS, marks=lambda w, place: {LOCKED_NAME} if place == "bloc" else set(),
              mark_places=("bloc",)),
    ScopeCase("accounts:login_unlock", ADMINISTRATORS, args=locked_name, payload=lambda w, place: {"reason": "Đã gọi điện"},
              control="admin"),
]
