"""The dues' blocks of the home page (core.home):

- dues-cells (14): whoever collects the dues of a few cells (a cell secretary): each cell's month collected so far,
  one tap to its sheet, and the members unpaid for the rule's number of months this year (for the cell to consider);
- dues-receipts (15): whoever receives remittances (a grassroots committee, the Bloc): those awaiting confirmation,
  one tap to the oldest one's level and month;
- dues-mine (16): a member: this year's months paid and any unpaid, one tap to their dues history.
"""

from django.utils import timezone

from core.home import home
from core.registry import Panel
from core.scope import DUES, scope_for

from . import levels, selectors

FEW_CELLS = 3  # more than this is an office: its cells are on the dues page, not on the home page


def cells_panel(request, obj):
    if not selectors.may_collect(request.user):
        return None
    cells = list(selectors.collecting_cells(request.user)[:FEW_CELLS + 1])
    if not cells or len(cells) > FEW_CELLS:
        return None
    month = timezone.localdate().replace(day=1)
    figures = selectors.cells_month(cells, month)
    return {"month": month, "cells": [{"cell": cell, "figures": figures[cell.pk],
                                       "unpaid": selectors.unpaid_members(cell, month.year)} for cell in cells]}


SHOWN_RECEIPTS = 20


def receipts_panel(request, obj):
    scope = scope_for(request.user)
    if not selectors.may_collect(request.user, scope):
        return None
    awaiting = list(levels.awaiting_confirmation(scope, DUES).select_related("organization", "recipient")
                    .order_by("month", "id")[:SHOWN_RECEIPTS + 1])
    if not awaiting:
        return None
    return {"awaiting": awaiting[:SHOWN_RECEIPTS], "more": len(awaiting) > SHOWN_RECEIPTS, "first": awaiting[0]}


def member_panel(request, obj):
    member_id = scope_for(request.user).own_member_id
    if member_id is None:
        return None
    from members.models import Member

    member = Member.objects.filter(pk=member_id).first()
    if member is None:
        return None
    return selectors.member_dues_panel(request, member)


def register():
    home.register(Panel("dues-cells", "dues/_home_cells.html", cells_panel, order=14))
    home.register(Panel("dues-receipts", "dues/_home_receipts.html", receipts_panel, order=15))
    home.register(Panel("dues-mine", "dues/_home_mine.html", member_panel, order=16))
