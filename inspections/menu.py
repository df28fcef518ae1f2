from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, menu

from . import selectors


def register():
    menu.group(MenuGroup("inspections", _("Inspection"), "search", order=60))
    menu.entry(MenuEntry("inspections", "inspections", _("Inspection"), "inspections:index",
                         visible=selectors.has_inspection_work))
