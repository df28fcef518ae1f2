"""The register's filters, all strict: a value a filter does not know (a kind, a state, a date that is not one or
comes before the founding day) is refused, never ignored (core.views.ListPage answers 400 naming it; the API answers
400 with the errors)."""

import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from core.forms import DateField

from .models import OPEN_STATES, Ground, Handler, Kind, Petition, State


class DateFilter(django_filters.DateFilter):
    """dd/mm/yyyy, refused before the founding day (core.forms.DateField)."""

    field_class = DateField


class PetitionFilter(django_filters.FilterSet):
    received_from = DateFilter(label=_("Received from"), field_name="received_on", lookup_expr="gte")
    received_to = DateFilter(label=_("Received until"), field_name="received_on", lookup_expr="lte")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=State.choices)
    eligibility = django_filters.ChoiceFilter(
        label=_("Eligibility"), method="filter_eligibility",
        choices=[("handled", _("Handled")), ("not_handled", _("Not handled")), ("pending", _("Not classified"))])
    reason = django_filters.ChoiceFilter(label=_("Why not handled"), field_name="not_handled_reason",
                                         choices=Ground.choices)
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"), method="filter_deadline",
        choices=[("overdue", _("Overdue")), ("due_soon", _("Due soon")), ("open", _("Being settled"))])

    handled_by = django_filters.ChoiceFilter(label=_("Handler"), method="filter_handled_by",
                                             choices=[("me", _("Letters in my hands"))])

    class Meta:
        model = Petition
        fields = ["received_from", "received_to", "kind", "state", "eligibility", "reason", "deadline", "handled_by"]

    def __init__(self, *args, today, due_soon, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.due_soon, self.user = today, due_soon, user

    def filter_handled_by(self, queryset, name, value):
        """The open letters the user is a handler of (the home's "letters in my hands")."""
        if self.user is None:
            return queryset.none()
        return queryset.filter(state__in=OPEN_STATES, pk__in=Handler.objects.filter(
            user=self.user, ended_on__isnull=True).values("petition_id"))

    def filter_eligibility(self, queryset, name, value):
        if value == "handled":
            return queryset.exclude(state__in=(State.RECEIVED, State.NOT_HANDLED)).filter(not_handled_reason="")
        if value == "not_handled":
            return queryset.exclude(not_handled_reason="")
        if value == "pending":
            return queryset.filter(state=State.RECEIVED)
        return queryset

    def filter_deadline(self, queryset, name, value):
        open_ = queryset.filter(state__in=OPEN_STATES)
        if value == "overdue":
            return open_.filter(due_on__lt=self.today)
        if value == "due_soon":
            return open_.filter(due_on__gte=self.today,
                                due_on__lte=self.today + datetime.timedelta(days=self.due_soon))
        if value == "open":
            return open_
        return queryset
