import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import DateColumn, Table

from .models import Petition
from .selectors import deadline_provisional, deadline_status, sender_display

DEADLINE_BADGES = {
    "overdue": ("danger", _("Overdue")),
    "due_soon": ("warning", _("Due soon")),
    "on_time": ("success", _("Settled on time")),
    "late": ("secondary", _("Settled late")),
}


class PetitionTable(Table):
    """The register. `visible_ids` (set by the view for the rows of the page) says whose sender is shown; the
    export never carries the sender, whoever asks (`value_sender`), and adds the hidden columns."""

    number = tables.Column(verbose_name=_("No."), order_by=("year", "number"))
    received_on = DateColumn(verbose_name=_("Received on"), format="d/m/Y")
    kind = tables.Column(verbose_name=_("Kind"), default="—")
    summary = tables.Column(verbose_name=_("Summary"), attrs={"td": {"class": "wrap"}})
    sender = tables.Column(verbose_name=_("Sender"), empty_values=(), orderable=False)
    organization = tables.Column(verbose_name=_("Register of"), order_by=("organization__name_sort", "-received_on"))
    state = tables.Column(verbose_name=_("State"))
    due_on = DateColumn(verbose_name=_("To be settled by"), format="d/m/Y", default="—")
    deadline = tables.Column(verbose_name=_("Deadline"), empty_values=(), orderable=False, exclude_from_export=True)
    channel = tables.Column(verbose_name=_("Channel"), visible=False)
    signatory_count = tables.Column(verbose_name=_("Number of signatories"), visible=False)
    subject_organization = tables.Column(verbose_name=_("Organisation concerned"), visible=False)
    not_handled_reason = tables.Column(verbose_name=_("Why not handled"), visible=False)
    forwarded_to = tables.Column(verbose_name=_("Forwarded to"), visible=False)
    concluded_on = DateColumn(verbose_name=_("Concluded on"), visible=False)
    on_time = tables.Column(verbose_name=_("Settled on time"), empty_values=(), orderable=False, visible=False)
    outcome = tables.Column(verbose_name=_("Outcome"), visible=False)

    export_sequence = (
        "number", "received_on", "channel", "organization", "sender", "signatory_count", "kind", "summary",
        "subject_organization", "state", "not_handled_reason", "forwarded_to", "due_on", "concluded_on", "on_time",
        "outcome",
    )

    class Meta:
        model = Petition
        fields = ("number", "received_on", "kind", "summary", "sender", "organization", "state", "due_on", "deadline")
        order_by = ("-received_on",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "petition-table"}
        row_attrs = {"data-number": lambda record: record.register_number, "data-state": lambda record: record.state}
        empty_text = _("No petition matches.")

    def __init__(self, *args, today, due_soon, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.due_soon = today, due_soon
        self.visible_ids: set[int] = set()

    def value_number(self, record):
        return record.register_number

    def value_sender(self, record):
        return sender_display(record, False)

    def value_organization(self, record):
        return record.organization.name

    def value_subject_organization(self, record):
        return record.subject_organization.name if record.subject_organization else ""

    def value_state(self, record):
        return record.get_state_display()

    def value_on_time(self, record):
        return "" if record.on_time is None else str(_("Yes") if record.on_time else _("No"))

    def render_number(self, record):
        return format_html('<a href="{}">{}</a>', reverse("petitions:detail", args=[record.pk]),
                           record.register_number)

    def render_kind(self, record):
        return record.get_kind_display()

    def render_sender(self, record):
        return sender_display(record, record.pk in self.visible_ids)

    def render_organization(self, record):
        return record.organization.name

    def render_state(self, record):
        if record.not_handled_reason:
            return format_html('{} <span class="small text-muted">({})</span>', record.get_state_display(),
                               record.get_not_handled_reason_display())
        return record.get_state_display()

    def render_deadline(self, record):
        status = deadline_status(record, self.today, self.due_soon)
        if status.status not in DEADLINE_BADGES:
            shown = "" if status.days_left is None else format_html('<span class="small text-muted">{}</span>',
                                                                    _("%(n)s days left") % {"n": status.days_left})
        else:
            css, label = DEADLINE_BADGES[status.status]
            shown = format_html('<span class="badge text-bg-{}" data-deadline="{}">{}</span>', css, status.status,
                                label)
        return format_html("{}{}", shown, provisional_badge(record))


def provisional_text(provisional) -> str:
    if provisional.calendar_end is None:
        return _("Provisional: no year's official schedule of holidays is entered")
    return _("Provisional: the official schedule of holidays is entered up to %(date)s") % {
        "date": provisional.calendar_end.strftime("%d/%m/%Y")}


def provisional_badge(record) -> str:
    provisional = deadline_provisional(record)
    if provisional is None:
        return ""
    return format_html(' <span class="badge text-bg-light border" data-provisional="yes" title="{}">{}</span>',
                       provisional_text(provisional), _("provisional"))
