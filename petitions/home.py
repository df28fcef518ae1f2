"""The petitions' block of the home page (core.home): loaded after the page (htmx), so the home's own queries stay
as they are, and only for whoever may open the register."""

from core.home import home
from core.registry import Panel

from . import selectors


def todo_panel(request, obj):
    return {} if selectors.may_open_register(request.user) else None


def register():
    home.register(Panel("petition-todo", "petitions/_home_todo.html", todo_panel, order=22))
