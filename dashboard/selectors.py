"""The home page's figures, read from the organisations' kept figures (organizations.figures): the totals of the
few organisations at the top of the user's scope, whatever the number of members below them."""

from core.scope import VIEW, scope_for
from members.choices import AGE_BANDS, Gender, Status, TheoryLevel
from organizations.figures import scope_total
from organizations.models import OrganizationKind
from organizations.selectors import is_subordinate_cell


def dashboard_figures(user) -> dict:
    scope = scope_for(user)
    if not scope.can(VIEW):
        return {}
    total = scope_total(scope)
    # Counted where officially registered: guests from outside (no organisation here) count nowhere.
    by_kind = [{"code": kind.code, "label": kind.label, "n": total.get(f"org:{kind.code}", 0),
                "tier": kind.tier, "holds_members": kind.holds_members}
               for kind in OrganizationKind.objects.order_by("sort_order", "code")]
    by_kind = [row for row in by_kind if row["n"]]
    grassroots = [row for row in by_kind if row["tier"] == OrganizationKind.Tier.GRASSROOTS]
    return {
        "grassroots": sum(row["n"] for row in grassroots),
        "cells": sum(row["n"] for row in by_kind if is_subordinate_cell(row["tier"], row["holds_members"])),
        "members": total.get("members", 0),
        "probationary": total.get(f"status:{Status.PROBATIONARY}", 0),
        "full": total.get(f"status:{Status.FULL}", 0),
        "exempted": total.get("exempted", 0),
        "temporary_away": total.get("temporary_away", 0),
        "by_kind": by_kind,
        "grassroots_kinds": grassroots,
        "by_status": [{"code": code, "label": label, "n": total.get(f"status:{code}", 0)}
                      for code, label in Status.choices],
        "by_gender": [{"code": code, "label": label, "n": total.get(f"gender:{code}", 0)}
                      for code, label in Gender.choices],
        "by_age": [{"code": code, "label": label, "n": total.get(f"age:{code}", 0)}
                   for code, label, _lo, _hi in AGE_BANDS],
        "by_theory": [{"code": code, "label": label, "n": total.get(f"theory:{code}", 0)}
                      for code, label in TheoryLevel.choices],
    }
