"""The periodic reports' block of the home page (core.home): whoever keeps the reports of a grassroots organisation
or a superior committee is reminded of those owed within the rule's days or overdue (and those returned to them), of
those submitted to them waiting to be received, and of their subordinates' reports owed and not yet submitted."""

from core.home import home
from core.registry import Panel

from . import periodic


def todo_panel(request, obj):
    found = periodic.todo(request.user)
    owed, owing = found["owed"], found["owing"]
    if not owed and not found["to_receive"] and not owing:
        return None
    return {"owed": len(owed), "overdue": sum(1 for o in owed if o.overdue), "to_receive": len(found["to_receive"]),
            "owing": len(owing), "owing_overdue": sum(1 for o in owing if o.overdue)}


def register():
    home.register(Panel("periodic-todo", "reports/_home_todo.html", todo_panel, order=24))
