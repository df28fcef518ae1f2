from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import DOCUMENTS, VIEW


def register():
    menu.group(MenuGroup("reports", _("Statistics and reports"), "bar-chart", order=65))
    menu.entry(MenuEntry("reports", "statistics", _("Basic statistics (HD 11)"), "reports:statistics",
                         visible=holds(VIEW)))
    menu.entry(MenuEntry("reports", "periodic", _("Periodic reports"), "reports:periodic", visible=holds(DOCUMENTS)))
