import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from core.exports import export_response
from core.history import history_entries
from core.scope import EXPORT, PETITIONS, scope_for
from core.views import run_service
from organizations.models import Organization
from organizations.selectors import organization_choices
from rules.selectors import RuleMissing

from . import services
from .filters import PetitionFilter
from .forms import (
    ArchiveForm,
    AssignForm,
    ClassifyForm,
    ConcludeForm,
    NotifyForm,
    OpenInspectionForm,
    PeriodForm,
    ReceiveForm,
    VerifyForm,
)
from .models import Access, Attachment, Ground, Kind, Petition, State
from .selectors import (
    access_log,
    can_see_access_log,
    can_see_identity,
    can_work_on,
    deadline_provisional,
    deadline_status,
    due_soon_days,
    identity_checks,
    identity_visible_ids,
    log_access,
    masked,
    masked_case_history,
    masked_history,
    petition_get,
    petition_statistics,
    petition_todo,
    register_qs,
    sender_display,
)
from .tables import PetitionTable, provisional_text


def _require(user, action):
    if not scope_for(user).can(action):
        raise PermissionDenied


def _petition_for_work(user, pk) -> Petition:
    petition = petition_get(user, pk)
    if not can_work_on(user, petition):
        raise PermissionDenied
    return petition


# Exports never carry the sender, whoever asks (the register's page masks it for all but the handlers).
REGISTER_COLUMNS = [
    (gettext_lazy("No."), lambda p: p.register_number),
    (gettext_lazy("Received on"), lambda p: p.received_on),
    (gettext_lazy("Channel"), lambda p: p.get_channel_display()),
    (gettext_lazy("Register of"), lambda p: p.organization.name),
    (gettext_lazy("Sender"), lambda p: sender_display(p, False)),
    (gettext_lazy("Number of signatories"), lambda p: p.signatory_count),
    (gettext_lazy("Kind"), lambda p: p.get_kind_display()),
    (gettext_lazy("Summary"), lambda p: p.summary),
    (gettext_lazy("Organisation concerned"), lambda p: p.subject_organization.name if p.subject_organization else ""),
    (gettext_lazy("State"), lambda p: p.get_state_display()),
    (gettext_lazy("Why not handled"), lambda p: p.get_not_handled_reason_display()),
    (gettext_lazy("Forwarded to"), lambda p: p.forwarded_to),
    (gettext_lazy("To be settled by"), lambda p: p.due_on),
    (gettext_lazy("Concluded on"), lambda p: p.concluded_on),
    (gettext_lazy("Settled on time"), lambda p: "" if p.on_time is None else (_("Yes") if p.on_time else _("No"))),
    (gettext_lazy("Outcome"), lambda p: p.get_outcome_display()),
]


def _filter_errors(filterset) -> dict[str, list[str]]:
    """The filters that are not valid, by parameter name (empty when every filter is valid)."""
    form = filterset.form
    return {} if form.is_valid() else {name: [str(m) for m in errors] for name, errors in form.errors.items()}


@login_required
def register(request):
    today = datetime.date.today()
    soon = due_soon_days(today)
    filterset = PetitionFilter(request.GET, queryset=register_qs(request.user), today=today, due_soon=soon)
    errors = _filter_errors(filterset)
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "csv"):
        _require(request.user, EXPORT)
        if errors:
            # Never the whole register when a filter was not understood: back to the page, which shows why.
            from django.contrib import messages
            from django.shortcuts import redirect

            messages.error(request, _("Nothing was exported: a filter is not valid. Correct it and export again."))
            query = request.GET.copy()
            query.pop("export", None)
            return redirect(f"{request.path}?{query.urlencode()}")
        table = PetitionTable(filterset.qs, today=today, due_soon=soon)
        RequestConfig(request, paginate=False).configure(table)
        rows = list(table.data.data)
        log_access(request.user, rows, via=Access.Via.EXPORT, visible=set())
        return export_response(fmt, filename="so-don-thu", columns=REGISTER_COLUMNS, rows=rows,
                               title=_("Petition register"))
    table = PetitionTable(filterset.qs if not errors else filterset.queryset.none(), today=today, due_soon=soon)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    records = [row.record for row in table.page.object_list]
    table.visible_ids = identity_visible_ids(request.user, records)
    # A register page that shows senders is an opening of each of those petitions: logged, in one query.
    log_access(request.user, [p for p in records if p.pk in table.visible_ids and not p.anonymous],
               via=Access.Via.REGISTER, visible=table.visible_ids)
    scope = scope_for(request.user)
    return render(request, "petitions/register.html", {
        "filter": filterset, "table": table, "title": _("Petition register"), "filter_errors": errors,
        "can_export": scope.can_export, "can_receive": scope.can(PETITIONS),
    })


