"""Reads of the role assignments."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import RoleAssignment
from .scope import GRANTS


def users_holding(action: str, organization_ids) -> object:
    """Active users whose role assignment in force today grants `action` on one of these organisations (and so on
    everything below it), and the system administrators."""
    roles = [role for role, actions in GRANTS.items() if action in actions]
    today = datetime.date.today()
    assigned = (RoleAssignment.objects.filter(role__in=roles, organization_id__in=list(organization_ids))
                .exclude(started_on__gt=today).exclude(ended_on__lte=today).values("user_id"))
    return get_user_model().objects.filter(is_active=True).filter(Q(pk__in=assigned) | Q(is_superuser=True))
