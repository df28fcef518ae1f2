"""The to-do's counts walk the partial indexes kept for them. On SQLite a partial index is used only when the query
writes its condition with the same constants (a bound parameter is not matched) and no subquery hides the cells:
without both, each count read every meeting of every cell (15-30 ms each on a province's home page)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import selectors, services
from meetings.models import Meeting, MeetingKind
from members.selectors import members_due

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)


def plans(queries) -> list[str]:
    """SQLite's plan of each SELECT run, one line per table it reads."""
    out = []
    with connection.cursor() as cursor:
        for query in queries:
            if query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                out.append(" | ".join(row[3] for row in cursor.fetchall()))
    return out


def test_written_in_reads_what_in_reads_and_takes_codes_only(actor, tree):
    services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR, planned_on=TODAY)
    open_ = selectors.OPEN
    assert (list(Meeting.objects.filter(status__written_in=open_).values_list("pk", flat=True))
            == list(Meeting.objects.filter(status__in=open_).values_list("pk", flat=True)) != [])
    assert "('planned', 'held')" in str(Meeting.objects.filter(status__written_in=open_).query)
    with pytest.raises(ValueError):
        list(Meeting.objects.filter(status__written_in=["held') OR 1=1 --"]))
    with pytest.raises(ValueError):
        list(Meeting.objects.filter(status__written_in=[]))


def test_an_index_condition_is_written_for_sqlite_and_proved_by_postgresql(actor, tree):
    services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR, planned_on=TODAY)
    narrower = Meeting.objects.filter(status__index_condition=selectors.OPEN, status__written_in=["planned"])
    assert (list(narrower.values_list("pk", flat=True))
            == list(Meeting.objects.filter(status="planned").values_list("pk", flat=True)) != [])
    assert ("('planned', 'held')" in str(narrower.query)) == (connection.vendor == "sqlite")
    with pytest.raises(ValueError):
        list(Meeting.objects.filter(status__index_condition=["held') OR 1=1 --"]))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's plans are in bench/explain")
def test_the_meeting_counts_walk_the_open_meetings_index(user_khoi, tree, actor):
    services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                          planned_on=TODAY - datetime.timedelta(days=3))
    with CaptureQueriesContext(connection) as queries:
        counts, _owing = selectors.todo_counts(user_khoi, today=TODAY)
    assert counts["past_planned"] == 1
    meeting_plans = [p for p in plans(queries.captured_queries) if "meetings_meeting" in p]
    counted = [p for p in meeting_plans if "meetings_open" in p]
    assert len(counted) >= 3, "\n".join(meeting_plans)
    assert not any("SCAN meetings_meeting" in p for p in meeting_plans), "\n".join(meeting_plans)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner; PostgreSQL's plans are in bench/explain")
def test_the_transfers_owed_are_found_on_their_partial_indexes(user_khoi, tree, make_member):
    make_member(tree.cell_a1)
    with CaptureQueriesContext(connection) as queries:
        members_due(user_khoi, today=TODAY)
    periods = [p for p in plans(queries.captured_queries) if "members_membership" in p]
    assert periods and all("membership_papers_due" in p and "membership_letter_due" in p for p in periods), periods
