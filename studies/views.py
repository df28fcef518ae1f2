from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scope import DOCUMENTS, MEETINGS
from core.views import ActionPage, ButtonAction, ObjectPage, Page
from documents.widgets import document_pick

from . import forms, selectors, services
from .models import ImplementationReport, ProgrammeTask, StudySession, Takeaway


def _home_crumb() -> tuple[str, str]:
    return str(_("Studying resolutions")), reverse("studies:home")


def _campaign_crumb(campaign) -> tuple[str, str]:
    return campaign.title, reverse("studies:campaign", args=[campaign.pk])


class CampaignList(Page):
    """The campaigns the user follows, newest first, each with its roll-up: sessions held, the share of members who
    studied, takeaways handed in and accepted."""

    needs = MEETINGS
    title = _("Studying resolutions")
    template_name = "studies/home.html"
    shown = 50

    def context(self, **extra):
        campaigns = list(selectors.campaigns_for(self.user)[: self.shown])
        figures = selectors.campaign_figures(self.user, [c.pk for c in campaigns])
        return super().context(rows=[(c, figures[c.pk]) for c in campaigns],
                               can_launch=selectors.launch_documents(self.user).exists(), **extra)


class CampaignLaunch(ActionPage):
    needs = MEETINGS
    form_class = forms.LaunchForm
    title = _("Launch a study")
    submit_label = _("Launch the study")
    success_message = _("The study is launched: each grassroots organisation has a session to plan.")
    service = services.campaign_launch

    def crumbs(self):
        return [_home_crumb()]

    def form_kwargs(self):
        return {"user": self.user}

    def back_url(self):
        return reverse("studies:home")


class CampaignDetail(ObjectPage):
    """One campaign: a row per session the user sees (its organisation, date, held or not, the share who studied,
    takeaways)."""

    selector = selectors.campaign_get
    template_name = "studies/campaign.html"

    def get_title(self):
        return self.object.title

    def crumbs(self):
        return [_home_crumb()]

    per_page = 25

    def context(self, **extra):
        programmes = list(selectors.programmes_of(self.user, self.object))
        figures = selectors.programme_figures([p.pk for p in programmes])
        show = self.request.GET.get("show") if self.request.GET.get("show") in selectors.SESSIONS_SHOWN else ""
        sessions = selectors.visible_sessions(self.user, self.object, show=show)
        page = Paginator(sessions, self.per_page).get_page(self.request.GET.get("page"))
        rows = selectors.with_programmes(selectors.session_rows(self.user, self.object, page.object_list),
                                         {p.organization_id: (p, figures[p.pk]) for p in programmes})
        return super().context(rows=rows, totals=selectors.campaign_figures(self.user, [self.object.pk])[self.object.pk],
                               programmes=[(p, figures[p.pk]) for p in programmes],
                               can_adopt=selectors.adoptable_organizations(self.user, self.object).exists(),
                               convenes={s.pk for s, _f in rows if self.scope.covers(s.organization_id, MEETINGS)},
                               manages=self.object.is_open and self.scope.covers(self.object.organization_id,
                                                                                 MEETINGS),
                               assesses=self.scope.can(MEETINGS), show=show, pager=page,
                               pager_range=page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
                               pager_query=f"?show={show}&page=" if show else "?page=", **extra)


class CampaignClose(ButtonAction):
    """Close the study once its sessions and takeaways are done: nothing more is recorded, nobody is reminded."""

    selector = selectors.campaign_manage_get
    action = MEETINGS
    success_message = _("The study is closed.")

    def perform(self):
        services.campaign_close(actor=self.user, campaign=self.object)


class SessionPage(ActionPage):
    selector = selectors.session_get
    action = MEETINGS
    object_kwarg = "session"

    def crumbs(self):
        return [_home_crumb(), _campaign_crumb(self.object.campaign)]

    def subtitle(self):
        return self.object.organization.name

    def back_url(self):
        return self.object.campaign.get_absolute_url()

    def success_url(self, result):
        return reverse("studies:session", args=[self.object.pk])


