"""The member's own block of the home page (core.home): who they are here, one tap from their record."""

from core.home import home
from core.registry import Panel
from core.scope import scope_for

from .models import Member


def own_record_panel(request, obj):
    member_id = scope_for(request.user).own_member_id
    if member_id is None:
        return None
    member = Member.objects.select_related("organization", "temporary_organization").get(pk=member_id)
    return {"own": member}


def register():
    home.register(Panel("my-record", "members/_home_record.html", own_record_panel, order=70))
