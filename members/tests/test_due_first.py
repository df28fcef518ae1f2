"""The home page's head of the members' to-do (members_due's `first`): the members counted per day their probation
started and only the first days' members read must give the same counts and the same first items, in the same
order, as the whole list judged member by member."""

import datetime

import pytest

from members.choices import Status
from members.models import Member
from members.selectors import members_due
from members.services import member_transfer

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def probationers(make_member, cell_a1, cell_a2, actor):
    """Members whose probation ends every few days around the end of 2026, several on one day, some inducted after
    their admission, some on a weekend; and two members' transfer papers owed."""
    made = []
    for n, day in enumerate([D(2025, 10, 6), D(2025, 10, 6), D(2025, 10, 6), D(2025, 10, 20), D(2025, 11, 1),
                             D(2025, 11, 3), D(2025, 11, 3), D(2025, 11, 28), D(2025, 12, 6), D(2025, 12, 15),
                             D(2025, 12, 15), D(2025, 12, 29), D(2026, 1, 5), D(2026, 1, 10)]):
        member = make_member(cell_a1 if n % 2 else cell_a2, status=Status.PROBATIONARY, admitted_on=day)
        if n % 4 == 3:  # probation runs from the induction when it is recorded
            Member.objects.filter(pk=member.pk).update(inducted_on=day + datetime.timedelta(days=9))
        made.append(member)
    # probation ending on a Saturday (three members) and on the Sunday after (two): one deadline, the Saturday's
    # names first in the alphabet, so that a head cut after the Sunday's two would miss them
    for day, names in ((D(2025, 10, 3), ["Lê Văn An", "Lê Thị Bình", "Lê Văn Cường"]),
                       (D(2025, 10, 4), ["Trần Văn Dũng", "Trần Thị Hoa"])):
        made += [make_member(cell_a1, status=Status.PROBATIONARY, admitted_on=day, full_name=name) for name in names]
    # transfer papers owed among them (a period, not a member, read apart)
    for day in (D(2026, 10, 1), D(2026, 11, 16)):
        member_transfer(actor=actor, member=make_member(cell_a1), kind="permanent", to_external="Đảng bộ Sở Y tế",
                        effective_on=day, reason="Chuyển công tác")
    return made


def _shown(due, first):
    return [(item.kind, item.member.pk, item.deadline.on, item.overdue) for item in due.select(first)]


@pytest.mark.parametrize("first", [1, 2, 6])
def test_the_head_counts_and_shows_what_the_whole_list_does(user_coso, probationers, first):
    checked = 0
    for today in [D(2026, 9, 20) + datetime.timedelta(days=d) for d in range(0, 150, 4)]:
        whole, head = members_due(user_coso, today=today), members_due(user_coso, today=today, first=first)
        assert (head.total, head.overdue, head.due) == (whole.total, whole.overdue, whole.due), today
        assert _shown(head, first) == _shown(whole, first), today
        checked += bool(whole.total > first and whole.overdue and whole.due)
    assert checked  # days with more items than shown, some overdue and some not
