"""The home page's figures, computed live in a fixed number of queries whatever the data size."""

import datetime

from django.db.models import Count, Q

from core.scope import VIEW, scope_for
from members.choices import ACTIVE_STATUSES, AGE_BANDS, Gender, Status, TheoryLevel
from members.models import Member
from members.selectors import age_band_dates
from organizations.models import Organization, OrganizationKind
from organizations.selectors import is_subordinate_cell


def dashboard_figures(user, *, today: datetime.date | None = None) -> dict:
    today = today or datetime.date.today()
    scope = scope_for(user)
    if not scope.can(VIEW):
        return {}
    organizations = Organization.objects.filter(scope.org_q("id"), status=Organization.Status.ACTIVE)
    by_kind = list(
        organizations.values("kind__code", "kind__label", "kind__tier", "kind__holds_members")
        .annotate(n=Count("id")).order_by("kind__sort_order")
    )
    members = Member.objects.filter(scope.org_q("organization_id"))
    # Counted where officially registered: guests from outside (no organisation here) count nowhere.
    # (A condition inside the counts, not a WHERE: it keeps one scan of the table.)
    registered = Q(organization__isnull=False)
    active = Q(status__in=ACTIVE_STATUSES) & registered
    aggregates = {
        "total": Count("id", filter=active),
        "probationary": Count("id", filter=registered & Q(status=Status.PROBATIONARY)),
        "full": Count("id", filter=registered & Q(status=Status.FULL)),
        "exempted": Count("id", filter=active & Q(exempted_since__isnull=False)),
        "temporary_away": Count("id", filter=active & (Q(temporary_organization__isnull=False)
                                                       | ~Q(temporary_external=""))),
    }
    for code, _label in Gender.choices:
        aggregates[f"gender_{code}"] = Count("id", filter=active & Q(gender=code))
    for code, _label, _lo, _hi in AGE_BANDS:
        born_after, born_until = age_band_dates(code, today)
        aggregates[f"age_{code}"] = Count("id", filter=active & Q(date_of_birth__gt=born_after,
                                                                   date_of_birth__lte=born_until))
    for code, _label in TheoryLevel.choices:
        aggregates[f"theory_{code}"] = Count("id", filter=active & Q(theory_level=code))
    figures = members.aggregate(**aggregates)
    by_status = dict(members.values_list("status").annotate(n=Count("id", filter=registered)).order_by())

    grassroots = sum(row["n"] for row in by_kind if row["kind__tier"] == OrganizationKind.Tier.GRASSROOTS)
    cells = sum(row["n"] for row in by_kind if is_subordinate_cell(row["kind__tier"], row["kind__holds_members"]))
    return {
        "grassroots": grassroots,
        "cells": cells,
        "members": figures["total"],
        "probationary": figures["probationary"],
        "full": figures["full"],
        "exempted": figures["exempted"],
        "temporary_away": figures["temporary_away"],
        "by_kind": [{"code": r["kind__code"], "label": r["kind__label"], "n": r["n"]} for r in by_kind],
        "grassroots_kinds": [{"code": r["kind__code"], "label": r["kind__label"], "n": r["n"]} for r in by_kind
                             if r["kind__tier"] == OrganizationKind.Tier.GRASSROOTS],
        "by_status": [{"code": code, "label": label, "n": by_status.get(code, 0)} for code, label in Status.choices],
        "by_gender": [{"code": code, "label": label, "n": figures[f"gender_{code}"]} for code, label in Gender.choices],
        "by_age": [{"code": code, "label": label, "n": figures[f"age_{code}"]} for code, label, _lo, _hi in AGE_BANDS],
        "by_theory": [{"code": code, "label": label, "n": figures[f"theory_{code}"]}
                      for code, label in TheoryLevel.choices],
    }
