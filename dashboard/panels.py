"""The Bloc-level blocks of the home page: shown to whoever oversees more than one organisation (the Bloc office,
a grassroots committee); a cell secretary gets their cell's blocks from `meetings` instead, a member their own."""

from apparatus.figures import health_counts
from apparatus.selectors import committee_member_figures
from core.scope import VIEW, scope_for
from meetings.selectors import visit_count, visits_counted_since

from .selectors import dashboard_figures


def oversees_several(user) -> bool:
    scope = scope_for(user)
    ids = scope.org_ids(VIEW)
    return scope.sees_everything(VIEW) or len(ids or ()) > 1


def _figures(request) -> dict:
    cached = getattr(request, "_home_figures", None)
    if cached is None:
        cached = request._home_figures = dashboard_figures(request.user)
    return cached


def bloc_figures(request, obj):
    if not oversees_several(request.user):
        return None
    return {"f": _figures(request)}


def apparatus_figures(request, obj):
    if not oversees_several(request.user):
        return None
    user = request.user
    since = visits_counted_since()
    return {"committee": committee_member_figures(user),
            "health": [c for c in health_counts(user) if c["n"]],
            "visits": {"n": visit_count(user, since=since), "since": since}}


def charts(request, obj):
    if not oversees_several(request.user):
        return None
    figures = _figures(request)
    chart = {
        "age": {"labels": [str(r["label"]) for r in figures.get("by_age", [])],
                "values": [r["n"] for r in figures.get("by_age", [])]},
        "theory": {"labels": [str(r["label"]) for r in figures.get("by_theory", [])],
                   "values": [r["n"] for r in figures.get("by_theory", [])]},
    }
    return {"f": figures, "chart": chart}
