import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, SearchFilter, YesNoFilter
from core.forms import DateField
from core.scope import scope_for
from organizations.selectors import subtree_q
from organizations.widgets import OrganizationFilter

from .choices import (
    ACTIVE_STATUSES,
    AGE_BANDS,
    ETHNICITY_CHOICES,
    LOSS_STATUSES,
    Education,
    Gender,
    Qualification,
    Religion,
    Status,
    TheoryLevel,
)
from .models import Member
from .selectors import (
    age_band_dates,
    counted_organizations,
    movement_periods,
    organizations_on,
    probationary_on_q,
    registered_on_q,
)


class DateFilter(django_filters.DateFilter):
    field_class = DateField  # dd/mm/yyyy (or yyyy-mm-dd), refused before the Party's founding day


MOVEMENT_CHOICES = [("admitted", _("Admitted")), ("arrived", _("Transferred in")), ("left", _("Transferred out")),
                    ("lost", _("Lost (died, expelled, struck off, left)"))]

STATUS_CHOICES = [("active", _("Active (probationary and full)"))] + list(Status.choices) + [
    ("exempted", _("Exempt from work and meetings")),
    ("temporary", _("On temporary transfer")),
    ("all", _("All, including ended")),
]


class MemberFilter(FilterSet):
    q = SearchFilter()
    organization = OrganizationFilter(
        label=_("Organisation (with everything under it)"), queryset=None, method="filter_organization",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="filter_status",
                                         empty_label=None)
    registration = django_filters.ChoiceFilter(
        label=_("Registered"), method="filter_registration",
        choices=[("official", _("Officially (counted here)")), ("guest", _("Attending on temporary transfer"))],
    )
    direct = YesNoFilter(label=_("Directly in it only"), method="filter_direct")
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=[(c, label) for c, label, _lo, _hi in AGE_BANDS], method="filter_age_band"
    )
    ethnicity = django_filters.ChoiceFilter(label=_("Ethnicity"), choices=ETHNICITY_CHOICES)
    theory_level = django_filters.ChoiceFilter(label=_("Political theory"), choices=TheoryLevel.choices)
    religion = django_filters.ChoiceFilter(label=_("Religion"), choices=Religion.choices)
    education = django_filters.ChoiceFilter(label=_("General education"), choices=Education.choices)
    qualification = django_filters.ChoiceFilter(label=_("Professional qualification"), choices=Qualification.choices)
    # The members officially registered on a past day (membership periods), as the statistics (reports) count them:
    # the organisation is the one they were in then, with what was under it then; the status (active, probationary,
    # full) and the age band are judged on that day.
    as_of = DateFilter(label=_("Registered on"), method="filter_as_of")
    # The statistics' movements over [since, as_of] (members.selectors.movement_periods): the members admitted,
    # transferred in or out of the organisation (with what was under it on `as_of`), or lost; a loss's reason is the
    # status chosen with it.
    movement = django_filters.ChoiceFilter(label=_("Movement"), choices=MOVEMENT_CHOICES, method="filter_movement")
    since = DateFilter(label=_("Movements since"), method="filter_since")

    class Meta:
        model = Member
        fields = ["q", "organization", "registration", "direct", "status", "gender", "age_band", "ethnicity",
                  "theory_level", "religion", "education", "qualification", "as_of", "movement", "since"]

    defaults = {"status": "active"}

    def __init__(self, data=None, *args, user=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["organization"].for_user(user)
        scope = scope_for(user)
        if scope.sees_everything():
            self.official_scope_q = Q(organization__isnull=False)
            self.guest_scope_q = Q(temporary_organization__isnull=False)
        else:
            ids = sorted(scope.org_ids() or ())
            self.official_scope_q = Q(organization_id__in=ids)
            self.guest_scope_q = Q(temporary_organization_id__in=ids)

    def _as_of(self):
        return self.form.cleaned_data.get("as_of")

    def filter_as_of(self, queryset, name, value):
        if not value or self._movement():
            return queryset  # with a movement: the day ends its period (filter_movement)
        ids = organizations_on(self.user, self.form.cleaned_data.get("organization"), value)
        return queryset.filter(registered_on_q(value, ids))

    def _movement(self):
        return self.form.cleaned_data.get("movement")

    def movement_period(self) -> tuple[datetime.date, datetime.date]:
        """[since, until] of the movements: until the day chosen (today), since the day chosen (1 January of
        until's year, as the statistics), never after until."""
        until = self._as_of() or datetime.date.today()
        since = self.form.cleaned_data.get("since") or until.replace(month=1, day=1)
        return min(since, until), until

    def filter_movement(self, queryset, name, value):
        if not value:
            return queryset
        since, until = self.movement_period()
        ids = counted_organizations(self.user, self.form.cleaned_data.get("organization"), until)
        periods = movement_periods(ids, since, until)[value]
        return queryset.filter(pk__in=periods.values("member_id"))

    def filter_since(self, queryset, name, value):
        return queryset  # applied with the movement

    def filter_organization(self, queryset, name, value):
        if not value or self._as_of() or self._movement():
            return queryset  # as of a day, or a movement: applied with it (the organisation of that day)
        direct = self.form.cleaned_data.get("direct") == "true"

        def within(field):
            return Q(**{field: value.pk}) if direct else subtree_q(field, value.pk)

        if self.form.cleaned_data.get("registration") == "official":
            return queryset.filter(within("organization_id"))
        if self.form.cleaned_data.get("registration") == "guest":
            return queryset.filter(within("temporary_organization_id"))
        return queryset.filter(within("organization_id") | within("temporary_organization_id"))

    def filter_direct(self, queryset, name, value):
        return queryset  # applied with the organisation filter (its sub-units left out)

    def filter_registration(self, queryset, name, value):
        """Without an organisation: official = counted in the user's organisations (what the dashboard counts)."""
        if not value or self.form.cleaned_data.get("organization") or self._as_of() or self._movement():
            return queryset  # applied together with the organisation filter (or the day: official by definition)
        scope_q = self.official_scope_q if value == "official" else self.guest_scope_q
        return queryset.filter(scope_q)

    def filter_status(self, queryset, name, value):
        if self._movement():  # those who moved, whatever they are now; a loss's reason is its status
            return queryset.filter(status=value) if value in LOSS_STATUSES else queryset
        day = self._as_of()
        if day:  # registered on that day: active then by definition
            if value == Status.PROBATIONARY:
                return queryset.filter(probationary_on_q(day))
            if value == Status.FULL:
                return queryset.exclude(probationary_on_q(day))
            if value in ("active", "all"):
                return queryset
            return queryset.none()  # ended or transferred away on that day: not registered then
        if value == "all":
            return queryset
        if value == "active":
            return queryset.filter(status__in=ACTIVE_STATUSES)
        if value == "exempted":
            return queryset.filter(status__in=ACTIVE_STATUSES, exempted_since__isnull=False)
        if value == "temporary":
            return queryset.filter(status__in=ACTIVE_STATUSES).filter(
                Q(temporary_organization__isnull=False) | ~Q(temporary_external="")
            )
        return queryset.filter(status=value)

    def filter_age_band(self, queryset, name, value):
        bounds = age_band_dates(value, self._as_of())
        if not bounds:
            return queryset
        born_after, born_on_or_before = bounds
        return queryset.filter(date_of_birth__gt=born_after, date_of_birth__lte=born_on_or_before)
