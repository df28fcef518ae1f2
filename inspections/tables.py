"""The programme's items, as the programme page lists them (django-tables2; the rows come prefetched from
selectors.programme_cases, so drawing them reads nothing more)."""

import itertools

import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.tables import DateColumn, Table

from .selectors import describe_next


def state_badge(state) -> str:
    css = "text-bg-success" if state.is_final else "text-bg-secondary" if state.is_cancelled else "text-bg-primary"
    return format_html('<span class="badge {}">{}</span>', css, state.label)


class ProgrammeItemTable(Table):
    row_number = tables.Column(verbose_name="#", empty_values=())
    type = tables.Column(verbose_name=_("Type"))
    title = tables.Column(verbose_name=_("Title"), attrs={"td": {"class": "wrap"}})
    subjects = tables.Column(verbose_name=_("Subjects"), empty_values=(), attrs={"td": {"class": "wrap"}})
    planned = tables.Column(verbose_name=_("Planned"), empty_values=(), attrs={"td": {"class": "text-nowrap"}})
    team = tables.Column(verbose_name=_("Team"), empty_values=())
    state = tables.Column(verbose_name=_("State"))
    remedies_open = tables.Column(verbose_name=_("Remedies pending"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover mb-0 small", "id": "programme-items"}
        row_attrs = {"data-case": lambda record: record.pk}
        empty_text = _("No item yet.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counter = itertools.count(1)

    def render_row_number(self):
        return next(self.counter)

    def render_type(self, record):
        return record.get_type_display()

    def render_title(self, record):
        number = format_html('<div class="text-muted">{}</div>', record.decision_number) if record.decision_number \
            else ""
        return format_html('<a href="{}">{}</a>{}', record.get_absolute_url(), record.title, number)

    def render_subjects(self, record):
        organizations = "; ".join(o.name for o in record.subject_organizations.all())
        members = "; ".join(m.full_name for m in record.subject_members.all())
        return format_html("{}{}{}", organizations, mark_safe("<br>") if members else "", members)

    def render_planned(self, record):
        return f"{record.planned_from:%d/%m/%Y} – {record.planned_to:%d/%m/%Y}"

    def render_team(self, record):
        head = format_html("<strong>{}</strong>", record.team_head.full_name) if record.team_head else ""
        members = format_html_join("", "<br>{}", ((m.full_name,) for m in record.team_members.all()))
        return format_html("{}{}", head, members)

    def render_state(self, record):
        return state_badge(record.state)


def due_cell(case) -> str:
    """What is due next on a case (selectors.describe_next), its date, and a badge when it is past."""
    if not case.due_kind:
        return "—"
    date = format_html('<span class="text-nowrap">{}</span>', f"{case.next_due:%d/%m/%Y}") if case.next_due else ""
    late = format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue")) if case.overdue else ""
    step = format_html('<div class="small text-muted">{}: {}</div>', _("Next step"), case.next_step) \
        if case.next_step else ""
    return format_html("{} {}{}{}", case.due_label, date, late, step)


class CaseTable(Table):
    """The case files the user holds (selectors.case_list_qs), what is due next on each."""

    title = tables.Column(verbose_name=_("Title"), attrs={"td": {"class": "wrap"}})
    type = tables.Column(verbose_name=_("Type"))
    authority = tables.Column(verbose_name=_("Authority"), accessor="programme__authority", orderable=False)
    planned_from = DateColumn(verbose_name=_("Planned from"), format="d/m/Y",
                                     attrs={"td": {"class": "text-nowrap"}})
    state = tables.Column(verbose_name=_("State"), order_by=("state__order", "id"))
    next_due = tables.Column(verbose_name=_("Due next"))
    decision_number = tables.Column(verbose_name=_("Decision number"), visible=False)
    planned_to = DateColumn(verbose_name=_("Planned to"), format="d/m/Y", visible=False)
    concluded_on = DateColumn(verbose_name=_("Concluded on"), format="d/m/Y", visible=False)
    closed_on = DateColumn(verbose_name=_("Closed on"), format="d/m/Y", visible=False)

    class Meta:
        # on a phone the title and what is due next come first, the rest scrolls in the table's box
        sequence = ("title", "next_due", "state", "type", "planned_from", "authority", "...")
        attrs = {"class": "table table-sm table-hover align-middle small", "id": "case-table"}
        row_attrs = {"data-case": lambda record: record.pk, "data-overdue": lambda record: "yes" if getattr(
            record, "overdue", False) else "no"}
        order_by = ("next_due",)
        empty_text = _("No case file matches.")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def before_render(self, request):
        rows = self.page.object_list if hasattr(self, "page") else self.rows
        describe_next([row.record for row in rows], self.today)

    def order_next_due(self, queryset, is_descending):
        """What is due soonest first; cases with nothing due (closed, cancelled) last, on any database."""
        key = F("next_due").desc(nulls_last=True) if is_descending else F("next_due").asc(nulls_last=True)
        return queryset.order_by(key, "-planned_from" if is_descending else "planned_from", "id"), True

    def render_title(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), record.title)

    def render_type(self, record):
        return record.get_type_display()

    def render_authority(self, record):
        return str(record.programme.authority)

    def render_state(self, record):
        return state_badge(record.state)

    def render_next_due(self, record):
        return due_cell(record)

    def value_type(self, record):
        return record.get_type_display()

    def value_state(self, record):
        return record.state.label

    def value_next_due(self, record):
        return f"{record.next_due:%d/%m/%Y}" if record.next_due else ""


class RemedyTable(Table):
    """The remedies the user sees (selectors.remedy_list_qs): those of the files they hold and those their
    organisations carry out."""

    text = tables.Column(verbose_name=_("Remedy"), attrs={"td": {"class": "wrap"}})
    organization = tables.Column(verbose_name=_("Responsible organisation"), order_by=("organization__name_sort",))
    case = tables.Column(verbose_name=_("Inspection"), orderable=False)
    deadline = DateColumn(verbose_name=_("Deadline"), format="d/m/Y", attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(verbose_name=_("Status"))
    reported_on = DateColumn(verbose_name=_("Reported done on"), format="d/m/Y", visible=False)
    checked_on = DateColumn(verbose_name=_("Follow-up check on"), format="d/m/Y", visible=False)

    class Meta:
        sequence = ("text", "deadline", "status", "organization", "case", "...")
        attrs = {"class": "table table-sm table-hover align-middle small", "id": "remedy-table"}
        row_attrs = {"data-remedy": lambda record: record.pk, "data-status": lambda record: record.status}
        order_by = ("deadline",)
        empty_text = _("No remedy matches.")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_text(self, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), Truncator(record.text).chars(120))

    def render_organization(self, record):
        return record.organization.name

    def render_case(self, record):
        # the type only: the title stays in the file (remedy_history does the same)
        return record.case.get_type_display()

    def render_status(self, record):
        late = format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue")) \
            if record.is_overdue(self.today) else ""
        return format_html("{}{}", record.get_status_display(), late)

    def value_text(self, record):
        return record.text

    def value_organization(self, record):
        return record.organization.name

    def value_case(self, record):
        return record.case.get_type_display()

    def value_status(self, record):
        return record.get_status_display()
