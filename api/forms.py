import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField
from meetings.forms import ComplianceForm

from .models import ApiToken


class TokenCreateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for: the program or the phone app that will use it."))
    access = forms.ChoiceField(label=_("Access"), choices=ApiToken.Access.choices, initial=ApiToken.Access.READ,
                               widget=forms.RadioSelect)
    expires_on = DateField(label=_("Expires on"), help_text=_("The token works until the end of this day."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access"].widget.attrs["class"] = ""
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)


RANGE_MAX_MONTHS = 24  # a range of months the compliance endpoint answers (the page's longest period is a year)


class ComplianceQueryForm(ComplianceForm):
    """The compliance page's question (meetings.forms.ComplianceForm: a month and its period, an organisation of the
    user's scope, failing only, the sort) and, for the API, a range of months instead of the period."""

    month_from = forms.DateField(input_formats=["%Y-%m"], required=False,
                                 error_messages={"invalid": _("Choose a month.")})
    month_to = forms.DateField(input_formats=["%Y-%m"], required=False,
                               error_messages={"invalid": _("Choose a month.")})

    def clean_month_from(self):
        return self._month_in_bounds("month_from")

    def clean_month_to(self):
        return self._month_in_bounds("month_to")

    def _month_in_bounds(self, name):
        month = self.cleaned_data.get(name)
        today = datetime.date.today()
        if month and not (datetime.date(1931, 1, 1) <= month <= today.replace(year=today.year + 5, day=1)):
            raise forms.ValidationError(_("Choose a month."))
        return month

    def clean(self):
        data = super().clean()
        start, end = data.get("month_from"), data.get("month_to")
        if "month_from" in self.errors or "month_to" in self.errors or not (start or end):
            return data
        if not (start and end):
            self.add_error("month_to" if start else "month_from",
                           _("A range of months needs its first and its last month."))
        elif data.get("month") or data.get("period"):
            self.add_error("month_from", _("Ask for a month and its period, or for a range of months, not both."))
        elif end < start:
            self.add_error("month_to", _("The last month comes after the first."))
        else:
            self.months_in_range = (end.year - start.year) * 12 + end.month - start.month + 1
            if self.months_in_range > RANGE_MAX_MONTHS:
                self.add_error("month_to", _("A range of at most %(months)d months.") % {"months": RANGE_MAX_MONTHS})
        return data