@login_required
def todo(request):
    """The home page's block of cases due soon or overdue, loaded after the page (htmx) so the dashboard's own
    queries stay as they are."""
    return render(request, "petitions/_todo.html", {"petitions": petition_todo(request.user)})


@login_required
def statistics(request):
    today = datetime.date.today()
    initial = {"start": today.replace(month=1, day=1), "end": today}
    form = PeriodForm(request.GET or None, initial=initial)
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif request.GET:
        return render(request, "petitions/statistics.html", {"form": form, "title": _("Petition statistics")})
    else:
        start, end = initial["start"], initial["end"]
    figures = petition_statistics(request.user, start=start, end=end)
    if request.GET.get("export") == "xlsx":
        _require(request.user, EXPORT)
        rows = [(_("Letters received"), figures["received"]), (_("Not yet classified"), figures["unclassified"])]
        rows += [(_("Received: %(kind)s") % {"kind": r["label"]}, r["n"]) for r in figures["by_kind"]]
        rows += [(_("Handled"), figures["handled"]), (_("Not handled"), figures["not_handled"])]
        rows += [(_("Not handled: %(reason)s") % {"reason": r["label"]}, r["n"]) for r in figures["by_reason"]]
        rows += [(_("Settled"), figures["settled"]), (_("Settled on time"), figures["on_time"]),
                 (_("Settled late"), figures["late"]), (_("Being settled"), figures["open"]),
                 (_("Overdue"), figures["overdue"])]
        rows += [(_("Outcome: %(outcome)s") % {"outcome": r["label"]}, r["n"]) for r in figures["outcomes"]]
        title = _("Petitions %(start)s–%(end)s") % {"start": start.strftime("%d/%m/%Y"),
                                                    "end": end.strftime("%d/%m/%Y")}
        return export_response("xlsx", filename=f"thong-ke-don-thu-{start:%Y%m%d}-{end:%Y%m%d}",
                               columns=[(title, lambda r: r[0]), (_("Number"), lambda r: r[1])], rows=rows,
                               title=_("Petition statistics"))
    return render(request, "petitions/statistics.html", {"form": form, "f": figures, "title": _("Petition statistics"),
                                                         "presets": _periods(today),
                                                         "can_export": scope_for(request.user).can_export})


