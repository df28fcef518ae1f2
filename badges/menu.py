from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, holds, menu
from core.scope import BADGES


def register():
    # under the members' group, after the dues: a badge is part of each member's file
    menu.entry(MenuEntry("members", "badges", _("Party badges"), "badges:home", visible=holds(BADGES), order=155))
