"""The imports' block of the home page (core.home): the user's own files still waiting for them — checked and ready to
import, refused by the check, or being checked or imported — so an upload left half-way is found again."""

import datetime

from django.utils import timezone

from core.home import home
from core.registry import Panel

from .models import ImportBatch, State

WAITING = (State.CHECKING, State.READY, State.INVALID, State.COMMITTING)
RECENT_DAYS = 30


def waiting_panel(request, obj):
    """The newest upload of each kind into each organisation, when it still waits: a file uploaded again after its
    errors were corrected replaces the refused one."""
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    newest = {}
    for batch in (ImportBatch.objects.filter(owner=request.user, created_at__gte=since)
                  .select_related("organization").order_by("-created_at")[:50]):
        newest.setdefault((batch.kind, batch.organization_id), batch)
    batches = [b for b in newest.values() if b.state in WAITING][:5]
    return {"batches": batches} if batches else None


def register():
    home.register(Panel("imports-waiting", "imports/_home_waiting.html", waiting_panel, order=16))
