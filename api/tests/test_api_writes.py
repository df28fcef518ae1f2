"""Recording a meeting and receiving a letter through the API: the pages' forms and services, their refusals in the
request's language (Vietnamese by default), the meeting's version (If-Match: 428 without, 412 stale), a read-only
token refused, the letter's sender masked in the answer as on the pages and its opening logged."""

import datetime
import json

import pytest
from django import forms
from django.utils import timezone, translation

from api import services

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def token_of(user, access="read_write"):
    return services.api_token_create(actor=user, name="Ứng dụng", access=access,
                                     expires_on=timezone.localdate() + datetime.timedelta(days=30))[1]


@pytest.fixture
def caller(client):
    def make(user, access="read_write"):
        token = token_of(user, access)

        def _call(method, url, body=None, **headers):
            headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}
            if body is None:
                return client.generic(method.upper(), url, **headers)
            return client.generic(method.upper(), url, json.dumps(body), content_type="application/json", **headers)
        return _call
    return make


@pytest.fixture
def api(caller, user_khoi):
    return caller(user_khoi)


def errors_of(response) -> dict:
    return {e["field"]: e["messages"] for e in json.loads(response.content)["errors"]}


# ---- recording a meeting ------------------------------------------------------------------------------------------

@pytest.fixture
def attended(world, actor):
    """A regular meeting of cell_a1 planned three days ago, its attendance taken: ready to be recorded."""
    from meetings import services as ms
    from meetings.models import Meeting
    from meetings.tests.cases import presences_for

    meeting = ms.meeting_plan(actor=actor, organization=world.cell_a1, kind="regular",
                              planned_on=TODAY - datetime.timedelta(days=3), place="Phòng họp")
    ms.meeting_take_attendance(actor=actor, meeting=meeting, presences=presences_for(meeting))
    return Meeting.objects.get(pk=meeting.pk)


def record_body(meeting, **change):
    return {"held_on": meeting.planned_on.isoformat(), "started_at": "14:00", "ended_at": "15:40",
            "resolution": "Nghị quyết tháng", "reason": "Ghi biên bản", **change}


