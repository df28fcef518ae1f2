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


class RejectForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(BootstrapMixin, forms.Form):
    reply = forms.CharField(label=_("Reply of the editorial office"), widget=forms.Textarea(attrs={"rows": 4}))


class CommentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        text = obj.text if len(obj.text) <= 60 else f"{obj.text[:60]}…"
        return f"{obj.name} ({timezone.localtime(obj.created_at):%d/%m/%Y %H:%M}): {text}"


class ComplaintForm(forms.Form):
    """A reader's complaint: name, e-mail and phone (never shown), what is wrong, the text and, on an article, which
    of its shown comments (if the complaint is about one); `website` is the honeypot, as on the comment form."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    email = forms.EmailField(label=_("E-mail (not published)"), max_length=254)
    phone = forms.CharField(label=_("Phone (optional, not published)"), max_length=20, required=False)
    kind = forms.ChoiceField(label=_("What is wrong"), choices=())
    comment = CommentChoice(label=_("Which comment (if the complaint is about a reader comment)"),
                            queryset=None, required=False, empty_label=_("None: the article itself"))
    text = forms.CharField(label=_("Describe the problem"), widget=forms.Textarea(attrs={"rows": 5}))
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, article=None, **kwargs):
        from .models import Comment, Complaint

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------"), *Complaint.Kind.choices]
        if article is None:
            del self.fields["comment"]
        else:
            self.fields["comment"].queryset = (Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
                                               .only("name", "text", "created_at").order_by("created_at", "pk"))
        self.fields["text"].widget.attrs["maxlength"] = settings.NEWS_COMMENT_MAX_LENGTH
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        for name, field in self.fields.items():
            if name != "website":
                field.widget.attrs["class"] = "form-select" if name in ("kind", "comment") else "form-control"

    @staticmethod
    def initial_for(request) -> dict:
        """A complaint about one comment (the link under it: ?phan-anh&binh-luan=<id>) starts with it chosen."""
        pk = request.GET.get("binh-luan", "")
        return {"comment": int(pk), "kind": "comment"} if pk.isdigit() and len(pk) < 12 else {}

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class ResolveForm(BootstrapMixin, forms.Form):
    answer = forms.CharField(label=_("Answer to the reader"), widget=forms.Textarea(attrs={"rows": 4}))
    unpublish = forms.BooleanField(label=_("Unpublish the article (it is taken off the public site)"),
                                   required=False)
    reject_comment = forms.BooleanField(label=_("Reject the comment (it is no longer shown)"), required=False)

    def __init__(self, *args, complaint=None, user=None, **kwargs):
        from .services import may_reject_comment, may_unpublish

        super().__init__(*args, **kwargs)
        if complaint is None or not may_unpublish(complaint, user):
            del self.fields["unpublish"]
        if complaint is None or not may_reject_comment(complaint):
            del self.fields["reject_comment"]


class DismissForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (the answer kept for the reader)"), widget=forms.Textarea(attrs={"rows": 3}))


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
