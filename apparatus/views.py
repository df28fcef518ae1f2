import datetime
from operator import itemgetter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from core.exports import export_response, table_rows
from core.history import history_entries
from core.scope import APPARATUS, EXPORT, VIEW, scope_for
from core.views import run_service
from organizations.selectors import organization_get

from . import services
from .filters import SeatFilter
from .forms import BodyForm, MonthForm, SeatEndForm, SeatForm, SeatUpdateForm, TermCorrectForm, TermForm
from .models import Body
from .selectors import (
    allowance_list,
    body_get,
    health_report,
    organization_apparatus,
    organization_bodies,
    organization_terms,
    seat_get,
    seat_list_qs,
    staffing_analysis,
    term_get,
)
from .services import body_kinds_for
from .tables import SeatTable


def _require(user, action):
    if not scope_for(user).can(action):
        raise PermissionDenied


def _issuer(user) -> str:
    """The highest organisation the user works for: it heads a printed report."""
    from organizations.selectors import organization_qs

    top = organization_qs(user).with_tree_fields().order_by("tree_depth", "name_sort").only("name").first()
    return top.name if top else ""


def _export_requested(request):
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        _require(request.user, EXPORT)
        return fmt
    return None


# -- Bloc-wide pages -------------------------------------------------------------------------------------------

@login_required
def health(request):
    _require(request.user, VIEW)
    code = request.GET.get("problem", "")
    report = health_report(request.user, code=code)
    return render(request, "apparatus/health.html", {**report, "problem": code, "issuer": _issuer(request.user),
                                                     "title": _("Apparatus health")})


STAFFING_COLUMNS = [
    (gettext_lazy("Grassroots organisation"), lambda r: r.organization.name),
    (gettext_lazy("Kind"), lambda r: r.organization.kind.label),
    (gettext_lazy("Members"), lambda r: r.members),
    (gettext_lazy("Committee members"), lambda r: r.committee_size),
    (gettext_lazy("Standing committee"), lambda r: r.standing_size),
    (gettext_lazy("Full-time"), lambda r: r.full_time),
    (gettext_lazy("Concurrent"), lambda r: r.concurrent),
    (gettext_lazy("Eligible for a full-time post (proposal)"), lambda r: _("Yes") if r.eligible else ""),
]


@login_required
def staffing(request):
    _require(request.user, VIEW)
    analysis = staffing_analysis(request.user)
    fmt = _export_requested(request)
    if fmt:
        return export_response(fmt, filename="phan-tich-bien-che", columns=STAFFING_COLUMNS, rows=analysis["rows"],
                               title=_("Staffing analysis"))
    return render(request, "apparatus/staffing.html", {**analysis, "issuer": _issuer(request.user),
                                                       "title": _("Staffing analysis")})


ALLOWANCE_COLUMNS = [
    (gettext_lazy("Full name"), lambda r: r.member.full_name),
    (gettext_lazy("Date of birth"), lambda r: r.member.date_of_birth),
    (gettext_lazy("Organisation"), lambda r: r.organization.name),
    (gettext_lazy("Positions"), lambda r: "; ".join(f"{s.get_position_display()} — {s.body.organization.name}"
                                                    for s in r.seats)),
    (gettext_lazy("Allowance category"), lambda r: r.category.label if r.category else ""),
    (gettext_lazy("Amount (VND)"), lambda r: r.amount),
]


@login_required
def allowances(request):
    _require(request.user, VIEW)
    today = datetime.date.today()
    form = MonthForm(request.GET or None, initial={"month": today.replace(day=1)})
    valid = form.is_valid() if "month" in request.GET else True
    month = form.cleaned_data["month"] if "month" in request.GET and valid else today.replace(day=1)
    data = allowance_list(request.user, month=month)
    fmt = _export_requested(request)
    if fmt and valid:  # a month that could not be read is shown with its error, never exported as another
        rows = [tuple(get(row) for _header, get in ALLOWANCE_COLUMNS) for row in data["rows"]]
        rows.append(("", None, "", "", _("Total"), data["total"]))
        columns = [(header, itemgetter(index)) for index, (header, _get) in enumerate(ALLOWANCE_COLUMNS)]
        return export_response(fmt, filename=f"phu-cap-{month:%Y-%m}", columns=columns, rows=rows,
                               title=_("Allowances for %(month)s") % {"month": month.strftime("%m/%Y")})
    return render(request, "apparatus/allowances.html", {
        **data, "form": form, "month": month, "issuer": _issuer(request.user),
        "title": _("Monthly allowances for concurrent cadres"),
    })


