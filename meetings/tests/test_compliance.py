"""Compliance over a month or a quarter, through the real services and the user's scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import selectors, services
from meetings.models import MeetingKind
from meetings.selectors import compliance

D = datetime.date
T = datetime.time
pytestmark = pytest.mark.django_db
TODAY = D(2026, 11, 29)


@pytest.fixture
def hold(actor):
    """hold(cell, on, excused=(), absent=(), kind=regular, topic="") -> a held meeting; everyone else present."""
    def _hold(cell, on, *, excused=(), absent=(), kind=MeetingKind.REGULAR, topic="", minutes=100):
        meeting = services.meeting_plan(actor=actor, organization=cell, kind=kind, planned_on=on, topic=topic)
        presences = {}
        for member in selectors.meeting_roster(meeting):
            if member in excused:
                presences[member.pk] = ("excused", "Đi công tác")
            elif member in absent:
                presences[member.pk] = ("absent", "")
            elif member.exempted_since:
                presences[member.pk] = ("exempt", "")
            else:
                presences[member.pk] = ("present", "")
        services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences)
        services.meeting_add_document(actor=actor, meeting=meeting, title="Dự thảo nghị quyết",
                                      available_on=on - datetime.timedelta(days=2))
        end = T(14 + minutes // 60, minutes % 60)
        return services.meeting_record(actor=actor, meeting=meeting, held_on=on, started_at=T(14, 0), ended_at=end,
                                       resolution="Nghị quyết tháng", votes_for=1)

    return _hold


@pytest.fixture
def cells(tree, make_member):
    # Eight members: one excused is 87.5 % present, above the 85 % benchmark.
    members = {cell: [make_member(cell) for _ in range(8)] for cell in (tree.cell_a1, tree.cell_a2, tree.cell_b1)}
    return members


def _row(result, cell):
    return next(r for r in result["cells"] if r.organization.pk == cell.pk)


def test_a_month_held_missing_or_not_yet_due(user_khoi, tree, cells, hold):
    hold(tree.cell_a1, D(2026, 10, 8))
    october = compliance(user_khoi, start=D(2026, 10, 1), today=TODAY)
    assert [m.status for m in _row(october, tree.cell_a1).months] == ["held"]
    assert [m.status for m in _row(october, tree.cell_a2).months] == ["missing"]
    assert october["missed_regular"] == 4  # cell_a2, cell_b1, cell_b2 and the grassroots cell gcell
    november = compliance(user_khoi, start=D(2026, 11, 1), today=TODAY)
    assert [m.status for m in _row(november, tree.cell_a2).months] == ["not_due"]


def test_a_quarter_counts_the_thematic_meeting_and_attendance(user_khoi, tree, cells, hold):
    a1 = cells[tree.cell_a1]
    hold(tree.cell_a1, D(2026, 7, 9), excused=a1[:1])
    hold(tree.cell_a1, D(2026, 8, 6))
    hold(tree.cell_a1, D(2026, 9, 10), kind=MeetingKind.THEMATIC, topic="Học tập và làm theo tư tưởng Hồ Chí Minh",
         minutes=125)
    result = compliance(user_khoi, start=D(2026, 7, 1), months=3, today=TODAY)
    row = _row(result, tree.cell_a1)
    assert [m.status for m in row.months] == ["held", "held", "missing"]  # the thematic one does not replace it
    assert row.thematic_held == 1 and (row.present, row.expected) == (23, 24) and row.rate == 95.8
    assert row.good == 3 and row.judged == 3
    assert _row(result, tree.cell_a2).thematic_held == 0
    assert result["missed_thematic"] >= 1


def test_a_member_excused_four_times_in_a_row_is_named(user_khoi, tree, cells, hold):
    late = cells[tree.cell_a1][0]
    for month in (5, 6, 7, 8):
        hold(tree.cell_a1, D(2026, month, 7), excused=[late])
    row = _row(compliance(user_khoi, start=D(2026, 8, 1), today=TODAY), tree.cell_a1)
    assert row.long_runs == [(late.pk, late.full_name, 4)]
    assert row.good == 0  # the August meeting fails the benchmark
    may = _row(compliance(user_khoi, start=D(2026, 5, 1), today=TODAY), tree.cell_a1)
    assert may.long_runs == [] and may.good == 1


def test_compliance_is_scoped(user_other, tree, cells, hold):
    hold(tree.cell_a1, D(2026, 10, 8))
    result = compliance(user_other, start=D(2026, 10, 1), today=TODAY)
    assert {r.organization.pk for r in result["cells"]} == {tree.cell_b1.pk, tree.cell_b2.pk}


def test_a_fixed_number_of_queries_whatever_the_number_of_cells(user_khoi, tree, make_org, make_member, hold):
    def measure():
        user = type(user_khoi).objects.get(pk=user_khoi.pk)  # a fresh request: the scope is computed again
        with CaptureQueriesContext(connection) as ctx:
            result = compliance(user, start=D(2026, 7, 1), months=3, today=TODAY)
        return len(ctx.captured_queries), result

    def grow(n):
        for i in range(n):
            cell = make_org("cell", tree.gc_a, name=f"Chi bộ Phòng thử {n}-{i}")
            members = [make_member(cell) for _ in range(3)]
            for month in (7, 8, 9):
                hold(cell, D(2026, month, 9), excused=members[:1])

    grow(1)
    small, first = measure()
    grow(3)
    big, second = measure()
    assert len(second["cells"]) == len(first["cells"]) + 3 and second["meetings_held"] > first["meetings_held"]
    assert big == small <= 12


def _regular_per_month(value, since):
    """The rule cell_meetings_regular_per_month amended to `value` from `since` on (every later row too)."""
    from rules.models import Rule

    current = Rule.objects.filter(code="cell_meetings_regular_per_month", effective_from__lte=since).order_by(
        "-effective_from").first()
    Rule.objects.filter(code=current.code, effective_from__gt=since).update(value=value)
    Rule.objects.create(code=current.code, label=current.label, unit=current.unit, value=value,
                        regulation="Quy định sửa đổi (thử)", effective_from=since, effective_to=current.effective_to)
    Rule.objects.filter(pk=current.pk).update(effective_to=since)


def test_a_month_owes_the_number_of_regular_meetings_the_rule_asks(user_khoi, tree, cells, hold):
    """Each month is judged by the rule in force that month: one regular meeting until August 2026, two from
    September (a made-up amendment)."""
    _regular_per_month(2, D(2026, 9, 1))
    hold(tree.cell_a1, D(2026, 8, 6))  # one is enough in August
    september = hold(tree.cell_a1, D(2026, 9, 3))  # one of two: missed
    hold(tree.cell_a1, D(2026, 10, 1))
    hold(tree.cell_a1, D(2026, 10, 15))  # two of two
    result = compliance(user_khoi, start=D(2026, 8, 1), months=3, today=TODAY)
    months = _row(result, tree.cell_a1).months
    assert [m.status for m in months] == ["held", "missing", "held"]
    assert [(m.held, m.required) for m in months] == [(1, 1), (1, 2), (2, 2)]
    assert months[1].meeting == september  # the missed month still links to what was held
    assert _row(result, tree.cell_a1).missed_regular == 1
    assert result["regular_required"] == 2


def test_a_month_under_way_with_fewer_regular_meetings_than_required_is_not_yet_missed(user_khoi, tree, cells, hold,
                                                                                       actor):
    _regular_per_month(2, D(2026, 9, 1))
    hold(tree.cell_a1, D(2026, 11, 5))
    assert [m.status for m in _row(compliance(user_khoi, start=D(2026, 11, 1), today=TODAY), tree.cell_a1).months] == [
        "not_due"]
    planned = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                    planned_on=D(2026, 11, 30))
    month = _row(compliance(user_khoi, start=D(2026, 11, 1), today=TODAY), tree.cell_a1).months[0]
    assert (month.status, month.meeting, month.held) == ("planned", planned, 1)


def test_planning_refuses_a_regular_meeting_beyond_the_rule(actor, tree):
    from django.core.exceptions import ValidationError

    from meetings.models import Meeting

    def plan(day):
        return services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR, planned_on=day)

    plan(D(2026, 8, 6))
    with pytest.raises(ValidationError) as refused:
        plan(D(2026, 8, 20))  # one a month until the amendment
    assert "planned_on" in refused.value.message_dict
    _regular_per_month(2, D(2026, 9, 1))
    plan(D(2026, 9, 3))
    plan(D(2026, 9, 17))
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as refused:
        plan(D(2026, 9, 24))
    assert "planned_on" in refused.value.message_dict and Meeting.objects.count() == before
    # Moving August's meeting into September is refused too; into October it is not.
    august = Meeting.objects.get(organization=tree.cell_a1, period=D(2026, 8, 1))
    with pytest.raises(ValidationError):
        services.meeting_reschedule(actor=actor, meeting=august, planned_on=D(2026, 9, 28))
    services.meeting_reschedule(actor=actor, meeting=august, planned_on=D(2026, 10, 2))
