"""What the meeting pages' scope cases (cases.py) cannot say: POST-only URLs answer 405 to a GET whether or not the
meeting exists, an anonymous user is sent to the login page, a cell secretary runs its own cell's meeting from
planning to closing, the manage buttons, the compliance and cell pages link exactly the user's meetings and
organisations, the minutes exist only for a held meeting, and the roll-ups and exports name nothing of another
subtree.

The meeting data is cases.build's on the root `world` (held: last month's regular meeting of every cell with members,
recorded and closeable; planned: this month's regular meeting, planned only)."""

import io
import re
import types

import pytest
from django.urls import reverse
from docx import Document

from core.testing.pages import content, detail_links, dmy, doc, text
from meetings import selectors
from meetings.models import Meeting, MeetingKind

from .cases import ALL_CELLS, LAST_MONTH, PLANNED_ON, THIS_MONTH, build, snapshot

pytestmark = pytest.mark.django_db

DENIED = (403, 404)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# user -> the cells whose meetings it sees (compliance rows); None: the compliance page is refused
VISIBLE_CELLS = {
    "user_khoi": set(ALL_CELLS),
    "user_coso": {"cell_a1", "cell_a2", "cell_a3"},
    "user_chibo": {"cell_a1"},
    "user_dangvien": None,
    "user_other": {"cell_b1", "cell_b2", "cell_b3"},
}
ACTIONS = ["cell", "plan", "detail", "attendance", "record", "close", "minutes"]


@pytest.fixture
def meetings_world(request, world, actor):
    world.actor = actor
    world.users = {name: request.getfixturevalue(f"user_{name}")
                   for name in ("admin", "khoi", "coso", "chibo", "dangvien", "other")}
    build(world)
    return types.SimpleNamespace(world=world, held=world.meetings.held, planned=world.meetings.planned)


def presences_for(meeting) -> dict:
    return {m.pk: ("exempt" if m.exempted_since else "present", "") for m in selectors.meeting_roster(meeting)}


def request_for(mw, action: str, target_key: str) -> tuple[str, dict]:
    """(url, POST data that succeeds for a user who manages `target_key`)."""
    cell = mw.world.orgs[target_key]
    planned, held = mw.planned[target_key], mw.held[target_key]
    if action == "cell":
        return reverse("meetings:cell", args=[cell.pk]), {}
    if action == "plan":
        return reverse("meetings:plan", args=[cell.pk]), {
            "kind": "thematic", "planned_on": dmy(PLANNED_ON), "topic": "Chuyên đề thử phạm vi", "place": "Hội trường"}
    if action == "detail":
        return reverse("meetings:detail", args=[planned.pk]), {}
    if action == "attendance":
        data = {}
        for pk, (presence, _reason) in presences_for(planned).items():
            data[f"presence_{pk}"], data[f"reason_{pk}"] = presence, ""
        return reverse("meetings:attendance", args=[planned.pk]), data
    if action == "record":
        return reverse("meetings:record", args=[planned.pk]), {
            "held_on": dmy(PLANNED_ON), "started_at": "14:00", "ended_at": "15:40", "resolution": "Nghị quyết thử"}
    if action == "close":
        return reverse("meetings:close", args=[held.pk]), {}
    if action == "minutes":
        return reverse("meetings:minutes", args=[held.pk]), {}
    raise AssertionError(action)


WRITES = {"plan", "attendance", "record", "close"}


# ---- the same requests, one after the other, for the Bloc's standing committee ---------------------------------

@pytest.mark.parametrize("target_key", ["cell_a1", "cell_a2", "cell_b1", "gcell"])
def test_control_khoi_succeeds_with_the_same_requests(client_for, user_khoi, meetings_world, target_key):
    client = client_for(user_khoi)
    for action in ACTIONS:
        url, data = request_for(meetings_world, action, target_key)
        if action == "close":
            assert client.get(url).status_code == 405
        else:
            response = client.get(url)
            assert response.status_code == 200, action
        before = snapshot()
        response = client.post(url, data)
        if action in WRITES:
            assert response.status_code == 302, (action, response.status_code, text(response)[:300])
            assert snapshot() != before, f"{action} wrote nothing"
        else:
            assert response.status_code == 405, action  # a page that only shows answers a POST with 405
            assert snapshot() == before
    planned, held = meetings_world.planned[target_key], meetings_world.held[target_key]
    planned.refresh_from_db()
    held.refresh_from_db()
    assert (planned.status, held.status) == (Meeting.Status.HELD, Meeting.Status.CLOSED)
    assert Meeting.objects.filter(organization=meetings_world.world.orgs[target_key], kind=MeetingKind.THEMATIC,
                                  topic="Chuyên đề thử phạm vi").count() == 1


