import datetime

from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from core.views import ReportPage

from . import forms, selectors
from .exports import statistics_response


class StatisticsReport(ReportPage):
    """The basic statistics forms for an organisation of the user's scope (or the whole of it) as of a day; each
    figure opens the rows it counts; the workbook has one sheet per form."""

    title = _("Basic statistics")
    template_name = "reports/statistics.html"
    params_form = forms.StatisticsForm

    def params_kwargs(self):
        return {"user": self.user}

    def defaults(self):
        today = datetime.date.today()
        return {"as_of": today}

    def compute(self, params):
        as_of = params["as_of"]
        since = params.get("since") or as_of.replace(month=1, day=1)
        organization = params.get("organization")
        data = selectors.statistics(self.user, organization=organization, as_of=as_of, since=min(since, as_of))
        data["issuer"] = selectors.issuer_name(self.user, organization)
        data["organization"] = organization
        return data

    def export_file(self, data, params, fmt):
        return statistics_response(self.request, data, issuer=data["issuer"])

    def export_error(self, fmt):
        errors = super().export_error(fmt)
        if fmt and not errors and fmt != "xlsx":
            errors.append({"name": "export", "label": _gettext("Export"), "messages": [_gettext("Choose Excel (xlsx).")]})
        return errors
