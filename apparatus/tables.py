import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Seat


class SeatTable(tables.Table):
    member = tables.Column(verbose_name=_("Full name"), order_by=("member__name_sort", "id"))
    position = tables.Column(verbose_name=_("Position"), order_by=("position_rank", "member__name_sort"))
    body = tables.Column(verbose_name=_("Body"), accessor="body__kind", order_by=("body__kind", "member__name_sort"))
    organization = tables.Column(verbose_name=_("Organisation"), accessor="body__organization",
                                 order_by=("body__organization__name_sort", "body__kind", "position_rank",
                                           "member__name_sort"))
    term = tables.Column(verbose_name=_("Term"), accessor="body__term__label", orderable=False)
    started_on = tables.DateColumn(verbose_name=_("From"), format="d/m/Y")
    ended_on = tables.DateColumn(verbose_name=_("Until"), format="d/m/Y", default="…")
    engagement = tables.Column(verbose_name=_("Engagement"))
    allowance_category = tables.Column(verbose_name=_("Allowance category"), default="—",
                                       order_by=("allowance_category__sort_order", "member__name_sort"))

    class Meta:
        model = Seat
        fields = ("member", "position", "body", "organization", "term", "started_on", "ended_on", "engagement",
                  "allowance_category")
        order_by = ("organization",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "seat-table"}
        empty_text = _("No seat matches.")

    def render_member(self, record):
        return format_html('<a href="{}">{}</a>', reverse("members:detail", args=[record.member_id]),
                           record.member.full_name)

    def render_position(self, record):
        return format_html('<a href="{}">{}</a>', reverse("apparatus:seat", args=[record.pk]),
                           record.get_position_display())

    def render_body(self, record):
        return record.body.get_kind_display()

    def render_organization(self, record):
        return format_html('<a href="{}">{}</a>', reverse("apparatus:organization", args=[record.body.organization_id]),
                           record.body.organization.name)

    def render_engagement(self, record):
        css = "warning" if record.engagement == Seat.Engagement.FULL_TIME else "light"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_engagement_display())
