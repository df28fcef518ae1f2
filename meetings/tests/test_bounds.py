"""Bounded input on the meeting pages (issue 15): every date at and beyond its bounds (31/12/9999 — filed as a meeting
planned that day —, just over ten years ahead, 01/01/0001, a day before the Party's founding, tomorrow where the date
records the past) refused on its field and nothing written; every month/period parameter of the compliance report
and the to-do list out of range answered 400 naming it, never 500; free texts bounded."""

import datetime

import pytest
from django.urls import reverse

from core.testing.pages import doc, english, form_errors, form_values
from core.validation import date_bounds
from meetings import services
from meetings.models import MeetingKind

from .cases import PLANNED_ON, T, bloc_deputy, presences_for, snapshot

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
D = datetime.date


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


TOO_FAR = date_bounds().latest() + datetime.timedelta(days=1)
ANY_DAY = [("31/12/9999", "year-9999"), (dmy(TOO_FAR), "over-ten-years-ahead"), ("01/01/0001", "year-1"),
           ("02/02/1930", "day-before-founding"), ("01/01/1929", "before-founding")]
PAST_ONLY = [*ANY_DAY, (dmy(TODAY + datetime.timedelta(days=1)), "tomorrow")]
MEBIBYTE = "x" * (1 << 20)


@pytest.fixture
def khoi(client_for, user_khoi):
    return english(client_for(user_khoi))


@pytest.fixture
def planned(world, actor):
    return services.meeting_plan(actor=actor, organization=world.cell_a1, kind=MeetingKind.REGULAR,
                                 planned_on=PLANNED_ON, planned_at=T(14, 0), place="Phòng họp")


@pytest.fixture
def attended(planned, actor):
    services.meeting_take_attendance(actor=actor, meeting=planned, presences=presences_for(planned))
    return planned


@pytest.fixture
def group(world, actor):
    world.actor = actor
    return services.working_group_create(actor=actor, organization=world.bloc, name="Tổ công tác của Khối",
                                         leader=bloc_deputy(world), established_on=D(2020, 1, 1), require_deputy=False)


@pytest.fixture
def visit(group, world, actor):
    return services.visit_plan(actor=actor, group=group, organization=world.cell_a1, planned_on=PLANNED_ON)


def _form(request, khoi, page) -> tuple[str, dict]:
    """(url, POST data that is valid but for the date under test) of each page with a date field."""
    get = request.getfixturevalue
    world = get("world")
    if page == "plan":
        return reverse("meetings:plan", args=[world.cell_a1.pk]), {
            "kind": "thematic", "topic": "Chuyên đề", "place": "Hội trường"}
    if page == "reschedule":
        return reverse("meetings:reschedule", args=[get("planned").pk]), {
            "planned_at": "07:30", "place": "Hội trường", "reason": "Đổi ngày"}
    if page == "record":
        return reverse("meetings:record", args=[get("attended").pk]), {
            "started_at": "14:00", "ended_at": "15:30", "resolution": "Nghị quyết"}
    if page == "document_add":
        return reverse("meetings:document_add", args=[get("planned").pk]), {"title": "Chương trình"}
    if page == "process_publish":
        draft = services.process_draft(actor=get("user_khoi"), kind=MeetingKind.REGULAR)
        return reverse("meetings:process_publish", args=[draft.pk]), {"decision_number": "99-QĐ/ĐUK"}
    if page == "group_create":
        world.actor = get("actor")
        return reverse("meetings:group_create"), {"name": "Tổ công tác mới", "leader": bloc_deputy(world).pk}
    if page == "visit_plan":
        return reverse("meetings:group", args=[get("group").pk]), {"organization": world.cell_a1.pk}
    url = reverse("meetings:visit", args=[get("visit").pk])
    return url, form_values(khoi.get(url))


DATE_FIELDS = [("plan", "planned_on", ANY_DAY), ("reschedule", "planned_on", ANY_DAY), ("record", "held_on", PAST_ONLY),
               ("document_add", "available_on", PAST_ONLY), ("process_publish", "published_on", ANY_DAY),
               ("group_create", "established_on", ANY_DAY), ("visit_plan", "planned_on", ANY_DAY),
               ("visit_record", "visited_on", PAST_ONLY)]
