from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from apparatus.selectors import committee_member_figures, health_report
from core.views import Page
from inspections.selectors import remedy_todo
from meetings.selectors import meeting_todo, visit_count, visits_counted_since

from .selectors import dashboard_figures


class Home(Page):
    """The live figures of the user's organisations and the to-do; a member's home is their own record."""

    needs = None
    title = _("Overview")
    template_name = "dashboard/home.html"

    def guard(self):
        if self.scope.is_member_only:
            return redirect("members:detail", pk=self.scope.own_member_id)
        return super().guard()

    def crumbs(self):
        return []

    def context(self, **extra):
        user = self.user
        figures = dashboard_figures(user)
        chart = {
            "age": {"labels": [str(r["label"]) for r in figures.get("by_age", [])],
                    "values": [r["n"] for r in figures.get("by_age", [])]},
            "theory": {"labels": [str(r["label"]) for r in figures.get("by_theory", [])],
                       "values": [r["n"] for r in figures.get("by_theory", [])]},
        }
        committee = committee_member_figures(user) if figures else None
        health = [c for c in health_report(user)["counts"] if c["n"]] if figures else []
        since = visits_counted_since() if figures else None
        visits = {"n": visit_count(user, since=since), "since": since} if figures else None
        return super().context(f=figures, chart=chart, committee=committee, health=health, visits=visits,
                               todo=meeting_todo(user), remedies=remedy_todo(user), **extra)