class SessionPlan(SessionPage):
    form_class = forms.SessionPlanForm
    title = _("Plan the study session")
    success_message = _("The session is planned.")
    service = services.session_plan

    def initial(self):
        s = self.object
        return {"planned_on": s.planned_on, "place": s.place, "reporter": s.reporter}


class SessionCancel(SessionPage):
    """The organisation will not hold this session: it leaves the to-dos, its reason kept."""

    form_class = forms.CancelForm
    title = _("Cancel the study session")
    submit_label = _("Cancel the session")
    success_message = _("The session is cancelled.")
    confirm = _("Cancel this session? It can no longer be recorded.")
    service = services.session_cancel

    def blocked(self):
        if self.object.status != StudySession.Status.PLANNED:
            return redirect(reverse("studies:session", args=[self.object.pk]))
        return None


class SessionRecord(SessionPage):
    """The session's page: its plan, then the attendance taken like a meeting's (one row per member of the
    organisation's subtree), and the absences made up later."""

    form_class = forms.SessionRecordForm
    template_name = "studies/session.html"
    title = _("Study session")
    submit_label = _("Record the session")
    success_message = _("The session is recorded.")

    def form_kwargs(self):
        return {"roster": selectors.session_roster(self.object), "current": selectors.session_presences(self.object)}

    def initial(self):
        s = self.object
        return {"held_on": s.held_on or s.planned_on, "place": s.place, "reporter": s.reporter}

    def perform(self, data):
        return services.session_record(actor=self.user, session=self.object, held_on=data["held_on"],
                                       place=data["place"], reporter=data["reporter"],
                                       presences=self.form.presences())

    def blocked(self):
        if self.object.status == StudySession.Status.CANCELLED:
            return self.render(self.context(form=None, cancelled=True))
        return None

    def context(self, **extra):
        held = self.object.status == StudySession.Status.HELD
        return super().context(held=held, attendance=list(selectors.attendance_rows(self.object)) if held else [],
                               **extra)


class AttendanceMakeUp(SessionPage):
    form_class = forms.MakeUpForm
    title = _("Made up later")
    submit_label = _("Record the make-up")
    success_message = _("The make-up is recorded.")

    def form_kwargs(self):
        return {"session": self.object}

    def perform(self, data):
        return services.attendance_make_up(actor=self.user, attendance=data["attendance"],
                                           made_up_on=data["made_up_on"])


class TakeawayMine(Page):
    """The campaigns a member studies in, with their takeaway's state."""

    needs = None
    title = _("My takeaways")
    template_name = "studies/mine.html"

    def guard(self):
        response = super().guard()
        if self.scope.own_member_id is None:
            raise Http404
        return response

    def context(self, **extra):
        return super().context(rows=selectors.own_campaigns(self.user), **extra)


class TakeawayWrite(ActionPage):
    """The member's own takeaway: written on a phone, submitted, rewritten until accepted."""

    selector = selectors.own_campaign_get
    form_class = forms.TakeawayForm
    template_name = "studies/takeaway.html"
    title = _("My takeaway")
    submit_label = _("Submit my takeaway")
    success_message = _("Your takeaway is submitted.")

    def setup_page(self):
        super().setup_page()
        self.takeaway = selectors.own_takeaway(self.object, self.object.member)

    def crumbs(self):
        return [(str(_("My takeaways")), reverse("studies:mine"))]

    def versioned_object(self):
        return self.takeaway

    def initial(self):
        return {"text": self.takeaway.text} if self.takeaway else None

    def perform(self, data):
        return services.takeaway_submit(actor=self.user, campaign=self.object, member=self.object.member,
                                        text=data["text"])

    def success_url(self, result):
        return reverse("studies:takeaway", args=[self.object.pk])

    def back_url(self):
        return reverse("studies:mine")

    def context(self, **extra):
        accepted = self.takeaway is not None and self.takeaway.status == Takeaway.Status.ACCEPTED
        return super().context(takeaway=self.takeaway, accepted=accepted, **extra)


