from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField, ReasonForm
from core.scope import DOCUMENTS
from organizations.widgets import OrganizationField

from .models import PeriodicReport, PeriodKind
from .periodic import reporting_organizations

# The forms dangbo fills (their codes are rule data: rules.codes.STATISTICS_FORMS), in the order of the workbook.
FORM_NAMES = {
    "members": _("Party members as of the date"),
    "movements": _("Admissions, transfers and losses over the period"),
    "organizations": _("Party organisations as of the date"),
    "committees": _("Committee members as of the date"),
}
# dangbo's provisional codes as seeded (reports/migrations/0001): named as they are written
PROVISIONAL_CODES = ("TK-1", "TK-2", "TK-3", "TK-4")


class StatisticsForm(forms.Form):
    """Whose figures (an organisation of the user's scope with everything under it on the date; none: the whole
    scope), as of which day, and since when the period's movements are counted (1 January of that year by default).
    A value it cannot accept refuses the page (core.views.ReportPage), never widens it."""

    organization = OrganizationField(label=_("Organisation (with everything under it)"), active_only=False,
                                     required=False, small=True, empty_label=_("All"))
    as_of = DateField(label=_("As of"), required=False)
    since = DateField(label=_("Movements since"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user)

    def clean(self):
        data = super().clean()
        as_of, since = data.get("as_of"), data.get("since")
        if as_of and since and since > as_of:
            self.add_error("since", _("The period starts after the date of the report."))
        return data


# ---- periodic reports ------------------------------------------------------------------------------------------

# the words of the periods rule's value (rules/display)
PERIOD_SPEC_NAMES = {
    "months": _("months covered"),
    "numbers": _("periods in a year"),
    "due_days": _("days after the period to send it"),
    "required": _("periods owed"),
}


class PeriodicCreateForm(BootstrapMixin, forms.Form):
    organization = OrganizationField(label=_("Organisation"), action=DOCUMENTS)
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.HALF_YEAR)
    year = forms.IntegerField(label=_("Year"), min_value=1930, max_value=9998)
    number = forms.IntegerField(label=_("Number in the year"), min_value=1, max_value=12, initial=1, required=False,
                                help_text=_("The month or the quarter; 1 for the other periods."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user)
        self.fields["organization"].queryset = reporting_organizations(user)

    def clean_number(self):
        return self.cleaned_data.get("number") or 1


class PeriodicTextForm(BootstrapMixin, forms.Form):
    situation = forms.CharField(label=_("General situation"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    results = forms.CharField(label=_("Results by area of work"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("The figures counted by the app are added to the report."))
    shortcomings = forms.CharField(label=_("Shortcomings and their causes"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    tasks = forms.CharField(label=_("Tasks for the next period"), required=False,
                            widget=forms.Textarea(attrs={"rows": 4}))


class PeriodicSubmitForm(BootstrapMixin, forms.Form):
    place = forms.CharField(label=_("Place"), max_length=100, required=False,
                            help_text=_("As printed before the date, e.g. Vĩnh Phúc."))
    recipients = forms.CharField(label=_("Recipients"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("One per line; the superior committee when empty."))
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100)
    signer_name = forms.CharField(label=_("Signer"), max_length=100)


class PeriodicReturnForm(ReasonForm):
    """The reason goes onto the report as it is typed: refused when longer than the report keeps."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=PeriodicReport._meta.get_field("return_reason").max_length)
