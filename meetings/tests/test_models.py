import datetime

import pytest
from django.db import IntegrityError, transaction

from meetings.models import Meeting, MeetingKind, ProcessTemplate, StepCode

pytestmark = pytest.mark.django_db


def test_the_standard_processes_follow_the_agenda_of_the_rules():
    regular = ProcessTemplate.objects.get(kind=MeetingKind.REGULAR, version=1)
    assert regular.is_published
    assert list(regular.steps.values_list("code", flat=True)) == [
        StepCode.GUESTS, StepCode.ATTENDANCE, StepCode.AGENDA, StepCode.MEETING_SECRETARY, StepCode.NEWS,
        StepCode.PREVIOUS_RESOLUTION, StepCode.DISCUSSION, StepCode.TASKS, StepCode.VOTE, StepCode.ADMISSIONS,
        StepCode.DUES, StepCode.SELF_ASSESSMENT, StepCode.MINUTES,
    ]
    thematic = ProcessTemplate.objects.get(kind=MeetingKind.THEMATIC, version=1)
    assert StepCode.TOPIC in thematic.steps.values_list("code", flat=True)
    assert ProcessTemplate.objects.filter(kind=MeetingKind.EXTRAORDINARY, version=1).exists()


def test_a_meeting_belongs_to_a_month_and_knows_its_length(cell_a1):
    template = ProcessTemplate.objects.get(kind=MeetingKind.REGULAR, version=1)
    meeting = Meeting.objects.create(organization=cell_a1, kind=MeetingKind.REGULAR, template=template,
                                     period=datetime.date(2026, 3, 1), planned_on=datetime.date(2026, 3, 5),
                                     started_at=datetime.time(14, 0), ended_at=datetime.time(15, 35))
    assert meeting.minutes == 95
    with transaction.atomic(), pytest.raises(IntegrityError):
        Meeting.objects.create(organization=cell_a1, kind=MeetingKind.REGULAR, template=template,
                               period=datetime.date(2026, 3, 2), planned_on=datetime.date(2026, 3, 5))