class TakeawayList(ObjectPage):
    """The campaign's takeaways the user assesses (members of organisations they convene for), waiting ones first."""

    needs = MEETINGS
    selector = selectors.campaign_get
    template_name = "studies/takeaways.html"
    title = _("Takeaways to assess")

    def crumbs(self):
        return [_home_crumb(), _campaign_crumb(self.object)]

    def context(self, **extra):
        return super().context(takeaways=list(selectors.takeaways_to_assess(self.user, self.object)[:200]), **extra)


class TakeawayAssess(ActionPage):
    """The secretary reads the takeaway and accepts it or returns it with what to rewrite."""

    selector = selectors.takeaway_get
    action = MEETINGS
    form_class = forms.AssessForm
    template_name = "studies/assess.html"
    title = _("Assess the takeaway")
    submit_label = _("Record the assessment")
    success_message = _("The assessment is recorded.")

    def crumbs(self):
        return [_home_crumb(), _campaign_crumb(self.object.campaign),
                (str(_("Takeaways to assess")), reverse("studies:takeaways", args=[self.object.campaign_id]))]

    def subtitle(self):
        return self.object.member.full_name

    def perform(self, data):
        if data["decision"] == forms.AssessForm.RETURN:
            return services.takeaway_return(actor=self.user, takeaway=self.object, reason=data["reason"])
        return services.takeaway_accept(actor=self.user, takeaway=self.object, reason=data["reason"])

    def back_url(self):
        return reverse("studies:takeaways", args=[self.object.campaign_id])

    def success_url(self, result):
        return self.back_url()


# -- action programmes -----------------------------------------------------------------------------------------------

def _programme_crumbs(programme) -> list[tuple[str, str]]:
    return [_home_crumb(), _campaign_crumb(programme.campaign),
            (programme.organization.name, reverse("studies:programme", args=[programme.pk]))]


class ProgrammeAdopt(ActionPage):
    """An organisation of the campaign adopts its action programme (its KH or CTr of the register, if issued)."""

    selector = selectors.campaign_adopt_get
    action = MEETINGS
    form_class = forms.ProgrammeForm
    title = _("Adopt the action programme")
    submit_label = _("Adopt the programme")
    success_message = _("The programme is adopted: add its tasks.")

    def crumbs(self):
        return [_home_crumb(), _campaign_crumb(self.object)]

    def versioned_object(self):
        return None

    def form_kwargs(self):
        return {"user": self.user, "campaign": self.object}

    def initial(self):
        return {"title": _("Action programme to carry out %(title)s") % {"title": self.object.title}}

    def perform(self, data):
        return services.programme_adopt(actor=self.user, campaign=self.object, **data)

    def success_url(self, result):
        return result.get_absolute_url()


class ProgrammeDetail(ObjectPage):
    """A programme: its tasks (owner, deadline, status, evidence; the late ones marked), their progress, and its
    implementation reports."""

    selector = selectors.programme_get
    template_name = "studies/programme.html"

    def get_title(self):
        return self.object.title

    def crumbs(self):
        return _programme_crumbs(self.object)[:2]

    def context(self, **extra):
        tasks = list(selectors.programme_tasks(self.object))
        concluded = selectors.final_report(self.object) is not None
        manages = (self.object.campaign.is_open and not concluded
                   and self.scope.covers(self.object.organization_id, MEETINGS))
        updates = {t.pk for t in tasks if manages or (
            self.object.campaign.is_open and not concluded and t.owner_organization_id
            and self.scope.covers(t.owner_organization_id, MEETINGS))}
        return super().context(tasks=tasks, figures=selectors.programme_figures([self.object.pk])[self.object.pk],
                               reports=list(selectors.programme_reports(self.object)), manages=manages,
                               reads_register=self.scope.covers(self.object.organization_id, DOCUMENTS),
                               updates=updates, today=timezone.localdate(), concluded=concluded, **extra)