def test_a_meeting_is_recorded_through_the_form_and_the_service(api, attended, world):
    from meetings.models import Meeting
    from meetings.selectors import meeting_present

    present = list(meeting_present(attended))
    entry = attended.entries.order_by("order").first()
    read = api("get", f"/api/v1/meetings/{attended.pk}")
    etag = read["ETag"]
    body = record_body(attended, chair=present[0].pk, minute_taker=present[-1].pk, votes_for=1,
                       self_assessment="Tốt")
    if entry is not None:
        body["entries"] = [{"order": entry.order, "content": "Thảo luận kỹ"}]
    written = api("put", f"/api/v1/meetings/{attended.pk}/record", body, HTTP_IF_MATCH=etag)
    assert written.status_code == 200, written.content
    meeting = Meeting.objects.get(pk=attended.pk)
    assert (meeting.status, meeting.held_on, meeting.chair_id, meeting.minute_taker_id, meeting.resolution,
            meeting.votes_for) == ("held", attended.planned_on, present[0].pk, present[-1].pk, "Nghị quyết tháng", 1)
    answer = json.loads(written.content)
    assert answer["status"] == "held" and answer["chair"]["id"] == present[0].pk
    assert answer["started_at"] == "14:00:00" and answer["resolution"] == "Nghị quyết tháng"
    assert written["ETag"] == f'"{meeting.revision}"' != etag
    assert meeting.history.first().history_change_reason == "Ghi biên bản"
    if entry is not None:
        entry.refresh_from_db()
        assert entry.content == "Thảo luận kỹ"
        assert {e["order"]: e["content"] for e in answer["entries"]}[entry.order] == "Thảo luận kỹ"
    # the version read before that write is stale now: 412, nothing written
    stale = api("put", f"/api/v1/meetings/{attended.pk}/record", record_body(attended, resolution="Khác"),
                HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale["ETag"] == written["ETag"]
    assert Meeting.objects.get(pk=attended.pk).resolution == "Nghị quyết tháng"


def test_recording_needs_the_meetings_version(api, attended):
    from meetings.models import Meeting

    url = f"/api/v1/meetings/{attended.pk}/record"
    assert api("put", url, record_body(attended)).status_code == 428
    assert api("put", url, record_body(attended), HTTP_IF_MATCH="not-a-version").status_code == 412
    assert api("put", url, record_body(attended), HTTP_IF_MATCH=f'"{attended.revision + 5}"').status_code == 412
    assert Meeting.objects.get(pk=attended.pk).status == "planned"


def test_a_refused_record_says_why_on_its_fields_in_vietnamese_unless_english_is_asked(api, attended, world):
    from meetings.models import Meeting

    url = f"/api/v1/meetings/{attended.pk}/record"
    version = f'"{attended.revision}"'
    # the form's own refusal (Django's message, as the page shows it)
    body = record_body(attended, started_at="25:99")
    vi = api("put", url, body, HTTP_IF_MATCH=version)
    en = api("put", url, body, HTTP_IF_MATCH=version, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert vi.status_code == en.status_code == 422
    assert (vi["Content-Language"], en["Content-Language"]) == ("vi", "en")
    for response, language in ((vi, "vi"), (en, "en")):
        with translation.override(language):
            assert errors_of(response)["started_at"] == [str(forms.TimeField.default_error_messages["invalid"])]
    assert vi.content != en.content
    # the service's refusals: an end before the start, a chair not marked present
    vi = api("put", url, record_body(attended, started_at="15:00", ended_at="14:00"), HTTP_IF_MATCH=version)
    en = api("put", url, record_body(attended, started_at="15:00", ended_at="14:00"), HTTP_IF_MATCH=version,
             HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 422
    assert list(errors_of(vi)) == list(errors_of(en)) == ["ended_at"] and errors_of(vi) != errors_of(en)
    absent = world.members["b1_full"]  # not of this cell: no choice of the form
    refused = api("put", url, record_body(attended, chair=absent.pk), HTTP_IF_MATCH=version)
    assert refused.status_code == 422 and list(errors_of(refused)) == ["chair"]
    refused = api("put", url, record_body(attended, entries=[{"order": 999, "content": "?"}]), HTTP_IF_MATCH=version)
    assert refused.status_code == 422 and list(errors_of(refused)) == ["entries"]
    assert api("put", url, record_body(attended, reason=""), HTTP_IF_MATCH=version).status_code == 422
    meeting = Meeting.objects.get(pk=attended.pk)
    assert (meeting.status, meeting.revision) == ("planned", attended.revision)  # nothing written


def test_a_closed_meeting_is_not_recorded_again(api, world, actor):
    from meetings import services as ms
    from meetings.models import Meeting
    from meetings.tests.cases import hold

    held = hold(actor, world.cell_a1, TODAY - datetime.timedelta(days=5))
    ms.meeting_close(actor=actor, meeting=held)
    held = Meeting.objects.get(pk=held.pk)
    assert held.status == "closed"
    response = api("put", f"/api/v1/meetings/{held.pk}/record", record_body(held), HTTP_IF_MATCH=f'"{held.revision}"')
    assert response.status_code == 422 and Meeting.objects.get(pk=held.pk).revision == held.revision


def test_a_read_only_token_writes_nothing(caller, user_khoi, attended, world):
    from petitions.models import Petition

    read_only = caller(user_khoi, access="read")
    assert read_only("get", f"/api/v1/meetings/{attended.pk}").status_code == 200
    response = read_only("put", f"/api/v1/meetings/{attended.pk}/record", record_body(attended),
                         HTTP_IF_MATCH=f'"{attended.revision}"')
    assert response.status_code == 403
    response = read_only("post", "/api/v1/petitions", receive_body(world))
    assert response.status_code == 403 and not Petition.objects.exists()


# ---- receiving a letter -------------------------------------------------------------------------------------------

def receive_body(world, **change):
    return {"organization": world.gc_a.pk, "received_on": "2025-03-03", "channel": "post",
            "sender_name": "Lê Văn Gửi", "sender_address": "Vĩnh Yên", "sender_contact": "0912 345 678",
            "concerns": "member", "summary": "Thư phản ánh", "content": "Nội dung thư.", **change}


def test_a_letter_is_received_numbered_masked_and_its_opening_logged(api, world, user_khoi):
    from petitions.models import Access, Petition

    created = api("post", "/api/v1/petitions", receive_body(world))
    assert created.status_code == 201, created.content
    answer = json.loads(created.content)
    petition = Petition.objects.get(pk=answer["id"])
    assert (petition.organization_id, petition.sender_name, petition.number, petition.state) == (
        world.gc_a.pk, "Lê Văn Gửi", 1, "received")
    assert answer["number"] == petition.register_number and created["ETag"] == f'"{petition.revision}"'
    # the receiver is no handler of it: the sender masked in the answer, exactly as on its page
    assert not answer["identity_shown"] and answer["sender_name"] == answer["sender_contact"] == "•••"
    assert "Lê Văn Gửi" not in created.content.decode()
    assert list(Access.objects.filter(petition=petition).values_list("user_id", "via", "identity_shown")) == [
        (user_khoi.pk, "api", False)]
    second = api("post", "/api/v1/petitions", receive_body(world, anonymous=True, sender_name="", sender_address="",
                                                           sender_contact=""))
    assert second.status_code == 201 and json.loads(second.content)["anonymous"]
    assert Petition.objects.get(pk=json.loads(second.content)["id"]).number == 2


def test_a_refused_letter_writes_nothing_in_the_requests_language(api, world):
    from petitions.models import Petition

    vi = api("post", "/api/v1/petitions", receive_body(world, sender_name=""))
    en = api("post", "/api/v1/petitions", receive_body(world, sender_name=""), HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 422
    assert list(errors_of(vi)) == list(errors_of(en)) == ["sender_name"] and errors_of(vi) != errors_of(en)
    both = api("post", "/api/v1/petitions", receive_body(world, anonymous=True))  # anonymous with a name
    assert both.status_code == 422 and list(errors_of(both)) == ["sender_name"]
    forwarded = api("post", "/api/v1/petitions", receive_body(world, channel="forwarded"))
    assert forwarded.status_code == 422 and list(errors_of(forwarded)) == ["forwarded_by"]
    cell = api("post", "/api/v1/petitions", receive_body(world, organization=world.cell_a1.pk))  # a cell keeps none
    assert cell.status_code == 422 and "organization" in errors_of(cell)
    day = api("post", "/api/v1/petitions", receive_body(world, received_on="31/02/2025"))
    assert day.status_code == 422 and "received_on" in errors_of(day)
    assert not Petition.objects.exists()


def test_a_role_without_petitions_receives_nothing(caller, user_chibo, world):
    from petitions.models import Petition

    response = caller(user_chibo)("post", "/api/v1/petitions", receive_body(world, organization=world.cell_a1.pk))
    assert response.status_code == 403 and not Petition.objects.exists()
