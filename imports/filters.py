import django_filters
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS
from .models import ImportBatch, State


class BatchFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("What"), choices=lambda: [(c, k.label) for c, k in KINDS.items()])
    state = django_filters.ChoiceFilter(label=_("State"), choices=State.choices)

    class Meta:
        model = ImportBatch
        fields = ["kind", "state"]
