"""The register's list and the columns of its Excel/CSV export (core.exports reads the columns from here)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.tables import DateColumn, Table

from .models import Document

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}  # not on a phone


class DocumentTable(Table):
    symbol = tables.Column(verbose_name=gettext_lazy("Number and symbol"), order_by=("symbol", "id"))
    arrival_number = tables.Column(verbose_name=gettext_lazy("Arrival no."), default="", attrs=WIDE_ONLY)
    direction = tables.Column(verbose_name=gettext_lazy("Direction"), attrs=WIDE_ONLY)
    kind = tables.Column(verbose_name=gettext_lazy("Kind"), attrs=WIDE_ONLY)
    issued_on = DateColumn(verbose_name=gettext_lazy("Dated"))
    received_on = DateColumn(verbose_name=gettext_lazy("Received on"), visible=False)
    title = tables.Column(verbose_name=gettext_lazy("Summary"), attrs={"td": {"class": "small wrap"}})
    sender = tables.Column(verbose_name=gettext_lazy("Issuing body"), empty_values=(), orderable=False,
                           attrs=WIDE_ONLY)
    signer_name = tables.Column(verbose_name=gettext_lazy("Signer"), visible=False)
    recipients = tables.Column(verbose_name=gettext_lazy("Recipients"), visible=False)
    organization = tables.Column(verbose_name=pgettext_lazy("document register", "Register of"), accessor="organization__name",
                                 order_by=("organization__name_sort", "-issued_on"), attrs=WIDE_ONLY)
    confidentiality = tables.Column(verbose_name=gettext_lazy("Confidentiality"), visible=False)
    status = tables.Column(verbose_name=gettext_lazy("Status"), attrs=WIDE_ONLY)

    export_sequence = ("symbol", "arrival_number", "direction", "kind", "issued_on", "received_on", "title", "sender",
                       "signer_name", "recipients", "organization", "confidentiality", "status")

    class Meta:
        model = Document
        fields = ()
        sequence = ("symbol", "arrival_number", "direction", "kind", "issued_on", "received_on", "title", "sender",
                    "signer_name", "recipients", "organization", "confidentiality", "status")
        order_by = ("-issued_on",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "document-table"}
        row_attrs = {"data-document": lambda record: record.pk}
        empty_text = gettext_lazy("No document matches.")

    def render_symbol(self, record):
        mark = format_html(' <span class="badge text-bg-danger">{}</span>', record.get_confidentiality_display()) \
            if record.is_confidential else ""
        return format_html('<a class="text-nowrap" href="{}">{}</a>{}', record.get_absolute_url(), record.symbol, mark)

    def value_symbol(self, record):
        return record.symbol

    def render_sender(self, record):
        return record.sender if record.direction == "incoming" else (record.issuer.name if record.issuer else "")

    def value_sender(self, record):
        return self.render_sender(record)

    def value_direction(self, record):
        return record.get_direction_display()

    def value_status(self, record):
        return record.get_status_display()

    def value_confidentiality(self, record):
        return record.get_confidentiality_display()
