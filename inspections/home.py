"""The inspections' blocks of the home page (core.home): the case files the user holds, with what is due next,
and the overdue remedies their organisations must carry out. Each count links to the list filtered to exactly its
rows."""

from core.home import home
from core.registry import Panel

from . import selectors


def cases_panel(request, obj):
    cases = selectors.my_cases(request.user)
    return {"cases": cases} if cases else None


def remedies_panel(request, obj):
    remedies = selectors.remedy_todo(request.user)
    if not remedies["items"]:
        return None
    return {"remedies": remedies}


def register():
    home.register(Panel("my-cases", "inspections/_home_cases.html", cases_panel, order=12))
    home.register(Panel("remedy-todo", "inspections/_home_remedies.html", remedies_panel, order=24))
