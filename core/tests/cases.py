"""The search page's scope cases: each user finds only what their scope covers."""

from core.testing import EVERYONE, ScopeCase


def organizations_at(w, place) -> set[str]:
    return {w.orgs[place].name}


def women_at(w, place) -> set[str]:
    """Members whose name has "Thị" (the world's women) in cell_a1 or cell_b1."""
    side = w.a if place == "cell_a1" else w.b
    return {side.full.full_name, side.exempt.full_name}


SCOPE_CASES = [
    ScopeCase("search", EVERYONE, query="q=chi+bo", marks=organizations_at,
              mark_places=("cell_a1", "cell_a2", "cell_b1", "cell_b3", "gcell")),
    ScopeCase("search", EVERYONE, query="q=thi", name="members", marks=women_at, mark_places=("cell_a1", "cell_b1")),
]
