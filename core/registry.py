"""Extension points, so that a lower app never imports a higher one (the layers: README, "Layers").

A lower app declares a `Hook` (a point its services call) or a `Slot` (a place its pages draw); a higher
app registers a handler or a panel in its AppConfig.ready(). Hooks and slots are module-level objects of the
app that owns them, so a misspelt name fails at import, and `registry` lists them all for the tests.

- A hook is called explicitly by the lower service, inside its own transaction: whatever the handlers write
  commits or rolls back with it, and a handler's ValidationError refuses the whole operation.
- A slot draws its panels with `{% panels "slot.name" object %}` (core.templatetags.panels): each panel's
  context function returns what its template needs, or None to stay out.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction


@dataclass
class Registry:
    hooks: dict[str, "Hook"] = field(default_factory=dict)
    slots: dict[str, "Slot"] = field(default_factory=dict)


registry = Registry()


class Hook:
    """A point a lower service calls; handlers run in registration order (INSTALLED_APPS order = the layers),
    each with the keyword arguments the hook documents, and their results come back as a list."""

    def __init__(self, name: str, doc: str, *, in_transaction: bool = True):
        if name in registry.hooks:
            raise ValueError(f"hook {name!r} is declared twice")
        self.name = name
        self.__doc__ = doc
        self.in_transaction = in_transaction
        self.handlers: list[Callable] = []
        registry.hooks[name] = self

    def register(self, handler: Callable) -> Callable:
        """Usable as a decorator; registering the same handler twice (ready() running again) is a no-op."""
        if handler not in self.handlers:
            self.handlers.append(handler)
        return handler

    def __call__(self, **kwargs) -> list:
        if self.in_transaction and not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"hook {self.name!r} is called inside the service's transaction")
        return [handler(**kwargs) for handler in self.handlers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self.handlers)} handlers>"


@dataclass(frozen=True)
class Panel:
    """A block a higher app draws on a lower app's page."""

    name: str  # the panel's id in the page (tests and CSS find it by it)
    template: str
    context: Callable[..., dict | None]  # (request, obj) -> the template's variables, or None: not shown
    order: int = 100


class Slot:
    """A named place on a page where registered panels are drawn, in their order."""

    def __init__(self, name: str, doc: str):
        if name in registry.slots:
            raise ValueError(f"slot {name!r} is declared twice")
        self.name = name
        self.__doc__ = doc
        self.panels: list[Panel] = []
        registry.slots[name] = self

    def register(self, panel: Panel) -> Panel:
        if all(p.name != panel.name for p in self.panels):
            self.panels.append(panel)
            self.panels.sort(key=lambda p: p.order)
        return panel

    def __repr__(self) -> str:
        return f"<Slot {self.name}: {[p.name for p in self.panels]}>"


@dataclass(frozen=True)
class SearchSection:
    """One kind of result of the search page (members, organisations, …), registered by the app that owns it."""

    key: str  # the results' list id is "search-<key>"
    label: str
    find: Callable[..., list]  # (user, text) -> rows the user may see
    template: str  # draws the section's card from `rows` and the query `q`
    order: int = 100
    width: str = "col-lg"  # the section's column class on a wide screen


search_sections: list[SearchSection] = []


def register_search(section: SearchSection) -> SearchSection:
    if all(s.key != section.key for s in search_sections):
        search_sections.append(section)
        search_sections.sort(key=lambda s: s.order)
    return section
