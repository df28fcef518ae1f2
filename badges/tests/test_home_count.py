"""The home page's reminder counts what the badge list shows: due_count reads the members as dates only, so it is
held here to due_rows (the members due and not yet awarded) over several presentation dates, for a member due on
time, one awarded, one whose interruption pushes the date, one seriously ill (due early), one who died (posthumous),
one due a day later, one due 40 years who holds the 30 and one due 30 years whose record holds a 40 (not due)."""

import datetime

import pytest
from django.utils import timezone

from badges import selectors, services
from badges.models import BadgeAward
from badges.reckoning import Calendar
from badges.tests.cases import next_date
from core.dates import add_months
from members.services import member_record_death
from rules.selectors import RuleBook

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def members(actor, make_member, cell_a1, cell_a2):
    day = next_date()
    kwargs = {"joined_on": D(2016, 1, 1), "date_of_birth": D(1960, 1, 1)}
    on_time, awarded, gapped, ill, dead, later = (
        make_member(cell_a1, admitted_on=add_months(day, -12 * 30), **kwargs),
        make_member(cell_a2, admitted_on=add_months(day, -12 * 30), **kwargs),
        make_member(cell_a1, admitted_on=add_months(day, -12 * 31), **kwargs),
        make_member(cell_a2, admitted_on=add_months(day, -12 * 29 - 6), **kwargs),
        make_member(cell_a1, admitted_on=add_months(day, -12 * 40 + 3), **kwargs),
        make_member(cell_a1, admitted_on=add_months(day, -12 * 30) + datetime.timedelta(days=1), **kwargs))
    services.badges_award(actor=actor, members=[awarded], presentation_date=day, decision_number="1-QĐ/ĐU",
                          decided_on=timezone.localdate())
    services.interruption_record(actor=actor, member=gapped, starts_on=add_months(day, -12 * 20),
                                 ends_on=add_months(day, -12 * 19), reason="Xóa tên, kết nạp lại")
    services.illness_record(actor=actor, member=ill, certified_on=timezone.localdate(), reason="Ung thư",
                            evidence="Giấy xác nhận của bệnh viện")
    member_record_death(actor=actor, member=dead, died_on=timezone.localdate(), reason="Từ trần")
    holds_lower = make_member(cell_a2, admitted_on=add_months(day, -12 * 40), **kwargs)
    holds_higher = make_member(cell_a2, admitted_on=add_months(day, -12 * 30), **kwargs)
    for member, milestone, years_ago in ((holds_lower, 30, 10), (holds_higher, 40, 1)):
        given = add_months(day, -12 * years_ago)
        BadgeAward.objects.create(member=member, milestone=milestone, presentation_date=given, decision_number="9",
                                  decided_on=given, awarded_on=given)
    return on_time, awarded, gapped, ill, dead, later, holds_lower, holds_higher


def test_the_reminder_counts_the_members_the_list_shows_not_awarded(user_coso, members):
    calendar = Calendar(RuleBook())
    day, counted = next_date(), []
    for _ in range(4):
        due = [row.member.pk for row in selectors.due_rows(user_coso, day) if row.due.award is None]
        assert selectors.due_count(user_coso, day) == len(due)
        counted.append(len(due))
        day = calendar.after(day)
    assert counted[0] >= 4 and counted[1] >= 1  # some dates have members due, so the comparison can fail


def test_the_windows_are_compiled_once_and_counted_in_one_query(user_coso, members):
    """due_count's milestone windows: one compiled with sentinels, its SQL repeated with each window's values (the
    ORM's dozen alike cost a country's home page 20-30 ms), equal to the windows compiled one by one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.scope import BADGES
    from members.choices import Status
    from members.selectors import member_qs

    day = next_date()
    windows = [(milestone, selectors.last_admitted(Calendar(RuleBook()).before(day), milestone),
                selectors.last_admitted(day, milestone)) for milestone in (30, 40, 45)]
    in_scope = member_qs(user_coso, BADGES).order_by()
    with CaptureQueriesContext(connection) as queries:
        together = selectors._windows_count(in_scope, [], windows)
    parts = [selectors._window(in_scope, [], *window) for window in windows]
    assert together == parts[0].union(*parts[1:], all=True).count() >= 2
    assert len(queries) == 1 and queries[0]["sql"].count("UNION ALL") == len(windows) - 1
    assert " w2" in queries[0]["sql"]  # the repeated template, not the ORM's union
    assert in_scope.filter(status=Status.FULL).exists()


def test_the_last_admission_day_of_a_milestone_is_exact_around_29_february():
    for day in [D(2027, 2, 26) + datetime.timedelta(days=n) for n in range(6)] + [D(2028, 2, 29), D(2028, 3, 1)]:
        for milestone in (30, 40, 45):
            last = selectors.last_admitted(day, milestone)
            assert add_months(last, 12 * milestone) <= day < add_months(last + datetime.timedelta(days=1),
                                                                         12 * milestone), (day, milestone)
