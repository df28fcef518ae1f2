from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import PETITIONS

from . import selectors


def register():
    menu.group(MenuGroup("petitions", _("Petitions"), "envelope-paper", order=50))
    menu.entry(MenuEntry("petitions", "petition-register", _("Petition register"), "petitions:register",
                         visible=selectors.may_open_register))
    menu.entry(MenuEntry("petitions", "petition-receive", _("Receive a letter"), "petitions:receive",
                         visible=holds(PETITIONS), order=110))
    menu.entry(MenuEntry("petitions", "petition-statistics", _("Petition statistics"), "petitions:statistics",
                         visible=selectors.may_open_register, order=120))
