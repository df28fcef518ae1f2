"""The meeting pages added with compliance roll-ups, notices, the process and working groups, against users of
another subtree: nothing seen, nothing changed."""

import datetime

import pytest
from django.urls import reverse

from core.testing.pages import doc
from meetings import services
from meetings.models import Meeting, MeetingKind

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def planned(actor, tree, make_member):
    make_member(tree.cell_a1)
    return services.meeting_plan(actor=actor, organization=tree.cell_a1, kind=MeetingKind.REGULAR,
                                 planned_on=TODAY + datetime.timedelta(days=3))


@pytest.mark.parametrize("user_name, allowed", [("user_chibo", True), ("user_coso", True), ("user_khoi", True),
                                                ("user_other", False), ("user_dangvien", False)])
def test_only_the_cells_people_give_notice(request, client_for, planned, user_name, allowed):
    client = client_for(request.getfixturevalue(user_name))
    response = client.post(reverse("meetings:notify", args=[planned.pk]))
    planned.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and planned.notice_sent_on == TODAY
    else:
        assert response.status_code in (403, 404) and planned.notice_sent_on is None
        assert planned.history.count() == 1  # only its planning


def test_notice_is_a_post(client_for, user_chibo, planned):
    assert client_for(user_chibo).get(reverse("meetings:notify", args=[planned.pk])).status_code == 405
    assert Meeting.objects.get(pk=planned.pk).notice_sent_on is None


@pytest.mark.parametrize("by", ["cell", "grassroots", "cluster"])
def test_roll_ups_and_exports_hold_only_the_users_cells(client_for, user_other, tree, by):
    client = client_for(user_other)
    page = doc(client.get(reverse("meetings:compliance") + f"?by={by}"))
    text = page.text_content()
    assert tree.cell_a1.name not in text and tree.gc_a.name not in text
    export = client.get(reverse("meetings:compliance") + f"?by={by}&export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert tree.cell_a1.name not in body and tree.gc_a.name not in body
    if by != "cluster":
        assert tree.gc_b.name in body or tree.cell_b1.name in body
