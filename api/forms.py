import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin, DateField

from .models import ApiToken


class TokenCreateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for: the program or the phone app that will use it."))
    access = forms.ChoiceField(label=_("Access"), choices=ApiToken.Access.choices, initial=ApiToken.Access.READ,
                               widget=forms.RadioSelect)
    expires_on = DateField(label=_("Expires on"), help_text=_("The token works until the end of this day."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access"].widget.attrs["class"] = ""
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=90)
