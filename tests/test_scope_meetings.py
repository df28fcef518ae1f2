"""Scope matrix of the cell-meeting pages through the real views.

Same contract as tests/test_scope_matrix.py: every meeting URL of a cell OUTSIDE the user's subtree answers 403/404
to GET and POST, and a POST with data that WOULD succeed for `user_khoi` (checked by the controls, which run the very
same requests) writes nothing to the meeting tables or their history. MEETINGS is held by admin, bloc_standing,
committee_staff and cell_secretary over their subtree; a plain member has no VIEW at all, so not even its own cell's
meetings. The compliance page lists exactly the user's cells.

The meeting data (`meetings_world`, on top of the `world` fixture) is written through the real services; every cell
with members has

    held     the regular meeting of last month, attendance taken, recorded with a resolution and a vote (closeable)
    planned  the regular meeting of this month, planned only (attendance and record can be taken)
"""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from docx import Document

from core.dates import add_months
from core.testing.pages import TODAY, content, detail_links, dmy, doc, text
from meetings import services
from meetings.models import AgendaEntry, Attendance, Meeting, MeetingKind

pytestmark = pytest.mark.django_db

DENIED = (403, 404)
T = datetime.time
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = add_months(THIS_MONTH, -1)
HELD_ON = LAST_MONTH + datetime.timedelta(days=7)
PLANNED_ON = TODAY  # a day of this month that is not in the future: the planned meeting can be recorded
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CELLS_WITH_MEMBERS = ["cell_a1", "cell_a2", "cell_b1", "cell_b2", "gcell"]
ALL_CELLS = {"cell_a1", "cell_a2", "cell_a3", "cell_b1", "cell_b2", "cell_b3", "gcell"}

# user -> the cells whose meetings it sees (compliance rows); None: the compliance page is refused
VISIBLE_CELLS = {
    "user_khoi": ALL_CELLS,
    "user_coso": {"cell_a1", "cell_a2", "cell_a3"},
    "user_chibo": {"cell_a1"},
    "user_dangvien": None,
    "user_other": {"cell_b1", "cell_b2", "cell_b3"},
}
# user -> cells outside its subtree (or, for a plain member, even its own cell) to aim every meeting URL at
TARGETS = {
    "user_coso": ["cell_b1", "gcell"],
    "user_chibo": ["cell_a2", "cell_b1"],
    "user_dangvien": ["cell_a1", "cell_a2"],
    "user_other": ["cell_a1", "gcell"],
}
ACTIONS = ["cell", "plan", "detail", "attendance", "record", "close", "minutes"]


# ---- the meeting data, through the real services --------------------------------------------------------

def meeting_snapshot() -> dict:
    """The meeting tables and their history: equal before and after means nothing was written."""
    return {
        "meetings": list(Meeting.objects.order_by("pk").values_list(
            "pk", "organization_id", "kind", "status", "topic", "held_on", "started_at", "ended_at", "chair_id",
            "minute_taker_id", "resolution", "votes_for", "votes_against", "votes_abstain")),
        "meeting_history": Meeting.history.count(),
        "entries": list(AgendaEntry.objects.order_by("pk").values_list("pk", "meeting_id", "order", "content")),
        "entry_history": AgendaEntry.history.count(),
        "attendance": list(Attendance.objects.order_by("pk").values_list("pk", "meeting_id", "member_id", "presence",
                                                                         "reason")),
        "attendance_history": Attendance.history.count(),
    }


def presences_for(meeting) -> dict:
    return {m.pk: ("exempt" if m.exempted_since else "present", "") for m in services.meeting_roster(meeting)}


@pytest.fixture
def meetings_world(world, actor):
    held, planned = {}, {}
    for key in CELLS_WITH_MEMBERS:
        cell = world.orgs[key]
        meeting = services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.REGULAR, planned_on=HELD_ON,
                                        place="Phòng họp")
        services.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences_for(meeting))
        held[key] = services.meeting_record(actor=actor, meeting=meeting, held_on=HELD_ON, started_at=T(14, 0),
                                            ended_at=T(15, 45), resolution="Nghị quyết tháng", votes_for=1)
        planned[key] = services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.REGULAR,
                                             planned_on=PLANNED_ON)
    return SimpleNamespace(world=world, held=held, planned=planned)


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


