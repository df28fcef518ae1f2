from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, holds, menu
from core.scope import APPARATUS, ESTABLISH, MANAGE_MEMBERS


def _imports(user, scope) -> bool:
    return any(scope.can(action) for action in (MANAGE_MEMBERS, ESTABLISH, APPARATUS))


def register():
    menu.entry(MenuEntry("members", "imports", _("Imports from Excel"), "imports:list", visible=_imports,
                         section=1, order=140))
    menu.entry(MenuEntry("members", "member-import", _("Import members from Excel"), "imports:upload_members",
                         visible=holds(MANAGE_MEMBERS), section=1, order=130))
    menu.entry(MenuEntry("organizations", "organization-import", _("Import organisations from Excel"),
                         "imports:upload_organizations", visible=holds(ESTABLISH), section=1, order=120))
    menu.entry(MenuEntry("apparatus", "seat-import", _("Import committee seats from Excel"), "imports:upload_seats",
                         visible=holds(APPARATUS), section=1, order=140))
