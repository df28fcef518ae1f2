"""The apparatus's block of the home page (core.home): the to-do the shape of the cells gives the organisation above
them (selectors.structure_todo), for whoever may restructure those cells; nobody else's."""

from core.home import home
from core.registry import Panel
from core.scope import RESTRUCTURE, scope_for
from organizations.models import Organization

from . import selectors
from .figures import health_counts, problem_organization_ids


def structure_panel(request, obj):
    """Counted from the kept figures (apparatus.figures); the few organisations concerned, when they are few, judged
    again to list them: never every organisation of a wide scope on every view."""
    user = request.user
    if not scope_for(user).can(RESTRUCTURE):
        return None
    counts = {c["code"]: c["n"] for c in health_counts(user, RESTRUCTURE) if c["code"] in selectors.Problem.STRUCTURE}
    total = sum(counts.values())
    if not total:
        return None
    if total > selectors.STRUCTURE_LISTED_AT_MOST:
        return {"structure": {"items": [], "total": total, "counts": [
            {"code": code, "label": selectors.Problem.LABELS[code], "n": n} for code, n in counts.items() if n]}}
    concerned = Organization.objects.filter(pk__in=problem_organization_ids(user, counts, RESTRUCTURE))
    report = selectors.health_report(user, organizations=concerned)
    return {"structure": selectors.structure_todo(user, report=report)}


def register():
    home.register(Panel("structure-todo", "apparatus/_home_structure.html", structure_panel, order=22))
