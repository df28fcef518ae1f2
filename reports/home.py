"""The periodic reports' block of the home page (core.home): whoever keeps the reports of a grassroots organisation
or a superior committee is reminded of those owed within the rule's days or overdue (and those returned to them), of
those submitted to them waiting to be received, and of their subordinates' reports owed and not yet submitted."""

from core.home import home
from core.registry import Panel

from . import periodic


def todo_panel(request, obj):
    counts = periodic.todo_counts(request.user)
    return counts if counts["owed"] or counts["to_receive"] or counts["owing"] else None


def register():
    home.register(Panel("periodic-todo", "reports/_home_todo.html", todo_panel, order=24))
