"""The members' blocks of the home page (core.home):

- members-due (15): what is due for members, for whoever must act on it — a cell secretary (who corrects the files of
  a cell's members without deciding on them) sees their cells' items; whoever manages members sees the first items
  of their organisations, with the way to the page listing them all;
- my-record (14): the member's own block: who they are here, one tap from their record.
"""

from django.urls import reverse

from core.home import home
from core.registry import Panel
from core.scope import EDIT_MEMBER, MANAGE_MEMBERS, scope_for

from .models import Member
from .selectors import mark_due, members_due

HOME_DUE_SHOWN = 6  # the first items on the home page; the due page lists them all


def due_panel(request, obj):
    scope = scope_for(request.user)
    if scope.can(MANAGE_MEMBERS):
        due, all_url = members_due(request.user, first=HOME_DUE_SHOWN), reverse("members:due")
    elif scope.can(EDIT_MEMBER) and not scope.sees_everything(EDIT_MEMBER):
        due, all_url = members_due(request.user, organizations=scope.org_ids(EDIT_MEMBER)), None
    else:
        return None
    if not due.total:
        return None
    shown = due.select(None if all_url is None else HOME_DUE_SHOWN)
    mark_due(request.user, shown)
    return {"due": due, "shown": shown, "all_url": all_url}


def own_record_panel(request, obj):
    member_id = scope_for(request.user).own_member_id
    if member_id is None:
        return None
    member = Member.objects.select_related("organization", "temporary_organization").get(pk=member_id)
    return {"own": member}


def register():
    home.register(Panel("members-due", "members/_home_due.html", due_panel, order=15))
    # a member's own record right after their next meeting and their review's reminder, before the dues' details:
    # on a phone it stays on the first screen
    home.register(Panel("my-record", "members/_home_record.html", own_record_panel, order=14))
