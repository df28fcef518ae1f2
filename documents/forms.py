from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.files import UploadField
from core.forms import BootstrapMixin, DateField
from core.scope import DOCUMENTS
from organizations.widgets import OrganizationField

from . import numbering, selectors
from .models import Confidentiality, Issuer, SignAs


def kind_choices():
    """The kinds in force today, "NQ — Nghị quyết" (the service checks them again on the document's date)."""
    return [("", "—"), *((code, f"{code} — {name}") for code, name in numbering.kind_names(timezone.localdate()).items())]


class RegisterForm(BootstrapMixin, forms.Form):
    organization = OrganizationField(label=pgettext_lazy("document register", "Register of"), action=DOCUMENTS,
                                     holds_members=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].for_user(user)
        self.fields["organization"].queryset = selectors.register_organizations(user)
        if "kind" in self.fields:
            self.fields["kind"].choices = kind_choices()


class IssueForm(RegisterForm):
    issuer = forms.ChoiceField(label=_("Issued by"), choices=Issuer.Kind.choices, initial=Issuer.Kind.COMMITTEE)
    kind = forms.ChoiceField(label=_("Kind"))
    issued_on = DateField(label=_("Dated"), future=False)
    place = forms.CharField(label=_("Place"), max_length=100, required=False,
                            help_text=_("As printed before the date, e.g. Vĩnh Phúc."))
    title = forms.CharField(label=_("Summary (trích yếu)"), max_length=500)
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    recipients = forms.CharField(label=_("Recipients"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("One per line."))
    sign_as = forms.ChoiceField(label=_("Signs"), choices=SignAs.choices, required=False, initial=SignAs.ON_BEHALF)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=100)
    signer_name = forms.CharField(label=_("Signer"), max_length=100)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    file = UploadField(label=_("Signed copy"), required=False)


class IncomingForm(RegisterForm):
    kind = forms.ChoiceField(label=_("Kind"))
    symbol = forms.CharField(label=_("Number and symbol"), max_length=80, help_text=_("As written on it."))
    issued_on = DateField(label=_("Dated"), future=False)
    sender = forms.CharField(label=_("Issuing body"), max_length=255)
    received_on = DateField(label=_("Received on"), future=False)
    title = forms.CharField(label=_("Summary (trích yếu)"), max_length=500)
    signer_name = forms.CharField(label=_("Signer"), max_length=100, required=False)
    recipients = forms.CharField(label=_("Passed on to"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    file = UploadField(label=_("Scan or file"), required=False)


class CorrectOutgoingForm(BootstrapMixin, forms.Form):
    """What a correction of an outgoing document may change (services.CORRECTABLE): never its number, kind, body or
    date."""

    title = IssueForm.base_fields["title"]
    body = IssueForm.base_fields["body"]
    place = IssueForm.base_fields["place"]
    recipients = IssueForm.base_fields["recipients"]
    sign_as = IssueForm.base_fields["sign_as"]
    signer_position = IssueForm.base_fields["signer_position"]
    signer_name = IssueForm.base_fields["signer_name"]
    confidentiality = IssueForm.base_fields["confidentiality"]
    file = UploadField(label=_("Replace the file"), required=False)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=500)


class CorrectIncomingForm(BootstrapMixin, forms.Form):
    """What a correction of an incoming document may change (services.CORRECTABLE_INCOMING)."""

    kind = forms.ChoiceField(label=_("Kind"))
    symbol = IncomingForm.base_fields["symbol"]
    issued_on = DateField(label=_("Dated"), future=False)
    sender = IncomingForm.base_fields["sender"]
    received_on = DateField(label=_("Received on"), future=False)
    title = IncomingForm.base_fields["title"]
    signer_name = IncomingForm.base_fields["signer_name"]
    recipients = IncomingForm.base_fields["recipients"]
    confidentiality = IncomingForm.base_fields["confidentiality"]
    file = UploadField(label=_("Replace the file"), required=False)
    reason = forms.CharField(label=_("Why it is corrected"), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()


class CancelForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Why it is cancelled"), max_length=500)
