"""The rule data is public to every logged-in user."""

import datetime

from core.testing import EVERYONE, QueryCase, ScopeCase
from core.testing.pages import doc

SCOPE_CASES = [ScopeCase("rules:list", EVERYONE)]


def rule_cards(response) -> list:
    return doc(response).xpath('//article[contains(concat(" ", @class, " "), " rule ")]')


# One query of the page's own (every rule); the rest is the session, the scope and the menu of the base page.
QUERY_CASES = [QueryCase("rules", "/rules/", 14, users=("khoi", "dangvien"), rows=rule_cards)]


def grow(w, factor: int) -> None:
    """`factor` slices of two rows: a one-day version in 1930 of a seeded code, with the value in force then (so no
    rule the other apps read changes), and a rule of a code the page has no section for."""
    from rules.models import Rule

    state = w.__dict__.setdefault("rules_grown", {"n": 0})
    for _ in range(factor):
        state["n"] += 1
        n = state["n"]
        start = datetime.date(1930, 3, 1) + datetime.timedelta(days=n)
        Rule.objects.create(code="probation_months", label="Thời gian dự bị", value=12, unit="tháng",
                            regulation=f"Văn bản cũ số {n}", effective_from=start,
                            effective_to=start + datetime.timedelta(days=1))
        Rule.objects.create(code=f"grown_setting_{n}", label=f"Cài đặt thử {n}", value=[1, 2.5], unit="",
                            regulation="Thử nghiệm", effective_from=datetime.date(2020, 1, 1))
