from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import DOCUMENTS


def register():
    menu.group(MenuGroup("documents", _("Documents"), "file-earmark-text", order=45))
    menu.entry(MenuEntry("documents", "document-register", _("Document register"), "documents:list",
                         visible=holds(DOCUMENTS)))
    menu.entry(MenuEntry("documents", "document-issue", _("Issue a document"), "documents:issue",
                         visible=holds(DOCUMENTS), order=110, section=1))
    menu.entry(MenuEntry("documents", "document-receive", _("Register an incoming document"), "documents:receive",
                         visible=holds(DOCUMENTS), order=120, section=1))
