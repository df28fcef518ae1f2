"""The security log's filters, strict like every list's (core.filters): a value a filter cannot accept is refused
(the page answers 400 naming it), never ignored."""

import datetime
import ipaddress

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import security
from core.forms import DateField

from .kinds import CHOICES
from .models import SecurityEvent


class DateFilter(django_filters.DateFilter):
    """dd/mm/yyyy (or yyyy-mm-dd); refused before the Party's founding day, like every date of the app."""

    field_class = DateField


class AddressField(forms.CharField):
    """A whole address (192.168.1.20, 2001:db8::1) or the start of one (192.168.1.)."""

    def clean(self, value):
        value = super().clean(value)
        if value and not _is_address_start(value):
            raise forms.ValidationError(_("Enter an address, or its beginning (for example 192.168.1.)."),
                                        code="invalid")
        return value


def _is_address_start(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        pass
    return len(value) <= 45 and all(c in "0123456789abcdefABCDEF.:" for c in value)


class AddressFilter(django_filters.CharFilter):
    field_class = AddressField


# Kinds whose user name is in the detail rather than in the user column: the name typed at a failed login.
NAME_IN_DETAIL = (security.LOGIN_FAILED, security.LOCKOUT, security.OTP_FAILED)


class SecurityEventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=CHOICES)
    user = django_filters.CharFilter(label=_("User name"), method="filter_user", max_length=150)
    since = DateFilter(label=_("From"), field_name="when", method="filter_since")
    until = DateFilter(label=_("To"), field_name="when", method="filter_until")
    address = AddressFilter(label=_("Address"), method="filter_address", max_length=45)
    q = django_filters.CharFilter(label=_("Page or detail contains"), method="filter_text", max_length=200)

    class Meta:
        model = SecurityEvent
        fields = ["kind", "user", "since", "until", "address", "q"]

    def filter_user(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(username__icontains=value)
                               | Q(kind__in=NAME_IN_DETAIL, username="", detail__icontains=value))

    @staticmethod
    def _midnight(day: datetime.date) -> datetime.datetime:
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def filter_since(self, queryset, name, value):
        # A range on the indexed time rather than __date (which the database would compute row by row).
        return queryset.filter(when__gte=self._midnight(value)) if value else queryset

    def filter_until(self, queryset, name, value):
        return queryset.filter(when__lt=self._midnight(value + datetime.timedelta(days=1))) if value else queryset

    def filter_address(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        try:
            return queryset.filter(ip_address=str(ipaddress.ip_address(value)))
        except ValueError:
            return queryset.filter(ip_address__startswith=value)

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(path__icontains=value) | Q(detail__icontains=value))
