"""What `members` counts per organisation in organizations.figures: the members officially registered there (a
guest from outside counts nowhere), by status, and the active ones by gender, age band, theory level, exempted,
temporarily away. The keys are the dashboard's (dashboard.selectors)."""

import datetime

from django.db.models import Count, Q, signals

from core.scope import scope_for
from organizations.figures import figures_refresh, figures_total, register_contributor, scope_total
from organizations.selectors import subtree_q

from .choices import ACTIVE_STATUSES, AGE_BANDS, Gender, Status, TheoryLevel
from .models import Member
from .selectors import age_band_dates


def member_counts(today: datetime.date) -> dict[str, Count]:
    active = Q(status__in=ACTIVE_STATUSES)
    counts = {
        "members": Count("id", filter=active),
        "exempted": Count("id", filter=active & Q(exempted_since__isnull=False)),
        "temporary_away": Count("id", filter=active & (Q(temporary_organization__isnull=False)
                                                       | ~Q(temporary_external=""))),
    }
    for code, _label in Status.choices:
        counts[f"status:{code}"] = Count("id", filter=Q(status=code))
    for code, _label in Gender.choices:
        counts[f"gender:{code}"] = Count("id", filter=active & Q(gender=code))
    for code, _label, _lo, _hi in AGE_BANDS:
        born_after, born_until = age_band_dates(code, today)
        counts[f"age:{code}"] = Count("id", filter=active & Q(date_of_birth__gt=born_after,
                                                               date_of_birth__lte=born_until))
    for code, _label in TheoryLevel.choices:
        counts[f"theory:{code}"] = Count("id", filter=active & Q(theory_level=code))
    return counts


def members_by_organization(ids: list[int] | None, today: datetime.date) -> dict[int, dict[str, int]]:
    rows = Member.objects.filter(organization__isnull=False)
    if ids is not None:
        rows = rows.filter(organization_id__in=ids)
    counts = member_counts(today)
    return {row.pop("organization_id"): {k: n for k, n in row.items() if n}
            for row in rows.order_by().values("organization_id").annotate(**counts)}


def _remember(sender, instance, **kwargs):
    instance._figures_org = instance.__dict__.get("organization_id", ...)


def _before_save(sender, instance, raw=False, **kwargs):
    if instance._figures_org is ... and instance.pk is not None and not instance._state.adding:
        # loaded without its organisation (a deferred field): where it was is read before it changes
        instance._figures_org = (Member._base_manager.filter(pk=instance.pk)
                                 .values_list("organization_id", flat=True).first())


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = instance._figures_org
    figures_refresh(organization_ids={instance.organization_id, None if before is ... else before})
    instance._figures_org = instance.organization_id


def _deleted(sender, instance, **kwargs):
    figures_refresh(organization_ids={instance.organization_id})


def connect() -> None:
    register_contributor(members_by_organization)
    signals.post_init.connect(_remember, sender=Member, dispatch_uid="figures_member_init")
    signals.pre_save.connect(_before_save, sender=Member, dispatch_uid="figures_member_before")
    signals.post_save.connect(_saved, sender=Member, dispatch_uid="figures_member_saved")
    signals.post_delete.connect(_deleted, sender=Member, dispatch_uid="figures_member_deleted")


# -- the member list's count, read from them --------------------------------------------------------------------------

_STATUS_KEYS = {"active": ["members"], "exempted": ["exempted"], "temporary": ["temporary_away"],
                "all": [f"status:{code}" for code in Status.values], **{code: [f"status:{code}"] for code in Status.values}}
_ACTIVE_DIMENSIONS = {"gender": "gender", "theory_level": "theory"}  # each counted among the active members


def member_list_count(user, filterset) -> int | None:
    """The member list's number of rows without counting them: the kept figures of the organisations at the top of
    what it lists, plus a count of the few listed rows they leave out (guests hosted temporarily, registered
    elsewhere or nowhere here; the user's own file). None when the filters are not ones the figures count (a search,
    an age band, which moves with the calendar, two dimensions at once...): the list counts its rows then."""
    data = filterset.form.cleaned_data
    if any(data.get(name) for name in ("q", "ethnicity", "age_band", "as_of", "movement")) or data.get("direct") == "true":
        return None
    dimensions = [(name, data[name]) for name in _ACTIVE_DIMENSIONS if data.get(name)]
    status = data.get("status") or "active"
    if len(dimensions) > 1 or (dimensions and status != "active") or status not in _STATUS_KEYS:
        return None
    keys = ([f"{_ACTIVE_DIMENSIONS[dimensions[0][0]]}:{dimensions[0][1]}"] if dimensions else _STATUS_KEYS[status])
    scope = scope_for(user)
    organization = data.get("organization")
    if organization is not None:
        kept, uncounted = (figures_total([organization.pk]),
                           filterset.qs.exclude(subtree_q("organization_id", organization.pk)))
    elif scope.sees_everything():
        # said positively, so that the index of the organisation finds the few without one
        kept, uncounted = scope_total(scope), filterset.qs.filter(organization__isnull=True)
    else:
        ids = scope.org_ids() or frozenset()
        kept, uncounted = scope_total(scope), filterset.qs.exclude(organization_id__in=sorted(ids))
    return sum(kept.get(key, 0) for key in keys) + uncounted.count()
