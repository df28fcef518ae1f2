import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Job, State


class JobFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=State.choices)

    class Meta:
        model = Job
        fields = ["state"]
