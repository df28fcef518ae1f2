from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import ESTABLISH, VIEW


def register():
    menu.group(MenuGroup("organizations", _("Organisations"), "diagram-3", order=10))
    menu.entry(MenuEntry("organizations", "org-tree", _("Organisation tree"), "organizations:tree", visible=holds(VIEW),
                         order=10))
    menu.entry(MenuEntry("organizations", "org-list", _("Organisation list"), "organizations:list", visible=holds(VIEW),
                         order=20))
    menu.entry(MenuEntry("organizations", "org-create", _("Establish an organisation"), "organizations:create",
                         visible=holds(ESTABLISH), section=1))
    menu.entry(MenuEntry("organizations", "org-transfer-in", _("Receive an organisation"), "organizations:transfer_in",
                         visible=holds(ESTABLISH), section=1, order=110))
