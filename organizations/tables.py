import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import hooks
from .models import Organization


class OrganizationTable(tables.Table):
    """The organisation list; the figures other apps keep (members...) follow the parent and cluster columns, and
    the hidden columns appear in the export only."""

    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name_sort",))
    kind = tables.Column(verbose_name=_("Kind"), order_by=("kind__sort_order", "name_sort"))
    parent = tables.Column(verbose_name=_("Parent"), order_by=("parent__name_sort", "name_sort"))
    host_agency = tables.Column(verbose_name=_("Host agency"), visible=False)
    cluster = tables.Column(verbose_name=_("Cluster"))
    child_count = tables.Column(verbose_name=_("Sub-units"), attrs={"td": {"class": "text-end"}})
    established_on = tables.DateColumn(verbose_name=_("Established"), format="d/m/Y")
    decision_number = tables.Column(verbose_name=_("Decision number"), visible=False)
    status = tables.Column(verbose_name=_("Status"))
    ended_on = tables.DateColumn(verbose_name=_("Ended on"), visible=False)

    class Meta:
        model = Organization
        fields = ("code", "name", "kind", "parent", "cluster", "child_count", "established_on", "status")
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "organization-table"}
        empty_text = _("No organisation matches.")

    def __init__(self, *args, **kwargs):
        figures = [(f"figure_{f.key}", tables.Column(verbose_name=f.label, attrs={"td": {"class": "text-end"}}))
                   for f in hooks.figures]
        names = [name for name, _column in figures]
        super().__init__(*args, extra_columns=figures, sequence=[
            "code", "name", "kind", "parent", "cluster", *names, "child_count", "established_on", "status",
            "host_agency", "decision_number", "ended_on"], **kwargs)
        self.export_sequence = ("code", "name", "kind", "parent", "host_agency", "cluster", *names, "child_count",
                                "established_on", "decision_number", "status", "ended_on")

    def render_status(self, record):
        css = "success" if record.is_active else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_status_display())
