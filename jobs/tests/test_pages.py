"""The job pages as their owner and as others see them: the list, a job's page with its self-refreshing progress,
the progress partial, the result download, cancelling; the menu entry."""

import re

import pytest
from django.urls import reverse

from core.menu import menu
from core.testing.pages import content, doc
from jobs.models import Job, State
from jobs.services import job_submit
from jobs.testing import run_queued

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(job_kinds, user_coso, cell_a1):
    return job_submit(owner=user_coso, kind=job_kinds.STEPS, title="Xuất danh sách đảng viên",
                      organization_id=cell_a1.pk, params={"steps": 5})


def test_the_list_shows_the_owners_jobs_newest_first_with_state_and_progress(client_for, job, user_coso, job_kinds):
    done = job_submit(owner=user_coso, kind=job_kinds.FILE, title="Tệp kết quả", params={"text": "x"})
    run_queued()  # both run
    later = job_submit(owner=user_coso, kind=job_kinds.STEPS, title="Việc mới")
    page = doc(client_for(user_coso).get("/jobs/"))
    rows = page.xpath('//table[@id="job-table"]/tbody/tr[@data-job]')
    assert [int(r.get("data-job")) for r in rows] == [later.pk, done.pk, job.pk]
    assert [r.get("data-state") for r in rows] == ["queued", "done", "done"]
    assert rows[1].xpath('.//a[@data-result]/@href') == [reverse("jobs:result", args=[done.pk])]
    assert rows[0].xpath('.//progress[@value="0"]') and rows[2].xpath('.//progress[@value="5"][@max="5"]')
    assert not page.xpath('//*[@id="export-xlsx"]')  # a list of one's own jobs has no export


def test_the_list_filters_by_state_and_refuses_an_unknown_one(client_for, job, user_coso):
    client = client_for(user_coso)
    assert len(doc(client.get("/jobs/?state=done")).xpath('//tr[@data-job]')) == 0
    assert len(doc(client.get("/jobs/?state=queued")).xpath('//tr[@data-job]')) == 1
    refused = client.get("/jobs/?state=bogus")
    assert refused.status_code == 400 and doc(refused).xpath('//*[@id="filter-errors"]//*[@data-field="state"]')


def test_a_waiting_job_page_polls_its_progress_and_offers_cancel(client_for, job, user_coso):
    page = doc(client_for(user_coso).get(job.get_absolute_url()))
    assert page.xpath('//h1[@id="job-title"]/text()') == ["Xuất danh sách đảng viên"]
    [bar] = page.xpath(f'//div[@id="job-progress-{job.pk}"]')
    assert bar.get("hx-get") == reverse("jobs:progress", args=[job.pk]) and bar.get("hx-trigger") == "every 1s"
    assert page.xpath(f'//form[@action="{reverse("jobs:cancel", args=[job.pk])}"][@data-confirm]')
    assert not page.xpath("//*[@style]") and not page.xpath("//script[not(@src)]")  # CSP: no inline style or script


def test_a_finished_job_page_stops_polling_and_offers_its_file(client_for, user_coso, job_kinds):
    job = job_submit(owner=user_coso, kind=job_kinds.FILE, title="Tệp", params={"text": "nội dung"})
    run_queued()
    client = client_for(user_coso)
    page = doc(client.get(job.get_absolute_url()))
    assert not page.xpath("//*[@hx-get]") and not page.xpath('//*[@id="job-cancel"]')
    assert page.xpath('//a[@id="job-result"]/@href') == [reverse("jobs:result", args=[job.pk])]
    response = client.get(reverse("jobs:result", args=[job.pk]))
    assert response.status_code == 200 and content(response) == "nội dung".encode()
    assert 'filename="ket-qua.txt"' in response["Content-Disposition"]


def test_a_failed_job_shows_its_error(client_for, user_coso, job_kinds):
    job = job_submit(owner=user_coso, kind=job_kinds.REFUSE, title="Kiểm tra tệp")
    run_queued()
    page = doc(client_for(user_coso).get(job.get_absolute_url()))
    assert "Dòng 3: thiếu họ và tên." in page.xpath('string(//*[@id="job-error"])')
    assert page.xpath('//*[@data-role="state"]/@data-state') == ["failed"]


