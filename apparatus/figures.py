"""What `apparatus` counts per organisation in organizations.figures: the seats now held on the grassroots
committee (the article's 428 committee members) and how many of them are concurrent; and the apparatus health
problems found in it today ("health:<code>": 1), so that the home page counts them for a whole scope without
judging every organisation on every view. They follow its members, terms, committees and seats as they are
written; a rule changed in the administration recounts everything, and the passing days (a congress falling due)
are counted again by the nightly recount."""

import datetime

from django.db.models import Count, Q, signals

from core.scope import VIEW, scope_for
from members.models import Member
from organizations.figures import figures_rebuild, figures_refresh, register_contributor, scope_total
from organizations.models import Organization, OrganizationFigures

from .models import Body, Seat, Term
from .selectors import Problem, apparatus_states, grassroots_committee_q


def committee_seats_by_organization(ids: list[int] | None, today: datetime.date) -> dict[int, dict[str, int]]:
    seats = Seat.objects.filter(grassroots_committee_q(), ended_on__isnull=True, body__ended_on__isnull=True)
    if ids is not None:
        seats = seats.filter(body__organization_id__in=ids)
    rows = seats.order_by().values("body__organization_id").annotate(
        total=Count("id"), concurrent=Count("id", filter=Q(engagement=Seat.Engagement.CONCURRENT)))
    return {row["body__organization_id"]: {"seats:committee": row["total"],
                                           "seats:committee_concurrent": row["concurrent"]} for row in rows}


def health_by_organization(ids: list[int] | None, today: datetime.date) -> dict[int, dict[str, int]]:
    organizations = Organization.objects.all() if ids is None else Organization.objects.filter(id__in=ids)
    found: dict[int, dict[str, int]] = {}
    for pk, state in apparatus_states(organizations, today=today).items():
        for problem in state.problems:
            key = f"health:{problem.code}"
            found.setdefault(pk, {})[key] = found.get(pk, {}).get(key, 0) + 1
    return found


def health_counts(user, action: str = VIEW) -> list[dict]:
    """The apparatus problems in the user's scope (for `action`) by kind, worst first, from the kept figures."""
    scope = scope_for(user)
    if not scope.can(action):
        return []
    kept = scope_total(scope, action)
    return [{"code": code, "label": label, "severity": Problem.SEVERITY[code], "n": kept.get(f"health:{code}", 0)}
            for code, label in Problem.LABELS.items()]


def problem_organization_ids(user, codes, action: str = VIEW) -> list[int]:
    """The organisations in the user's scope (for `action`) where one of these problems was found, from the kept
    figures' own counts."""
    scope = scope_for(user)
    has = Q()
    for code in codes:
        has |= Q(own__has_key=f"health:{code}")
    rows = OrganizationFigures.objects.filter(has)
    ids = list(rows.values_list("organization_id", flat=True))
    return ids if scope.sees_everything(action) else [pk for pk in ids if scope.covers(pk, action)]


def _seat_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        figures_refresh(organization_ids=Body.objects.filter(pk=instance.body_id).values_list("organization_id",
                                                                                             flat=True))


def _remember(sender, instance, **kwargs):
    instance._figures_org = instance.__dict__.get("organization_id")


def _body_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        figures_refresh(organization_ids={instance.organization_id, getattr(instance, "_figures_org", None)})
        instance._figures_org = instance.organization_id


def _term_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        figures_refresh(organization_ids={instance.organization_id})


def _member_changed(sender, instance, raw=False, **kwargs):
    """A seat holder's status decides a problem of the body's organisation (a probationary member on a committee)."""
    if not raw and instance.pk:
        figures_refresh(organization_ids=Body.objects.filter(seats__member_id=instance.pk, seats__ended_on__isnull=True)
                        .values_list("organization_id", flat=True))


def _rule_changed(sender, instance, raw=False, **kwargs):
    """A rule's value decides problems anywhere: everything is counted again, in the change's transaction (a rare
    edit in the administration; seconds at a province's size)."""
    if not raw:
        figures_rebuild()


def connect() -> None:
    from rules.models import Rule

    register_contributor(committee_seats_by_organization)
    register_contributor(health_by_organization)
    signals.post_save.connect(_member_changed, sender=Member, dispatch_uid="figures_seat_holder_saved")
    signals.post_save.connect(_term_changed, sender=Term, dispatch_uid="figures_term_saved")
    signals.post_save.connect(_rule_changed, sender=Rule, dispatch_uid="figures_rule_saved")
    signals.post_delete.connect(_rule_changed, sender=Rule, dispatch_uid="figures_rule_deleted")
    signals.post_save.connect(_seat_changed, sender=Seat, dispatch_uid="figures_seat_saved")
    signals.post_delete.connect(_seat_changed, sender=Seat, dispatch_uid="figures_seat_deleted")
    signals.post_init.connect(_remember, sender=Body, dispatch_uid="figures_body_init")
    signals.post_save.connect(_body_changed, sender=Body, dispatch_uid="figures_body_saved")
    signals.post_delete.connect(_body_changed, sender=Body, dispatch_uid="figures_body_deleted")
