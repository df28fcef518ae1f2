"""The news site's block of the home page (core.home): a moderator sees the readers' comments waiting for a
decision and their open complaints (with those past the legal time), and the articles waiting for their approval
in the CMS, one tap from each queue; nobody else sees the block, and a moderator with nothing waiting does not
either."""

from core.home import home
from core.registry import Panel
from core.scope import NEWS, scope_for

from . import selectors


def todo_panel(request, obj):
    user = request.user
    moderates = scope_for(user).can(NEWS)
    held = overdue = complaints = complaints_overdue = hours = 0
    if moderates:
        hours, overdue_before = selectors.decision_window()
        held, overdue = selectors.held_comment_counts(user, overdue_before=overdue_before)
        counts = selectors.complaint_counts(user, overdue_before=overdue_before)
        complaints, complaints_overdue = counts["open"], counts["overdue"]
    to_approve = selectors.articles_to_approve_count(user)
    if not (held or complaints or to_approve):
        return None
    return {"held": held, "overdue": overdue, "complaints": complaints, "complaints_overdue": complaints_overdue,
            "to_approve": to_approve, "hours": hours}


def register():
    home.register(Panel("news-todo", "news/_home_todo.html", todo_panel, order=40))
