import django_tables2 as tables
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import Table

from .models import Job

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}  # not on a phone


class JobTable(Table):
    title = tables.Column(verbose_name=_("Job"), order_by=("title", "id"), attrs={"td": {"class": "wrap"}})
    state = tables.Column(verbose_name=_("State"))
    progress = tables.Column(verbose_name=_("Progress"), accessor="pk", orderable=False,
                             attrs={"td": {"class": "minw-8rem"}})
    created_at = tables.DateTimeColumn(verbose_name=_("Asked at"), format="d/m/Y H:i")
    finished_at = tables.DateTimeColumn(verbose_name=_("Finished at"), format="d/m/Y H:i", attrs=WIDE_ONLY)
    result = tables.Column(verbose_name=_("Result"), accessor="result_name", orderable=False, empty_values=())

    class Meta:
        model = Job
        fields = ("title", "state", "progress", "created_at", "finished_at", "result")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "job-table"}
        row_attrs = {"data-job": lambda record: record.pk, "data-state": lambda record: record.state}
        empty_text = _("You have no background jobs.")
        order_by = ("-created_at",)

    def render_title(self, record, value):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_state(self, record):
        return render_to_string("jobs/_state.html", {"job": record})

    def render_progress(self, record):
        return render_to_string("jobs/_bar.html", {"job": record})

    def render_result(self, record):
        if record.result_file:
            return format_html('<a href="{}" data-result="{}"><i class="bi bi-download"></i> {}</a>',
                               reverse("jobs:result", args=[record.pk]), record.pk, record.result_name)
        if record.result_purged:
            return format_html('<span class="text-muted small">{} ({})</span>', record.result_name, _("deleted"))
        return "—"
