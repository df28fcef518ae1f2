from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, menu
from core.scope import CONFIGURE


def staff(user, scope) -> bool:
    return user.is_staff


def administers(user, scope) -> bool:
    """The system administrators: the login locks page's guard (accounts.selectors.is_administrator)."""
    return user.is_superuser or scope.sees_everything(CONFIGURE)


def register():
    menu.group(MenuGroup("admin", _("Administration"), "gear", order=90, compact=True))
    menu.entry(MenuEntry("admin", "admin", _("Administration"), "admin:index", visible=staff))
    menu.entry(MenuEntry("admin", "login-locks", _("Login locks"), "accounts:login_locks", visible=administers, order=50))
