from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from apparatus.selectors import committee_member_figures, health_report
from inspections.selectors import remedy_todo
from meetings.selectors import meeting_todo
from meetings.visits import visit_count, visits_counted_since

from .selectors import dashboard_figures


@login_required
def home(request):
    scope = scope_for(request.user)
    if scope.is_member_only:
        return redirect("members:detail", pk=scope.own_member_id)
    figures = dashboard_figures(request.user)
    chart = {
        "age": {"labels": [str(r["label"]) for r in figures.get("by_age", [])],
                "values": [r["n"] for r in figures.get("by_age", [])]},
        "theory": {"labels": [str(r["label"]) for r in figures.get("by_theory", [])],
                   "values": [r["n"] for r in figures.get("by_theory", [])]},
    }
    committee = committee_member_figures(request.user) if figures else None
    health = [c for c in health_report(request.user)["counts"] if c["n"]] if figures else []
    since = visits_counted_since() if figures else None
    visits = {"n": visit_count(request.user, since=since), "since": since} if figures else None
    return render(request, "dashboard/home.html", {"f": figures, "chart": chart, "committee": committee,
                                                   "health": health, "visits": visits,
                                                   "todo": meeting_todo(request.user), "remedies": remedy_todo(request.user),
                                                   "title": _("Overview")})
