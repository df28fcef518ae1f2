from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import security
from core.exports import export_response
from core.scope import REVIEWS, VIEW
from core.views import ActionPage, ButtonAction, ExportMixin, ObjectPage, Page
from organizations.models import Organization
from organizations.selectors import subtree_q

from . import forms, selectors, services
from .models import Rating


def _home_crumb() -> tuple[str, str]:
    return str(_("Quality review")), reverse("reviews:home")


class CampaignList(Page):
    """The reviews the user takes part in, newest first; the Bloc (a committee) opens the next one here."""

    needs = REVIEWS
    title = _("Quality review")
    template_name = "reviews/home.html"

    def context(self, **extra):
        return super().context(campaigns=list(selectors.campaigns_for(self.user)[:50]),
                               can_open=selectors.opening_organizations(self.user).exists(), **extra)


class CampaignOpen(ActionPage):
    needs = REVIEWS
    form_class = forms.CampaignForm
    title = _("Open a review")
    submit_label = _("Open the review")
    success_message = _("The review is open: every member and organisation under the committee is listed.")
    service = services.campaign_open

    def guard(self):
        response = super().guard()
        if response is None and not selectors.opening_organizations(self.user).exists():
            security.security_event(security.REFUSED, request=self.request, detail="reviews: no committee")
            raise PermissionDenied
        return response

    def crumbs(self):
        return [_home_crumb()]

    def form_kwargs(self):
        return {"user": self.user}

    def initial(self):
        return selectors.this_year_campaign_defaults()

    def back_url(self):
        return reverse("reviews:home")


class CampaignPage(ObjectPage):
    """A page of one campaign about one organisation under it (?org=, the user's own by default)."""

    selector = selectors.campaign_get
    action = VIEW

    def setup_page(self):
        super().setup_page()
        self.root = selectors.root_get(self.user, self.object, self.request.GET.get("org"))

    def crumbs(self):
        return [_home_crumb(), (self.object.title, reverse("reviews:campaign", args=[self.object.pk]))]

    def links(self) -> dict:
        """The sheets of the page's organisation the user may open."""
        root, campaign = self.root, self.object
        links = {}
        if root.kind.holds_members and self.scope.covers(root.pk, REVIEWS):
            links["propose"] = reverse("reviews:propose", args=[campaign.pk, root.pk])
            links["minutes"] = reverse("reviews:minutes", args=[campaign.pk, root.pk])
        try:
            selectors.decision_unit_get(self.user, root.pk)
            links["decide"] = reverse("reviews:decide", args=[campaign.pk, root.pk])
        except Http404:
            pass
        if not root.kind.holds_members and self.scope.covers(root.pk, REVIEWS):
            links["organizations"] = reverse("reviews:organizations", args=[campaign.pk, root.pk])
        return links


class CampaignDetail(CampaignPage):
    """How far the review has come under an organisation: per organisation below it, members listed, self-assessed,
    proposed and decided; the sheets the user fills from here."""

    template_name = "reviews/campaign.html"

    def get_title(self):
        return self.object.title

    def crumbs(self):
        return [_home_crumb()]

    def context(self, **extra):
        tally = selectors.tally(self.object, self.root, compare=False)
        own = selectors.own_review(self.user, self.object)
        manages = self.object.is_open and self.scope.covers(self.object.organization_id, REVIEWS)
        return super().context(root=self.root, tally=tally, links=self.links(), own=own, manages=manages,
                               can_results=True, **extra)


class CampaignButton(ButtonAction):
    selector = selectors.campaign_manage_get
    action = REVIEWS

    def back_url(self):
        return reverse("reviews:campaign", args=[self.object.pk])


class CampaignClose(CampaignButton):
    """Close the review once its decisions are made: no more sheets, no more reminders."""

    success_message = _("The review is closed.")

    def perform(self):
        services.campaign_close(actor=self.user, campaign=self.object)


class CampaignRefresh(CampaignButton):
    """List the members who came under the committee since the review opened."""

    success_message = _("Members who arrived since the review opened are listed.")

    def perform(self):
        services.campaign_refresh(actor=self.user, campaign=self.object)