CASES = [(page, field, value) for page, field, values in DATE_FIELDS for value, _why in values]
IDS = [f"{page}-{field}-{why}" for page, field, values in DATE_FIELDS for _value, why in values]


@pytest.mark.parametrize("page,field,value", CASES, ids=IDS)
def test_every_date_out_of_bounds_is_refused_on_its_field(request, khoi, page, field, value):
    url, data = _form(request, khoi, page)
    before = snapshot()
    response = khoi.post(url, {**data, field: value})
    assert response.status_code == 200, (page, field, value, response.status_code)
    assert doc(response).xpath(f'//*[@id="id_{field}_error"]'), form_errors(response)
    assert snapshot() == before


@pytest.mark.parametrize("value", [D(9999, 12, 31), TOO_FAR, D(1, 1, 1), D(1929, 1, 1)])
def test_the_services_refuse_dates_out_of_bounds_on_their_field(world, actor, planned, group, value):
    """31/12/9999 used to reach the month arithmetic of the regular-meeting check (no month after it): a 500."""
    from core.testing.pages import assert_refused

    def refused(call, field):
        assert_refused(call, snapshot=snapshot, field=field)

    for kind in (MeetingKind.REGULAR, MeetingKind.EXTRAORDINARY):
        refused(lambda kind=kind: services.meeting_plan(actor=actor, organization=world.cell_a1, kind=kind,
                                                        planned_on=value), "planned_on")
    refused(lambda: services.meeting_reschedule(actor=actor, meeting=planned, planned_on=value), "planned_on")
    refused(lambda: services.visit_plan(actor=actor, group=group, organization=world.cell_a1, planned_on=value),
            "planned_on")
    refused(lambda: services.working_group_create(actor=actor, organization=world.bloc, name="Tổ", leader=group.leader,
                                                  established_on=value, require_deputy=False), "established_on")


COMPLIANCE = ["month=9999-12", "month=99999-01", "month=0001-01", "month=1900-01", "month=abc", "month=2026-13",
              "month=9999-12&period=year", "month=9999-12&export=xlsx", "period=decade", "months=7", "by=planet",
              "failing=2", "sort=random", "org=abc", "org=999999"]


@pytest.mark.parametrize("query", COMPLIANCE)
def test_every_compliance_parameter_out_of_range_answers_400_naming_it(khoi, world, query):
    response = khoi.get(f"{reverse('meetings:compliance')}?{query}")
    assert response.status_code == 400, query
    name = query.split("=")[0]
    assert doc(response).xpath(f'//*[@id="filter-errors"]//*[@data-field="{name}"]'), query


@pytest.mark.parametrize("month", [D(1931, 1, 1), TODAY.replace(year=TODAY.year + 5, day=1)])
@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_the_compliance_months_at_their_bounds_are_answered(khoi, world, month, period):
    response = khoi.get(reverse("meetings:compliance"), {"month": month.strftime("%Y-%m"), "period": period})
    assert response.status_code == 200, (month, period)


def test_the_other_parameters_never_answer_500(khoi, world):
    assert khoi.get(f"{reverse('meetings:compliance_todo')}?code=nonsense").status_code == 400
    assert khoi.get(f"{reverse('meetings:plan', args=[world.cell_a1.pk])}?kind=nonsense").status_code == 200


@pytest.mark.parametrize("page,field", [("record", "resolution"), ("record", "self_assessment"), ("plan", "reason")])
def test_a_mebibyte_of_text_is_refused_on_its_field(request, khoi, page, field):
    url, data = _form(request, khoi, page)
    day = dmy(PLANNED_ON)
    before = snapshot()
    response = khoi.post(url, {**data, "held_on": day, "planned_on": day, field: MEBIBYTE})
    assert response.status_code == 200
    assert doc(response).xpath(f'//*[@id="id_{field}_error"]'), form_errors(response)
    assert snapshot() == before


def test_a_mebibyte_reason_is_refused_by_the_service(actor, attended):
    from core.testing.pages import assert_refused

    assert_refused(lambda: services.meeting_cancel(actor=actor, meeting=attended, reason=MEBIBYTE),
                   snapshot=snapshot, field="reason")