# ---- every URL of a cell outside the subtree: refused, nothing written ------------------------------------

@pytest.mark.parametrize("user_name,target_key", [(u, t) for u, targets in TARGETS.items() for t in targets])
def test_meeting_urls_outside_scope_are_refused(request, client_for, meetings_world, db_snapshot, user_name,
                                                target_key):
    client = client_for(request.getfixturevalue(user_name))
    failures = []
    for action in ACTIONS:
        url, data = request_for(meetings_world, action, target_key)
        before = (meeting_snapshot(), db_snapshot())
        got = client.get(url).status_code
        # The close URL takes POST only: its GET answers 405 to everybody (checked in the control), so it tells
        # nothing about the meeting; every other GET must be refused.
        if got not in (DENIED + (405,) if action == "close" else DENIED):
            failures.append(f"GET {action}: {got}")
        posted = client.post(url, data).status_code
        if posted not in DENIED:
            failures.append(f"POST {action}: {posted}")
        if (meeting_snapshot(), db_snapshot()) != before:
            failures.append(f"{action} wrote to the database")
    assert not failures, failures


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
        before = meeting_snapshot()
        response = client.post(url, data)
        if action in WRITES:
            assert response.status_code == 302, (action, response.status_code, text(response)[:300])
            assert meeting_snapshot() != before, f"{action} wrote nothing"
        else:
            assert response.status_code == 200, action
            assert meeting_snapshot() == before
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
        before = meeting_snapshot()
        response = client.post(url, data)
        assert response.status_code == 302 and "login" in response["Location"], action
        assert meeting_snapshot() == before
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

    roster = services.meeting_roster(meeting)
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


def test_cell_secretary_cannot_touch_a_sibling_cell(client_for, user_chibo, meetings_world):
    client = client_for(user_chibo)
    sibling = meetings_world.world.cell_a2
    before = meeting_snapshot()
    assert client.get(reverse("meetings:cell", args=[sibling.pk])).status_code in DENIED
    assert client.post(reverse("meetings:plan", args=[sibling.pk]), {
        "kind": "regular", "planned_on": dmy(add_months(THIS_MONTH, 1))}).status_code in DENIED
    assert client.post(reverse("meetings:close", args=[meetings_world.held["cell_a2"].pk])).status_code in DENIED
    assert meeting_snapshot() == before


def test_a_member_can_plan_or_record_nothing_not_even_in_its_own_cell(client_for, user_dangvien, meetings_world):
    client = client_for(user_dangvien)
    own = meetings_world.world.cell_a1
    before = meeting_snapshot()
    assert client.get(reverse("meetings:compliance")).status_code in DENIED
    for action in ACTIONS:
        url, data = request_for(meetings_world, action, "cell_a1")
        assert client.post(url, data).status_code in DENIED, action
    assert client.post(reverse("meetings:plan", args=[own.pk]), {
        "kind": "regular", "planned_on": dmy(add_months(THIS_MONTH, 1))}).status_code in DENIED
    assert meeting_snapshot() == before


def test_manage_buttons_only_where_the_user_manages(client_for, user_coso, user_khoi, meetings_world):
    planned = meetings_world.planned["cell_a1"]
    for user in (user_coso, user_khoi):
        page = doc(client_for(user).get(reverse("meetings:detail", args=[planned.pk])))
        assert page.xpath('//*[@id="take-attendance"]') and page.xpath('//*[@id="record-meeting"]')


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
    if not query:  # last month by default: every held meeting of its cells is linked
        assert shown == {meetings_world.held[k].pk for k in expected if k in meetings_world.held}
    names = {world.orgs[k].name for k in ALL_CELLS - expected}
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
