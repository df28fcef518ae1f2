from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, menu


def register():
    menu.group(MenuGroup("rules", _("Rules"), "journal-text", order=70))
    menu.entry(MenuEntry("rules", "rules", _("Rules"), "rules:list"))
    menu.entry(MenuEntry("rules", "calendar", _("Working-day calendar"), "calendar", order=110))
