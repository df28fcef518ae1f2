import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, SearchFilter, YesNoFilter

from . import hooks
from .models import Cluster, Organization, OrganizationKind


class AtLeastFilter(django_filters.NumberFilter):
    """A whole number, 0 or more: the organisations whose figure with their whole subtree is at least that."""

    field_class = forms.IntegerField

    def __init__(self, *args, totals: dict[int, int] | None, **kwargs):
        self.totals = totals  # None: the rows carry their total as `figure_<key>_total` (selectors.with_figures)
        kwargs.setdefault("min_value", 0)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if self.totals is None:  # the kept total the list's rows carry (organizations.selectors.with_figures)
            return qs.filter(**{f"figure_{self.field_name.removeprefix('min_')}_total__gte": value})
        return qs.filter(pk__in=sorted(pk for pk, n in self.totals.items() if n >= value))


class OrganizationFilter(FilterSet):
    """The organisation list's filters; each figure with a `min_label` (the members) adds "at least N" on its total
    with the subtree, as `min_<key>` (`totals`: organizations.selectors.organization_figure_totals)."""

    q = SearchFilter()
    kind = django_filters.ModelChoiceFilter(label=_("Kind"), queryset=OrganizationKind.objects.all(),
                                            to_field_name="code", empty_label=_("All"))
    tier = django_filters.ChoiceFilter(label=_("Level"), field_name="kind__tier",
                                       choices=OrganizationKind.Tier.choices)
    holds_members = YesNoFilter(label=_("Holds members directly"), field_name="kind__holds_members")
    cluster = django_filters.ModelChoiceFilter(label=_("Cluster"), queryset=Cluster.objects.all(), empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=[("all", _("All"))] +
                                         list(Organization.Status.choices), method="filter_status", empty_label=None)

    class Meta:
        model = Organization
        fields = ["q", "kind", "tier", "holds_members", "cluster", "status"]

    defaults = {"status": Organization.Status.ACTIVE}

    def __init__(self, data=None, *args, totals: dict[str, dict[int, int]] | None = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        if totals is None:
            return
        status = self.filters.pop("status")
        for figure in hooks.figures:
            if figure.min_label and figure.key in totals:
                at_least = AtLeastFilter(label=figure.min_label, field_name=f"min_{figure.key}",
                                         totals=totals[figure.key])
                at_least.model, at_least.parent = Organization, self
                self.filters[f"min_{figure.key}"] = at_least
        self.filters["status"] = status

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)
