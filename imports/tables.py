import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import Table

from .models import ImportBatch

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
STATE_CSS = {"invalid": "danger", "ready": "primary", "committed": "success", "failed": "danger",
             "checking": "secondary", "committing": "secondary", "unchanged": "light", "abandoned": "light"}


class BatchTable(Table):
    number = tables.Column(verbose_name=_("No."), accessor="pk", order_by=("-created_at", "-id"))
    file_name = tables.Column(verbose_name=_("File"), attrs={"td": {"class": "wrap"}})
    kind = tables.Column(verbose_name=_("What"), attrs=WIDE_ONLY)
    organization = tables.Column(verbose_name=_("Into"), attrs={"td": {"class": "small wrap"}, **{"th": {}}})
    state = tables.Column(verbose_name=_("State"))
    counts = tables.Column(verbose_name=_("Rows"), orderable=False, attrs=WIDE_ONLY)
    owner = tables.Column(verbose_name=_("Uploaded by"), attrs=WIDE_ONLY)
    created_at = tables.DateTimeColumn(verbose_name=_("Uploaded at"), format="d/m/Y H:i", attrs=WIDE_ONLY)

    class Meta:
        model = ImportBatch
        fields = ("number", "file_name", "kind", "organization", "state", "counts", "owner", "created_at")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "batch-table"}
        empty_text = _("Nothing imported yet.")
        order_by = ("number",)

    def render_number(self, record):
        return format_html('<a href="{}">#{}</a>', record.get_absolute_url(), record.pk)

    def render_file_name(self, record, value):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_kind(self, record):
        return record.kind_label

    def render_state(self, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', STATE_CSS.get(record.state, "secondary"),
                           record.get_state_display())

    def render_counts(self, record):
        c = record.counts or {}
        if not c:
            return "—"
        return format_html("{} {} · {} {} · {} {}", c.get("new", 0), _("new"), c.get("changed", 0), _("changed"),
                           c.get("errors", 0), _("with errors"))

    def render_owner(self, record):
        return record.owner.get_full_name() or record.owner.get_username()
