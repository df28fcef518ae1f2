import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField
from core.validation import date_bounds
from members.choices import Status as MemberStatus
from members.models import Member
from organizations.models import Organization

from .models import POSITIONS_BY_BODY, AllowanceCategory, Body, Position, Seat, Term
from .selectors import Problem, body_kinds_for


class TermForm(BootstrapMixin, forms.Form):
    label = forms.CharField(label=_("Term"), max_length=40, widget=forms.TextInput(attrs={"placeholder": "2025–2030"}))
    kind = forms.ChoiceField(label=_("How it began"), choices=Term.Kind.choices, initial=Term.Kind.CONGRESS)
    congress_on = DateField(label=_("Congress held on"), required=False)
    started_on = DateField(label=_("Term started on"), required=False,
                           help_text=_("Leave empty when the term starts on the day of the congress."))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False,
                                      help_text=_("The superior's approval of the results, or the designation."))
    create_main_body = forms.BooleanField(label=_("Open the committee for this term"), required=False, initial=True)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            year = datetime.date.today().year
            self.fields["label"].initial = f"{year}–{year + 5}"


class TermCorrectForm(BootstrapMixin, forms.Form):
    label = forms.CharField(label=_("Term"), max_length=40)
    congress_on = DateField(label=_("Congress held on"), required=False)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Why is the record corrected?"), widget=forms.Textarea(attrs={"rows": 2}))


class BodyForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Body"), choices=())
    started_on = DateField(label=_("From"), required=False, help_text=_("Leave empty: from the start of the term."))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, term: Term, **kwargs):
        super().__init__(*args, **kwargs)
        existing = set(term.bodies.values_list("kind", flat=True))
        self.fields["kind"].choices = [(k, Body.Kind(k).label) for k in body_kinds_for(term.organization)
                                       if k not in existing]


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return f"{member.full_name} ({member.date_of_birth:%d/%m/%Y}) — {member.organization.name}"


class SeatForm(BootstrapMixin, forms.Form):
    member = MemberChoiceField(label=_("Member"), queryset=Member.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=())
    started_on = DateField(label=_("From"))
    start_method = forms.ChoiceField(label=_("How"), choices=Seat.StartMethod.choices,
                                     initial=Seat.StartMethod.ELECTED)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False,
                                      help_text=_("Required when appointed or designated."))
    engagement = forms.ChoiceField(label=_("Engagement"), choices=Seat.Engagement.choices,
                                   initial=Seat.Engagement.CONCURRENT)
    allowance_category = forms.ModelChoiceField(label=_("Allowance category"), required=False,
                                                queryset=AllowanceCategory.objects.all())
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        subtree = Organization.objects.descendants(body.organization, include_self=True).values("id")
        self.fields["member"].queryset = (
            Member.objects.filter(organization_id__in=subtree, status=MemberStatus.FULL)
            .exclude(pk__in=Seat.objects.filter(body=body, ended_on__isnull=True).values("member_id"))
            .select_related("organization").order_by("name_sort")
        )
        self.fields["position"].choices = [(p, Position(p).label) for p in POSITIONS_BY_BODY[body.kind]]
        if not self.is_bound:
            self.fields["started_on"].initial = datetime.date.today()


AUTOMATIC_END_REASONS = (
    Seat.EndReason.LEFT_ORGANIZATION, Seat.EndReason.TRANSFERRED_OUT, Seat.EndReason.DECEASED,
    Seat.EndReason.EXPELLED, Seat.EndReason.STRUCK_OFF, Seat.EndReason.LEFT_PARTY, Seat.EndReason.ORGANIZATION_ENDED,
)


class SeatEndForm(BootstrapMixin, forms.Form):
    ended_on = DateField(label=_("Ends on"))
    # Transfers, deaths, expulsions and restructuring end seats through the member and organisation services.
    end_reason = forms.ChoiceField(label=_("Why it ends"), choices=[
        (c, label) for c, label in Seat.EndReason.choices if c not in AUTOMATIC_END_REASONS])
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SeatUpdateForm(BootstrapMixin, forms.Form):
    engagement = forms.ChoiceField(label=_("Engagement"), choices=Seat.Engagement.choices)
    allowance_category = forms.ModelChoiceField(label=_("Allowance category"), required=False,
                                                queryset=AllowanceCategory.objects.all())
    reason = forms.CharField(label=_("Why is it changed?"), widget=forms.Textarea(attrs={"rows": 2}))


class HealthForm(forms.Form):
    """The health page's question: one kind of problem, or every problem."""

    problem = forms.ChoiceField(label=_("Problem"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [("", _("All")), *Problem.LABELS.items()]


class MonthForm(BootstrapMixin, forms.Form):
    """The allowance list's month (this month when none is given), from the Party's founding to five years ahead."""

    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m", "%m/%Y"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            error_messages={"invalid": _("Choose a month.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A month's own bounds and message (clean_month) instead of the day range every date field gets
        # (core.forms.bound_field), which would name a day.
        self.fields["month"].validators = []

    def clean_month(self):
        month = self.cleaned_data.get("month")
        if month is None:
            return None
        bounds = date_bounds()
        first, last = bounds.earliest.replace(day=1), bounds.latest().replace(day=1)
        if not first <= month <= last:
            raise forms.ValidationError(_("Choose a month from %(first)s to %(last)s.")
                                        % {"first": first.strftime("%m/%Y"), "last": last.strftime("%m/%Y")},
                                        code="out_of_range")
        return month
