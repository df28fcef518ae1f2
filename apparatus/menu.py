from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import VIEW


def register():
    menu.group(MenuGroup("apparatus", _("Apparatus"), "person-badge", order=30))
    menu.entry(MenuEntry("apparatus", "health", _("Apparatus health"), "apparatus:health", visible=holds(VIEW)))
    menu.entry(MenuEntry("apparatus", "seats", _("Committee members"), "apparatus:seats", visible=holds(VIEW),
                         order=110))
    menu.entry(MenuEntry("apparatus", "staffing", _("Staffing analysis"), "apparatus:staffing", visible=holds(VIEW),
                         order=120))
    menu.entry(MenuEntry("apparatus", "allowances", _("Monthly allowances"), "apparatus:allowances",
                         visible=holds(VIEW), order=130))
