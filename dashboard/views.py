from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.scope import scope_for

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
    return render(request, "dashboard/home.html", {"f": figures, "chart": chart, "title": _("Overview")})
