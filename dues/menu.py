from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, holds, menu
from core.scope import DUES


def register():
    # under the members' group: dues are part of each member's file and of the cell's month
    menu.entry(MenuEntry("members", "dues", _("Party dues"), "dues:home", visible=holds(DUES), order=150))
