from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import MANAGE_MEMBERS, VIEW


def register():
    menu.group(MenuGroup("members", _("Members"), "people", order=20))
    menu.entry(MenuEntry("members", "member-list", _("Member list"), "members:list", visible=holds(VIEW)))
    menu.entry(MenuEntry("members", "member-due", _("What is due for members"), "members:due",
                         visible=holds(MANAGE_MEMBERS), order=105))
    menu.entry(MenuEntry("members", "member-admit", _("Admit a new member"), "members:admit",
                         visible=holds(MANAGE_MEMBERS), section=1))
    menu.entry(MenuEntry("members", "member-register", _("Enter an existing member"), "members:register",
                         visible=holds(MANAGE_MEMBERS), section=1, order=110))
    menu.entry(MenuEntry("members", "member-transfer-in", _("Receive a member from outside"), "members:transfer_in",
                         visible=holds(MANAGE_MEMBERS), section=1, order=120))
