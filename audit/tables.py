import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import Table

from .models import SecurityEvent

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}  # not on a phone


class SecurityEventTable(Table):
    """The security log, newest first; on a phone: when, event, user and detail (the rest scrolls or is exported)."""

    when = tables.DateTimeColumn(verbose_name=_("When"), format="d/m/Y H:i:s", order_by=("when", "id"))
    kind = tables.Column(verbose_name=_("Event"))
    username = tables.Column(verbose_name=_("User"), order_by=("username", "when", "id"))
    ip_address = tables.Column(verbose_name=_("Address"), attrs=WIDE_ONLY)
    path = tables.Column(verbose_name=_("Page"), orderable=False,
                         attrs={"th": WIDE_ONLY["th"], "td": {"class": "d-none d-md-table-cell small wrap"}})
    detail = tables.Column(verbose_name=_("Detail"), orderable=False, attrs={"td": {"class": "small wrap"}})
    target = tables.Column(verbose_name=_("Object"), accessor="target_id", orderable=False, attrs=WIDE_ONLY)
    organization_id = tables.Column(verbose_name=_("Organisation id"), visible=False)
    request_id = tables.Column(verbose_name=_("Request id"), visible=False)
    user_agent = tables.Column(verbose_name=_("Browser"), visible=False)

    class Meta:
        model = SecurityEvent
        fields = ("when", "kind", "username", "ip_address", "path", "detail", "target", "organization_id",
                  "request_id", "user_agent")
        attrs = {"class": "table table-sm table-hover align-middle", "id": "security-table"}
        row_attrs = {"data-event": lambda record: record.pk, "data-kind": lambda record: record.kind}
        empty_text = _("No event matches these filters.")
        order_by = ("-when",)

    def render_when(self, record):
        # Two short lines rather than one long one: on a phone the event and the user stay in view beside it.
        local = timezone.localtime(record.when)
        return format_html('{}<br><span class="text-muted small">{}</span>', local.strftime("%d/%m/%Y"),
                           local.strftime("%H:%M:%S"))

    def render_kind(self, record, value):
        return format_html('<span class="badge text-wrap text-start {}" data-kind-label>{}</span>',
                           "text-bg-warning" if record.kind in ("lockout", "refused", "not_found", "login_failed",
                                                                "otp_failed") else "text-bg-light", value)

    def render_path(self, record, value):
        return format_html('<span class="text-muted">{}</span> {}', record.method, value)

    def render_target(self, record):
        return record.target_label

    def value_when(self, record):
        return timezone.localtime(record.when).strftime("%d/%m/%Y %H:%M:%S")

    def value_path(self, record):
        return f"{record.method} {record.path}".strip()

    def value_target(self, record):
        return record.target_label
