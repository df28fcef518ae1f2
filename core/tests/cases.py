"""The search page's scope cases: each user finds only what their scope covers. The working-day calendar is public
to every logged-in user, at a fixed number of queries."""

import datetime

from core.testing import EVERYONE, QueryCase, ScopeCase
from core.testing.pages import doc


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
    ScopeCase("calendar", EVERYONE),
]


def calendar_years(response) -> list:
    return doc(response).xpath('//section[contains(concat(" ", @class, " "), " calendar-year ")]')


# The page's own four queries (the schedules, the days, the two histories); the rest is the session, the scope and
# the menu of the base page.
QUERY_CASES = [QueryCase("calendar", "/calendar/", 12, users=("khoi", "dangvien"), rows=calendar_years)]


def grow(w, factor: int) -> None:
    """`factor` years far ahead (after a gap, so no deadline of the other apps moves), each entered with a day off and
    a worked Saturday, through the services (history rows with their user)."""
    from core import services
    from core.models import Holiday

    state = w.__dict__.setdefault("calendar_grown", {"n": 0})
    for _ in range(factor):
        state["n"] += 1
        year = 2028 + state["n"]  # within the years_ahead bound (core.validation), after 2027 left as the gap
        services.calendar_year_enter(actor=w.actor, year=year, source=f"Thông báo thử {year}")
        first = datetime.date(year, 1, 1)
        weekday = next(first + datetime.timedelta(days=d) for d in range(1, 8)
                       if (first + datetime.timedelta(days=d)).weekday() < 5)
        saturday = next(first + datetime.timedelta(days=d) for d in range(7)
                        if (first + datetime.timedelta(days=d)).weekday() == 5)
        services.holiday_add(actor=w.actor, date=weekday, name="Ngày nghỉ thử")
        services.holiday_add(actor=w.actor, date=saturday, kind=Holiday.Kind.WORKING_DAY, name="Làm bù thử")