SEAT_COLUMNS = [
    (gettext_lazy("Full name"), lambda s: s.member.full_name),
    (gettext_lazy("Date of birth"), lambda s: s.member.date_of_birth),
    (gettext_lazy("Position"), lambda s: s.get_position_display()),
    (gettext_lazy("Body"), lambda s: s.body.get_kind_display()),
    (gettext_lazy("Organisation"), lambda s: s.body.organization.name),
    (gettext_lazy("Term"), lambda s: s.body.term.label),
    (gettext_lazy("From"), lambda s: s.started_on),
    (gettext_lazy("How"), lambda s: s.get_start_method_display()),
    (gettext_lazy("Decision number"), lambda s: s.start_decision_number),
    (gettext_lazy("Until"), lambda s: s.ended_on),
    (gettext_lazy("Why it ended"), lambda s: s.get_end_reason_display()),
    (gettext_lazy("Engagement"), lambda s: s.get_engagement_display()),
    (gettext_lazy("Allowance category"), lambda s: s.allowance_category.label if s.allowance_category else ""),
]


@login_required
def seat_list(request):
    _require(request.user, VIEW)
    filterset = SeatFilter(request.GET, queryset=seat_list_qs(request.user), user=request.user)
    table = SeatTable(filterset.qs)
    fmt = _export_requested(request)
    if fmt:
        RequestConfig(request, paginate=False).configure(table)
        return export_response(fmt, filename="cap-uy-vien", columns=SEAT_COLUMNS, rows=table_rows(table),
                               title=_("Committee members"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "apparatus/seat_list.html", {
        "filter": filterset, "table": table, "title": _("Committee members"),
        "can_export": scope_for(request.user).can_export,
    })


# -- one organisation ------------------------------------------------------------------------------------------

@login_required
def organization_view(request, pk):
    organization = organization_get(request.user, pk)
    state = organization_apparatus(request.user, organization)
    if state is None:
        raise Http404
    terms = list(organization_terms(organization))
    bodies = organization_bodies(organization, include_past=True)
    current_bodies = [b for b in bodies if b.term.ended_on is None]
    past_bodies = [b for b in bodies if b.term.ended_on is not None]
    missing_kinds = []
    if state.term:
        present = {b.kind for b in current_bodies}
        missing_kinds = [Body.Kind(k).label for k in body_kinds_for(organization) if k not in present]
    scope = scope_for(request.user)
    return render(request, "apparatus/organization.html", {
        "organization": organization, "state": state, "terms": terms, "current_bodies": current_bodies,
        "past_bodies": past_bodies, "missing_kinds": missing_kinds,
        "ancestors": organization.ancestors().select_related("kind") if organization.parent_id else [],
        "can_manage": organization.is_active and scope.covers(organization.pk, APPARATUS),
        "title": _("Apparatus"),
    })


def _form_page(request, *, organization, form, call, success, success_url, title, back):
    if request.method == "POST":
        response = run_service(request, form, call, success_message=success, success_url=success_url)
        if response:
            return response
    return render(request, "apparatus/action.html", {"form": form, "organization": organization, "title": title,
                                                     "back": back})


@login_required
def term_open(request, pk):
    organization = organization_get(request.user, pk, APPARATUS)
    form = TermForm(request.POST or None, organization=organization)
    back = organization_url(organization)
    return _form_page(
        request, organization=organization, form=form, title=_("Record a new term"), back=back,
        call=lambda d: services.term_open(
            actor=request.user, organization=organization, label=d["label"], kind=d["kind"],
            congress_on=d.get("congress_on"), started_on=d.get("started_on"), decision_number=d["decision_number"],
            reason=d.get("reason", ""), create_main_body=d.get("create_main_body", False)),
        success=_("The new term is recorded; the previous term's committees ended with it."), success_url=back,
    )


@login_required
def term_correct(request, pk):
    term = term_get(request.user, pk, APPARATUS)
    form = TermCorrectForm(request.POST or None, initial={
        "label": term.label, "congress_on": term.congress_on, "decision_number": term.decision_number,
        "note": term.note})
    back = organization_url(term.organization)
    return _form_page(
        request, organization=term.organization, form=form, title=_("Correct the term %s") % term.label, back=back,
        call=lambda d: services.term_correct(actor=request.user, term=term, reason=d["reason"], label=d["label"],
                                             congress_on=d.get("congress_on"), decision_number=d["decision_number"],
                                             note=d.get("note", "")),
        success=_("The term is corrected."), success_url=back,
    )


@login_required
def body_create(request, pk):
    term = term_get(request.user, pk, APPARATUS)
    form = BodyForm(request.POST or None, term=term)
    back = organization_url(term.organization)
    return _form_page(
        request, organization=term.organization, form=form, title=_("Add a body to the term %s") % term.label,
        back=back, success=_("The body is added."), success_url=back,
        call=lambda d: services.body_create(actor=request.user, term=term, kind=d["kind"],
                                            started_on=d.get("started_on"), decision_number=d["decision_number"],
                                            reason=d.get("reason", "")),
    )


@login_required
def seat_assign(request, pk):
    body = body_get(request.user, pk, APPARATUS)
    initial = {"position": request.GET.get("position")} if request.GET.get("position") else None
    form = SeatForm(request.POST or None, body=body, initial=initial)
    back = organization_url(body.organization)
    return _form_page(
        request, organization=body.organization, form=form, back=back,
        title=_("New seat on the %(body)s (%(term)s)") % {"body": body.get_kind_display(), "term": body.term.label},
        success=_("The seat is recorded."), success_url=back,
        call=lambda d: services.seat_assign(
            actor=request.user, body=body, member=d["member"], position=d["position"], started_on=d["started_on"],
            start_method=d["start_method"], decision_number=d["decision_number"], engagement=d["engagement"],
            allowance_category=d.get("allowance_category"), reason=d.get("reason", "")),
    )


@login_required
def seat_detail(request, pk):
    seat = seat_get(request.user, pk)
    scope = scope_for(request.user)
    return render(request, "apparatus/seat.html", {
        "seat": seat, "organization": seat.body.organization, "history": history_entries(seat),
        "can_manage": seat.is_active and scope.covers(seat.body.organization_id, APPARATUS),
        "title": f"{seat.get_position_display()} — {seat.member.full_name}",
    })


@login_required
def seat_end(request, pk):
    seat = seat_get(request.user, pk, APPARATUS)
    form = SeatEndForm(request.POST or None, initial={"ended_on": datetime.date.today()})
    back = organization_url(seat.body.organization)
    return _form_page(
        request, organization=seat.body.organization, form=form, back=back,
        title=_("End the seat of %(name)s (%(position)s)") % {"name": seat.member.full_name,
                                                              "position": seat.get_position_display()},
        success=_("The seat has ended; it stays in the record."), success_url=back,
        call=lambda d: services.seat_end(actor=request.user, seat=seat, ended_on=d["ended_on"],
                                         end_reason=d["end_reason"], decision_number=d["decision_number"],
                                         reason=d.get("reason", "")),
    )


@login_required
def seat_update(request, pk):
    seat = seat_get(request.user, pk, APPARATUS)
    form = SeatUpdateForm(request.POST or None, initial={"engagement": seat.engagement,
                                                         "allowance_category": seat.allowance_category})
    back = organization_url(seat.body.organization)
    return _form_page(
        request, organization=seat.body.organization, form=form, back=back,
        title=_("Change the seat of %(name)s (%(position)s)") % {"name": seat.member.full_name,
                                                                 "position": seat.get_position_display()},
        success=_("The seat is changed."), success_url=back,
        call=lambda d: services.seat_update(actor=request.user, seat=seat, reason=d["reason"],
                                            engagement=d["engagement"], allowance_category=d.get("allowance_category")),
    )


def organization_url(organization) -> str:
    from django.urls import reverse

    return reverse("apparatus:organization", args=[organization.pk])
