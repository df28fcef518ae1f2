import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField
from core.scope import MANAGE_MEMBERS
from organizations.selectors import transfer_destinations
from organizations.widgets import OrganizationField
from rules.codes import ADMISSION_MAX_AGE, ADMISSION_OVER_MAX_AGE_APPROVED_BY
from rules.selectors import RuleMissing, rule_value
from rules.usage import applies

from .choices import Status, TransferKind
from .models import Member
from .services import FILE_FIELDS

FILE_WIDGETS = {"hometown": forms.TextInput(), "date_of_birth": forms.DateInput()}


class MemberFileForm(BootstrapMixin, forms.ModelForm):
    """The member's file (personal data) — the fields every lifecycle form shares."""

    # A birth date: from the oldest age a living person reaches to today (core.validation.field_date_range).
    date_of_birth = DateField(label=_("Date of birth"), not_before=None, future=False)

    class Meta:
        model = Member
        fields = list(FILE_FIELDS)

    def file_data(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in FILE_FIELDS if f in self.cleaned_data}


class MemberEditForm(MemberFileForm):
    reason = forms.CharField(label=_("Why is the file corrected?"), widget=forms.Textarea(attrs={"rows": 2}))


@applies(ADMISSION_MAX_AGE, ADMISSION_OVER_MAX_AGE_APPROVED_BY,
         where=_("Admission form: the approval asked for a candidate above the maximum age"), page="members:admit")
def over_age_rule(on: datetime.date) -> tuple[int, str] | None:
    """(maximum age, the body whose approval admits someone older) in force on `on`, for the admission form's help
    (None when the rule data has no such rule that day: the service still judges the decision date)."""
    try:
        return rule_value(ADMISSION_MAX_AGE, on=on), rule_value(ADMISSION_OVER_MAX_AGE_APPROVED_BY, on=on)
    except RuleMissing:
        return None


