"""The apparatus pages, declared through the shared views (core.views): the Bloc-wide reports and the seat list, an
organisation's terms, committees and seats, and the forms that record them (read with the selectors, write with
the services)."""

import datetime
from operator import itemgetter

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import export_response, table_columns
from core.history import history_entries
from core.scope import APPARATUS
from core.views import ActionPage, ListPage, ObjectPage, ReportPage
from organizations.selectors import organization_get
from organizations.views import OrganizationPage

from . import forms, selectors, services
from .filters import SeatFilter
from .models import Body
from .tables import AllowanceTable, SeatTable, StaffingTable


def apparatus_url(organization) -> str:
    return reverse("apparatus:organization", args=[organization.pk])


# -- Bloc-wide pages (printed reports and the seat list) ---------------------------------------------------------

class ApparatusReport(ReportPage):
    """A printed report of the user's organisations, headed by the highest of them."""

    def context(self, **extra) -> dict:
        return super().context(issuer=selectors.report_issuer(self.user), **extra)


class ApparatusHealth(ApparatusReport):
    """Every apparatus problem of the user's organisations, worst first; `?problem=<code>` keeps one kind."""

    title = gettext_lazy("Apparatus health")
    template_name = "apparatus/health.html"
    params_form = forms.HealthForm

    def compute(self, params):
        code = params.get("problem", "")
        return {**selectors.health_report(self.user, code=code), "problem": code}


class StaffingReport(ApparatusReport):
    title = gettext_lazy("Staffing analysis")
    template_name = "apparatus/staffing.html"
    export_name = "phan-tich-bien-che"

    def compute(self, params):
        return selectors.staffing_analysis(self.user)

    def export_table(self, data, params):
        return StaffingTable(data["rows"])


class AllowanceReport(ApparatusReport):
    """Concurrent cadres paid an allowance in a month (`?month=YYYY-MM`, this month by default); the export ends
    with the month's total."""

    title = gettext_lazy("Monthly allowances for concurrent cadres")
    template_name = "apparatus/allowances.html"
    params_form = forms.MonthForm

    def defaults(self):
        return {"month": datetime.date.today().replace(day=1)}

    def compute(self, params):
        month = params["month"].replace(day=1)
        return {**selectors.allowance_list(self.user, month=month), "month": month}

    def export_file(self, data, params, fmt):
        columns = table_columns(AllowanceTable(data["rows"]))
        rows = [tuple(get(row) for _header, get in columns) for row in data["rows"]]
        rows.append(("", None, "", "", _("Total"), data["total"]))
        month = data["month"]
        return export_response(fmt, filename=f"phu-cap-{month:%Y-%m}",
                               columns=[(header, itemgetter(i)) for i, (header, _get) in enumerate(columns)],
                               rows=rows, title=_("Allowances for %(month)s") % {"month": month.strftime("%m/%Y")})


class SeatList(ListPage):
    title = gettext_lazy("Committee members")
    filterset_class = SeatFilter
    table_class = SeatTable
    per_page = 50
    export_name = "cap-uy-vien"

    def queryset(self):
        return selectors.seat_list_qs(self.user)

    def filterset_kwargs(self):
        return {"user": self.user}


# -- one organisation ------------------------------------------------------------------------------------------

class OrganizationApparatus(OrganizationPage):
    """An organisation's terms, its committees of the current term with their seats, and the earlier ones."""

    title = gettext_lazy("Apparatus")
    template_name = "apparatus/organization.html"

    def setup_page(self):
        super().setup_page()
        self.state = selectors.organization_apparatus(self.user, self.object)
        if self.state is None:  # an organisation that elects no committee has no apparatus
            raise Http404

    def crumbs(self):
        organization = self.object
        return [*super().crumbs(), (organization.name, reverse("organizations:detail", args=[organization.pk]))]

    def context(self, **extra):
        organization, state = self.object, self.state
        bodies = selectors.organization_bodies(organization, include_past=True)
        current_bodies = [b for b in bodies if b.term.ended_on is None]
        missing_kinds = []
        if state.term:
            present = {b.kind for b in current_bodies}
            missing_kinds = [Body.Kind(k).label for k in selectors.body_kinds_for(organization) if k not in present]
        return super().context(
            organization=organization, state=state, terms=list(selectors.organization_terms(organization)),
            current_bodies=current_bodies, past_bodies=[b for b in bodies if b.term.ended_on is not None],
            missing_kinds=missing_kinds,
            can_manage=organization.is_active and self.scope.covers(organization.pk, APPARATUS), **extra)