class Results(ExportMixin, CampaignPage):
    """The distribution of the four ratings under an organisation (counts and %), per organisation below it, beside
    last year's; the organisations' ratings; the same rows as Excel."""

    title = _("Review results")
    template_name = "reviews/results.html"

    def get(self, request, *args, **kwargs):
        tally = selectors.tally(self.object, self.root)
        fmt = self.export_format()
        if fmt:
            if self.export_error(fmt):
                raise Http404
            return self.export_file(tally, fmt)
        previous = tally.previous_total
        comparison = [(rating, label, tally.total.percent(rating), previous.percent(rating) if previous else None)
                      for rating, label in Rating.choices]
        return self.render(self.context(root=self.root, tally=tally, comparison=comparison,
                                        organization_ratings=[(label, tally.organizations.get(rating, 0))
                                                              for rating, label in Rating.choices],
                                        can_export=self.scope.can(self.export_needs)))

    def export_file(self, tally, fmt):
        def count(key):
            return lambda row: row.counts[key]

        def share(rating):
            return lambda row: row.percent(rating)

        columns = [(str(_("Organisation")), lambda r: r.organization["name"]),
                   (str(_("Members rated")), count("members")), (str(_("Decided")), count("decided"))]
        columns += [(str(label), count(rating)) for rating, label in Rating.choices]
        columns += [(f"{label} (%)", share(rating)) for rating, label in Rating.choices]
        columns += [(str(_("Not rated")), count("not_rated"))]
        return export_response(fmt, filename=f"xep-loai-{self.object.period_end.year}-{self.root.code}",
                               columns=columns, rows=[*tally.rows, tally.total],
                               title=f"{self.object.title} — {self.root.name}")


class CellSheetPage(ActionPage):
    """A sheet of a campaign for one cell (`cell` in the URL), which must lie under the campaign's committee."""

    selector = selectors.campaign_get
    action = VIEW
    unit_kwarg = "cell"
    head_fields: tuple[str, ...] = ()

    def unit(self):
        return selectors.cell_get(self.user, self.kwargs[self.unit_kwarg], REVIEWS)

    def setup_page(self):
        super().setup_page()
        self.cell = self.unit()
        inside = Organization.objects.filter(subtree_q("id", self.object.organization_id), pk=self.cell.pk)
        if not inside.exists():
            raise Http404

    def crumbs(self):
        return [_home_crumb(), (self.object.title, f"{reverse('reviews:campaign', args=[self.object.pk])}"
                                                   f"?org={self.cell.pk}")]

    def subtitle(self):
        return self.cell.name

    def versioned_object(self):
        return None  # each row is checked on its own save; the sheet has no single revision

    def back_url(self):
        return f"{reverse('reviews:campaign', args=[self.object.pk])}?org={self.cell.pk}"

    def success_url(self, result):
        return self.back_url()

    def context(self, **extra):
        form = extra.get("form")
        head = [form[name] for name in self.head_fields] if form is not None else []
        return super().context(head=head, **extra)


class ProposalSheet(CellSheetPage):
    """The cell meeting's proposal: one row per member with their self-assessed points and the rating they reach,
    the meeting's rating chosen on a phone."""

    form_class = forms.ProposalForm
    head_fields = ("meeting_on", "meeting_reference")
    template_name = "reviews/propose.html"
    title = _("The cell's proposal")
    submit_label = _("Save the proposal")
    success_message = _("The cell's proposal is recorded.")

    def setup_page(self):
        super().setup_page()
        self.sheet = selectors.sheet(self.object, self.cell)

    def form_kwargs(self):
        return {"rows": self.sheet.rows}

    def initial(self):
        first = next((r.review for r in self.sheet.rows if r.review.proposed_on), None)
        return {"meeting_on": first.proposed_on if first else None,
                "meeting_reference": first.meeting_reference if first else ""}

    def perform(self, data):
        return services.review_propose(actor=self.user, campaign=self.object, organization=self.cell,
                                       meeting_on=data["meeting_on"], meeting_reference=data["meeting_reference"],
                                       rows=self.form.values())

    def context(self, **extra):
        return super().context(sheet=self.sheet, cell=self.cell, **extra)


class DecisionSheet(CellSheetPage):
    """The competent committee's decision for a cell or a whole grassroots organisation."""

    form_class = forms.DecisionForm
    head_fields = ("decided_on", "decision_number")
    template_name = "reviews/decide.html"
    title = _("Decision on the ratings")
    submit_label = _("Record the decision")
    success_message = _("The ratings are decided.")
    unit_kwarg = "unit"

    def unit(self):
        return selectors.decision_unit_get(self.user, self.kwargs["unit"])

    def setup_page(self):
        super().setup_page()
        self.sheet = selectors.sheet(self.object, self.cell)

    def form_kwargs(self):
        return {"rows": self.sheet.rows}

    def perform(self, data):
        return services.review_decide(actor=self.user, campaign=self.object, organization=self.cell,
                                      decided_on=data["decided_on"], decision_number=data["decision_number"],
                                      rows=self.form.values())

    def context(self, **extra):
        return super().context(sheet=self.sheet, cell=self.cell, competent=self.cell.competent,
                               many_cells=not self.cell.kind.holds_members, **extra)


