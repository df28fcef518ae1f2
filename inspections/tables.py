"""The programme's items, as the programme page lists them (django-tables2; the rows come prefetched from
selectors.programme_cases, so drawing them reads nothing more)."""

import itertools

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


def state_badge(state) -> str:
    css = "text-bg-success" if state.is_final else "text-bg-secondary" if state.is_cancelled else "text-bg-primary"
    return format_html('<span class="badge {}">{}</span>', css, state.label)


class ProgrammeItemTable(tables.Table):
    row_number = tables.Column(verbose_name="#", empty_values=())
    type = tables.Column(verbose_name=_("Type"))
    title = tables.Column(verbose_name=_("Title"))
    subjects = tables.Column(verbose_name=_("Subjects"), empty_values=())
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
