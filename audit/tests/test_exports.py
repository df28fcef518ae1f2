"""Every export served is an EXPORT event (format, rows, page), through the real list pages of the apps; one sent to
the background too, when it is queued and again when the worker writes it."""

import pytest

from audit.models import SecurityEvent
from core import security
from core.testing.pages import csv_rows, xlsx_rows

pytestmark = [pytest.mark.django_db, pytest.mark.urls("audit.tests.urls")]


def exports():
    return list(SecurityEvent.objects.filter(kind=security.EXPORT).order_by("id"))


def test_a_csv_export_of_the_member_list_is_recorded_once_streamed(client_for, user_khoi, world):
    response = client_for(user_khoi).get("/members/?export=csv", REMOTE_ADDR="10.20.30.40")
    assert response.status_code == 200
    assert exports() == []  # nothing written yet: the file streams
    rows = csv_rows(response)[1:]
    [event] = exports()
    assert (event.user, event.ip_address, event.method) == (user_khoi, "10.20.30.40", "GET")
    assert event.path == "/members/?export=csv"
    assert event.detail == f"format=csv rows={len(rows)} path=/members/" and len(rows) > 0
    assert event.request_id == response["X-Request-ID"]


def test_an_xlsx_export_of_the_organisation_list_is_recorded(client_for, user_coso, world):
    response = client_for(user_coso).get("/organizations/?export=xlsx")
    rows = xlsx_rows(response)[1:]
    [event] = exports()
    assert event.user == user_coso
    assert event.detail == f"format=xlsx rows={len(rows)} path=/organizations/"


def test_a_report_export_is_recorded(client_for, user_khoi, world):
    response = client_for(user_khoi).get("/apparatus/staffing/?export=xlsx")
    assert response.status_code == 200
    [event] = exports()
    assert event.detail.startswith("format=xlsx rows=") and event.path == "/apparatus/staffing/?export=xlsx"


def test_a_csv_download_cut_short_is_recorded_as_interrupted(user_khoi, world, request_ends):
    from django.test import RequestFactory
    from django.urls import resolve

    # The page called as the server calls it (the test client's own wrapper of a stream would get in the way of
    # closing it early): the server reads three pieces, the client goes away, the server closes the response.
    request = RequestFactory().get("/members/?export=csv&status=all", REMOTE_ADDR="10.20.30.42")
    request.user = user_khoi
    response = resolve("/members/").func(request)
    stream = iter(response.streaming_content)
    next(stream), next(stream), next(stream)  # the BOM, the header, one row
    request_ends(response.close)
    [event] = exports()
    assert event.detail == "format=csv rows=1 interrupted path=/members/"
    assert (event.user, event.ip_address) == (user_khoi, "10.20.30.42")


def test_a_refused_export_records_no_export(client_for, user_dangvien, world):
    response = client_for(user_dangvien).get("/members/?export=csv")
    assert response.status_code in (302, 403, 404)  # a member is sent to their own record
    assert exports() == []


def test_an_export_sent_to_the_background_is_recorded_when_queued_and_when_written(
        settings, client_for, user_khoi, world, django_capture_on_commit_callbacks):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client = client_for(user_khoi)
    with django_capture_on_commit_callbacks(execute=True):  # the test run's in-memory queue runs the job at the commit
        response = client.get("/members/?export=csv", REMOTE_ADDR="10.20.30.41")
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    queued, written = exports()
    rows = int(queued.detail.split("rows=", 1)[1].split()[0])
    assert (queued.user, queued.ip_address) == (user_khoi, "10.20.30.41") and rows > 1
    assert queued.detail == f"format=csv rows={rows} background=queued path=/members/"
    # The worker's rerun of the page, as the same user, from no address.
    assert written.user == user_khoi and written.ip_address is None
    assert written.detail == f"format=csv rows={rows} background=written path=/members/"
    result = client.get(response["Location"] + "result/")
    assert len(csv_rows(result)) - 1 == rows


def test_exporting_the_security_log_is_itself_recorded(client_for, user_admin):
    client = client_for(user_admin)
    security.security_event(security.LOGIN, user=user_admin)
    listed = SecurityEvent.objects.count()
    response = client.get("/audit/?export=csv")
    assert len(csv_rows(response)) - 1 == listed
    [event] = exports()
    assert event.detail == f"format=csv rows={listed} path=/audit/"
