import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.history import history_entries
from core.scope import INSPECT, REMEDY, scope_for
from core.views import apply_validation_error, run_service
from organizations.models import Organization, OrganizationKind
from organizations.selectors import subtree_ids

from . import services
from .forms import (
    AssessmentForm,
    CaseEditForm,
    CaseForm,
    DisciplineFormForm,
    FindingForm,
    ProgrammeForm,
    ReceiptForm,
    RemedyCheckForm,
    RemedyForm,
    RemedyReportForm,
    StatisticsForm,
    TransitionForm,
    case_member_choices,
)
from .models import Case, CaseType, DisciplineDecision, Programme, Remedy
from .selectors import (
    authority_qs,
    can_open_case,
    case_capacities,
    case_file_qs,
    cases_concerning,
    decision_qs,
    overdue_remedies,
    period_for,
    programme_cases,
    programme_qs,
    remedies_to_carry_out,
    remedy_qs,
    statistics,
    team_cases,
    term_of,
)


def _case_get(user, pk) -> Case:
    """The case file, or 404 for anyone who does not hold it (no hint that it exists)."""
    try:
        case = case_file_qs(user).select_related("programme__authority__organization", "state", "team_head",
                                                 "workflow").get(pk=pk)
    except (Case.DoesNotExist, ValueError):
        raise Http404
    return case


def _authority_only(request, case: Case) -> None:
    if "authority" not in case_capacities(request.user, case):
        raise Http404


def _team_or_authority(request, case: Case) -> None:
    if not case_capacities(request.user, case) & {"authority", "team"}:
        raise Http404


@login_required
def index(request):
    """The inspection page: overdue remedies to act on, the programmes, and the concluded cases concerning
    the user's organisations."""
    scope = scope_for(request.user)
    programmes = list(programme_qs(request.user).order_by("-year", "authority__organization__name_sort",
                                                          "authority__kind")[:60])
    today = datetime.date.today()
    overdue = list(overdue_remedies(request.user, today=today)[:200])
    for remedy in overdue:
        remedy.days_late = (today - remedy.deadline).days
    return render(request, "inspections/index.html", {
        "programmes": programmes, "overdue": overdue, "today": today,
        "concerning": list(cases_concerning(request.user)[:50]),
        "assigned": list(remedies_to_carry_out(request.user)[:100]),
        "team_cases": list(team_cases(request.user)[:50]),
        "can_inspect": scope.can(INSPECT), "title": _("Inspection and supervision"),
    })