def test_close_get_is_405_whether_or_not_the_meeting_exists(client_for, user_coso, meetings_world):
    """The POST-only URL must not reveal which meeting ids exist outside the scope."""
    client = client_for(user_coso)
    outside = client.get(reverse("meetings:close", args=[meetings_world.held["cell_b1"].pk])).status_code
    missing = client.get(reverse("meetings:close", args=[10 ** 8])).status_code
    assert outside == missing == 405


def test_anonymous_is_sent_to_the_login_page(client, meetings_world):
    for action in ACTIONS:
        url, data = request_for(meetings_world, action, "cell_a1")
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code == 302 and "login" in response["Location"], action
        assert snapshot() == before
    assert "login" in client.get(reverse("meetings:compliance"))["Location"]


# ---- the cell secretary manages its own cell, and only it ----------------------------------------------------

def test_cell_secretary_plans_takes_attendance_records_and_closes_its_own_cells_meeting(client_for, user_chibo,
                                                                                       meetings_world):
    client = client_for(user_chibo)
    cell = meetings_world.world.cell_a1
    page = client.get(reverse("meetings:cell", args=[cell.pk]))
    assert page.status_code == 200 and doc(page).xpath('//*[@id="plan-meeting"]')
    response = client.post(reverse("meetings:plan", args=[cell.pk]), {
        "kind": "thematic", "planned_on": dmy(PLANNED_ON), "topic": "Học tập Nghị quyết", "place": "Phòng họp"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(organization=cell, kind=MeetingKind.THEMATIC)
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.created_by == user_chibo and meeting.entries.exists()

    roster = selectors.meeting_roster(meeting)
    data = {}
    for member in roster:
        data[f"presence_{member.pk}"] = "exempt" if member.exempted_since else "present"
        data[f"reason_{member.pk}"] = ""
    assert client.post(reverse("meetings:attendance", args=[meeting.pk]), data).status_code == 302
    assert meeting.attendance.count() == len(roster)

    chair = next(m for m in roster if not m.exempted_since)
    response = client.post(reverse("meetings:record", args=[meeting.pk]), {
        "held_on": dmy(PLANNED_ON), "started_at": "14:00", "ended_at": "16:10", "chair": chair.pk,
        "minute_taker": chair.pk, "resolution": "Nghị quyết chuyên đề", "votes_for": 1})
    assert response.status_code == 302, text(response)[:500]
    assert client.post(reverse("meetings:close", args=[meeting.pk])).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.chair, meeting.votes_for) == (Meeting.Status.CLOSED, chair, 1)
    assert meeting.history.order_by("-history_id").first().history_user == user_chibo


def test_manage_buttons_only_where_the_user_manages(client_for, user_coso, user_khoi, meetings_world):
    planned = meetings_world.planned["cell_a1"]
    for user in (user_coso, user_khoi):
        page = doc(client_for(user).get(reverse("meetings:detail", args=[planned.pk])))
        assert page.xpath('//*[@id="take-attendance"]') and page.xpath('//*[@id="record-meeting"]')


def test_notice_is_a_post(client_for, user_chibo, meetings_world):
    planned = meetings_world.planned["cell_a1"]
    assert client_for(user_chibo).get(reverse("meetings:notify", args=[planned.pk])).status_code == 405
    assert Meeting.objects.get(pk=planned.pk).notice_sent_on is None


# ---- lists: exactly the user's cells --------------------------------------------------------------------------

def _compliance_cells(response) -> set[int]:
    tree = doc(response)
    hrefs = tree.xpath('//table[@id="compliance"]/tbody/tr/td[1]/a/@href')
    return {int(re.search(r"/meetings/cells/(\d+)/", h).group(1)) for h in hrefs}


@pytest.mark.parametrize("user_name", list(VISIBLE_CELLS))
@pytest.mark.parametrize("query", ["", f"?month={LAST_MONTH:%Y-%m}&months=3", f"?month={THIS_MONTH:%Y-%m}"])
def test_compliance_lists_exactly_the_users_cells(request, client_for, meetings_world, user_name, query):
    world = meetings_world.world
    response = client_for(request.getfixturevalue(user_name)).get(reverse("meetings:compliance") + query)
    expected = VISIBLE_CELLS[user_name]
    if expected is None:
        assert response.status_code in DENIED
        return
    assert response.status_code == 200
    assert _compliance_cells(response) == {world.orgs[k].pk for k in expected}
    # Links to meetings only of its own cells, and the held/planned ones of its cells are all there.
    own_meetings = set(Meeting.objects.filter(organization__in=[world.orgs[k] for k in expected])
                       .values_list("pk", flat=True))
    shown = {int(pk) for pk in re.findall(r'href="/meetings/(\d+)/"', text(response))}
    assert shown <= own_meetings
    if not query:  # this month by default: every planned regular meeting of its cells is linked
        assert shown == {meetings_world.planned[k].pk for k in expected if k in meetings_world.planned}
    if query.startswith(f"?month={LAST_MONTH:%Y-%m}"):  # last month: every held meeting of its cells is linked
        assert {meetings_world.held[k].pk for k in expected if k in meetings_world.held} <= shown
    names = {world.orgs[k].name for k in set(ALL_CELLS) - expected}
    body = text(response)
    assert not [n for n in names if n in body]


@pytest.mark.parametrize("user_name", ["user_khoi", "user_coso", "user_chibo", "user_other"])
def test_cell_page_lists_the_cells_meetings_and_organisation_links_stay_in_scope(request, client_for, meetings_world,
                                                                                 user_name):
    key = "cell_b1" if user_name == "user_other" else "cell_a1"
    response = client_for(request.getfixturevalue(user_name)).get(
        reverse("meetings:cell", args=[meetings_world.world.orgs[key].pk]))
    assert response.status_code == 200
    shown = {int(pk) for pk in re.findall(r'href="/meetings/(\d+)/"', text(response))}
    assert shown == {meetings_world.held[key].pk, meetings_world.planned[key].pk}
    allowed = {meetings_world.world.orgs[k].pk for k in VISIBLE_CELLS[user_name]} | {
        meetings_world.world.orgs[k].pk for k in ("gc_a", "gc_b", "bloc")}
    assert detail_links(text(response), "organizations") <= allowed


@pytest.mark.parametrize("by", ["cell", "grassroots", "cluster"])
def test_roll_ups_and_exports_hold_only_the_users_cells(client_for, user_other, meetings_world, by):
    tree = meetings_world.world
    client = client_for(user_other)
    page = doc(client.get(reverse("meetings:compliance") + f"?by={by}"))
    body_text = page.text_content()
    assert tree.cell_a1.name not in body_text and tree.gc_a.name not in body_text
    export = client.get(reverse("meetings:compliance") + f"?by={by}&export=csv")
    body = content(export).decode()
    assert tree.cell_a1.name not in body and tree.gc_a.name not in body
    if by != "cluster":
        assert tree.gc_b.name in body or tree.cell_b1.name in body


# ---- the minutes ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("user_name,own,other", [
    ("user_khoi", "gcell", None), ("user_coso", "cell_a2", "cell_b1"), ("user_chibo", "cell_a1", "cell_a2"),
    ("user_other", "cell_b2", "cell_a1"), ("user_dangvien", None, "cell_a1"),
])
def test_minutes_download_for_a_visible_held_meeting_only(request, client_for, meetings_world, user_name, own, other):
    client = client_for(request.getfixturevalue(user_name))
    if own:
        response = client.get(reverse("meetings:minutes", args=[meetings_world.held[own].pk]))
        assert response.status_code == 200 and response["Content-Type"] == DOCX
        paragraphs = [p.text for p in Document(io.BytesIO(content(response))).paragraphs]
        assert "BIÊN BẢN" in paragraphs
        # A planned (not yet held) meeting has no minutes, even in scope.
        assert client.get(reverse("meetings:minutes", args=[meetings_world.planned[own].pk])).status_code == 404
    if other:
        assert client.get(reverse("meetings:minutes", args=[meetings_world.held[other].pk])).status_code == 404


def test_a_member_can_plan_nothing_not_even_in_its_own_cell(client_for, user_dangvien, meetings_world):
    """The member's own cell is not a place of the scope cases (they aim at `own` only for member records)."""
    client = client_for(user_dangvien)
    before = snapshot()
    for action in ACTIONS:
        url, data = request_for(meetings_world, action, "cell_a1")
        # a page that only shows (the cell's list, a meeting, the minutes) takes no POST from anyone: 405
        assert client.post(url, data).status_code in (*DENIED, 405), action
    assert snapshot() == before


def test_only_the_cells_people_give_notice_and_the_meeting_keeps_its_history(client_for, user_other, user_chibo,
                                                                             meetings_world):
    planned = meetings_world.planned["cell_a1"]
    assert client_for(user_other).post(reverse("meetings:notify", args=[planned.pk])).status_code in DENIED
    assert planned.history.count() == 1  # only its planning
    assert client_for(user_chibo).post(reverse("meetings:notify", args=[planned.pk])).status_code == 302
    planned.refresh_from_db()
    assert planned.notice_sent_on == PLANNED_ON and planned.history.count() == 2
