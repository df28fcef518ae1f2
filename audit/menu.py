from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, menu

from .selectors import may_read_security_log


def administers(user, scope) -> bool:
    """Who may read the security log (the page's own guard)."""
    return may_read_security_log(user, scope) and _routed()


def _routed() -> bool:
    # The entry waits for the project's urls to route /audit/ (dangbo/urls.py), so that the menu never names a
    # page that does not exist.
    try:
        reverse("audit:list")
    except NoReverseMatch:
        return False
    return True


def register():
    # The administration group is accounts' (above audit in the layers): declared here too, with the same key and
    # label; whichever app registers first defines it.
    menu.group(MenuGroup("admin", _("Administration"), "gear", order=90, compact=True))
    menu.entry(MenuEntry("admin", "security-log", _("Security log"), "audit:list", visible=administers, order=60))
