"""Bounded input on the apparatus pages (issue 15): every date at and beyond its bounds (a day before the Party's
founding, 01/01/0001, 31/12/9999, tomorrow where the date records the past) refused on its field and nothing
written; every month/filter parameter out of range answered 400 naming it, never 500; free texts bounded."""

import datetime

import pytest
from django.urls import reverse

from apparatus import services
from core.testing.pages import doc, english, form_errors, form_values

from .conftest import apparatus_snapshot

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
TOMORROW = (TODAY + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
# (typed value, why it is refused)
OUT_OF_BOUNDS = [("31/12/9999", "decades ahead"), ("01/01/0001", "year 1"), ("02/02/1930", "before the founding"),
                 ("01/01/1929", "before the founding"), (TOMORROW, "records the past")]
MEBIBYTE = "x" * (1 << 20)


@pytest.fixture
def khoi(client_for, user_khoi):
    return english(client_for(user_khoi))


@pytest.fixture
def snapshot(db_snapshot):
    return lambda: (db_snapshot(), apparatus_snapshot())


def _form(world, app, khoi, page):
    """(url, valid-looking POST data) of each page with a date field."""
    if page == "term_open":
        return reverse("apparatus:term_open", args=[world.gc_b.pk]), {
            "label": "2030–2035", "kind": "congress", "congress_on": TODAY.strftime("%d/%m/%Y"), "started_on": "",
            "decision_number": "", "create_main_body": "on", "reason": ""}
    if page == "term_correct":
        url = reverse("apparatus:term_correct", args=[app.terms["gc_b"].pk])
        return url, {**form_values(khoi.get(url)), "reason": "Sửa ngày đại hội"}
    if page == "body_create":
        return reverse("apparatus:body_create", args=[app.terms["gc_b"].pk]), {
            "kind": "inspection_committee", "started_on": "", "decision_number": "", "reason": ""}
    if page == "seat_assign":
        url = reverse("apparatus:seat_assign", args=[app.bodies["gc_b"].pk])
        values = form_values(khoi.get(url))
        member = doc(khoi.get(url)).xpath('//select[@name="member"]/option[@value!=""]/@value')[0]
        return url, {**values, "member": member, "position": "committee_member"}
    url = reverse("apparatus:seat_end", args=[app.seats["gc_b_member"].pk])
    return url, {**form_values(khoi.get(url)), "end_reason": "resigned"}


DATE_FIELDS = [("term_open", "congress_on"), ("term_open", "started_on"), ("term_correct", "congress_on"),
               ("body_create", "started_on"), ("seat_assign", "started_on"), ("seat_end", "ended_on")]


@pytest.mark.parametrize("value,why", OUT_OF_BOUNDS, ids=[w for _v, w in OUT_OF_BOUNDS])
@pytest.mark.parametrize("page,field", DATE_FIELDS, ids=[f"{p}-{f}" for p, f in DATE_FIELDS])
def test_every_date_out_of_bounds_is_refused_on_its_field(khoi, world, app, snapshot, page, field, value, why):
    url, data = _form(world, app, khoi, page)
    before = snapshot()
    response = khoi.post(url, {**data, field: value})
    assert response.status_code == 200, (page, field, value)
    assert doc(response).xpath(f'//*[@id="id_{field}_error"]'), form_errors(response)
    assert snapshot() == before


@pytest.mark.parametrize("value", [datetime.date(9999, 12, 31), datetime.date(1, 1, 1), datetime.date(1929, 12, 31),
                                   TODAY + datetime.timedelta(days=1)])
def test_the_services_refuse_dates_out_of_bounds_on_their_field(actor, app, refused, value):
    seat = app.seats["gc_b_member"]
    refused(lambda: services.seat_end(actor=actor, seat=seat, ended_on=value, end_reason="resigned"), field="ended_on")
    refused(lambda: services.term_correct(actor=actor, term=app.terms["gc_b"], reason="Sửa", congress_on=value),
            field="congress_on")


@pytest.mark.parametrize("url,query,name", [
    ("apparatus:allowances", "month=9999-12", "month"),
    ("apparatus:allowances", "month=99999-01", "month"),
    ("apparatus:allowances", "month=0001-01", "month"),
    ("apparatus:allowances", "month=1929-12", "month"),
    ("apparatus:allowances", "month=abc", "month"),
    ("apparatus:allowances", "month=2026-13", "month"),
    ("apparatus:allowances", "month=9999-12&export=xlsx", "month"),
    ("apparatus:health", "problem=nonsense", "problem"),
    ("apparatus:seats", "organization=abc", "organization"),
    ("apparatus:seats", "state=forever", "state"),
    ("apparatus:seats", "level=cosmic", "level"),
])
def test_every_parameter_out_of_range_answers_400_naming_it(khoi, app, url, query, name):
    response = khoi.get(f"{reverse(url)}?{query}")
    assert response.status_code == 400, query
    assert doc(response).xpath(f'//*[@id="filter-errors"]//*[@data-field="{name}"]')


def test_the_month_at_its_bounds_is_accepted(khoi, app):
    founding = datetime.date(1930, 2, 1)
    last = TODAY.replace(year=TODAY.year + 5, day=1)
    for month in (founding, last):
        response = khoi.get(reverse("apparatus:allowances"), {"month": month.strftime("%Y-%m")})
        assert response.status_code == 200, month


@pytest.mark.parametrize("field", ["note", "reason"])
def test_a_mebibyte_of_text_is_refused_on_its_field(khoi, app, snapshot, field):
    url = reverse("apparatus:term_correct", args=[app.terms["gc_b"].pk])
    data = {**form_values(khoi.get(url)), "reason": "Sửa", field: MEBIBYTE}
    before = snapshot()
    response = khoi.post(url, data)
    assert response.status_code == 200
    assert doc(response).xpath(f'//*[@id="id_{field}_error"]'), form_errors(response)
    assert snapshot() == before


def test_a_mebibyte_reason_is_refused_by_the_service(actor, app, refused):
    refused(lambda: services.seat_update(actor=actor, seat=app.seats["gc_b_member"], reason=MEBIBYTE,
                                         engagement="full_time"), field="reason")
