"""The demo cell meetings: the article's 74 visits, pilots in every cluster, monthly compliance with a few
months missed, attendance drawn from each cell's own members, this month's meetings planned."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from core.dates import add_months
from core.testing import deferred_checks_done
from demo.generator import SCALES, generate
from meetings.models import Attendance, Guest, Meeting, Visit, WorkingGroup
from meetings.selectors import compliance, meeting_todo, visit_count
from meetings.services import cluster_of
from members.models import Member
from organizations.models import Organization

TODAY = datetime.date.today()
MONTH = TODAY.replace(day=1)


def _user(name):
    return get_user_model().objects.get(username=name)


@pytest.mark.django_db
class TestBlocMeetings:
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def bloc_demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cls.result = generate(**SCALES["bloc"])
            deferred_checks_done()
            yield cls.result
            transaction.set_rollback(True)

    def test_74_visits_since_2017(self):
        assert visit_count(_user("khoi")) == 74
        assert self.result["visits"] == 74
        recorded = Visit.objects.filter(visited_on__isnull=False).select_related("meeting")
        assert recorded.count() == 74
        for visit in recorded:
            assert visit.meeting.held_on == visit.visited_on and visit.meeting.organization_id == visit.organization_id
            assert visit.attendees.filter(pk=visit.group.leader_id).exists()
            assert Guest.objects.filter(meeting=visit.meeting, member_id=visit.group.leader_id).exists()
        assert {v.visited_on.year for v in recorded} >= {2017, 2018, TODAY.year - 1}
        planned = Visit.objects.filter(visited_on__isnull=True)
        assert 2 <= planned.count() <= 3 and all(v.planned_on >= MONTH for v in planned)

    def test_three_working_groups_led_by_bloc_deputies(self):
        groups = list(WorkingGroup.objects.all())
        assert len(groups) == 3
        leaders = {g.leader_id for g in groups}
        assert len(leaders) == 3
        for group in groups:
            assert group.organization.code == "DUK" and group.established_on.year == 2017
            assert 3 <= group.members.count() <= 4

    def test_pilots_in_every_cluster_with_observers_from_it(self):
        pilots = Meeting.objects.filter(is_pilot=True).select_related("organization")
        by_cluster = {}
        for meeting in pilots:
            cluster = cluster_of(meeting.organization)
            by_cluster.setdefault(cluster.pk, []).append(meeting)
            observers = Guest.objects.filter(meeting=meeting, observer_from__isnull=False).select_related(
                "observer_from")
            assert 2 <= observers.count() <= 4
            for guest in observers:
                assert cluster_of(guest.observer_from) == cluster
            assert meeting.kind == "thematic" and meeting.topic
        assert len(by_cluster) == 5 and all(2 <= len(v) <= 4 for v in by_cluster.values())

    def test_compliance_most_cells_held_some_missed(self):
        month = add_months(MONTH, -3)
        report = compliance(_user("khoi"), start=month)
        states = [row.months[0].status for row in report["cells"]]
        held = states.count("held")
        assert held / len(states) > 0.85
        assert states.count("missing") >= 1

    def test_attendance_from_the_cell_and_exempt_marked(self):
        meeting_ids = list(Meeting.objects.filter(held_on__isnull=False).order_by("id").values_list("id", flat=True))
        sample = meeting_ids[::25]
        rows = Attendance.objects.filter(meeting_id__in=sample).values_list(
            "meeting__organization_id", "member__organization_id", "member__temporary_organization_id", "presence",
            "member__exempted_since", "meeting__held_on")
        assert rows
        for cell, home, temporary, presence, exempt, held_on in rows:
            assert cell in (home, temporary)
            assert (presence == "exempt") == bool(exempt and exempt <= held_on)
        present = Attendance.objects.filter(meeting_id__in=sample, presence="present").count()
        expected = Attendance.objects.filter(meeting_id__in=sample).exclude(presence="exempt").count()
        assert 0.85 < present / expected < 1.0

    def test_held_meetings_are_complete(self):
        meeting = Meeting.objects.filter(status="closed", held_on__gte=datetime.date(2025, 11, 1)).first()
        assert meeting.entries.count() == meeting.template.steps.count()
        assert 90 <= meeting.minutes <= 150 and meeting.resolution and meeting.chair_id
        assert meeting.attendance.filter(member_id=meeting.chair_id, presence="present").exists()
        full_present = meeting.attendance.filter(presence="present", member_status="full").count()
        assert meeting.votes_for + meeting.votes_abstain == full_present

    def test_this_month_is_planned_or_held_and_chibo_has_a_todo(self):
        this_month = Meeting.objects.filter(period=MONTH, kind="regular").exclude(status="cancelled")
        planned = this_month.filter(status="planned")
        active = Organization.objects.filter(kind__holds_members=True, status="active").count()
        assert this_month.values("organization").distinct().count() > 0.8 * active
        # A day that has passed was mostly held; a day still ahead is planned, never already held.
        passed = this_month.filter(planned_on__lt=TODAY)
        assert passed.filter(status="planned").count() <= 0.1 * max(passed.count(), 1)
        assert not this_month.filter(planned_on__gte=TODAY).exclude(status="planned").exists()
        chibo = _user("chibo")
        cell = chibo.role_assignments.first().organization if hasattr(chibo, "role_assignments") else None
        todo = meeting_todo(chibo)
        assert any(item.code == "minutes_missing" for item in todo["items"])
        if cell is not None:
            assert planned.filter(organization=cell).exists()

    def test_dashboard_shows_74_visits(self, client):
        client.force_login(_user("khoi"))
        response = client.get(reverse("dashboard:home"))
        assert b'data-figure="visits">74<' in response.content

    def test_members_in_attendance_are_active(self):
        assert not Attendance.objects.exclude(member__status__in=("full", "probationary")).exists()
        assert Member.objects.filter(status="full").exists()
