from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField
from core.scope import REVIEWS
from organizations.widgets import OrganizationField

from . import judging
from .models import PeriodKind, Rating, Treatment

RATING_CHOICES = [("", "—"), *Rating.choices]


class CampaignForm(BootstrapMixin, forms.Form):
    organization = OrganizationField(label=_("Committee"), action=REVIEWS, holds_members=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    period_start = DateField(label=_("Period from"))
    period_end = DateField(label=_("Period to"))
    self_assessment_due = DateField(label=_("Self-assessments by"))
    cell_meetings_due = DateField(label=_("Cell meetings by"))
    decisions_due = DateField(label=_("Decisions by"))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user)


class PointsForm(BootstrapMixin, forms.Form):
    general_points = forms.DecimalField(label=_("General criteria"), min_value=0,
                                        max_digits=4, decimal_places=1,
                                        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
    task_points = forms.DecimalField(label=_("Task results"), min_value=0, max_digits=4,
                                     decimal_places=1,
                                     widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}))
    self_notes = forms.CharField(label=_("Strengths, shortcomings and what you will do about them"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, limits: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # the most points of each part are the rule's (review_rating_thresholds), shown as the rule in force says
        limits = limits or {}
        for name, key, label in (("general_points", "general_max", _("General criteria (at most %(points)s points)")),
                                 ("task_points", "tasks_max", _("Task results (at most %(points)s points)"))):
            if limits.get(key) is not None:
                self.fields[name].label = label % {"points": limits[key]}


class SheetForm(BootstrapMixin, forms.Form):
    """A rating per row (`row_<review id>`: the service's refusals land on it) and the sheet's own fields."""

    note_fields = False

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet_rows = rows
        for row in rows:
            review = row.review
            if getattr(review, "treatment", Treatment.RATED) != Treatment.RATED:
                continue
            self.fields[f"row_{review.pk}"] = forms.ChoiceField(
                label=_("Rating"), choices=RATING_CHOICES, required=False, initial=self.initial_rating(row))
            if self.note_fields:
                self.fields[f"note_{review.pk}"] = forms.CharField(label=_("Comment"), required=False, max_length=255,
                                                                   initial=review.proposal_note)

    def initial_rating(self, row) -> str:
        return row.review.rating

    @staticmethod
    def within_ceiling(row, rating: str) -> str:
        """A rating offered by default, held to the row's ceiling (a disciplined member or organisation): the sheet
        never suggests what its service would refuse."""
        return row.ceiling if judging.above(rating, row.ceiling) else rating

    def rows(self):
        for row in self.sheet_rows:
            pk = row.review.pk
            yield row, self[f"row_{pk}"] if f"row_{pk}" in self.fields else None, \
                self[f"note_{pk}"] if f"note_{pk}" in self.fields else None

    def values(self) -> list[dict]:
        data = self.cleaned_data
        return [{"review": row.review.pk, "rating": data.get(f"row_{row.review.pk}") or "",
                 "note": data.get(f"note_{row.review.pk}") or ""}
                for row in self.sheet_rows if f"row_{row.review.pk}" in self.fields]


class ProposalForm(SheetForm):
    note_fields = True
    meeting_on = DateField(label=_("Cell meeting held on"), future=False)
    meeting_reference = forms.CharField(label=_("Minutes"), max_length=120, required=False,
                                        help_text=_("The meeting's minutes or notice, as the cell files it."))

    def initial_rating(self, row) -> str:
        # the cell's proposal once made, else the rating the points reach (the meeting changes it if it disagrees)
        return row.review.proposed_rating or self.within_ceiling(row, row.suggested)


class DecisionForm(SheetForm):
    decided_on = DateField(label=_("Decided on"), future=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)

    def initial_rating(self, row) -> str:
        return row.review.rating or getattr(row.review, "proposed_rating", "") or ""


class OrganizationDecisionForm(DecisionForm):
    def initial_rating(self, row) -> str:
        return row.review.rating or self.within_ceiling(row, row.suggested)