def _periods(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The reporting periods of the inspection statistics (QĐ 885): the month, the first quarter, 6 and 9 months,
    the year, and last year."""
    from core.dates import add_months

    year_start = today.replace(month=1, day=1)
    month_start = today.replace(day=1)

    def upto(months):
        return add_months(year_start, months) - datetime.timedelta(days=1)

    return [
        (_("This month"), month_start, add_months(month_start, 1) - datetime.timedelta(days=1)),
        (_("First quarter"), year_start, upto(3)),
        (_("Six months"), year_start, upto(6)),
        (_("Nine months"), year_start, upto(9)),
        (_("The year"), year_start, upto(12)),
        (_("Last year"), year_start.replace(year=today.year - 1), year_start - datetime.timedelta(days=1)),
    ]


def _action_page(request, *, petition, form, call, success, title, template="petitions/action.html", extra=None):
    if request.method == "POST":
        response = run_service(request, form, call, success_message=success,
                               success_url=lambda result: f"/petitions/{petition.pk}/")
        if response:
            return response
    return render(request, template, {"form": form, "petition": petition, "title": title, **(extra or {})})


@login_required
def receive(request):
    _require(request.user, PETITIONS)
    organizations = organization_choices(request.user, PETITIONS).exclude(kind__holds_members=True)
    form = ReceiveForm(request.POST or None, request.FILES or None, organizations=organizations,
                       subjects=organization_choices(request.user, PETITIONS))

    def call(data):
        return services.petition_receive(actor=request.user, **{k: v for k, v in data.items()})

    if request.method == "POST":
        response = run_service(request, form, call, success_message=_("The letter is entered in the register."),
                               success_url=lambda p: f"/petitions/{p.pk}/")
        if response:
            return response
    return render(request, "petitions/receive.html", {"form": form, "title": _("Receive a letter")})


@login_required
def detail(request, pk):
    petition = petition_get(request.user, pk)
    visible = can_see_identity(request.user, petition)
    log_access(request.user, [petition], via=Access.Via.PAGE, visible={petition.pk} if visible else set())
    today = datetime.date.today()
    handlers = list(petition.handlers.select_related("user").order_by("ended_on", "-lead", "assigned_on"))
    try:
        rules = _rules_applied(petition)
    except (RuleMissing, ValidationError):  # a letter dated before the rule data starts: nothing to show
        rules = []
    for rule in rules:
        # What the rule says, in words: a number with its unit, or the list of grounds it names.
        if isinstance(rule.value, list):
            rule.shown = "; ".join(str(Ground(code).label) if code in Ground.values else str(code)
                                   for code in rule.value)
        elif isinstance(rule.value, dict):
            rule.shown = ""
        else:
            rule.shown = f"{rule.value} {rule.unit}".strip()
    works = can_work_on(request.user, petition)
    links = inspection_links(request.user, petition)
    return render(request, "petitions/detail.html", {
        **links,
        "petition": petition, "visible": visible, "sender": masked(petition, visible),
        "sender_label": sender_display(petition, visible), "handlers": handlers, "rules": rules,
        "deadline": deadline_status(petition, today, due_soon_days(today)),
        "provisional": provisional_text(provisional) if (provisional := deadline_provisional(petition)) else "",
        "attachments": list(petition.attachments.all()) if visible else [],
        "attachment_count": petition.attachments.count(),
        "accesses": list(access_log(petition)) if can_see_access_log(request.user, petition) else None,
        "history": masked_case_history(masked_history(petition, history_entries(petition), visible),
                                       links["case_visible"]),
        "can_work": works, "State": State, "guidance": services.denunciation_guidance(),
        "title": _("Petition %(number)s") % {"number": petition.register_number},
    })


def _rules_applied(petition: Petition) -> list:
    """The rules the petition was judged by (shown on its page)."""
    from rules.selectors import rule_get

    rules = []
    if petition.classified_on:
        rules.append(rule_get("petition_not_handled_grounds", on=petition.received_on))
        if petition.kind == Kind.COMPLAINT_DISCIPLINE and petition.decision_received_on:
            rules.append(services.complaint_window(petition)[1])
        rules.append(rule_get("petition_jurisdiction", on=petition.received_on))
        if petition.kind == Kind.DENUNCIATION:
            rules.append(rule_get("petition_denunciation_settlement_days", on=petition.classified_on))
        elif petition.kind in (Kind.COMPLAINT, Kind.COMPLAINT_DISCIPLINE):
            rules.append(rule_get("petition_complaint_settlement_working_days", on=petition.classified_on))
    return rules


INSPECTION_STATES = (State.IN_PROGRESS, State.VERIFIED, State.CONCLUDED, State.NOTIFIED, State.ARCHIVED)


def inspection_links(user, petition: Petition) -> dict:
    """What the petition page shows of its links to the inspections module. The decision and the case open only
    for those who may see them there; a case file is confidential, so others learn only that one was opened.
    Queries only when there is something to show."""
    from inspections.selectors import case_file_qs, decision_qs, may_run_authority
    from inspections.services import petition_authority_organization_id

    links = {"decision_visible": False, "case_visible": False, "can_open_inspection": False}
    if petition.discipline_decision_id:
        links["decision_visible"] = decision_qs(user).filter(pk=petition.discipline_decision_id).exists()
    if petition.inspection_case_id:
        links["case_visible"] = case_file_qs(user).filter(pk=petition.inspection_case_id).exists()
    elif petition.kind == Kind.DENUNCIATION and petition.state in INSPECTION_STATES:
        links["can_open_inspection"] = may_run_authority(user, petition_authority_organization_id(petition))
    return links


def _api_record(petition: Petition, visible: bool) -> dict:
    record = {
        "id": petition.pk, "number": petition.register_number, "received_on": petition.received_on.isoformat(),
        "channel": petition.channel, "organization": petition.organization.name, "anonymous": petition.anonymous,
        "signatory_count": petition.signatory_count, "kind": petition.kind, "summary": petition.summary,
        "state": petition.state, "not_handled_reason": petition.not_handled_reason,
        "due_on": petition.due_on.isoformat() if petition.due_on else None,
        "due_on_provisional": deadline_provisional(petition) is not None,
        "concluded_on": petition.concluded_on.isoformat() if petition.concluded_on else None,
        "outcome": petition.outcome, "identity_shown": visible,
    }
    record.update(masked(petition, visible))
    return record


@login_required
def api_detail(request, pk):
    petition = petition_get(request.user, pk)
    visible = can_see_identity(request.user, petition)
    log_access(request.user, [petition], via=Access.Via.API, visible={petition.pk} if visible else set())
    return JsonResponse(_api_record(petition, visible), json_dumps_params={"ensure_ascii": False})


@login_required
def api_list(request):
    """The register as JSON (filters as on the page, at most 500 rows); every row returned is an opening."""
    today = datetime.date.today()
    filterset = PetitionFilter(request.GET, queryset=register_qs(request.user), today=today,
                               due_soon=due_soon_days(today))
    errors = _filter_errors(filterset)
    if errors:
        return JsonResponse({"error": _("A filter is not valid."), "errors": errors}, status=400,
                            json_dumps_params={"ensure_ascii": False})
    rows = list(filterset.qs.order_by("-received_on", "-pk")[:500])
    visible = identity_visible_ids(request.user, rows)
    log_access(request.user, rows, via=Access.Via.API, visible=visible)
    return JsonResponse({"results": [_api_record(p, p.pk in visible) for p in rows]}, json_dumps_params={"ensure_ascii": False})


@login_required
def attachment(request, pk, attachment_pk):
    petition = petition_get(request.user, pk)
    if not can_see_identity(request.user, petition):
        raise PermissionDenied  # a scan shows the sender
    try:
        item = petition.attachments.get(pk=attachment_pk)
    except (ValueError, Attachment.DoesNotExist):
        raise Http404
    log_access(request.user, [petition], via=Access.Via.ATTACHMENT, visible={petition.pk})
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


@login_required
def classify(request, pk):
    petition = _petition_for_work(request.user, pk)
    subjects = Organization.objects.filter(status=Organization.Status.ACTIVE).select_related("kind").order_by(
        "name_sort")
    # Repeats are found on the server: the identities are compared there and stay masked on the page.
    same_sender = services.same_sender_letters(petition)
    proposed = [p for p in same_sender
                if services.same_subject(p, petition.subject_organization, petition.subject_persons)]
    earlier = register_qs(request.user).filter(pk__in=[p.pk for p in same_sender])
    from inspections.selectors import decision_qs

    form = ClassifyForm(request.POST or None, petition=petition, subjects=subjects, earlier=earlier,
                        decisions=decision_qs(request.user).order_by("-decided_on", "-id"),
                        proposed=proposed[0] if proposed else None)
    return _action_page(
        request, petition=petition, form=form, title=_("Classify the letter"),
        call=lambda d: services.petition_classify(actor=request.user, petition=petition, **d),
        success=_("The letter is classified."), template="petitions/classify.html",
        extra={"checks": identity_checks(petition, same_sender), "same_sender": same_sender,
               "proposed_ids": {p.pk for p in proposed}, "visible": can_see_identity(request.user, petition)})


@login_required
def assign(request, pk):
    petition = _petition_for_work(request.user, pk)
    form = AssignForm(request.POST or None, candidates=services.handler_candidates(petition))
    return _action_page(
        request, petition=petition, form=form, title=_("Assign handlers"),
        call=lambda d: services.petition_assign(actor=request.user, petition=petition, **d),
        success=_("Handlers assigned."))


@login_required
def verify(request, pk):
    petition = _petition_for_work(request.user, pk)
    form = VerifyForm(request.POST or None)
    return _action_page(
        request, petition=petition, form=form, title=_("Record the verification"),
        call=lambda d: services.petition_verify(actor=request.user, petition=petition, **d),
        success=_("Verification recorded."))


@login_required
def conclude(request, pk):
    petition = _petition_for_work(request.user, pk)
    form = ConcludeForm(request.POST or None)
    return _action_page(
        request, petition=petition, form=form, title=_("Conclude"),
        call=lambda d: services.petition_conclude(actor=request.user, petition=petition, **d),
        success=_("The petition is concluded."))


@login_required
def notify(request, pk):
    petition = _petition_for_work(request.user, pk)
    form = NotifyForm(request.POST or None)
    return _action_page(
        request, petition=petition, form=form, title=_("Notify the sender"),
        call=lambda d: services.petition_notify(actor=request.user, petition=petition, **d),
        success=_("The notification is recorded."))


@login_required
def archive(request, pk):
    petition = _petition_for_work(request.user, pk)
    form = ArchiveForm(request.POST or None)
    return _action_page(
        request, petition=petition, form=form, title=_("Archive"),
        call=lambda d: services.petition_archive(actor=request.user, petition=petition, **d),
        success=_("The petition is archived."))


@login_required
def open_inspection(request, pk):
    """Open an inspection on signs of violation on a denunciation: for those who run the competent organisation's
    inspection case files (inspections' rule), who need not work on the petition itself (the inspection chair)."""
    from inspections import services as inspections_services
    from inspections.selectors import may_run_authority
    from members.choices import ACTIVE_STATUSES
    from members.models import Member
    from organizations.selectors import subtree_ids

    petition = petition_get(request.user, pk)
    organization_id = inspections_services.petition_authority_organization_id(petition)
    if petition.kind != Kind.DENUNCIATION or not may_run_authority(request.user, organization_id):
        raise Http404
    if petition.inspection_case_id:
        from django.contrib import messages
        from django.shortcuts import redirect

        messages.info(request, _("An inspection on signs of violation has already been opened on this letter."))
        return redirect("petitions:detail", pk=petition.pk)
    under = subtree_ids(organization_id)
    members = Member.objects.filter(status__in=ACTIVE_STATUSES).order_by("name_sort")
    subject_root = petition.subject_organization_id
    concerned = members.filter(organization_id__in=subtree_ids(subject_root) & under if subject_root else under)
    form = OpenInspectionForm(request.POST or None, members=concerned,
                              team=members.filter(organization_id__in=under))

    def call(d):
        return inspections_services.case_open_from_petition(
            actor=request.user, petition=petition, authority_kind=d["authority_kind"], title=d.get("title", ""),
            planned_from=d["planned_from"], planned_to=d["planned_to"],
            subject_members=d.get("subject_members") or [], team_head=d.get("team_head"), reason=d["reason"])

    if request.method == "POST":
        from django.urls import reverse

        response = run_service(request, form, call,
                               success_message=_("The inspection on signs of violation is opened."),
                               success_url=lambda case: reverse("inspections:case", args=[case.pk]))
        if response:
            return response
    return render(request, "petitions/action.html", {
        "form": form, "petition": petition, "title": _("Open an inspection on signs of violation")})