@login_required
def programme_create(request):
    scope = scope_for(request.user)
    if not scope.can(INSPECT):
        raise Http404
    organizations = Organization.objects.filter(scope.org_q("id", INSPECT), status=Organization.Status.ACTIVE).filter(
        kind__tier__in=(OrganizationKind.Tier.SUPERIOR, OrganizationKind.Tier.GRASSROOTS)).order_by("name_sort")
    form = ProgrammeForm(request.POST or None, organizations=organizations)
    if request.method == "POST":
        def call(d):
            authority = services.authority_ensure(actor=request.user, organization=d["organization"], kind=d["kind"])
            return services.programme_create(actor=request.user, authority=authority, year=d["year"],
                                             title=d.get("title", ""), approved_on=d.get("approved_on"))

        response = run_service(request, form, call, success_message=_("The programme is created."),
                               success_url=lambda p: reverse("inspections:programme", args=[p.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "title": _("New programme"),
                                                     "back": reverse("inspections:index")})


def _programme_get(user, pk) -> Programme:
    try:
        return programme_qs(user).get(pk=pk)
    except (Programme.DoesNotExist, ValueError):
        raise Http404


@login_required
def programme_detail(request, pk):
    programme = _programme_get(request.user, pk)
    return render(request, "inspections/programme.html", {
        "programme": programme, "cases": programme_cases(programme),
        "history": history_entries(programme, limit=20), "title": programme.title,
    })


SHOW_MEMBERS = "show_members"


def _default_pool(organization_id: int) -> Q:
    """Whose members the case form lists first: those holding a seat today on a body of the authority's
    organisation (its committee members and inspection committee, where the team comes from) and the members of
    the cells directly under it, if they are below grassroots (a grassroots committee's own cells)."""
    from apparatus.models import Seat

    cells = Organization.objects.filter(parent_id=organization_id, kind__holds_members=True,
                                        kind__tier=OrganizationKind.Tier.BELOW_GRASSROOTS).values("pk")
    seated = Seat.objects.filter(body__organization_id=organization_id, ended_on__isnull=True).values("member_id")
    return Q(organization_id=organization_id) | Q(organization_id__in=cells) | Q(pk__in=seated)


def _typed(request, form_class) -> dict:
    """What was typed, as the initial values of an unbound form (the "Show the members" button: no validation)."""
    from django.forms import ModelMultipleChoiceField, MultipleChoiceField

    fields = form_class.base_fields
    multiple = (MultipleChoiceField, ModelMultipleChoiceField)
    return {name: request.POST.getlist(name) if isinstance(fields[name], multiple)
            else request.POST.get(name) for name in fields if name in request.POST}


def _case_form(request, form_class, *, organization_ids, pool_of: int, initial: dict):
    kwargs = {"organization_ids": organization_ids, "default_pool": _default_pool(pool_of)}
    if request.method == "POST" and SHOW_MEMBERS in request.POST:
        return form_class(initial=_typed(request, form_class), **kwargs)
    return form_class(request.POST or None, initial=initial, **kwargs)


@login_required
def case_create(request, pk):
    programme = _programme_get(request.user, pk)
    organization_ids = subtree_ids(programme.authority.organization_id)
    form = _case_form(request, CaseForm, organization_ids=organization_ids,
                      pool_of=programme.authority.organization_id,
                      initial={"planned_from": datetime.date(programme.year, 1, 1)})
    if form.is_bound:
        response = run_service(
            request, form, lambda d: services.case_create(
                actor=request.user, programme=programme, type=d["type"], title=d["title"],
                planned_from=d["planned_from"], planned_to=d["planned_to"], content=d.get("content", ""),
                subject_organizations=d.get("subject_organizations") or [],
                subject_members=d.get("subject_members") or [], team_head=d.get("team_head"),
                team_members=d.get("team_members") or []),
            success_message=_("The item is added to the programme."),
            success_url=lambda case: reverse("inspections:case", args=[case.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "title": _("New programme item"),
                                                     "programme": programme, "show_members": SHOW_MEMBERS,
                                                     "back": reverse("inspections:programme", args=[programme.pk])})


@login_required
def case_edit(request, pk):
    """The item's description, subjects and team, while the case is open (the authority only)."""
    case = _case_get(request.user, pk)
    _authority_only(request, case)
    if case.closed_on or case.state.is_cancelled:
        messages.info(request, _("This case is closed: it can no longer change."))
        return redirect("inspections:case", pk=case.pk)
    form = _case_form(request, CaseEditForm, organization_ids=_case_organization_ids(case),
                      pool_of=case.programme.authority.organization_id, initial={
                          "type": case.type, "title": case.title, "planned_from": case.planned_from,
                          "planned_to": case.planned_to,
                          "subject_organizations": list(case.subject_organizations.all()),
                          "subject_members": list(case.subject_members.all()), "team_head": case.team_head,
                          "team_members": list(case.team_members.all()), "content": case.content})
    if form.is_bound:
        def call(d):
            reason = d.pop("reason")
            d.pop("member_pool", None)
            d["subject_organizations"] = d.get("subject_organizations") or []
            d["subject_members"] = d.get("subject_members") or []
            d["team_members"] = d.get("team_members") or []
            return services.case_update(actor=request.user, case=case, reason=reason, **d)

        response = run_service(request, form, call, success_message=_("The item is updated."),
                               success_url=reverse("inspections:case", args=[case.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "case": case, "title": _("Edit the item"),
                                                     "show_members": SHOW_MEMBERS,
                                                     "back": reverse("inspections:case", args=[case.pk])})


@login_required
def case_detail(request, pk):
    case = _case_get(request.user, pk)
    capacities = case_capacities(request.user, case)
    from .services import allowed_transitions

    transitions = [t for t in allowed_transitions(case) if _may(t.actor, capacities)]
    open_case = not case.closed_on and not case.state.is_cancelled
    return render(request, "inspections/case.html", {
        "origin_petitions": _petitions_shown(request.user, case.petitions.all())
        if case.type == CaseType.SIGNS_OF_VIOLATION else [],
        "case": case, "programme": case.programme, "capacities": capacities,
        "steps": case.steps.select_related("state", "created_by").order_by("on", "id"),
        "findings": case.findings.select_related("organization", "member"),
        "remedies": case.remedies.select_related("organization"),
        "decisions": case.decisions.select_related("organization", "member"),
        "subject_organizations": case.subject_organizations.order_by("name_sort"),
        "subject_members": case.subject_members.order_by("name_sort"),
        "team_members": case.team_members.order_by("name_sort"),
        "transition_form": TransitionForm(transitions=transitions) if transitions and open_case else None,
        "open": open_case, "is_authority": "authority" in capacities, "today": datetime.date.today(),
        "history": history_entries(case, limit=50), "title": case.title,
    })


def _petitions_shown(user, petitions) -> list:
    """Petitions linked to a case or a decision, as these pages show them: register number, register, date
    received, state — never the sender — with a link only for those who may open the petition."""
    from petitions.selectors import petition_qs

    rows = list(petitions.select_related("organization").order_by("received_on", "pk"))
    if rows:
        openable = set(petition_qs(user).filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True))
        for row in rows:
            row.openable = row.pk in openable
    return rows


def _may(actor: str, capacities: set[str]) -> bool:
    return bool(capacities & {"authority": {"authority"}, "team": {"authority", "team"},
                              "subject": {"authority", "team", "subject"}}[actor])


@login_required
def case_step(request, pk):
    case = _case_get(request.user, pk)
    capacities = case_capacities(request.user, case)
    from .services import allowed_transitions

    transitions = [t for t in allowed_transitions(case) if _may(t.actor, capacities)]
    if not transitions or case.closed_on:
        messages.info(request, _("There is no step you can take on this case now."))
        return redirect("inspections:case", pk=case.pk)
    form = TransitionForm(request.POST or None, request.FILES or None, transitions=transitions)
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.case_transition(
                actor=request.user, case=case, target=form.transitions[d["target"]].target, on=d["on"],
                document_number=d.get("document_number", ""), document_title=d.get("document_title", ""),
                document=d.get("document"), note=d.get("note", ""), self_report_due=d.get("self_report_due")),
            success_message=_("The step is recorded."), success_url=reverse("inspections:case", args=[case.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "case": case, "title": _("Next step"),
                                                     "multipart": True,
                                                     "back": reverse("inspections:case", args=[case.pk])})


@login_required
def case_assessment(request, pk):
    case = _case_get(request.user, pk)
    _team_or_authority(request, case)
    form = AssessmentForm(request.POST or None, initial={
        "strengths": case.strengths, "shortcomings": case.shortcomings, "conclusion": case.conclusion,
        "recommendations": case.recommendations})
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.case_record_findings(actor=request.user, case=case, **d),
            success_message=_("The findings are saved."), success_url=reverse("inspections:case", args=[case.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "case": case,
                                                     "title": _("Findings, conclusion and recommendations"),
                                                     "back": reverse("inspections:case", args=[case.pk])})


def _case_organization_ids(case: Case) -> set[int]:
    return subtree_ids(case.programme.authority.organization_id)


@login_required
def finding_add(request, pk):
    case = _case_get(request.user, pk)
    _team_or_authority(request, case)
    form = FindingForm(request.POST or None, organization_ids=_case_organization_ids(case),
                       members=case_member_choices(case, active_only=False))
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.finding_add(actor=request.user, case=case, kind=d["kind"], text=d["text"],
                                                          organization=d.get("organization"), member=d.get("member")),
            success_message=_("The finding is recorded."), success_url=reverse("inspections:case", args=[case.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "case": case, "title": _("Add a finding"),
                                                     "back": reverse("inspections:case", args=[case.pk])})


@login_required
def remedy_add(request, pk):
    case = _case_get(request.user, pk)
    _team_or_authority(request, case)
    if not case.concluded_on:
        messages.info(request, _("Remedies are assigned once the conclusion is issued."))
        return redirect("inspections:case", pk=case.pk)
    form = RemedyForm(request.POST or None, organization_ids=_case_organization_ids(case))
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.remedy_add(actor=request.user, case=case, text=d["text"],
                                                         organization=d["organization"], deadline=d["deadline"]),
            success_message=_("The remedy is assigned."), success_url=reverse("inspections:case", args=[case.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "case": case, "title": _("Assign a remedy"),
                                                     "back": reverse("inspections:case", args=[case.pk])})


@login_required
def discipline_add(request, pk):
    case = _case_get(request.user, pk)
    _authority_only(request, case)
    form = DisciplineFormForm(request.POST or None, organization_ids=_case_organization_ids(case),
                              members=case_member_choices(case))
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.discipline_issue(
                actor=request.user, authority=case.programme.authority, case=case, form=d["form"], reason=d["reason"],
                decided_on=d["decided_on"], effective_on=d.get("effective_on"), received_on=d.get("received_on"),
                organization=d.get("organization"), member=d.get("member"), seat=d.get("seat")),
            success_message=_("The discipline decision is issued."),
            success_url=lambda decision: reverse("inspections:decision", args=[decision.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "case": case, "title": _("Discipline decision"),
                                                     "back": reverse("inspections:case", args=[case.pk])})


def _remedy_get(user, pk) -> Remedy:
    try:
        return remedy_qs(user).select_related("case__state").get(pk=pk)
    except (Remedy.DoesNotExist, ValueError):
        raise Http404


def _remedy_rights(user, remedy: Remedy) -> tuple[bool, bool]:
    """(may report progress, may check it)."""
    scope = scope_for(user)
    may_check = can_open_case(user, remedy.case)
    return scope.covers(remedy.organization_id, REMEDY) or may_check, may_check


def _remedy_history(remedy: Remedy, may_check: bool) -> list:
    """The remedy's history; for those who do not hold the case file, the case is named by its type only (its title
    stays in the file)."""
    entries = history_entries(remedy, limit=30)
    if not may_check:
        label = str(Remedy._meta.get_field("case").verbose_name)
        for entry in entries:
            for change in entry.changes:
                if change.field == label:
                    change.old = remedy.case.get_type_display() if change.old else change.old
                    change.new = remedy.case.get_type_display()
    return entries


@login_required
def remedy_detail(request, pk):
    remedy = _remedy_get(request.user, pk)
    may_report, may_check = _remedy_rights(request.user, remedy)
    pending = remedy.status in (Remedy.Status.OPEN, Remedy.Status.REPORTED)
    return render(request, "inspections/remedy.html", {
        "remedy": remedy, "case": remedy.case, "may_check": may_check, "today": datetime.date.today(),
        "reports": remedy.reports.select_related("created_by"),
        "report_form": RemedyReportForm() if may_report and remedy.status == Remedy.Status.OPEN else None,
        "check_form": RemedyCheckForm() if may_check and pending else None,
        "history": _remedy_history(remedy, may_check), "title": _("Remedy"),
    })


def _download(field_file):
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=field_file.name.rsplit("/", 1)[-1])


@login_required
def case_document(request, pk, step_pk):
    """A step's document, for those who hold the case file only (MEDIA_ROOT is never served directly)."""
    case = _case_get(request.user, pk)
    step = case.steps.filter(pk=step_pk).first()
    if step is None or not step.document:
        raise Http404
    return _download(step.document)


@login_required
def remedy_evidence(request, pk, report_pk):
    """A progress report's evidence, for those who see the remedy (the responsible organisation, the file holders)."""
    remedy = _remedy_get(request.user, pk)
    report = remedy.reports.filter(pk=report_pk).first()
    if report is None or not report.evidence:
        raise Http404
    return _download(report.evidence)


@login_required
def remedy_report(request, pk):
    remedy = _remedy_get(request.user, pk)
    may_report, _may_check = _remedy_rights(request.user, remedy)
    if not may_report:
        raise Http404
    form = RemedyReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        response = run_service(
            request, form, lambda d: services.remedy_report(
                actor=request.user, remedy=remedy, reported_on=d["reported_on"], text=d["text"], done=d["done"],
                evidence=d.get("evidence"), evidence_title=d.get("evidence_title", "")),
            success_message=_("The progress is reported."), success_url=reverse("inspections:remedy", args=[remedy.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "remedy": remedy, "multipart": True,
                                                     "title": _("Report progress"),
                                                     "back": reverse("inspections:remedy", args=[remedy.pk])})


@login_required
def remedy_check(request, pk):
    remedy = _remedy_get(request.user, pk)
    if not _remedy_rights(request.user, remedy)[1]:
        raise Http404
    form = RemedyCheckForm(request.POST or None)
    if request.method == "POST":
        def call(d):
            if d["outcome"] == "carry_over":
                return services.remedy_carry_over(actor=request.user, remedy=remedy, note=d["note"])
            return services.remedy_check(actor=request.user, remedy=remedy, checked_on=d["checked_on"],
                                         accepted=d["outcome"] == "done", note=d["note"])

        response = run_service(request, form, call, success_message=_("The follow-up check is recorded."),
                               success_url=reverse("inspections:remedy", args=[remedy.pk]))
        if response:
            return response
    return render(request, "inspections/form.html", {"form": form, "remedy": remedy, "title": _("Follow-up check"),
                                                     "back": reverse("inspections:remedy", args=[remedy.pk])})


@login_required
def decision_detail(request, pk):
    try:
        decision = decision_qs(request.user).get(pk=pk)
    except (DisciplineDecision.DoesNotExist, ValueError):
        raise Http404
    form = ReceiptForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.discipline_record_receipt(actor=request.user, decision=decision,
                                                   received_on=form.cleaned_data["received_on"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The receipt is recorded."))
                return redirect("inspections:decision", pk=decision.pk)
    return render(request, "inspections/decision.html", {
        "decision": decision, "complaint_until": services.complaint_deadline(decision), "form": form,
        "complaints": _petitions_shown(request.user, decision.complaints.all()),
        "history": history_entries(decision, limit=20), "title": decision.number,
    })


@login_required
def statistics_view(request):
    scope = scope_for(request.user)
    if not (scope.can(INSPECT) or authority_qs(request.user).exists()):
        raise Http404
    today = datetime.date.today()
    form = StatisticsForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kind = data.get("period") or "year"
    year = data.get("year") or today.year
    month = data.get("month") or today.month
    # a term is the reporting organisation's own term (congress to congress), the one in force in the chosen month
    term_start, term_end = term_of(request.user, datetime.date(year, month, 1)) if kind == "term" else (None, None)
    period = period_for(kind, year, month, term_start=term_start, term_end=term_end)
    result = statistics(request.user, period, today=today)
    if request.GET.get("export") == "xlsx":
        from .exports import statistics_xlsx

        return statistics_xlsx(result)
    return render(request, "inspections/statistics.html", {**result, "form": form, "title": _("Inspection statistics"),
                                                           "query": request.GET.urlencode()})
