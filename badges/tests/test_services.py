"""The badges' services: bad input is refused with a message on the field concerned and nothing written; the awards
of a date are reckoned, never typed, and a member holds each milestone once."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from badges import services
from badges.models import BadgeAward, Early
from badges.tests.cases import snapshot
from core.dates import add_months
from core.testing.pages import assert_refused

pytestmark = pytest.mark.django_db
D = datetime.date
P = D(2027, 2, 3)


@pytest.fixture
def veteran(make_member, cell_a1):
    """Thirty years of Party age on 03/02/2027."""
    return make_member(cell_a1, admitted_on=D(1997, 2, 3), joined_on=D(2016, 1, 1),
                       date_of_birth=D(1970, 1, 1))


def test_an_interruption_is_recorded_with_who_and_why(actor, veteran):
    record = services.interruption_record(actor=actor, member=veteran, starts_on=D(2000, 3, 1),
                                          ends_on=D(2001, 3, 1), reason="Xóa tên, kết nạp lại", decision_number="3")
    assert record.days == 365
    assert record.history.first().history_change_reason == "Xóa tên, kết nạp lại"


@pytest.mark.parametrize("changes, field", [
    ({"ends_on": D(2000, 3, 1)}, "ends_on"),  # counted again the day it stopped counting
    ({"starts_on": D(1996, 1, 1)}, "starts_on"),  # before the admission
    ({"ends_on": D(2099, 1, 1)}, "ends_on"),  # in the future
    ({"reason": "  "}, "reason"),
    ({"starts_on": None}, "starts_on"),
])
def test_a_bad_interruption_is_refused_on_its_field(actor, veteran, changes, field):
    data = {"starts_on": D(2000, 3, 1), "ends_on": D(2001, 3, 1), "reason": "Xóa tên", **changes}
    assert_refused(lambda: services.interruption_record(actor=actor, member=veteran, **data), snapshot=snapshot,
                   field=field)


def test_overlapping_interruptions_are_refused(actor, veteran):
    services.interruption_record(actor=actor, member=veteran, starts_on=D(2000, 3, 1), ends_on=D(2001, 3, 1),
                                 reason="Xóa tên")
    messages = assert_refused(lambda: services.interruption_record(
        actor=actor, member=veteran, starts_on=D(2001, 2, 1), ends_on=D(2002, 1, 1), reason="Lần hai"),
        snapshot=snapshot, field="starts_on")
    assert "01/03/2000" in messages[0]


def test_a_serious_illness_needs_its_evidence_and_a_living_member(actor, veteran, make_member, cell_a1):
    assert_refused(lambda: services.illness_record(actor=actor, member=veteran, certified_on=D(2026, 11, 1),
                                                   reason="Ung thư", evidence=""), snapshot=snapshot, field="evidence")
    from members.services import member_record_death

    gone = make_member(cell_a1)
    member_record_death(actor=actor, member=gone, died_on=D(2026, 1, 1))
    assert_refused(lambda: services.illness_record(actor=actor, member=gone, certified_on=D(2025, 11, 1),
                                                   reason="Ung thư", evidence="Giấy"), snapshot=snapshot,
                   field="certified_on")


def test_the_awards_of_a_date_are_reckoned_and_kept_once(actor, veteran, make_member, cell_a1):
    ill = make_member(cell_a1, admitted_on=D(1998, 2, 3), joined_on=D(2016, 1, 1), date_of_birth=D(1970, 1, 1))
    services.illness_record(actor=actor, member=ill, certified_on=D(2026, 11, 1), reason="Ung thư",
                            evidence="Giấy xác nhận của bệnh viện")
    awards = services.badges_award(actor=actor, members=[veteran, ill], presentation_date=P,
                                   decision_number="125-QĐ/TU", decided_on=D(2026, 12, 1))
    assert [(a.milestone, a.early, a.awarded_on) for a in awards] == [(30, Early.NONE, P), (30, Early.ILLNESS, P)]
    messages = assert_refused(lambda: services.badges_award(
        actor=actor, members=[veteran], presentation_date=P, decision_number="126", decided_on=D(2026, 12, 1)),
        snapshot=snapshot, field="members")
    assert veteran.full_name in messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        BadgeAward.objects.create(member=veteran, milestone=30, presentation_date=P, decision_number="x",
                                  decided_on=P, awarded_on=P)


@pytest.mark.parametrize("changes, field", [
    ({"members": []}, "members"),
    ({"decision_number": ""}, "decision_number"),
    ({"decided_on": D(2099, 1, 1)}, "decided_on"),
    ({"presentation_date": D(2027, 2, 4)}, "presentation_date"),
    ({"awarded_on": D(2026, 11, 1)}, "awarded_on"),  # before the decision
])
def test_bad_awards_are_refused_on_their_field(actor, veteran, changes, field):
    data = {"members": [veteran], "presentation_date": P, "decision_number": "125-QĐ/TU",
            "decided_on": D(2026, 12, 1), **changes}
    assert_refused(lambda: services.badges_award(actor=actor, **data), snapshot=snapshot, field=field)


def test_a_member_not_due_on_the_date_refuses_the_whole_decision(actor, veteran, make_member, cell_a1):
    early = make_member(cell_a1, admitted_on=add_months(P, -12 * 30) + datetime.timedelta(days=1),
                        joined_on=D(2016, 1, 1), date_of_birth=D(1970, 1, 1))
    assert_refused(lambda: services.badges_award(actor=actor, members=[veteran, early], presentation_date=P,
                                                 decision_number="1", decided_on=D(2026, 12, 1)),
                   snapshot=snapshot, field="members")
