"""The case list's and the remedy list's filters, all strict: a value a filter does not know is refused, never
ignored (core.views.ListPage answers 400 naming it). The figures of the home page and of the statistics link to
these lists with the filters that give exactly their rows."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import DateField

from . import selectors
from .models import Case, CaseType, Remedy, WorkflowState, overdue_q


class DateFilter(django_filters.DateFilter):
    """dd/mm/yyyy, refused before the founding day (core.forms.DateField)."""

    field_class = DateField


def _keep(queryset, name, value):
    return queryset  # read by the filterset as a whole (filter_queryset)


# What a period counts on a case, as the statistics count it (selectors.statistics): the date field that falls in it.
EVENT_FIELDS = {"planned": "planned_from", "started": "decided_on", "concluded": "concluded_on", "closed": "closed_on"}


class CaseFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), method="filter_stage",
        choices=[("open", _("Running")), ("overdue", _("Running, overdue")), ("closed", _("Closed")),
                 ("cancelled", _("Cancelled"))])
    type = django_filters.ChoiceFilter(label=_("Type"), choices=CaseType.choices)
    state = django_filters.ModelChoiceFilter(label=_("State"), queryset=WorkflowState.objects.order_by(
        "workflow_id", "order"))
    event = django_filters.ChoiceFilter(
        label=_("In the period"), method=_keep,
        choices=[("planned", _("Planned")), ("started", _("Started (decision)")), ("concluded", _("Concluded")),
                 ("closed", _("Closed")), ("running", _("Running"))])
    since = DateFilter(label=_("From"), method=_keep)
    until = DateFilter(label=_("To"), method=_keep)

    class Meta:
        model = Case
        fields = ["stage", "type", "state", "event", "since", "until"]

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_stage(self, queryset, name, value):
        if value == "open":
            return queryset.filter(selectors.open_case_q())
        if value == "overdue":
            return queryset.filter(selectors.open_case_q(), next_due__lt=self.today)
        if value == "closed":
            return queryset.filter(Q(closed_on__isnull=False) | Q(state__is_final=True))
        if value == "cancelled":
            return queryset.filter(state__is_cancelled=True)
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        event, since, until = data.get("event"), data.get("since"), data.get("until")
        if event == "running":  # in the period at all: planned before its end, not closed before its start
            if until:
                queryset = queryset.filter(planned_from__lte=until)
            if since:
                queryset = queryset.exclude(closed_on__lt=since)
        elif event:
            field = EVENT_FIELDS[event]
            queryset = queryset.filter(**{f"{field}__isnull": False})
            if since:
                queryset = queryset.filter(**{f"{field}__gte": since})
            if until:
                queryset = queryset.filter(**{f"{field}__lte": until})
        return queryset


class RemedyFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        label=_("Whose"), method="filter_role",
        choices=[("check", _("Of the case files I hold (to check)")),
                 ("carry_out", _("For my organisations to carry out"))])
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Remedy.Status.choices)
    deadline = django_filters.ChoiceFilter(label=_("Deadline"), method="filter_deadline",
                                           choices=[("overdue", _("Overdue"))])
    due_from = DateFilter(label=_("Due from"), field_name="deadline", lookup_expr="gte")
    due_to = DateFilter(label=_("Due until"), field_name="deadline", lookup_expr="lte")

    class Meta:
        model = Remedy
        fields = ["role", "status", "deadline", "due_from", "due_to"]

    def __init__(self, *args, user, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.today = user, today

    def filter_role(self, queryset, name, value):
        if value == "check":
            return queryset.filter(selectors.held_remedy_q(self.user))
        if value == "carry_out":
            return queryset.filter(selectors.responsible_remedy_q(self.user))
        return queryset

    def filter_deadline(self, queryset, name, value):
        return queryset.filter(overdue_q(self.today)) if value == "overdue" else queryset
