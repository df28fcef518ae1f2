"""A member sees their upcoming meetings, the documents already sent, and their own attendance."""

import datetime

import pytest

from meetings import services
from meetings.models import MeetingKind

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_a_member_sees_upcoming_meetings_documents_and_own_attendance(client, actor, tree, member_dangvien,
                                                                      user_dangvien, make_member):
    colleague = make_member(tree.cell_a1)
    past = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                 planned_on=datetime.date(2026, 10, 8))
    services.meeting_take_attendance(actor=actor, meeting=past, presences={
        member_dangvien.pk: ("excused", "Đi công tác tỉnh"), colleague.pk: ("present", "")})
    upcoming = services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.THEMATIC,
                                     planned_on=TODAY + datetime.timedelta(days=5), topic="Chuyên đề năm 2026",
                                     place="Hội trường tầng 3")
    services.meeting_add_document(actor=actor, meeting=upcoming, title="Đề cương chuyên đề", available_on=TODAY)
    services.meeting_plan(actor=actor, organization=tree.cell_b1, kind=MeetingKind.THEMATIC,
                          planned_on=TODAY + datetime.timedelta(days=6), topic="Chi bộ khác")
    client.force_login(user_dangvien)
    body = client.get(f"/members/{member_dangvien.pk}/").content.decode()
    assert f'data-upcoming="{upcoming.pk}"' in body and "Đề cương chuyên đề" in body and "Hội trường tầng 3" in body
    assert "Chi bộ khác" not in body
    assert 'data-presence="excused"' in body and "Đi công tác tỉnh" in body
