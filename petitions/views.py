"""The petition pages, declared through the shared views (core.views): read with the selectors, write with the
services. The sender is masked for all but the petition's handlers and the inspection chair (selectors), on pages,
the API and in the history; exports never carry it; every opening is logged (services.accesses_record)."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import security
from core.exports import export_response, table_columns
from core.history import history_entries
from core.scope import PETITIONS, VIEW
from core.views import ActionPage, DownloadPage, ListPage, ObjectPage, Page, ReportPage
from inspections.selectors import decision_qs
from organizations.selectors import organization_choices

from . import forms, selectors, services
from .filters import PetitionFilter
from .models import IDENTITY_FIELDS, Access, Petition, State
from .tables import PetitionTable, provisional_text


def identity_read(request, petitions, via: str) -> None:
    """The security log's record of senders revealed (core.security.IDENTITY_READ): only for the petitions whose
    identity was shown and has something to show (an anonymous letter reveals no one). One petition: it is the
    event's target; several (a register page, the API, the sender check): one event naming them, so a page writes
    one row whatever its size."""
    shown = [p for p in petitions if any(getattr(p, f) for f in IDENTITY_FIELDS)]
    if not shown:
        return
    if len(shown) == 1:
        petition = shown[0]
        security.security_event(security.IDENTITY_READ, request=request, target=petition,
                                organization_id=petition.organization_id,
                                detail=f"petition {petition.register_number} ({via})")
        return
    organizations = {p.organization_id for p in shown}
    security.security_event(security.IDENTITY_READ, request=request,
                            organization_id=organizations.pop() if len(organizations) == 1 else None,
                            detail=f"{len(shown)} petitions ({via}): "
                                   + ", ".join(f"#{p.pk} {p.register_number}" for p in shown))


def _register_crumb() -> tuple[str, str]:
    return str(_("Petition register")), reverse("petitions:register")


class PetitionRegister(ListPage):
    """The register: every letter the user may open, the sender shown only to its handlers and the inspection chair
    (a page that shows senders is an opening of each of those petitions, logged in one query); the export never
    carries the sender, and is an opening of every row."""

    needs = None  # a handler or the inspection chair may hold no petitions action: the rows say what they see
    title = _("Petition register")
    template_name = "petitions/register.html"
    filterset_class = PetitionFilter
    table_class = PetitionTable
    per_page = 50
    export_name = "so-don-thu"

    def setup_page(self):
        self.today = datetime.date.today()
        self.due_soon = selectors.due_soon_days(self.today)

    def queryset(self):
        return selectors.register_qs(self.user)

    def filterset_kwargs(self):
        return {"today": self.today, "due_soon": self.due_soon, "user": self.user}

    def table_kwargs(self):
        return {"today": self.today, "due_soon": self.due_soon}

    def context(self, **extra):
        return super().context(can_receive=self.scope.can(PETITIONS), **extra)

    def page_context(self, table):
        records = [row.record for row in table.page.object_list]
        table.visible_ids = selectors.identity_visible_ids(self.user, records)
        shown = [p for p in records if p.pk in table.visible_ids and not p.anonymous]
        services.accesses_record(user=self.user, via=Access.Via.REGISTER, visible=table.visible_ids, petitions=shown)
        identity_read(self.request, shown, Access.Via.REGISTER)
        return {}

    def export_file(self, table, fmt):
        rows = list(table.data.data)
        services.accesses_record(user=self.user, petitions=rows, via=Access.Via.EXPORT, visible=set())
        return export_response(fmt, filename=self.export_name, columns=table_columns(table), rows=rows,
                               title=self.get_title())


class PetitionTodo(Page):
    """The home page's block of cases due soon or overdue, loaded after the page (htmx) so the dashboard's own
    queries stay as they are."""

    needs = None
    template_name = "petitions/_todo.html"

    def context(self, **extra):
        return super().context(petitions=selectors.petition_todo(self.user), **extra)


class PetitionStatistics(ReportPage):
    """Counts over the letters received in a period (by default this year up to today): never a sender."""

    needs = None
    title = _("Petition statistics")
    template_name = "petitions/statistics.html"
    params_form = forms.PeriodForm

    def setup_page(self):
        self.today = datetime.date.today()

    def crumbs(self):
        return [_register_crumb()]

    def defaults(self):
        return {"start": self.today.replace(month=1, day=1), "end": self.today}

    def params_kwargs(self):
        return {"initial": self.defaults()}

    def compute(self, params):
        return {"f": selectors.petition_statistics(self.user, start=params["start"], end=params["end"]),
                "presets": selectors.statistics_periods(self.today)}

    def export_file(self, data, params, fmt):
        figures, start, end = data["f"], params["start"], params["end"]
        rows = [(gettext("Letters received"), figures["received"]),
                (gettext("Not yet classified"), figures["unclassified"])]
        rows += [(gettext("Received: %(kind)s") % {"kind": r["label"]}, r["n"]) for r in figures["by_kind"]]
        rows += [(gettext("Handled"), figures["handled"]), (gettext("Not handled"), figures["not_handled"])]
        rows += [(gettext("Not handled: %(reason)s") % {"reason": r["label"]}, r["n"]) for r in figures["by_reason"]]
        rows += [(gettext("Settled"), figures["settled"]), (gettext("Settled on time"), figures["on_time"]),
                 (gettext("Settled late"), figures["late"]), (gettext("Being settled"), figures["open"]),
                 (gettext("Overdue"), figures["overdue"])]
        rows += [(gettext("Outcome: %(outcome)s") % {"outcome": r["label"]}, r["n"]) for r in figures["outcomes"]]
        title = gettext("Petitions %(start)s–%(end)s") % {"start": start.strftime("%d/%m/%Y"),
                                                              "end": end.strftime("%d/%m/%Y")}
        return export_response(fmt, filename=f"thong-ke-don-thu-{start:%Y%m%d}-{end:%Y%m%d}",
                               columns=[(title, lambda r: r[0]), (gettext("Number"), lambda r: r[1])], rows=rows,
                               title=gettext("Petition statistics"))


class PetitionReceive(ActionPage):
    """A letter entered in a register the user keeps (a committee's: a cell keeps none)."""

    needs = PETITIONS
    form_class = forms.ReceiveForm
    title = _("Receive a letter")
    submit_label = _("Enter in the register")
    success_message = _("The letter is entered in the register.")
    service = services.petition_receive

    def crumbs(self):
        return [_register_crumb()]

    def back_url(self):
        return reverse("petitions:register")

    template_name = "petitions/receive.html"

    def form_kwargs(self):
        return {"organizations": selectors.sender_check_registers(self.user),
                "subjects": organization_choices(self.user, PETITIONS)}


class PetitionSenderCheck(Page):
    """The intake form's check (htmx): the earlier letters of the chosen register from the sender being typed,
    compared on the server as the classification compares them (selectors.letters_from_typed_sender). Only for whoever
    may receive letters in that register; each letter found is an opening that shows its sender, and is logged.
    POST, so the typed name never sits in a URL or a server log; GET answers the empty block."""

    needs = PETITIONS
    template_name = "petitions/_sender_check.html"
    http_method_names = ["get", "post", "head", "options"]

    def post(self, request, *args, **kwargs):
        form = forms.SenderCheckForm(request.POST, registers=selectors.sender_check_registers(self.user))
        if not form.is_valid():
            return self.render(self.context(form=form, checked=False))
        d = form.cleaned_data
        if d["anonymous"] or not d["sender_name"].strip():
            return self.render(self.context(form=form, checked=False, no_name=True))
        letters = selectors.letters_from_typed_sender(self.user, organization=d["organization"],
                                                      sender_name=d["sender_name"],
                                                      sender_address=d["sender_address"])
        services.accesses_record(user=self.user, petitions=letters, via=Access.Via.SENDER_CHECK,
                                 visible={p.pk for p in letters})
        identity_read(request, letters, Access.Via.SENDER_CHECK)
        return self.render(self.context(form=form, checked=True, letters=letters, register=d["organization"]))


class PetitionPage(ObjectPage):
    """A page about one petition the user may open (404 otherwise)."""

    selector = selectors.petition_get

    def crumbs(self):
        return [_register_crumb()]

    def visible(self) -> bool:
        return selectors.can_see_identity(self.user, self.object)

    def log(self, via: str, visible: bool) -> None:
        services.accesses_record(user=self.user, petitions=[self.object], via=via,
                                 visible={self.object.pk} if visible else set())
        if visible:
            identity_read(self.request, [self.object], via)


class PetitionDetail(PetitionPage):
    template_name = "petitions/detail.html"

    def get_title(self):
        return gettext("Petition %(number)s") % {"number": self.object.register_number}

    def context(self, **extra):
        petition, user = self.object, self.user
        visible = self.visible()
        self.log(Access.Via.PAGE, visible)
        today = datetime.date.today()
        links = selectors.inspection_links(user, petition)
        provisional = selectors.deadline_provisional(petition)
        return super().context(
            **links, petition=petition, visible=visible, sender=selectors.masked(petition, visible),
            sender_label=selectors.sender_display(petition, visible),
            handlers=list(petition.handlers.select_related("user").order_by("ended_on", "-lead", "assigned_on")),
            rules=selectors.rules_applied(petition),
            deadline=selectors.deadline_status(petition, today, selectors.due_soon_days(today)),
            provisional=provisional_text(provisional) if provisional else "",
            attachments=list(petition.attachments.all()) if visible else [],
            attachment_count=petition.attachments.count(),
            accesses=list(selectors.access_log(petition)) if selectors.can_see_access_log(user, petition) else None,
            history=selectors.masked_case_history(selectors.masked_history(petition, history_entries(petition), visible),
                                        links["case_visible"]),
            can_work=selectors.can_work_on(user, petition), State=State, guidance=services.denunciation_guidance(), **extra)


def api_record(petition: Petition, visible: bool) -> dict:
    """The petition as the API gives it (api.v1: /api/v1/petitions), the sender masked unless `visible`."""
    record = {
        "id": petition.pk, "number": petition.register_number, "received_on": petition.received_on.isoformat(),
        "channel": petition.channel, "organization": petition.organization.name, "anonymous": petition.anonymous,
        "signatory_count": petition.signatory_count, "kind": petition.kind, "summary": petition.summary,
        "state": petition.state, "not_handled_reason": petition.not_handled_reason,
        "due_on": petition.due_on.isoformat() if petition.due_on else None,
        "due_on_provisional": selectors.deadline_provisional(petition) is not None,
        "concluded_on": petition.concluded_on.isoformat() if petition.concluded_on else None,
        "outcome": petition.outcome, "identity_shown": visible,
    }
    record.update(selectors.masked(petition, visible))
    return record


class PetitionAttachment(DownloadPage):
    """A scan of the letter: it shows the sender, so only those who see the sender open it (logged)."""

    selector = selectors.petition_get

    def file(self):
        petition = self.object
        if not selectors.can_see_identity(self.user, petition):
            raise PermissionDenied  # a scan shows the sender
        item = petition.attachments.filter(pk=self.kwargs["attachment_pk"]).first()
        if item is None:
            raise Http404
        services.accesses_record(user=self.user, petitions=[petition], via=Access.Via.ATTACHMENT,
                                 visible={petition.pk})
        # A scan may show the sender even of a letter entered as anonymous: always an identity read.
        security.security_event(security.IDENTITY_READ, request=self.request, target=petition,
                                organization_id=petition.organization_id,
                                detail=f"petition {petition.register_number} ({Access.Via.ATTACHMENT} #{item.pk})")
        self.item = item
        return item.file

    def download_name(self, field_file):
        return self.item.title or super().download_name(field_file)


class PetitionAction(ActionPage, PetitionPage):
    """A step of the petition (the petitions action over its register): form, service, back to the petition."""

    action = PETITIONS
    object_kwarg = "petition"

    def crumbs(self):
        return [*super().crumbs(), (self.object.register_number, self.object.get_absolute_url())]

    def subtitle(self):
        return f"{self.object.register_number}: {self.object.summary}"

    def context(self, **extra):
        return super().context(petition=self.object, **extra)


class PetitionClassify(PetitionAction):
    form_class = forms.ClassifyForm
    template_name = "petitions/classify.html"
    title = _("Classify the letter")
    confirm = _("Classify the letter? Its kind, eligibility and deadline follow from it and are not changed afterwards.")
    success_message = _("The letter is classified.")
    service = services.petition_classify

    def setup_page(self):
        super().setup_page()
        petition = self.object
        # Repeats are found on the server: the identities are compared there and stay masked on the page.
        self.same_sender = selectors.same_sender_letters(petition)
        self.proposed = [p for p in self.same_sender
                         if selectors.same_subject(p, petition.subject_organization, petition.subject_persons)]

    def form_kwargs(self):
        petition = self.object
        return {"petition": petition, "proposed": self.proposed[0] if self.proposed else None,
                "subjects": selectors.subject_choices(),
                "earlier": selectors.register_qs(self.user).filter(pk__in=[p.pk for p in self.same_sender]),
                "decisions": decision_qs(self.user).order_by("-decided_on", "-id")}

    def context(self, **extra):
        return super().context(checks=selectors.identity_checks(self.object, self.same_sender), same_sender=self.same_sender,
                               proposed_ids={p.pk for p in self.proposed}, visible=self.visible(), **extra)


class PetitionAssign(PetitionAction):
    form_class = forms.AssignForm
    title = _("Assign handlers")
    success_message = _("Handlers assigned.")
    service = services.petition_assign

    def form_kwargs(self):
        return {"candidates": selectors.handler_candidates(self.object)}


class PetitionVerify(PetitionAction):
    form_class = forms.VerifyForm
    title = _("Record the verification")
    success_message = _("Verification recorded.")
    service = services.petition_verify


class PetitionConclude(PetitionAction):
    form_class = forms.ConcludeForm
    title = _("Conclude")
    confirm = _("Conclude the petition? The conclusion and the outcome cannot be changed afterwards.")
    success_message = _("The petition is concluded.")
    service = services.petition_conclude


class PetitionNotify(PetitionAction):
    form_class = forms.NotifyForm
    title = _("Notify the sender")
    confirm = _("Record that the sender was notified? This cannot be undone.")
    success_message = _("The notification is recorded.")
    service = services.petition_notify


class PetitionArchive(PetitionAction):
    form_class = forms.ArchiveForm
    title = _("Archive")
    confirm = _("Archive the petition? An archived letter no longer changes.")
    success_message = _("The petition is archived.")
    service = services.petition_archive


class PetitionOpenInspection(PetitionAction):
    """Open an inspection on signs of violation on a denunciation: for those who run the competent organisation's
    inspection case files (inspections' rule), who need not work on the petition itself (the inspection chair)."""

    action = VIEW  # whoever may open the petition; then the inspection rule decides (404 otherwise)
    form_class = forms.OpenInspectionForm
    title = _("Open an inspection on signs of violation")
    confirm = _("Open the inspection? A case file is created in the inspecting body's programme.")
    success_message = _("The inspection on signs of violation is opened.")
    service = services.petition_open_inspection

    def setup_page(self):
        super().setup_page()
        if not selectors.may_open_inspection(self.user, self.object):
            raise Http404

    def blocked(self):
        if self.object.inspection_case_id:
            messages.info(self.request, _("An inspection on signs of violation has already been opened on this "
                                          "letter."))
            return redirect(self.object.get_absolute_url())
        return None

    def form_kwargs(self):
        members, team = selectors.inspection_member_choices(self.object)
        return {"members": members, "team": team}

    def success_url(self, case):
        return case.get_absolute_url()
