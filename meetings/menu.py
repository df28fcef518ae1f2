from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import VIEW

from . import selectors


def runs_a_few_cells(user, scope) -> bool:
    """A cell secretary (the meetings of one or a few cells): their cells' meetings open (meetings:mine goes to the
    cell's page, or lists their cells)."""
    return bool(selectors.my_cells(user))


def is_a_member(user, scope) -> bool:
    """A user linked to a member record: their own meetings open (meetings:my_meetings)."""
    return scope.own_member_id is not None


def register():
    menu.group(MenuGroup("meetings", _("Cell meetings"), "calendar-check", order=40))
    menu.entry(MenuEntry("meetings", "my-cell-meetings", _("My cell's meetings"), "meetings:mine",
                         visible=runs_a_few_cells, order=10))
    menu.entry(MenuEntry("meetings", "my-meetings", _("My meetings"), "meetings:my_meetings", visible=is_a_member,
                         order=20))
    menu.entry(MenuEntry("meetings", "compliance", _("Cell meeting compliance"), "meetings:compliance",
                         visible=holds(VIEW)))
    menu.entry(MenuEntry("meetings", "clusters", _("Clusters and pilot thematic meetings"), "meetings:clusters",
                         visible=holds(VIEW), order=110))
    menu.entry(MenuEntry("meetings", "groups", _("Working groups"), "meetings:groups", visible=holds(VIEW), order=120))
    menu.entry(MenuEntry("meetings", "processes", _("Meeting process"), "meetings:processes", visible=holds(VIEW),
                         order=130))