class MemberAdmitForm(MemberFileForm):
    organization = OrganizationField(label=_("Cell"), action=MANAGE_MEMBERS, holds_members=True)
    admitted_on = DateField(label=_("Admitted on (decision date)"))
    decision_number = forms.CharField(label=_("Admission decision number"), max_length=60)
    inducted_on = DateField(label=_("Induction ceremony on"), required=False,
                            help_text=_("Can be recorded later; probation counts from the ceremony."))
    over_age_approved_by = forms.CharField(label=_("Above the age limit: approved by"), max_length=255,
                                           required=False)
    over_age_approval_number = forms.CharField(label=_("Approval number"), max_length=60, required=False)
    over_age_approved_on = DateField(label=_("Approved on"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user)
        self.order_fields(["organization", "admitted_on", "decision_number", "inducted_on"])
        rule = over_age_rule(datetime.date.today())
        if rule:
            max_age, body = rule
            self.fields["over_age_approved_by"].widget.attrs["placeholder"] = body
            self.fields["over_age_approved_by"].help_text = _(
                "Only for a candidate older than %(max)d years 0 months on the decision date (age counted in "
                "months): the approval of %(body)s, recorded with its number and date. Leave these empty otherwise."
            ) % {"max": max_age, "body": body}

    def validate_unique(self):
        # Unique fields are checked again by the service; here they would be checked against
        # an unsaved instance with no status, which is fine, so keep Django's check.
        super().validate_unique()


class MemberRegisterForm(MemberFileForm):
    organization = OrganizationField(label=_("Cell"), action=MANAGE_MEMBERS, holds_members=True)
    status = forms.ChoiceField(label=_("Status"), choices=[(Status.FULL, Status.FULL.label),
                                                            (Status.PROBATIONARY, Status.PROBATIONARY.label)])
    admitted_on = DateField(label=_("Admitted on"))
    full_on = DateField(label=_("Full member on"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user)
        self.order_fields(["organization", "status", "admitted_on", "full_on"])


class MemberTransferInForm(MemberFileForm):
    organization = OrganizationField(label=_("Cell"), action=MANAGE_MEMBERS, holds_members=True)
    kind = forms.ChoiceField(label=_("Transfer"), choices=TransferKind.choices)
    from_external = forms.CharField(label=_("Coming from (organisation outside)"), max_length=255)
    effective_on = DateField(label=_("Effective on"))
    until = DateField(label=_("Until (temporary)"), required=False)
    for_study = forms.BooleanField(label=_("Temporary absence for study"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[(Status.FULL, Status.FULL.label),
                                                            (Status.PROBATIONARY, Status.PROBATIONARY.label)])
    admitted_on = DateField(label=_("Admitted on"))
    full_on = DateField(label=_("Full member on"), required=False)
    decision_number = forms.CharField(label=_("Letter / decision number"), max_length=60, required=False)
    letter_issued_on = DateField(label=_("Introduction letter dated"), required=False,
                                 help_text=_("Permanent transfer: the date on the introduction letter. A letter "
                                             "presented later than the rule allows is recorded as late."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user)
        self.order_fields(["organization", "kind", "from_external", "effective_on", "until", "for_study", "status",
                           "admitted_on", "full_on", "decision_number", "letter_issued_on"])

    def validate_unique(self):
        # A member who left earlier may come back with the same citizen ID: the service reuses the file.
        pass


class MemberTransferForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Transfer"), choices=TransferKind.choices, widget=forms.RadioSelect)
    to_organization = OrganizationField(label=_("To a cell here"), anywhere=True, required=False)
    to_external = forms.CharField(label=_("Or to an organisation outside"), max_length=255, required=False)
    effective_on = DateField(label=_("Effective on"))
    until = DateField(label=_("Until (temporary transfer)"), required=False)
    for_study = forms.BooleanField(label=_("Temporary absence for study"), required=False)
    decision_number = forms.CharField(label=_("Letter / decision number"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, member, **kwargs):
        super().__init__(*args, **kwargs)
        # A member may be sent to any cell of the installation: the receiving cell need not be in the
        # sender's scope (a grassroots committee transfers members to another committee's cell).
        self.fields["to_organization"].queryset = transfer_destinations().exclude(pk=member.organization_id)
        self.fields["kind"].widget.attrs["class"] = ""


class MemberRecogniseForm(BootstrapMixin, forms.Form):
    decided_on = DateField(label=_("Decided on"))
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MembershipPapersForm(BootstrapMixin, forms.Form):
    issued_on = DateField(label=_("Papers issued on"), future=False,
                          help_text=_("The date of the introduction letter."))
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Required to correct a date already recorded."))


class MembershipLetterForm(BootstrapMixin, forms.Form):
    presented_on = DateField(label=_("Letter presented on"), future=False)
    letter_issued_on = DateField(label=_("Introduction letter dated"), required=False, future=False,
                                 help_text=_("As written on the letter (the sending side has not recorded its "
                                             "papers)."))
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Required to correct a date already recorded."))

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        if membership.letter_issued_on:
            del self.fields["letter_issued_on"]


class MemberInductionForm(BootstrapMixin, forms.Form):
    inducted_on = DateField(label=_("Induction ceremony on"))
    reason = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MemberDatedReasonForm(BootstrapMixin, forms.Form):
    effective_on = DateField(label=_("Effective on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


ENDING_CHOICES = [
    (Status.DECEASED, Status.DECEASED.label),
    (Status.STRUCK_OFF, Status.STRUCK_OFF.label),
    (Status.EXPELLED, Status.EXPELLED.label),
    (Status.LEFT, Status.LEFT.label),
]


class MemberEndForm(MemberDatedReasonForm):
    status = forms.ChoiceField(label=_("How the membership ends"), choices=ENDING_CHOICES)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    field_order = ["status", "effective_on", "decision_number", "reason"]