def _programme_closed(request, programme):
    """The programme no longer changes (its final report is in, or the study is closed): say so on its page."""
    if programme.campaign.is_open and selectors.final_report(programme) is None:
        return None
    messages.info(request, _("This programme is concluded: it no longer changes."))
    return redirect(programme.get_absolute_url())


class ProgrammePage(ActionPage):
    selector = selectors.programme_get
    action = MEETINGS
    object_kwarg = "programme"

    def blocked(self):
        return _programme_closed(self.request, self.object)

    def crumbs(self):
        return _programme_crumbs(self.object)

    def subtitle(self):
        return self.object.organization.name

    def versioned_object(self):
        return None

    def success_url(self, result):
        return self.object.get_absolute_url()


class TaskAdd(ProgrammePage):
    form_class = forms.TaskForm
    title = _("Add a task")
    submit_label = _("Add the task")
    success_message = _("The task is added.")
    service = services.task_add

    def form_kwargs(self):
        return {"programme": self.object}


class ReportSubmit(ProgrammePage):
    """An interim or the final report on the programme: the tasks' figures are filled in, the text is the
    organisation's."""

    form_class = forms.ReportForm
    template_name = "studies/report.html"
    title = _("Report on the implementation")
    submit_label = _("Submit the report")
    success_message = _("The report is submitted.")
    service = services.report_submit

    def initial(self):
        position, name = selectors.default_signer(self.object.organization)
        return {"reported_on": timezone.localdate(), "kind": ImplementationReport.Kind.INTERIM,
                "signer_position": position, "signer_name": name}

    def context(self, **extra):
        return super().context(figures=selectors.programme_figures([self.object.pk])[self.object.pk], **extra)


class TaskUpdate(ActionPage):
    """How far a task is: its status, the day it was done and the evidence (text or a document of the register)."""

    selector = selectors.task_get
    action = MEETINGS
    form_class = forms.TaskUpdateForm
    title = _("Task progress")
    submit_label = _("Save the progress")
    success_message = _("The task's progress is saved.")

    def crumbs(self):
        return _programme_crumbs(self.object.programme)

    def blocked(self):
        return _programme_closed(self.request, self.object.programme)

    def form_kwargs(self):
        return {"user": self.user, "task": self.object}

    def initial(self):
        t = self.object
        return {"status": t.status, "done_on": t.done_on or (timezone.localdate() if t.status
                                                               not in ProgrammeTask.CLOSED else None),
                "evidence": t.evidence, "evidence_document": t.evidence_document_id, "deadline": t.deadline}

    def perform(self, data):
        return services.task_update(actor=self.user, task=self.object, **data)

    def back_url(self):
        return self.object.programme.get_absolute_url()

    def success_url(self, result):
        return self.back_url()


# -- the document pickers' searches (documents.widgets) ---------------------------------------------------------------

class _DocumentPick:
    """The first documents matching what was typed among `choices()`, the same rows the form's field accepts."""

    template_name = "documents/_pick_results.html"

    def choices(self):
        raise NotImplementedError

    def context(self, **extra):
        rows, more = document_pick(self.choices(), self.request.GET.get("q", "")[:100])
        return super().context(documents=rows, more=more, shown=len(rows), **extra)


class LaunchDocumentPick(_DocumentPick, Page):
    needs = MEETINGS

    def choices(self):
        return selectors.launch_documents(self.user)


class ProgrammeDocumentPick(_DocumentPick, ObjectPage):
    selector = selectors.campaign_adopt_get
    action = MEETINGS

    def choices(self):
        return selectors.programme_documents(self.user, self.object,
                                             selectors.adoptable_organizations(self.user, self.object))


class TaskDocumentPick(_DocumentPick, ObjectPage):
    selector = selectors.task_get
    action = MEETINGS

    def choices(self):
        return selectors.evidence_documents(self.user, self.object)
