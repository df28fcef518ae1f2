import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, SearchFilter, YesNoFilter
from organizations.models import OrganizationKind
from organizations.selectors import subtree_q
from organizations.widgets import OrganizationFilter

from .models import AllowanceCategory, Body, Position, Seat
from .selectors import grassroots_committee_q

LEVELS = [
    ("grassroots", _("Grassroots committees (the committee members counted Bloc-wide)")),
    ("superior", _("Superior committee")),
    ("below", _("Sub-committees and subordinate cells")),
]


class SeatFilter(FilterSet):
    q = SearchFilter(search_field="member__name_search")
    organization = OrganizationFilter(
        label=_("Organisation (with everything under it)"), queryset=None, method="filter_organization",
        empty_label=_("All"),
    )
    direct = YesNoFilter(label=_("Its own committees only"), method="filter_direct")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=LEVELS, method="filter_level")
    body_kind = django_filters.ChoiceFilter(label=_("Body"), field_name="body__kind", choices=Body.Kind.choices)
    position = django_filters.ChoiceFilter(label=_("Position"), choices=Position.choices)
    engagement = django_filters.ChoiceFilter(label=_("Engagement"), choices=Seat.Engagement.choices)
    allowance_category = django_filters.ModelChoiceFilter(label=_("Allowance category"),
                                                          queryset=AllowanceCategory.objects.all())
    state = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_state", empty_label=None,
        choices=[("current", _("Held now")), ("ended", _("Ended")), ("all", _("All"))],
    )

    class Meta:
        model = Seat
        fields = ["q", "organization", "direct", "level", "body_kind", "position", "engagement", "allowance_category",
                  "state"]

    defaults = {"state": "current"}  # seats held now, unless asked otherwise

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["organization"].for_user(user)

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        if self.form.cleaned_data.get("direct") == "true":
            return queryset.filter(body__organization_id=value.pk)
        return queryset.filter(subtree_q("body__organization_id", value.pk))

    def filter_direct(self, queryset, name, value):
        return queryset  # applied with the organisation filter (its sub-units left out)

    def filter_level(self, queryset, name, value):
        if value == "grassroots":
            return queryset.filter(grassroots_committee_q())
        if value == "superior":
            return queryset.filter(body__organization__kind__tier=OrganizationKind.Tier.SUPERIOR)
        if value == "below":
            return queryset.filter(body__organization__kind__tier=OrganizationKind.Tier.BELOW_GRASSROOTS)
        return queryset

    def filter_state(self, queryset, name, value):
        if value == "current":
            return queryset.filter(ended_on__isnull=True, body__ended_on__isnull=True)
        if value == "ended":
            return queryset.filter(Q(ended_on__isnull=False) | Q(body__ended_on__isnull=False))
        return queryset