class ApparatusCrumbs:
    """Breadcrumbs of a page below an organisation's apparatus: the organisation, then its apparatus."""

    def organization(self):
        """The organisation whose apparatus the page is below: the object's (a term's, a body's)."""
        return self.object.organization

    def crumbs(self):
        organization = self.organization()
        return [(organization.name, reverse("organizations:detail", args=[organization.pk])),
                (_("Apparatus"), apparatus_url(organization))]


class SeatDetail(ApparatusCrumbs, ObjectPage):
    selector = selectors.seat_get
    template_name = "apparatus/seat.html"

    def organization(self):
        return self.object.body.organization

    def get_title(self):
        return f"{self.object.get_position_display()} — {self.object.member.full_name}"

    def context(self, **extra):
        seat = self.object
        return super().context(
            seat=seat, organization=seat.body.organization, history=history_entries(seat),
            can_manage=seat.is_active and self.scope.covers(seat.body.organization_id, APPARATUS), **extra)


class ApparatusAction(ApparatusCrumbs, ActionPage):
    """A record of the apparatus (a term, a body, a seat): form, service, and back to the organisation's apparatus."""

    action = APPARATUS

    def subtitle(self):
        return self.organization().name

    def back_url(self):
        return apparatus_url(self.organization())

    def success_url(self, result):
        return self.back_url()


class TermOpen(ApparatusAction):
    selector = organization_get
    form_class = forms.TermForm
    title = gettext_lazy("Record a new term")
    success_message = gettext_lazy("The new term is recorded; the previous term's committees ended with it.")
    service = services.term_open
    object_kwarg = "organization"

    def organization(self):
        return self.object

    def form_kwargs(self):
        return {"organization": self.object}


class TermAction(ApparatusAction):
    selector = selectors.term_get
    object_kwarg = "term"


class TermCorrect(TermAction):
    form_class = forms.TermCorrectForm
    success_message = gettext_lazy("The term is corrected.")
    service = services.term_correct

    def get_title(self):
        return _("Correct the term %s") % self.object.label

    def initial(self):
        term = self.object
        return {"label": term.label, "congress_on": term.congress_on, "decision_number": term.decision_number,
                "note": term.note}


class BodyCreate(TermAction):
    form_class = forms.BodyForm
    success_message = gettext_lazy("The body is added.")
    service = services.body_create

    def get_title(self):
        return _("Add a body to the term %s") % self.object.label

    def form_kwargs(self):
        return {"term": self.object}


class SeatAssign(ApparatusAction):
    selector = selectors.body_get
    form_class = forms.SeatForm
    success_message = gettext_lazy("The seat is recorded.")
    service = services.seat_assign
    object_kwarg = "body"

    def get_title(self):
        body = self.object
        return _("New seat on the %(body)s (%(term)s)") % {"body": body.get_kind_display(), "term": body.term.label}

    def form_kwargs(self):
        return {"body": self.object}

    def initial(self):
        position = self.request.GET.get("position")
        return {"position": position} if position else None


class SeatAction(ApparatusAction):
    selector = selectors.seat_get
    object_kwarg = "seat"
    heading = ""  # with the member's name and the position

    def organization(self):
        return self.object.body.organization

    def get_title(self):
        seat = self.object
        return str(self.heading) % {"name": seat.member.full_name, "position": seat.get_position_display()}


class SeatEnd(SeatAction):
    form_class = forms.SeatEndForm
    heading = gettext_lazy("End the seat of %(name)s (%(position)s)")
    success_message = gettext_lazy("The seat has ended; it stays in the record.")
    service = services.seat_end

    def initial(self):
        return {"ended_on": datetime.date.today()}


class SeatUpdate(SeatAction):
    form_class = forms.SeatUpdateForm
    heading = gettext_lazy("Change the seat of %(name)s (%(position)s)")
    success_message = gettext_lazy("The seat is changed.")
    service = services.seat_update

    def initial(self):
        return {"engagement": self.object.engagement, "allowance_category": self.object.allowance_category}
