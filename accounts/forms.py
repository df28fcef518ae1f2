from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin


class TokenForm(BootstrapMixin, forms.Form):
    """One code from the authenticator app."""

    token = forms.CharField(
        label=_("Code from your authenticator app"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
                                      "pattern": "[0-9 ]*", "size": 8}),
        help_text=_("The 6 digits the app shows now for this site."))

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError(_("Type the 6 digits the app shows."))
        return token


class LockReleaseForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("For example: the person called and was identified; the office's address."))
