from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.scope import MEETINGS
from core.views import ActionPage, ButtonAction, ObjectPage, Page

from . import forms, selectors, services
from .models import StudySession, Takeaway


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
        figures = selectors.campaign_figures([c.pk for c in campaigns])
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

    def context(self, **extra):
        rows = selectors.session_rows(self.user, self.object)
        return super().context(rows=rows,
                               convenes={s.pk for s, _f in rows if self.scope.covers(s.organization_id, MEETINGS)},
                               manages=self.object.is_open and self.scope.covers(self.object.organization_id,
                                                                                 MEETINGS),
                               assesses=self.scope.can(MEETINGS), **extra)


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
