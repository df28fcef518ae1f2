"""The API's behaviour: versions (ETag, If-Match: 428, 412), writes through the pages' forms and services with their
refusals in the request's language, filters as on the pages (refused with 400, never ignored), diacritic-blind search,
ordering and bounded pagination, the published schema (valid OpenAPI 3) and the docs page under the CSP."""

import datetime
import json
import re

import pytest
from django.test import override_settings
from django.utils import timezone, translation

from api import services
from api.base import MAX_PAGE_SIZE
from core.testing.pages import doc

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def token(user_khoi):
    return services.api_token_create(actor=user_khoi, name="Ứng dụng", access="read_write",
                                     expires_on=timezone.localdate() + datetime.timedelta(days=30))[1]


@pytest.fixture
def api(client, token):
    def _call(method, url, body=None, **headers):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", **headers}
        if body is None:
            return client.generic(method.upper(), url, **headers)
        return client.generic(method.upper(), url, json.dumps(body), content_type="application/json", **headers)
    return _call


def transfer_body(w, **change):
    return {"kind": "permanent", "to_organization": w.cell_a2.pk, "effective_on": TODAY.isoformat(),
            "reason": "Điều động công tác", **change}


# ---- versions -----------------------------------------------------------------------------------------------------

def test_a_record_carries_its_version_as_etag_and_a_write_needs_it(api, world):
    from members.models import Member

    member = world.members["a1_full"]
    read = api("get", f"/api/v1/members/{member.pk}")
    assert read.status_code == 200 and read["ETag"] == f'"{member.revision}"'
    assert json.loads(read.content)["version"] == member.revision
    url = f"/api/v1/members/{member.pk}/transfer"
    assert api("post", url, transfer_body(world)).status_code == 428
    assert api("post", url, transfer_body(world), HTTP_IF_MATCH="not-a-version").status_code == 412
    written = api("post", url, transfer_body(world), HTTP_IF_MATCH=read["ETag"])
    assert written.status_code == 200
    assert written["ETag"] == f'"{member.revision + 1}"' and json.loads(written.content)["organization"]["id"] == \
        world.cell_a2.pk
    # the version read before that write is stale now: refused with 412, nothing written, the current ETag given
    before = list(Member.objects.order_by("pk").values_list("pk", "organization_id", "revision"))
    stale = api("post", url, transfer_body(world, to_organization=world.cell_a3.pk), HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412 and stale["ETag"] == written["ETag"]
    assert list(Member.objects.order_by("pk").values_list("pk", "organization_id", "revision")) == before


def test_a_change_between_the_check_and_the_save_is_refused_by_the_save(world, user_khoi):
    """The version read travels onto the record (core.versions.carry_version): even past the If-Match check, the
    service's save refuses a record changed meanwhile (StaleEdit -> 412)."""
    from api.base import ApiError, refusal
    from core.versions import StaleEdit, carry_version
    from members import services as ms
    from members.models import Member

    member = Member.objects.get(pk=world.members["a1_full"].pk)
    read = member.revision
    ms.member_update(actor=user_khoi, member=Member.objects.get(pk=member.pk), reason="Sửa", position="Phó phòng")
    carry_version(member, read)
    with pytest.raises(StaleEdit) as refused:
        ms.member_transfer(actor=user_khoi, member=member, kind="permanent", effective_on=TODAY,
                           to_organization=world.cell_a2, reason="Điều động")
    error = refusal(refused.value)
    assert isinstance(error, ApiError) and error.status == 412


def test_attendance_is_taken_through_the_service_with_the_meetings_version(api, world, request):
    from meetings.models import Attendance, Meeting
    from meetings.selectors import meeting_roster
    from meetings.tests.cases import hold

    meeting = hold(world.actor if hasattr(world, "actor") else request.getfixturevalue("actor"), world.cell_a1,
                   TODAY - datetime.timedelta(days=3))
    meeting = Meeting.objects.get(pk=meeting.pk)
    roster = meeting_roster(meeting)
    url = f"/api/v1/meetings/{meeting.pk}/attendance"
    presences = [{"member_id": m.pk, "presence": "exempt" if m.exempted_since else "present", "reason": ""}
                 for m in roster]
    presences[0] = {"member_id": roster[0].pk, "presence": "excused", "reason": ""}  # an excused absence, no reason
    refused = api("put", url, {"presences": presences, "reason": "Điểm danh"}, HTTP_IF_MATCH=f'"{meeting.revision}"')
    assert refused.status_code == 422
    assert [e["field"] for e in json.loads(refused.content)["errors"]] == [f"reason_{roster[0].pk}"]
    before = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", "presence", "reason"))
    assert Meeting.objects.get(pk=meeting.pk).revision == meeting.revision
    presences[0]["reason"] = "Đi công tác"
    taken = api("put", url, {"presences": presences, "reason": "Điểm danh"}, HTTP_IF_MATCH=f'"{meeting.revision}"')
    assert taken.status_code == 200, taken.content
    body = json.loads(taken.content)
    assert {(a["member"]["id"], a["presence"]) for a in body["attendance"]} == {
        (p["member_id"], p["presence"]) for p in presences}
    assert set(Attendance.objects.filter(meeting=meeting).values_list("member_id", "presence", "reason")) != before
    assert taken["ETag"] == f'"{meeting.revision + 1}"'
    again = api("put", url, {"presences": presences, "reason": "Điểm danh lại"}, HTTP_IF_MATCH=f'"{meeting.revision}"')
    assert again.status_code == 412


# ---- refusals in the request's language ---------------------------------------------------------------------------

def test_refusals_are_the_forms_and_services_in_vietnamese_unless_english_is_asked(api, world):
    from django.forms import ModelChoiceField

    body = {"organization": world.cell_b1.pk, "status": "full", "admitted_on": "2010-05-01", "full_on": "2011-05-01",
            "full_name": "Nguyễn Văn Ngoài", "gender": "male", "date_of_birth": "1980-01-01", "reason": "Nhập"}
    # khoi manages cell_b1: refuse through the service instead (full membership before admission)
    body["full_on"] = "2009-01-01"
    vi = api("post", "/api/v1/members", body)
    en = api("post", "/api/v1/members", body, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert vi.status_code == en.status_code == 422
    assert vi["Content-Language"] == "vi" and en["Content-Language"] == "en"
    assert [e["field"] for e in json.loads(vi.content)["errors"]] == [e["field"] for e in json.loads(en.content)[
        "errors"]] == ["full_on"]
    # a field refused by the form: Django's own message, as the page shows it in each language
    body.update(full_on="2011-05-01", organization=987654)
    vi, en = api("post", "/api/v1/members", body), api("post", "/api/v1/members", body, HTTP_ACCEPT_LANGUAGE="en")
    message = ModelChoiceField.default_error_messages["invalid_choice"]
    for response, language in ((vi, "vi"), (en, "en")):
        errors = {e["field"]: e["messages"] for e in json.loads(response.content)["errors"]}
        with translation.override(language):
            assert errors["organization"] == [str(message)]
    assert vi.content != en.content


def test_a_refused_register_writes_nothing_and_an_accepted_one_is_the_pages(api, world):
    from members.models import Member, Membership

    body = {"organization": world.cell_a1.pk, "status": "full", "admitted_on": "2010-05-01", "full_on": "2011-05-01",
            "full_name": "Trịnh Thị Nhập", "gender": "female", "date_of_birth": "1980-01-01", "citizen_id": "12",
            "reason": "Nhập hồ sơ cũ"}
    count = Member.objects.count()
    refused = api("post", "/api/v1/members", body)
    assert refused.status_code == 422 and "citizen_id" in {e["field"] for e in json.loads(refused.content)["errors"]}
    assert Member.objects.count() == count
    body["citizen_id"] = "001080012345"
    created = api("post", "/api/v1/members", body)
    assert created.status_code == 201 and created["ETag"] == '"1"'
    member = Member.objects.get(pk=json.loads(created.content)["id"])
    assert (member.organization_id, member.status, member.full_on) == (world.cell_a1.pk, "full",
                                                                        datetime.date(2011, 5, 1))
    assert Membership.objects.filter(member=member, organization=world.cell_a1).exists()
    assert member.history.first().history_change_reason == "Nhập hồ sơ cũ"
    assert api("post", "/api/v1/members", {**body, "reason": ""}).status_code == 422  # a reason is required


# ---- lists --------------------------------------------------------------------------------------------------------

def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in json.loads(response.content)["results"]]


def test_search_ignores_diacritics_and_case_as_the_pages_do(api, world):
    mai = world.members["a1_full"].pk  # Lý Thị Mai
    for q in ("Lý Thị", "ly thi", "LY THI", "mai"):
        assert mai in ids(api("get", f"/api/v1/members?q={q}&status=all")), q
    assert mai not in ids(api("get", "/api/v1/members?q=hi&status=all"))  # a word's start, not any part
    org = world.cell_a1.pk  # Chi bộ Phòng Ngân sách
    assert org in ids(api("get", "/api/v1/organizations?q=ngan+sach"))


def test_a_filter_value_the_page_refuses_is_refused_never_ignored(api, world):
    for url, field in (("/api/v1/members?gender=robot", "gender"), ("/api/v1/members?organization=987654",
                                                                   "organization"),
                       ("/api/v1/members?age_band=old", "age_band"), ("/api/v1/organizations?kind=nothing", "kind"),
                       ("/api/v1/meetings?organization=987654", "organization")):
        response = api("get", url)
        assert response.status_code == 400, url
        assert [e["field"] for e in json.loads(response.content)["errors"]] == [field]
    response = api("get", "/api/v1/members?status=whatever")
    assert response.status_code == 422 and json.loads(response.content)["errors"][0]["field"] == "status"


def test_filters_are_the_pages(api, world):
    a1 = set(ids(api("get", f"/api/v1/members?organization={world.cell_a1.pk}&status=all&page_size=100")))
    assert world.members["a1_full"].pk in a1 and world.members["b1_full"].pk not in a1
    women = ids(api("get", "/api/v1/members?gender=female&page_size=100"))
    assert world.members["a1_full"].pk in women and world.members["a1_prob"].pk not in women  # Phan Văn Tài
    exempt = ids(api("get", "/api/v1/members?status=exempted&page_size=100"))
    assert set(exempt) == {world.members["a1_exempt"].pk, world.members["b1_exempt"].pk}


def test_the_member_count_is_the_rows_listed_whether_kept_or_counted(api, world, user_chibo, client):
    """The member list's count comes from the kept figures where its filters are ones they count (as the page's),
    else from counting: either way it is the number of rows its pages hold, for a whole-tree and a cell user."""
    from api.services import api_token_create

    def walk(call, query):
        first = json.loads(call("get", f"/api/v1/members?{query}&page_size=5").content)
        rows, page = list(first["results"]), first
        while page["next"]:
            page = json.loads(call("get", f"/api/v1/members?{query}&page_size=5&page={page['next']}").content)
            rows += page["results"]
        return first["count"], len({r["id"] for r in rows})

    cell_token = api_token_create(actor=user_chibo, name="Ứng dụng", access="read",
                                  expires_on=timezone.localdate() + datetime.timedelta(days=30))[1]

    def cell_api(method, url):
        return client.generic(method.upper(), url, HTTP_AUTHORIZATION=f"Bearer {cell_token}")

    queries = ["status=active", "status=all", "gender=female", "status=full", "status=probationary",
               f"organization={world.cell_a1.pk}", f"organization={world.cell_a1.pk}&gender=female",
               "q=nguyen", "status=exempted"]
    for call in (api, cell_api):
        counts = {}
        for query in queries:
            counts[query] = walk(call, query)
            assert counts[query][0] == counts[query][1], query
        assert counts["status=all"][1] >= counts["status=active"][1] > counts["gender=female"][1] > 0


def test_ordering_and_pages_are_bounded(api, world):
    names = [r["full_name"] for r in json.loads(api("get", "/api/v1/members?status=all&page_size=100").content)[
        "results"]]
    reverse = [r["full_name"] for r in json.loads(api("get", "/api/v1/members?status=all&page_size=100&ordering=-name")
                                                  .content)["results"]]
    assert names == list(reversed(reverse)) and len(names) == 12
    first = json.loads(api("get", "/api/v1/members?status=all&page_size=5").content)
    second = json.loads(api("get", "/api/v1/members?status=all&page_size=5&page=2").content)
    assert (first["count"], first["next"], first["previous"], second["previous"]) == (12, 2, None, 1)
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    assert json.loads(api("get", "/api/v1/members?status=all&page_size=5&page=9").content)["results"] == []
    assert api("get", f"/api/v1/members?page_size={MAX_PAGE_SIZE + 1}").status_code == 422
    assert api("get", "/api/v1/members?ordering=citizen_id").status_code == 422


def test_organisations_as_of_a_day(api, world, user_khoi):
    from organizations.services import organization_rename

    organization_rename(actor=user_khoi, organization=world.cell_a1, new_name="Chi bộ Phòng Ngân sách mới",
                        effective_on=TODAY - datetime.timedelta(days=10), decision_number="99-QĐ/ĐUK",
                        reason="Đổi tên")
    now = json.loads(api("get", f"/api/v1/organizations/{world.cell_a1.pk}").content)
    then = json.loads(api("get", f"/api/v1/organizations/{world.cell_a1.pk}?as_of=2020-01-01").content)
    assert now["name"] == "Chi bộ Phòng Ngân sách mới" and then["name"] == "Chi bộ Phòng Ngân sách"
    listed = json.loads(api("get", "/api/v1/organizations?as_of=2020-01-01&page_size=100").content)["results"]
    assert {r["name"] for r in listed if r["id"] == world.cell_a1.pk} == {"Chi bộ Phòng Ngân sách"}
    assert api("get", f"/api/v1/organizations/{world.cell_a1.pk}?as_of=2000-01-01").status_code == 404  # not yet


def test_meetings_list_and_detail_with_attendance(api, world, actor):
    from meetings.tests.cases import hold

    held = hold(actor, world.cell_b1, TODAY - datetime.timedelta(days=5))
    listed = ids(api("get", f"/api/v1/meetings?organization={world.gc_b.pk}&status=held"))
    assert listed == [held.pk]
    detail = json.loads(api("get", f"/api/v1/meetings/{held.pk}").content)
    assert detail["attendance"] and {a["presence"] for a in detail["attendance"]} <= {"present", "excused", "absent",
                                                                                        "exempt"}


# ---- the schema and its docs --------------------------------------------------------------------------------------

def test_the_schema_is_valid_openapi_3(client):
    from schemathesis.specs.openapi import definitions

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.1")
    errors = [str(e) for e in definitions.OPENAPI_31_VALIDATOR.iter_errors(schema)]
    assert errors == []
    assert {"/api/v1/members", "/api/v1/members/{member_id}/transfer", "/api/v1/meetings/{meeting_id}/attendance",
            "/api/v1/organizations"} <= set(schema["paths"])
    assert {"TokenAuth", "BrowserSession"} <= set(schema["components"]["securitySchemes"])


def test_every_paged_list_documents_its_bounds(client):
    """`page` and `page_size` are bounded in the published schema (what the request's validation enforces)."""
    from api.base import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE

    schema = json.loads(client.get("/api/v1/openapi.json").content)
    paged = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            parameters = {p["name"]: p for p in operation.get("parameters", ())}
            if "page_size" in parameters:
                paged[f"{method} {path}"] = (parameters["page"]["schema"], parameters["page_size"]["schema"])
    assert {"get /api/v1/members", "get /api/v1/compliance", "get /api/v1/petitions"} <= set(paged)
    for name, (page, size) in paged.items():
        assert (page["minimum"], page["maximum"], page["default"]) == (1, MAX_PAGE, 1), name
        assert (size["minimum"], size["maximum"], size["default"]) == (1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE), name
        assert page["description"] and size["description"], name


@override_settings(DEBUG=False)
def test_the_docs_page_loads_only_our_own_files_under_the_csp(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = doc(response)
    sources = page.xpath("//script/@src | //link/@href | //img/@src")
    assert sources and all(s.startswith("/static/") for s in sources), sources
    inline = [s for s in page.xpath("//script[not(@src)]") if s.get("type") != "application/json"]
    assert inline == [] and not page.xpath("//@style | //style")
    settings = json.loads(page.xpath('//script[@id="swagger-settings"]/text()')[0])
    assert settings["validatorUrl"] is None and settings["url"] == "/api/v1/openapi.json"
    assert not re.search(r"https?://", response.content.decode())
    for source in sources:
        assert client.get(source).status_code == 200, source  # served from our static files


def test_rule_data_with_its_source_and_dates(api):
    from rules.models import Rule

    rule = Rule.objects.order_by("code", "effective_from").first()
    every = json.loads(api("get", "/api/v1/rules").content)
    assert len(every) == Rule.objects.count()
    versions = json.loads(api("get", f"/api/v1/rules?code={rule.code}").content)
    assert {r["id"] for r in versions} == set(Rule.objects.filter(code=rule.code).values_list("pk", flat=True))
    on = json.loads(api("get", f"/api/v1/rules?code={rule.code}&on={rule.effective_from.isoformat()}").content)
    assert [r["id"] for r in on] == [rule.pk] and on[0]["regulation"] == rule.regulation


def test_seats_filtered_and_searched_as_on_their_page(api, world, request):
    from apparatus.tests.cases import build

    world.actor = request.getfixturevalue("actor")
    build(world)
    seats = world.apparatus.seats
    secretaries = ids(api("get", "/api/v1/seats?position=secretary&page_size=100"))
    assert seats["cell_a1_secretary"].pk in secretaries and seats["gc_a_member"].pk not in secretaries
    found = ids(api("get", "/api/v1/seats?q=truong+van&page_size=100"))  # Trương Văn Hùng, cell_a1's secretary
    assert found == [seats["cell_a1_secretary"].pk]
    assert api("get", "/api/v1/seats?position=pope").status_code == 400
    ended = ids(api("get", "/api/v1/seats?state=ended&page_size=100"))
    assert seats["gc_a_ended"].pk in ended and seats["gc_a_member"].pk not in ended
    body = json.loads(api("get", f"/api/v1/bodies/{seats['gc_a_member'].body_id}").content)
    assert {s["id"] for s in body["seats"]} >= {seats["gc_a_member"].pk, seats["gc_a_ended"].pk}


def test_a_meeting_is_planned_through_the_form_and_the_service(api, world):
    from meetings.models import Meeting

    day = TODAY + datetime.timedelta(days=12)
    body = {"organization": world.cell_a1.pk, "kind": "thematic", "planned_on": day.isoformat(), "place": "Hội trường",
            "reason": "Kế hoạch tháng"}
    refused = api("post", "/api/v1/meetings", body)  # a thematic meeting needs its topic
    assert refused.status_code == 422 and not Meeting.objects.filter(organization=world.cell_a1).exists()
    planned = api("post", "/api/v1/meetings", {**body, "topic": "Học tập nghị quyết"})
    assert planned.status_code == 201, planned.content
    meeting = Meeting.objects.get(pk=json.loads(planned.content)["id"])
    assert (meeting.organization_id, meeting.kind, meeting.planned_on, meeting.topic, meeting.status) == (
        world.cell_a1.pk, "thematic", day, "Học tập nghị quyết", "planned")
    assert meeting.template is not None and planned["ETag"] == f'"{meeting.revision}"'
    assert api("post", "/api/v1/meetings", {**body, "organization": 987654}).status_code == 404


def test_a_member_is_admitted_with_the_pages_refusals(api, world):
    from members.models import Member

    body = {"organization": world.cell_a2.pk, "admitted_on": (TODAY - datetime.timedelta(days=3)).isoformat(),
            "decision_number": "15-QĐ/ĐU", "full_name": "Đoàn Thị Kết Nạp", "gender": "female",
            "date_of_birth": "2012-01-01", "reason": "Kết nạp đảng viên mới"}
    refused = api("post", "/api/v1/admissions", body)  # too young on the admission day (rule data)
    assert refused.status_code == 422 and [e["field"] for e in json.loads(refused.content)["errors"]] == [
        "date_of_birth"]
    assert not Member.objects.filter(full_name="Đoàn Thị Kết Nạp").exists()
    admitted = api("post", "/api/v1/admissions", {**body, "date_of_birth": "1998-04-04"})
    assert admitted.status_code == 201, admitted.content
    member = Member.objects.get(pk=json.loads(admitted.content)["id"])
    assert (member.status, member.organization_id) == ("probationary", world.cell_a2.pk)
