"""The apparatus lists and the columns of their Excel/CSV exports (core.exports reads the columns from here)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tables import DateColumn, Table

from .models import Seat

WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}  # not on a phone


class SeatTable(Table):
    """The committee members; the hidden columns appear in the export only (in `export_sequence` order)."""

    member = tables.Column(verbose_name=gettext_lazy("Full name"), order_by=("member__name_sort", "id"))
    date_of_birth = DateColumn(verbose_name=gettext_lazy("Date of birth"), accessor="member__date_of_birth",
                                      visible=False)
    position = tables.Column(verbose_name=gettext_lazy("Position"), order_by=("position_rank", "member__name_sort"))
    body = tables.Column(verbose_name=gettext_lazy("Body"), accessor="body__kind",
                         order_by=("body__kind", "member__name_sort"), attrs={"td": {"class": "small"}})
    organization = tables.Column(verbose_name=gettext_lazy("Organisation"), accessor="body__organization",
                                 order_by=("body__organization__name_sort", "body__kind", "position_rank",
                                           "member__name_sort"), attrs={"td": {"class": "small wrap"}})
    term = tables.Column(verbose_name=gettext_lazy("Term"), accessor="body__term__label", orderable=False,
                         attrs=WIDE_ONLY)
    started_on = DateColumn(verbose_name=gettext_lazy("From"), format="d/m/Y")
    start_method = tables.Column(verbose_name=gettext_lazy("How"), visible=False)
    start_decision_number = tables.Column(verbose_name=gettext_lazy("Decision number"), visible=False)
    ended_on = DateColumn(verbose_name=gettext_lazy("Until"), format="d/m/Y", default="…", attrs=WIDE_ONLY)
    end_reason = tables.Column(verbose_name=gettext_lazy("Why it ended"), visible=False)
    engagement = tables.Column(verbose_name=gettext_lazy("Engagement"))
    allowance_category = tables.Column(verbose_name=gettext_lazy("Allowance category"), default="—",
                                       order_by=("allowance_category__sort_order", "member__name_sort"))

    export_sequence = ("member", "date_of_birth", "position", "body", "organization", "term", "started_on",
                       "start_method", "start_decision_number", "ended_on", "end_reason", "engagement",
                       "allowance_category")

    class Meta:
        model = Seat
        fields = ("member", "position", "body", "organization", "term", "started_on", "ended_on", "engagement",
                  "allowance_category")
        sequence = ("member", "date_of_birth", "position", "body", "organization", "term", "started_on",
                    "start_method", "start_decision_number", "ended_on", "end_reason", "engagement",
                    "allowance_category")
        order_by = ("organization",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "seat-table"}
        empty_text = gettext_lazy("No seat matches.")

    def render_member(self, record):
        return format_html('<a class="text-nowrap" href="{}">{}</a>', reverse("members:detail", args=[record.member_id]),
                           record.member.full_name)

    def value_member(self, record):
        return record.member.full_name

    def render_position(self, record):
        return format_html('<a href="{}">{}</a>', reverse("apparatus:seat", args=[record.pk]),
                           record.get_position_display())

    def render_body(self, record):
        return record.body.get_kind_display()

    def render_organization(self, record):
        return format_html('<a href="{}">{}</a>', reverse("apparatus:organization", args=[record.body.organization_id]),
                           record.body.organization.name)

    def value_organization(self, record):
        return record.body.organization.name

    def render_engagement(self, record):
        css = "warning" if record.engagement == Seat.Engagement.FULL_TIME else "light"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_engagement_display())

    def value_allowance_category(self, record):
        return record.allowance_category.label if record.allowance_category else ""


class StaffingTable(Table):
    """The staffing analysis (selectors.StaffingRow), as exported; the printed page lays the same rows out itself."""

    organization = tables.Column(verbose_name=gettext_lazy("Grassroots organisation"), accessor="organization__name")
    kind = tables.Column(verbose_name=gettext_lazy("Kind"), accessor="organization__kind__label")
    members = tables.Column(verbose_name=gettext_lazy("Members"))
    committee_size = tables.Column(verbose_name=gettext_lazy("Committee members"))
    standing_size = tables.Column(verbose_name=gettext_lazy("Standing committee"))
    full_time = tables.Column(verbose_name=gettext_lazy("Full-time"))
    concurrent = tables.Column(verbose_name=gettext_lazy("Concurrent"))
    eligible = tables.Column(verbose_name=gettext_lazy("Eligible for a full-time post (proposal)"))

    class Meta:
        orderable = False

    def value_eligible(self, record):
        return _("Yes") if record.eligible else ""


class AllowanceTable(Table):
    """The monthly allowances (selectors.AllowanceRow): one row per person, as exported (with a Total row)."""

    full_name = tables.Column(verbose_name=gettext_lazy("Full name"), accessor="member__full_name")
    date_of_birth = DateColumn(verbose_name=gettext_lazy("Date of birth"), accessor="member__date_of_birth")
    organization = tables.Column(verbose_name=gettext_lazy("Organisation"), accessor="organization__name")
    positions = tables.Column(verbose_name=gettext_lazy("Positions"), accessor="seats", empty_values=())
    category = tables.Column(verbose_name=gettext_lazy("Allowance category"), empty_values=())
    amount = tables.Column(verbose_name=gettext_lazy("Amount (VND)"))

    class Meta:
        orderable = False

    def value_positions(self, record):
        return "; ".join(f"{s.get_position_display()} — {s.body.organization.name}" for s in record.seats)

    def value_category(self, record):
        return record.category.label if record.category else ""