class OrganizationDecision(CellSheetPage):
    """The superior's decision on the organisations directly under it, with their self-assessed points."""

    form_class = forms.OrganizationDecisionForm
    head_fields = ("decided_on", "decision_number")
    template_name = "reviews/organizations.html"
    title = _("Decision on the organisations' ratings")
    submit_label = _("Record the decision")
    success_message = _("The organisations' ratings are decided.")
    unit_kwarg = "parent"

    def unit(self):
        return selectors.superior_get(self.user, self.kwargs["parent"])

    def setup_page(self):
        super().setup_page()
        self.rows = selectors.organization_sheet(self.object, self.cell)
        if not self.rows:
            raise Http404

    def form_kwargs(self):
        return {"rows": self.rows}

    def perform(self, data):
        return services.organization_decide(actor=self.user, campaign=self.object, parent=self.cell,
                                            decided_on=data["decided_on"], decision_number=data["decision_number"],
                                            rows=self.form.values())

    def context(self, **extra):
        return super().context(rows=self.rows, parent=self.cell, **extra)


class Minutes(CampaignPage):
    """The cell meeting's minutes (biên bản) in the Party's layout, printed from the page."""

    template_name = "reviews/minutes.html"
    title = _("Minutes of the review meeting")

    def setup_page(self):
        ObjectPage.setup_page(self)
        self.root = selectors.cell_get(self.user, self.kwargs["cell"], REVIEWS)
        if not Organization.objects.filter(subtree_q("id", self.object.organization_id), pk=self.root.pk).exists():
            raise Http404

    def context(self, **extra):
        sheet = selectors.sheet(self.object, self.root)
        counts = {rating: sum(1 for r in sheet.rows if r.review.proposed_rating == rating) for rating in Rating}
        first = next((r.review for r in sheet.rows if r.review.proposed_on), None)
        return super().context(sheet=sheet, cell=self.root, counts=[(label, counts[rating])
                                                                      for rating, label in Rating.choices],
                               meeting=first, **extra)


class ReviewPage(ObjectPage):
    selector = selectors.review_get

    def crumbs(self):
        return [(self.object.member.full_name, self.object.member.get_absolute_url())]


class SelfAssessment(ActionPage, ReviewPage):
    """The member's self-assessment on a phone (or the cell entering the member's paper form)."""

    action = REVIEWS
    form_class = forms.PointsForm
    template_name = "reviews/self.html"
    title = _("Self-assessment")
    submit_label = _("Submit the self-assessment")
    success_message = _("Your self-assessment is recorded.")
    service = services.review_self_assess
    object_kwarg = "review"

    def subtitle(self):
        return f"{self.object.member.full_name} — {self.object.campaign.title}"

    def initial(self):
        review = self.object
        return {"general_points": review.general_points, "task_points": review.task_points,
                "self_notes": review.self_notes}

    def form_kwargs(self):
        return {"limits": _limits(self.object.campaign)}

    def back_url(self):
        return self.object.member.get_absolute_url()

    def success_url(self, result):
        return reverse("reviews:self", args=[self.object.pk])

    def context(self, **extra):
        from rules.selectors import RuleBook

        from . import judging

        limits = judging.thresholds(RuleBook(), self.object.campaign.period_end)
        suggested = judging.rating_for(self.object.points, limits)
        return super().context(review=self.object, limits=limits, suggested=suggested,
                               suggested_label=selectors.rating_label(suggested), **extra)


class SelfAssessmentPrint(ReviewPage):
    """The self-assessment form (phiếu tự đánh giá, after Mẫu 2A) as the member signs it."""

    action = VIEW
    template_name = "reviews/print_self.html"
    title = _("Self-assessment form")

    def context(self, **extra):
        from rules.selectors import RuleBook

        from . import judging

        limits = judging.thresholds(RuleBook(), self.object.campaign.period_end)
        suggested = judging.rating_for(self.object.points, limits)
        return super().context(review=self.object, suggested_label=selectors.rating_label(suggested), **extra)


def _limits(campaign) -> dict:
    from rules.selectors import rule_book

    from . import judging

    return judging.thresholds(rule_book(), campaign.period_end)


class OrganizationSelfAssessment(ActionPage):
    """The organisation's committee assesses the organisation's year (the report's points, Mẫu 01)."""

    selector = selectors.organization_review_get
    action = REVIEWS
    form_class = forms.PointsForm
    title = _("The organisation's self-assessment")
    submit_label = _("Submit the self-assessment")
    success_message = _("The organisation's self-assessment is recorded.")
    service = services.organization_self_assess
    object_kwarg = "review"

    def crumbs(self):
        return [_home_crumb(), (self.object.campaign.title, f"{self.object.campaign.get_absolute_url()}"
                                                            f"?org={self.object.organization_id}")]

    def subtitle(self):
        return self.object.organization.name

    def initial(self):
        review = self.object
        return {"general_points": review.general_points, "task_points": review.task_points,
                "self_notes": review.self_notes}

    def form_kwargs(self):
        return {"limits": _limits(self.object.campaign)}

    def back_url(self):
        return f"{self.object.campaign.get_absolute_url()}?org={self.object.organization_id}"

    def success_url(self, result):
        return self.back_url()
