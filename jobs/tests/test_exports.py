"""Big exports on the queue (core.views + jobs.exports), read through the pages as a user would: a list with more
rows than EXPORT_SYNC_MAX_ROWS sends its export to a job; the job's file is the file the request would have made,
with the owner's scope and filters applied again; nobody else sees the job."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.testing.pages import content, csv_rows, doc, xlsx_rows
from jobs.exports import EXPORT_KIND, REFUSED
from jobs.models import Job, State
from jobs.testing import run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2


def _export_job(client, url) -> Job:
    response = client.get(url)
    assert response.status_code == 302, url
    job = Job.objects.get(kind=EXPORT_KIND)
    assert response["Location"] == job.get_absolute_url()
    return job


def _file(job) -> bytes:
    job.refresh_from_db()
    assert job.state == State.DONE, job.error
    with job.result_file.open("rb") as handle:
        return handle.read()


def _in_request(client, url, settings) -> bytes:
    settings.EXPORT_SYNC_MAX_ROWS = 100_000
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return content(response)


def test_a_big_csv_export_becomes_a_job_whose_file_is_the_file_of_the_request(client_for, world, user_khoi,
                                                                              small_limit, settings):
    client = client_for(user_khoi)
    url = "/members/?gender=female&sort=-date_of_birth&export=csv"
    job = _export_job(client, url)
    assert job.owner == user_khoi and job.state == State.QUEUED and job.params["format"] == "csv"
    assert job.params["rows"] > 2 and job.params["path"] == "/members/"
    said = doc(client.get(job.get_absolute_url())).xpath('string(//*[contains(@class, "alert-info")])')
    assert str(job.params["rows"]) in said  # "The export has N rows; it is being prepared in the background."
    [ran] = run_queued()
    assert ran.state == State.DONE and (ran.done, ran.total) == (job.params["rows"],) * 2
    assert ran.result == {"rows": job.params["rows"], "format": "csv", "file": ran.result_name}
    assert ran.result_name.startswith("dang-vien-") and ran.result_name.endswith(".csv")  # the page's file name
    made = _file(ran)
    assert made == _in_request(client, url, settings)
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert content(download) == made and ran.result_name in download["Content-Disposition"]


def test_a_big_excel_export_has_the_rows_of_the_request(client_for, world, user_khoi, small_limit, settings):
    client = client_for(user_khoi)
    url = "/organizations/?export=xlsx"
    job = _export_job(client, url)
    run_queued()
    made = _file(job)

    class Read:  # what xlsx_rows reads
        def __init__(self, body):
            self.content, self.streaming = body, False

    assert xlsx_rows(Read(made)) == xlsx_rows(Read(_in_request(client, url, settings)))
    assert job.result_name.endswith(".xlsx")


def test_the_job_applies_the_owners_scope_again(client_for, world, user_coso, user_khoi, small_limit):
    job = _export_job(client_for(user_coso), "/members/?export=csv")
    run_queued()
    names = {row[0] for row in csv_rows(type("R", (), {"content": _file(job), "streaming": False})())[1:]}
    side_a = {world.a.full.full_name, world.a.prob.full_name, world.a.exempt.full_name,
              world.members["a2_full"].full_name, world.members["dangvien"].full_name}
    assert side_a <= names
    assert not names & {world.b.full.full_name, world.members["b2_full"].full_name,
                        world.members["gcell_full"].full_name}


def test_the_export_job_is_invisible_to_another_user(client_for, world, user_coso, user_khoi, small_limit):
    job = _export_job(client_for(user_coso), "/members/?export=csv")
    run_queued()
    other = client_for(user_khoi)
    for name in ("jobs:detail", "jobs:progress", "jobs:result"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    assert not doc(other.get("/jobs/")).xpath('//tr[@data-job]')


def test_a_small_export_is_made_in_the_request(client_for, world, user_khoi, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 5000
    response = client_for(user_khoi).get("/members/?export=csv")
    assert response.status_code == 200 and not Job.objects.exists()


def test_the_export_is_written_in_the_language_it_was_asked_in(client_for, world, user_khoi, small_limit, settings):
    client = client_for(user_khoi)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    job = _export_job(client, "/members/?export=csv")
    assert job.language == "en"
    run_queued()  # in Vietnamese here; the job switches to English
    header = _file(job).decode("utf-8-sig").splitlines()[0]
    settings.EXPORT_SYNC_MAX_ROWS = 100_000
    assert header == content(client.get("/members/?export=csv")).decode("utf-8-sig").splitlines()[0]  # in English
    with translation.override("vi"):
        assert header != content(client_for(user_khoi).get("/members/?export=csv")).decode("utf-8-sig").splitlines()[0]


def test_an_export_its_owner_may_no_longer_make_fails_with_a_message(client_for, world, user_coso, small_limit):
    job = _export_job(client_for(user_coso), f"/members/?organization={world.gc_a.pk}&export=csv")
    type(user_coso).objects.filter(pk=user_coso.pk).update(is_active=False)  # gone before the worker got to it
    [ran] = run_queued()
    assert ran.pk == job.pk and ran.state == State.FAILED and not ran.result_file
    with translation.override(ran.language):
        assert ran.error == translation.gettext(REFUSED)  # said in the owner's language, not a server error


def test_a_report_page_export_goes_to_the_queue_too(client_for, world, user_khoi, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    client = client_for(user_khoi)
    job = _export_job(client, "/apparatus/staffing/?export=xlsx")
    run_queued()
    job.refresh_from_db()
    assert job.state == State.DONE and job.result_name.startswith("phan-tich-bien-che-")
    assert job.result_name.endswith(".xlsx") and job.result["rows"] >= 1


def test_without_a_background_exporter_every_export_is_made_in_the_request(client_for, world, user_khoi, small_limit,
                                                                           monkeypatch):
    import core.exports

    monkeypatch.setattr(core.exports, "_background", [])  # core alone: nothing above it registered
    response = client_for(user_khoi).get("/members/?export=csv")
    assert response.status_code == 200 and len(csv_rows(response)) > 3 and not Job.objects.exists()
