"""The apparatus's block of the home page (core.home): the to-do the shape of the cells gives the organisation above
them (selectors.structure_todo), for whoever may restructure those cells; nobody else's. The health report it comes
from is read once per request: the dashboard's apparatus figures use the same (health_once)."""

from core.home import home
from core.registry import Panel
from core.scope import RESTRUCTURE, scope_for

from . import selectors


def health_once(request) -> dict:
    """selectors.health_report(request.user), computed once per request."""
    cached = getattr(request, "_apparatus_health", None)
    if cached is None:
        cached = request._apparatus_health = selectors.health_report(request.user)
    return cached


def structure_panel(request, obj):
    if not scope_for(request.user).can(RESTRUCTURE):
        return None
    todo = selectors.structure_todo(request.user, report=health_once(request))
    if not todo["total"]:
        return None
    return {"structure": todo}


def register():
    home.register(Panel("structure-todo", "apparatus/_home_structure.html", structure_panel, order=22))
