"""The badges' block of the home page (core.home): whoever prepares the badges of some organisations (a cell's
secretary, a committee's office) is reminded, the rule's number of days before the next presentation date, how many
of their members are due that day, one tap from the list."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.home import home
from core.registry import Panel
from rules.codes import BADGE_REMINDER_DAYS
from rules.selectors import RuleBook
from rules.usage import applies

from . import selectors
from .reckoning import Calendar


@applies(BADGE_REMINDER_DAYS, where=gettext_lazy("Home page: the reminder of the members due a Party badge on the "
                                                 "next presentation date"), page="badges:home")
def todo_panel(request, obj):
    if not selectors.may_award(request.user):
        return None
    today = timezone.localdate()
    book = RuleBook()
    calendar = Calendar(book)
    presentation = calendar.on_or_after(today)
    if (presentation - today).days > int(book.value(BADGE_REMINDER_DAYS, on=today) or 0):
        return None
    count = selectors.due_count(request.user, presentation, book=book, calendar=calendar)
    if not count:
        return None
    return {"presentation": presentation, "count": count, "days": (presentation - today).days}


def register():
    home.register(Panel("badges-todo", "badges/_home_todo.html", todo_panel, order=23))
