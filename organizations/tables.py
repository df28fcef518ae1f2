from collections import defaultdict

import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Case, F, IntegerField, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.tables import DateColumn, Table

from . import hooks
from .models import Organization

WIDE_ONLY = "d-none d-md-table-cell"  # a column left out on a phone (it stays in the export)


class FigureTotalColumn(tables.Column):
    """A figure with the organisation's whole subtree (organizations.selectors.organization_figure_totals), linked to
    exactly the rows it counts; sorting by it orders the database rows by the same totals."""

    def __init__(self, figure: hooks.Figure, totals: dict[int, int] | None, **kwargs):
        # totals None: the row carries its total (`figure_<key>_total`, read from the kept figures)
        self.figure, self.totals = figure, totals
        super().__init__(verbose_name=figure.total_label, accessor="pk", empty_values=(),
                         attrs={"th": {"class": "text-end th-wrap"}, "td": {"class": "text-end text-nowrap fw-semibold"}},
                         **kwargs)

    def render(self, record):
        n = self.value(record)
        if not self.figure.list_url:
            return intcomma(n)
        return format_html('<a href="{}" data-figure="{}-total">{}</a>', self.figure.list_url(record.pk),
                           self.figure.key, intcomma(n))

    def value(self, record):
        if self.totals is None:
            return getattr(record, f"figure_{self.figure.key}_total", 0)
        return self.totals.get(record.pk, 0)

    def order(self, queryset, is_descending):
        key = f"figure_{self.figure.key}_total"
        if self.totals is None:
            ordered = F(key).desc() if is_descending else F(key).asc()
            return queryset.order_by(ordered, "name_sort", "pk"), True
        by_count = defaultdict(list)
        for pk, n in self.totals.items():
            if n:
                by_count[n].append(pk)
        total = Case(*[When(pk__in=sorted(ids), then=Value(n)) for n, ids in sorted(by_count.items())],
                     default=Value(0), output_field=IntegerField())
        ordered = F(key).desc() if is_descending else F(key).asc()
        return queryset.annotate(**{key: total}).order_by(ordered, "name_sort", "pk"), True


class FigureOwnColumn(tables.Column):
    """The organisation's own count of a figure (annotated by organizations.selectors.with_figures): secondary."""

    def __init__(self, figure: hooks.Figure, **kwargs):
        self.figure = figure
        super().__init__(verbose_name=figure.own_label, accessor=f"figure_{figure.key}",
                         attrs={"th": {"class": "text-end th-wrap"}, "td": {"class": "text-end text-nowrap small"}}, **kwargs)

    def render(self, record, value):
        if not self.figure.own_url:
            return intcomma(value)
        return format_html('<a class="link-secondary" href="{}" data-figure="{}-own">{}</a>',
                           self.figure.own_url(record.pk), self.figure.key, intcomma(value))


class OrganizationTable(Table):
    """The organisation list; the figures other apps keep (members...) follow the name, each with the whole subtree
    first and the organisation's own count second, and the hidden columns appear in the export only."""

    code = tables.Column(verbose_name=_("Code"), attrs={"th": {"class": WIDE_ONLY},
                                                        "td": {"class": f"text-nowrap small {WIDE_ONLY}"}})
    name = tables.Column(verbose_name=_("Name"), order_by=("name_sort",))
    kind = tables.Column(verbose_name=_("Kind"), order_by=("kind__sort_order", "name_sort"),
                         attrs={"td": {"class": "minw-8rem small"}})
    parent = tables.Column(verbose_name=_("Parent"), order_by=("parent__name_sort", "name_sort"),
                           attrs={"td": {"class": "minw-10rem small"}})
    host_agency = tables.Column(verbose_name=_("Host agency"), visible=False)
    cluster = tables.Column(verbose_name=_("Cluster"), attrs={"th": {"class": WIDE_ONLY},
                                                              "td": {"class": f"minw-10rem small {WIDE_ONLY}"}})
    child_count = tables.Column(verbose_name=_("Sub-units"), attrs={"th": {"class": "text-end th-wrap"},
                                                                    "td": {"class": "text-end text-nowrap"}})
    established_on = DateColumn(verbose_name=_("Established"), format="d/m/Y",
                                       attrs={"th": {"class": WIDE_ONLY}, "td": {"class": f"text-nowrap {WIDE_ONLY}"}})
    decision_number = tables.Column(verbose_name=_("Decision number"), visible=False)
    status = tables.Column(verbose_name=_("Status"), attrs={"td": {"class": "text-nowrap"}})
    ended_on = DateColumn(verbose_name=_("Ended on"), visible=False)

    class Meta:
        model = Organization
        fields = ("code", "name", "kind", "parent", "cluster", "child_count", "established_on", "status")
        order_by = ("name",)
        attrs = {"class": "table table-sm table-hover align-middle", "id": "organization-table"}
        empty_text = _("No organisation matches.")

    def __init__(self, *args, totals: dict[str, dict[int, int]] | None = None, **kwargs):
        totals = totals or {}
        figures = []
        for f in hooks.figures:
            if f.key in totals:
                total = FigureTotalColumn(f, totals[f.key])
                figures.append((f"figure_{f.key}_total", total))
                setattr(self, f"value_figure_{f.key}_total", total.value)  # the export's value (core.exports)
            figures.append((f"figure_{f.key}", FigureOwnColumn(f)))
        names = [name for name, _column in figures]
        super().__init__(*args, extra_columns=figures, sequence=[
            "code", "name", *names, "kind", "parent", "cluster", "child_count", "established_on", "status",
            "host_agency", "decision_number", "ended_on"], **kwargs)
        self.export_sequence = ("code", "name", "kind", "parent", "host_agency", "cluster", *names, "child_count",
                                "established_on", "decision_number", "status", "ended_on")

    def render_name(self, record, value):
        return format_html('<a class="cell-name" href="{}">{}</a>', record.get_absolute_url(), value)

    def render_child_count(self, record, value):
        if not value:
            return value
        return format_html('<a href="{}#children">{}</a>', reverse("organizations:detail", args=[record.pk]), value)

    def render_status(self, record):
        css = "success" if record.is_active else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_status_display())
