from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, menu


def staff(user, scope) -> bool:
    return user.is_staff


def register():
    menu.group(MenuGroup("admin", _("Administration"), "gear", order=90))
    menu.entry(MenuEntry("admin", "admin", _("Administration"), "admin:index", visible=staff))
