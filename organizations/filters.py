import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, SearchFilter, YesNoFilter

from .models import Cluster, Organization, OrganizationKind


class OrganizationFilter(FilterSet):
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

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)
