from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, holds, menu
from core.scope import NEWS, NEWS_WRITE


def register():
    menu.group(MenuGroup("news", _("News site"), "newspaper", order=75))
    menu.entry(MenuEntry("news", "news-sections", _("My sections"), "news:sections", visible=holds(NEWS_WRITE),
                         order=5))
    menu.entry(MenuEntry("news", "news-comments", _("Reader comments"), "news:queue", visible=holds(NEWS), order=10))
    menu.entry(MenuEntry("news", "news-complaints", _("Reader complaints"), "news:complaints", visible=holds(NEWS),
                         order=20))
