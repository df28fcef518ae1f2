"""The meetings' blocks of the home page (core.home), each for whom it concerns:

- my-cell (10): a cell secretary (someone who runs the meetings of a few cells: selectors.my_cells): for each cell,
  its next meeting with one-tap notice / document / attendance / record, what is due, its meetings and members;
- my-meeting (12): a member (a user linked to a member record): their next meeting (day, time, place, documents,
  agenda), the notices and their recent attendance;
- meeting-todo (20): whoever runs the meetings of more cells: the to-do, or for many cells its counts, each linking
  to the page listing exactly its rows.
"""

from django.utils import timezone

from core.home import home
from core.registry import Panel
from core.scope import scope_for

from . import selectors


def _desks(request) -> list:
    cached = getattr(request, "_meeting_desks", None)
    if cached is None:
        cached = request._meeting_desks = selectors.cell_desks(request.user)
    return cached


def cell_panel(request, obj):
    desks = _desks(request)
    if not desks:
        return None
    today = timezone.localdate()
    return {"desks": desks, "today": today, "month": today.replace(day=1)}


def member_panel(request, obj):
    member_id = scope_for(request.user).own_member_id
    if member_id is None:
        return None
    member = selectors.member_for_meetings(member_id)
    return {"meetings": selectors.member_meetings(member, agenda=True, history=3, upcoming=3)}


def todo_panel(request, obj):
    if _desks(request):  # a secretary's cells show their own to-do in their blocks
        return None
    todo = selectors.meeting_todo(request.user)
    if not (todo["items"] or todo.get("counts")):
        return None
    return {"todo": todo}


def register():
    home.register(Panel("my-cell", "meetings/_home_cell.html", cell_panel, order=10))
    home.register(Panel("my-meeting", "meetings/_home_meeting.html", member_panel, order=12))
    home.register(Panel("meeting-todo", "meetings/_home_todo.html", todo_panel, order=20))
