"""Who sees which import batch: its owner, and whoever may do what the batch's kind does over its organisation (the
colleagues of the same committee see what was imported and why; only the owner commits)."""

from django.db.models import Q
from django.http import Http404

from core.scope import scope_for

from .kinds import KINDS
from .models import ImportBatch, ImportRecord


def batch_qs(user):
    scope = scope_for(user)
    visible = Q(owner=user)
    for code, kind in KINDS.items():
        if scope.can(kind.action):
            visible |= Q(kind=code) & scope.org_q("organization_id", kind.action)
    return ImportBatch.objects.filter(visible).select_related("organization", "owner", "preview_job", "commit_job")


def batch_get(user, pk, action=None) -> ImportBatch:
    try:
        return batch_qs(user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def batch_own(user, pk, action=None) -> ImportBatch:
    """A batch its owner acts on (commit, set aside): anyone else gets 404."""
    try:
        return batch_qs(user).get(pk=pk, owner=user)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def record_imports(user, model: str, object_id: int) -> list[dict]:
    """The batches that created or changed a record: each with its batch when the user may open it."""
    records = list(ImportRecord.objects.filter(model=model, object_id=object_id)
                   .select_related("batch__owner").order_by("-batch__committed_at"))
    if not records:
        return []
    visible = set(batch_qs(user).filter(pk__in=[r.batch_id for r in records]).values_list("pk", flat=True))
    return [{"record": r, "batch": r.batch, "can_open": r.batch_id in visible} for r in records]


def member_imports_panel(request, member):
    items = record_imports(request.user, "members.member", member.pk)
    return {"imports": items} if items else None
