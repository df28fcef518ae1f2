from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin

from .models import Delivery


class NotificationSettingsForm(BootstrapMixin, forms.Form):
    notices = forms.BooleanField(label=_("E-mail me the notice of my cell's meetings"), required=False)
    deadlines = forms.BooleanField(label=_("E-mail me what falls due (meetings to plan or give notice of, petitions "
                                           "due soon)"), required=False)
    overdue = forms.BooleanField(label=_("E-mail me what is overdue (meetings not recorded, minutes not approved, "
                                         "remedies and petitions past their deadline)"), required=False)
    delivery = forms.ChoiceField(label=_("Deadlines and overdue items"), choices=Delivery.choices,
                                 initial=Delivery.DIGEST, widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES,
                                 initial=settings.LANGUAGE_CODE)
    reason = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivery"].widget.attrs["class"] = "form-check-input"
