import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from core import security
from core.forms import RevisionField
from core.history import history_entries
from core.scope import DOCUMENTS
from core.text import fold
from core.views import ActionPage, ButtonAction, ObjectPage, Page, ReportPage

from . import forms, periodic, periods, printed, selectors, services
from .exports import statistics_response
from .figures import compared_sections, figures_as_of, figures_changes, periodic_figures


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


# ---- periodic reports ------------------------------------------------------------------------------------------

def _periodic_crumb():
    return (_gettext("Periodic reports"), reverse("reports:periodic"))


class PeriodicList(Page):
    """The reports of the organisations the user keeps the register of, and the to-do: the reports owed soon or
    overdue (rule data), the reports submitted to the user's committee waiting to be received."""

    needs = DOCUMENTS
    title = _("Periodic reports")
    template_name = "reports/periodic_list.html"
    limit = 200

    def context(self, **extra):
        reports = list(periodic.report_list(self.user)[:self.limit])
        return super().context(reports=reports, todo=periodic.todo(self.user), limit=self.limit,
                               remind_days=periods.REMIND_DAYS, **extra)


class PeriodicCreate(ActionPage):
    needs = DOCUMENTS
    form_class = forms.PeriodicCreateForm
    title = _("New periodic report")
    submit_label = _("Create it with the figures")
    success_message = _("The report is created; write its text, then submit it.")
    service = services.periodic_report_create

    def crumbs(self):
        return [_periodic_crumb()]

    def form_kwargs(self):
        return {"user": self.user}

    def initial(self):
        today = timezone.localdate()
        initial = {"year": today.year}
        for name in ("organization", "kind", "year", "number"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def back_url(self):
        return reverse("reports:periodic")


class PeriodicDetail(ObjectPage):
    """The report: its figures (live while it is written, frozen once submitted), its text (a form while it may be
    edited), the buttons of its next step for whoever may take it, its history."""

    selector = periodic.report_get
    action = DOCUMENTS
    template_name = "reports/periodic_detail.html"

    def get_title(self):
        return str(self.object)

    def crumbs(self):
        return [_periodic_crumb()]

    def context(self, **extra):
        report = self.object
        figures = report_figures(report)
        before = periodic.previous_figures(report)
        may_keep = periodic.may_keep(self.user, report.organization)
        text_form = None
        if report.editable and may_keep:
            text_form = forms.PeriodicTextForm(initial={name: getattr(report, name) for name in services.TEXTS})
            text_form.fields["revision"] = RevisionField(initial=report.revision)
        superior = report.status == report.Status.SUBMITTED and periodic.may_receive(self.user, report)
        own = superior and report.submitted_by_id == self.user.pk  # separation of duties: another person receives
        as_of = figures_as_of(figures)
        links = None
        if as_of is not None:  # the members each member figure counts, as the member list finds them on that day
            links = {f"members:{key}": url for key, url in selectors.member_figure_links(
                report.organization, since=report.starts_on, as_of=as_of).items()}
        return super().context(report=report, sections=compared_sections(figures, before, links), figures=figures,
                               as_of=as_of, before=before, text_form=text_form, may_keep=may_keep,
                               may_receive=superior and not own, own_submission=own,
                               self_receiving=services.SELF_RECEIVING,
                               history=history_entries(report, shown={"figures": figures_changes}), **extra)


def report_figures(report) -> dict:
    """The frozen figures of a submitted report; the live ones while it is written (the user's access to the report
    was checked by report_get: the figures are the organisation's whoever reads them)."""
    if report.frozen and report.figures:
        return report.figures
    months = (report.ends_on.year - report.starts_on.year) * 12 + report.ends_on.month - report.starts_on.month + 1
    return periodic_figures(report.organization, report.starts_on, report.ends_on, months)


class PeriodicPage(ActionPage):
    selector = periodic.report_get
    action = DOCUMENTS
    object_kwarg = "report"

    def crumbs(self):
        return [_periodic_crumb(), (str(self.object), self.object.get_absolute_url())]

    def blocked(self):
        if not self.allowed():
            raise PermissionDenied
        if not self.object.editable:
            messages.error(self.request, _gettext("The report is already submitted."))
            return redirect(self.object.get_absolute_url())
        return None

    def allowed(self) -> bool:
        return periodic.may_keep(self.user, self.object.organization)


class PeriodicText(PeriodicPage):
    title = _("Write the report")
    form_class = forms.PeriodicTextForm
    success_message = _("The text is saved.")
    service = services.periodic_report_update_text

    def initial(self):
        return {name: getattr(self.object, name) for name in services.TEXTS}


class PeriodicSubmit(PeriodicPage):
    title = _("Submit the report")
    form_class = forms.PeriodicSubmitForm
    submit_label = _("Submit it to the superior")
    success_message = _("The report is numbered, its figures frozen, and it is submitted.")
    confirm = _("Submit the report? Its figures are frozen and it can no longer be edited unless it is returned.")
    service = services.periodic_report_submit

    def initial(self):
        return {"recipients": services.default_recipients(self.object)}


class PeriodicReturn(PeriodicPage):
    title = _("Return the report")
    form_class = forms.PeriodicReturnForm
    submit_label = _("Return it")
    success_message = _("The report is returned to its committee.")
    service = services.periodic_report_return

    def allowed(self) -> bool:
        return periodic.may_receive(self.user, self.object)

    def blocked(self):
        if not self.allowed():
            raise PermissionDenied
        if self.object.status != self.object.Status.SUBMITTED:
            messages.error(self.request, _gettext("Only a submitted report is received or returned."))
            return redirect(self.object.get_absolute_url())
        return None


class PeriodicReceive(ButtonAction):
    selector = periodic.report_get
    action = DOCUMENTS
    success_message = _("The report is received.")

    def perform(self):
        if not periodic.may_receive(self.user, self.object):
            raise PermissionDenied
        services.periodic_report_receive(actor=self.user, report=self.object)


class PeriodicDocx(ObjectPage):
    """The report as .docx in the Party's format (a draft too, its number left blank)."""

    selector = periodic.report_get
    action = DOCUMENTS

    def get(self, request, *args, **kwargs):
        report = self.object
        content = printed.report_docx(report, report_figures(report))
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument."
                                                      "wordprocessingml.document")
        response["Content-Disposition"] = f'attachment; filename="{_file_name(report)}.docx"'
        response["X-Content-Type-Options"] = "nosniff"
        security.security_event(security.EXPORT, request=request, detail=f"format=docx path={request.path}")
        return response


class PeriodicXlsx(ObjectPage):
    """The report's figures as a workbook in the forms' layout."""

    selector = periodic.report_get
    action = DOCUMENTS

    def get(self, request, *args, **kwargs):
        report = self.object
        workbook = printed.report_workbook(report, report_figures(report))
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{_file_name(report)}.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        security.security_event(security.EXPORT, request=request, detail=f"format=xlsx path={request.path}")
        return response


def _file_name(report) -> str:
    base = f"bao-cao-{report.kind}-{report.year}-{report.number}-{report.organization.code or report.organization_id}"
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in fold(base)) or "bao-cao"
