import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Organization


class OrganizationTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Name"), linkify=True, order_by=("name_sort",))
    kind = tables.Column(verbose_name=_("Kind"), order_by=("kind__sort_order", "name_sort"))
    parent = tables.Column(verbose_name=_("Parent"), order_by=("parent__name_sort", "name_sort"))
    cluster = tables.Column(verbose_name=_("Cluster"))
    member_count = tables.Column(verbose_name=_("Members"), attrs={"td": {"class": "text-end"}})
    child_count = tables.Column(verbose_name=_("Sub-units"), attrs={"td": {"class": "text-end"}})
    established_on = tables.DateColumn(verbose_name=_("Established"), format="d/m/Y")
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Organization
        fields = ("code", "name", "kind", "parent", "cluster", "member_count", "child_count", "established_on",
                  "status")
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "organization-table"}
        empty_text = _("No organisation matches.")

    def render_status(self, record):
        css = "success" if record.is_active else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_status_display())