def test_the_progress_partial_tells_the_page_to_reload_once_finished(client_for, job, user_coso):
    client = client_for(user_coso)
    url = reverse("jobs:progress", args=[job.pk])
    waiting = client.get(url, headers={"HX-Request": "true"})
    assert waiting.status_code == 200 and "HX-Refresh" not in waiting
    assert "<html" not in waiting.content.decode()  # the partial alone
    part = doc(waiting)
    assert part.get("id") == f"job-progress-{job.pk}" and part.get("hx-trigger") == "every 1s"
    Job.objects.filter(pk=job.pk).update(state=State.RUNNING, done=2, total=5, message="Bước 2")
    running = doc(client.get(url, headers={"HX-Request": "true"}))
    assert re.findall(r"\d+", running.xpath('string(.//*[@data-role="count"])')) == ["2", "5"]  # "2 of 5"
    assert running.xpath('.//progress/@value') == ["2"] and running.xpath('string(.//*[@data-role="percent"])') == "40 %"
    run_queued()  # nothing queued any more; finish it by hand
    Job.objects.filter(pk=job.pk).update(state=State.DONE, done=5)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert finished["HX-Refresh"] == "true" and not doc(finished).get("hx-get")


def test_cancelling_from_the_page(client_for, job, user_coso):
    client = client_for(user_coso)
    response = client.post(reverse("jobs:cancel", args=[job.pk]))
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == State.CANCELLED
    again = client.post(reverse("jobs:cancel", args=[job.pk]), follow=True)
    assert again.status_code == 200 and doc(again).xpath('//*[contains(@class, "alert-danger")]')
    assert client.get(reverse("jobs:cancel", args=[job.pk])).status_code == 405


def test_another_users_job_is_not_found_anywhere(client_for, job, user_khoi, user_other):
    for user in (user_khoi, user_other):
        client = client_for(user)
        for name in ("jobs:detail", "jobs:progress", "jobs:result"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404
        assert client.post(reverse("jobs:cancel", args=[job.pk])).status_code == 404
        assert not doc(client.get("/jobs/")).xpath('//tr[@data-job]')
    assert Job.objects.get(pk=job.pk).state == State.QUEUED


def test_a_job_about_an_organisation_the_owner_does_not_hold_is_gone(client_for, job, user_coso, cell_b1, job_kinds):
    """A job stays its owner's only while the owner's scope covers what it works on (a role moved elsewhere)."""
    elsewhere = job_submit(owner=user_coso, kind=job_kinds.STEPS, title="Ở nơi khác", organization_id=cell_b1.pk)
    client = client_for(user_coso)
    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    assert client.get(job.get_absolute_url()).status_code == 200
    assert [int(r) for r in doc(client.get("/jobs/")).xpath('//tr/@data-job')] == [job.pk]


def test_the_menu_entry_shows_to_whoever_exports_or_has_a_job(user_khoi, user_dangvien, job_kinds):
    def entries(user):
        return {e["key"] for g in menu.for_user(user) for e in g["entries"]}

    assert "job-list" in entries(user_khoi)
    assert "job-list" not in entries(user_dangvien)  # a member cannot export
    job_submit(owner=user_dangvien, kind=job_kinds.STEPS, title="Việc của đảng viên")
    assert "job-list" in entries(type(user_dangvien).objects.get(pk=user_dangvien.pk))  # the next request


def test_a_result_file_deleted_after_days_is_said_so(client_for, user_coso, job_kinds, settings):
    job = job_submit(owner=user_coso, kind=job_kinds.FILE, title="Tệp cũ", params={"text": "x"})
    run_queued()
    Job.objects.filter(pk=job.pk).update(result_file="")
    client = client_for(user_coso)
    said = doc(client.get(job.get_absolute_url())).xpath('string(//*[@id="job-result-deleted"])')
    assert "ket-qua.txt" in said and "7" in said  # "The file … was deleted 7 days after the job finished."
    assert client.get(reverse("jobs:result", args=[job.pk])).status_code == 404
