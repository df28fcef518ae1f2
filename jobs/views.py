"""The user's own background jobs: the list, a job's page (its progress refreshing itself), the result file, cancel.
Another user's job, or one about an organisation the user no longer holds, is a 404 (jobs.selectors)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import ButtonAction, DownloadPage, ListPage, ObjectPage

from . import selectors, services
from .filters import JobFilter
from .models import State
from .tables import JobTable


def _list_crumb() -> tuple[str, str]:
    return str(_("My jobs")), reverse("jobs:list")


class JobList(ListPage):
    needs = None  # anyone logged in has a list of their own jobs (maybe empty)
    title = gettext_lazy("My jobs")
    template_name = "jobs/list.html"
    filterset_class = JobFilter
    table_class = JobTable

    @classmethod
    def exportable(cls) -> bool:
        return False

    def queryset(self):
        return selectors.job_qs(self.user)

    def context(self, **extra) -> dict:
        return super().context(result_days=settings.JOB_RESULT_DAYS, **extra)

    def page_context(self, table) -> dict:
        selectors.with_live_all(row.record for row in table.page.object_list)
        return {}


class JobPage(ObjectPage):
    selector = selectors.job_get

    def crumbs(self):
        return [_list_crumb()]

    def get_title(self) -> str:
        return self.object.title

    def context(self, **extra) -> dict:
        return super().context(job=self.object, result_days=settings.JOB_RESULT_DAYS, **extra)


class JobDetail(JobPage):
    template_name = "jobs/detail.html"


class JobProgress(JobPage):
    """The progress partial (jobs/_progress.html), polled by the job's page every second while it runs; once the
    job has finished, the page that polls it is told to reload (its result, error and buttons change)."""

    template_name = "jobs/_progress.html"

    def get(self, request, *args, **kwargs):
        response = self.render(self.context())
        if self.object.is_finished and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"
        return response


class JobResult(DownloadPage, JobPage):
    """The job's result file (core.files.file_response: an attachment the browser may not sniff), under the name the
    job gave it; a result deleted after JOB_RESULT_DAYS is a 404."""

    def file(self):
        return self.object.result_file

    def download_name(self, field_file) -> str:
        return self.object.result_name or super().download_name(field_file)


class JobCancel(ButtonAction):
    selector = selectors.job_get

    def perform(self):
        was = self.object.state
        services.job_cancel(actor=self.user, job=self.object)
        self.success_message = (_("The job is cancelled.") if was == State.QUEUED
                                else _("The job will stop at its next step."))
