"""The main menu, assembled from what each app registers, showing a person only the entries they can open.

Each app lists its entries in its own `menu.py`, registered from its AppConfig.ready(); an entry's `visible`
asks the same question the page's guard asks (usually `scope.can(action)`), so a menu entry never answers
403 or 404. tests/test_menu.py opens every visible entry as every demo role.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from .scope import Scope, scope_for

Visible = Callable[[object, Scope], bool]  # (user, scope) -> shown


def always(user, scope) -> bool:
    return True


def holds(action: str) -> Visible:
    """Shown to whoever holds `action` somewhere: the test Page.guard applies with `needs = action`."""

    def visible(user, scope) -> bool:
        return scope.can(action)

    visible.__name__ = f"holds_{action}"
    return visible


@dataclass(frozen=True)
class MenuGroup:
    key: str  # also the URL namespace whose pages mark the group active
    label: str
    icon: str  # a Bootstrap icon name, without "bi-"
    order: int = 100
    # Its icon alone (the label as its tooltip) on desktops narrower than 1920 px, so that every menu fits one line
    compact: bool = False


@dataclass(frozen=True)
class MenuEntry:
    group: str
    key: str  # the entry's id in the page: "nav-<key>"
    label: str
    url_name: str
    query: str = ""  # appended after "?"
    visible: Visible = always
    order: int = 100
    section: int = 0  # entries of a later section are drawn after a divider (the "do" entries after the "see")


@dataclass
class Menu:
    groups: dict[str, MenuGroup] = field(default_factory=dict)
    entries: list[MenuEntry] = field(default_factory=list)

    def group(self, group: MenuGroup) -> MenuGroup:
        self.groups.setdefault(group.key, group)
        return group

    def entry(self, entry: MenuEntry) -> MenuEntry:
        if all(e.key != entry.key for e in self.entries):
            self.entries.append(entry)
        return entry

    def visible(self, user) -> tuple[MenuEntry, ...]:
        """The entries `user` may open, in the order they are drawn."""
        scope = scope_for(user)
        return tuple(entry for entry in sorted(self.entries, key=lambda e: (e.section, e.order))
                     if entry.visible(user, scope))

    def for_user(self, user) -> list[dict]:
        """[{group, entries: [{key, label, url, divider}]}] in order; a group with nothing to open is left out."""
        return self.groups_of(self.visible(user))

    def groups_of(self, visible: tuple[MenuEntry, ...]) -> list[dict]:
        shown: dict[str, list[MenuEntry]] = {}
        for entry in visible:
            shown.setdefault(entry.group, []).append(entry)
        result = []
        for group in sorted(self.groups.values(), key=lambda g: g.order):
            entries = shown.get(group.key)
            if not entries:
                continue
            rows, section = [], entries[0].section
            for entry in entries:
                url = reverse(entry.url_name) + (f"?{entry.query}" if entry.query else "")
                rows.append({"key": entry.key, "label": entry.label, "url": url, "divider": entry.section != section})
                section = entry.section
            result.append({"group": group, "entries": rows})
        return result


menu = Menu()


def openable_pages(user) -> set[str]:
    """The URL names of the menu entries `user` may open: a page links to another page only if it is one of them."""
    scope = scope_for(user)
    return {entry.url_name for entry in menu.entries if entry.visible(user, scope)}
