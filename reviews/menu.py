from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, holds, menu
from core.scope import REVIEWS


def register():
    # under the members' group: the yearly review is part of each member's file and of each cell's year
    menu.entry(MenuEntry("members", "reviews", _("Quality review"), "reviews:home", visible=holds(REVIEWS), order=160))
