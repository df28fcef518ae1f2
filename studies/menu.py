from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, holds, menu
from core.scope import MEETINGS


def is_a_member(user, scope) -> bool:
    """A user linked to a member record: the campaigns they study in, their takeaways (studies:mine)."""
    return scope.own_member_id is not None


def register():
    # beside the cell meetings: a study session is convened by the same people, often in the same sitting
    menu.entry(MenuEntry("meetings", "studies", _("Studying resolutions"), "studies:home", visible=holds(MEETINGS),
                         order=140))
    menu.entry(MenuEntry("meetings", "my-studies", _("My takeaways"), "studies:mine", visible=is_a_member,
                         order=25))
