from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

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


class SearchForm(forms.Form):
    """The readers' search: a few words, marks or none (news.search folds them as it folds the articles)."""

    q = forms.CharField(label=_("Search the news"), max_length=search.SEARCH_MAX_LENGTH, required=False,
                        widget=forms.TextInput(attrs={"type": "search", "class": "form-control",
                                                      "maxlength": search.SEARCH_MAX_LENGTH}))

    def clean(self):
        data = super().clean()
        text = data.get("q", "")
        found = search.words(text)
        if text and not found:
            self.add_error("q", _("Type a word: letters or digits."))
        elif len(found) > search.SEARCH_MAX_WORDS:
            self.add_error("q", _("Search with at most %(limit)s words (this search has %(n)s).")
                           % {"limit": search.SEARCH_MAX_WORDS, "n": len(found)})
        data["words"] = found
        return data
