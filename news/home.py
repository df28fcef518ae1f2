"""The news site's block of the home page (core.home): a moderator sees the readers' comments waiting for a
decision (those past the legal time first) and the articles waiting for their approval in the CMS, one tap from
each queue; nobody else sees the block, and a moderator with nothing waiting does not either."""

import datetime

from django.conf import settings
from django.utils import timezone

from core.home import home
from core.registry import Panel
from core.scope import NEWS, scope_for

from . import selectors


def todo_panel(request, obj):
    user = request.user
    moderates = scope_for(user).can(NEWS)
    held = overdue = 0
    if moderates:
        overdue_before = timezone.now() - datetime.timedelta(hours=settings.NEWS_COMMENT_DECISION_HOURS)
        held, overdue = selectors.held_comment_counts(user, overdue_before=overdue_before)
    to_approve = selectors.articles_to_approve_count(user)
    if not (held or to_approve):
        return None
    return {"held": held, "overdue": overdue, "to_approve": to_approve,
            "hours": settings.NEWS_COMMENT_DECISION_HOURS}


def register():
    home.register(Panel("news-todo", "news/_home_todo.html", todo_panel, order=40))
