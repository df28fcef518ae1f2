"""The account pages: the same for everyone logged in (Django's own views)."""

from core.testing import EVERYONE, ScopeCase

SCOPE_CASES = [
    ScopeCase("login", EVERYONE, opened=(302,)),  # someone logged in is sent on
    ScopeCase("logout", EVERYONE, opened=(405,)),  # logging out is a POST (the user menu's button)
    ScopeCase("password_change", EVERYONE),
    ScopeCase("password_change_done", EVERYONE),
]
