"""The studies' block of the home page (core.home): the sessions the user convenes not held past their campaign's
date, the takeaways waiting for the user's assessment, the programmes not adopted past their date, their tasks
overdue and their final reports due, and a member's own takeaways still to write."""

from core.home import home
from core.registry import Panel

from . import selectors


def todo_panel(request, obj):
    found = selectors.todo(request.user)
    if not any(found.values()):
        return None
    return found


def register():
    home.register(Panel("studies-todo", "studies/_home_todo.html", todo_panel, order=14))
