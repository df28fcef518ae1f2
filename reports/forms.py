from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField
from organizations.widgets import OrganizationField

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
