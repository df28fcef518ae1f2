from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin

from . import search


class CommentForm(forms.Form):
    """A reader's comment: name, e-mail (never shown), text; `website` is the honeypot (hidden from people by the
    stylesheet, filled in by robots)."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("E-mail (not published)"), max_length=254)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}))
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["maxlength"] = settings.NEWS_COMMENT_MAX_LENGTH
        for name in ("name", "email", "text"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply of the editorial office"), widget=forms.Textarea(attrs={"rows": 4}))


from core.forms import BootstrapMixin

from . import search
