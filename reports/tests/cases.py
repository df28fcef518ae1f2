"""The statistics page: whoever sees organisations opens it for their own scope (a member only is refused); its
query count does not grow with the members, organisations and seats it counts."""

import datetime

from core.testing import VIEWERS, QueryCase, ScopeCase

LAST_YEAR = datetime.date.today().replace(month=1, day=1) - datetime.timedelta(days=1)

SCOPE_CASES = [
    ScopeCase("reports:statistics", VIEWERS),
    ScopeCase("reports:statistics", VIEWERS, query=f"as_of={LAST_YEAR.isoformat()}"),
    ScopeCase("reports:statistics", VIEWERS, query="export=xlsx"),
]


def grow(w, factor: int) -> None:
    """The members' slices with their cells, terms, committees and seats (apparatus.tests.cases.grow)."""
    from apparatus.tests.cases import grow as grow_apparatus

    grow_apparatus(w, factor)


def _member_links(response):
    """The member figures that link to their rows (not fewer with more data)."""
    from core.testing.pages import doc

    return doc(response).xpath('//section[@data-form="members"]//a[@data-figure]')


# As measured when declared: the session, user and scope; the rule, the tree of the day and the kinds; the members'
# figures (6 grouped queries), the movements (4), the seats (1), the issuer, the picker's choices (the export: its
# security event instead of the page's menu); the same whatever the number of members and organisations counted.
QUERY_CASES = [
    QueryCase("reports_statistics", "/reports/statistics/", 21, rows=_member_links),
    QueryCase("reports_statistics_past", f"/reports/statistics/?as_of={LAST_YEAR.isoformat()}", 21),
    QueryCase("reports_statistics_xlsx", "/reports/statistics/?export=xlsx", 21),
]
