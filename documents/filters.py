import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, SearchFilter
from core.scope import DOCUMENTS
from organizations.selectors import subtree_q
from organizations.widgets import OrganizationFilter

from . import numbering
from .models import Confidentiality, Direction, Document

FIRST_YEAR = 1930


class DocumentFilter(FilterSet):
    q = SearchFilter(search_field="search", label=_("Number, summary, sender or signer"))
    organization = OrganizationFilter(label=_("Register of (with everything under it)"), queryset=None,
                                      method="filter_organization", empty_label=_("All"), action=DOCUMENTS)
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=[])
    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], method="filter_year")
    confidentiality = django_filters.ChoiceFilter(label=_("Confidentiality"), choices=Confidentiality.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Document.Status.choices)

    class Meta:
        model = Document
        fields = ["q", "organization", "direction", "kind", "year", "confidentiality", "status"]

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["organization"].for_user(user)
        today = timezone.localdate()
        names = numbering.kind_names(today)
        self.filters["kind"].extra["choices"] = [(code, f"{code} — {name}") for code, name in names.items()]
        self.filters["year"].extra["choices"] = [(str(y), str(y)) for y in range(today.year, FIRST_YEAR - 1, -1)]

    def filter_organization(self, queryset, name, value):
        return queryset.filter(subtree_q("organization_id", value.pk)) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(issued_on__year=int(value)) if value else queryset
