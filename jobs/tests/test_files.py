"""A job's files (issue 15): stored under generated names (the names people see are kept on the job), and the result
sent back only through the owner's scoped view, as an attachment the browser may neither sniff nor render."""

import re

import pytest
from django.urls import reverse

from core.testing.pages import content
from jobs.services import job_submit
from jobs.testing import run_queued

pytestmark = pytest.mark.django_db


def test_input_and_result_files_have_generated_names(user_coso, job_kinds):
    job = job_submit(owner=user_coso, kind=job_kinds.FILE, title="Tệp", params={"text": "nội dung"},
                     input_name="../../etc/Danh sách <b>.csv", input_bytes=b"a,b\n")
    assert re.fullmatch(r"jobs/input/\d{4}/\d{2}/[0-9a-f]{32}\.csv", job.input_file.name), job.input_file.name
    run_queued()
    job.refresh_from_db()
    assert re.fullmatch(r"jobs/result/\d{4}/\d{2}/[0-9a-f]{32}\.txt", job.result_file.name), job.result_file.name
    assert job.result_name == "ket-qua.txt"


def test_the_result_goes_out_as_a_safe_attachment_to_its_owner_only(client_for, user_coso, user_other, job_kinds):
    job = job_submit(owner=user_coso, kind=job_kinds.FILE, title="Tệp", params={"text": "<script>alert(1)</script>"})
    run_queued()
    url = reverse("jobs:result", args=[job.pk])
    response = client_for(user_coso).get(url)
    assert response.status_code == 200 and content(response) == b"<script>alert(1)</script>"
    assert response["Content-Disposition"].startswith("attachment") and "ket-qua.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert client_for(user_other).get(url).status_code == 404
    job.refresh_from_db()
    assert job.result_file.name
    page = client_for(user_coso).get(job.get_absolute_url()).content.decode()
    assert "/media/" not in page and job.result_file.name not in page


def test_a_purged_result_is_not_found(client_for, user_coso, job_kinds):
    from jobs.models import Job

    job = job_submit(owner=user_coso, kind=job_kinds.FILE, title="Tệp", params={"text": "x"})
    run_queued()
    Job.objects.filter(pk=job.pk).update(result_file="")
    assert client_for(user_coso).get(reverse("jobs:result", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("query", ["state=9999-12", "state=abc", "page=abc", "page=99999", "sort=zzz"])
def test_the_list_parameters_never_answer_500(client_for, user_coso, query):
    response = client_for(user_coso).get(f"/jobs/?{query}")
    assert response.status_code in (200, 400, 404), (query, response.status_code)
    if query.startswith("state="):
        assert response.status_code == 400
