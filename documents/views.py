from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import history_entries
from core.scope import DOCUMENTS
from core.views import ActionPage, DownloadPage, ListPage, ObjectPage

from . import filters, forms, numbering, printed, selectors, services, tables
from .models import Direction


def _list_crumb():
    return (_("Document register"), reverse("documents:list"))


class DocumentList(ListPage):
    """The registers the user keeps: incoming and outgoing documents, filtered, searched without diacritics,
    exported."""

    needs = DOCUMENTS
    title = gettext_lazy("Document register")
    template_name = "documents/list.html"
    filterset_class = filters.DocumentFilter
    table_class = tables.DocumentTable
    export_name = "so-van-ban"

    def queryset(self):
        return selectors.document_list_qs(self.user)

    def filterset_kwargs(self):
        return {"user": self.user}


class DocumentDetail(ObjectPage):
    selector = selectors.document_get
    action = DOCUMENTS
    template_name = "documents/detail.html"

    def get_title(self):
        return self.object.symbol

    def crumbs(self):
        return [_list_crumb()]

    def context(self, **extra):
        document = self.object
        names = numbering.kind_names(document.issued_on, field="kind")
        return super().context(document=document, kind_name=names.get(document.kind, document.kind),
                               source=document.source if document.is_recorded else None,
                               history=history_entries(document), **extra)


class RegisterPage(ActionPage):
    needs = DOCUMENTS

    def crumbs(self):
        return [_list_crumb()]

    def form_kwargs(self):
        return {"user": self.user}

    def back_url(self):
        return reverse("documents:list")


class DocumentIssue(RegisterPage):
    """An outgoing document: numbered by the service on saving, then printed as .docx from its page."""

    form_class = forms.IssueForm
    title = gettext_lazy("Issue a document")
    submit_label = gettext_lazy("Issue and number it")
    success_message = gettext_lazy("The document is numbered and registered.")
    service = services.document_issue

    def initial(self):
        return {"issued_on": timezone.localdate()}


class DocumentReceive(RegisterPage):
    form_class = forms.IncomingForm
    title = gettext_lazy("Register an incoming document")
    submit_label = gettext_lazy("Register it")
    success_message = gettext_lazy("The document is registered.")
    service = services.document_register_incoming

    def initial(self):
        return {"received_on": timezone.localdate()}


class DocumentPage(ActionPage):
    """An action on one document of a register the user keeps."""

    selector = selectors.document_get
    action = DOCUMENTS
    object_kwarg = "document"

    def crumbs(self):
        return [_list_crumb(), (self.object.symbol, self.object.get_absolute_url())]

    def subtitle(self):
        return f"{self.object.symbol} — {self.object.title}"

    def blocked(self):
        if self.object.is_cancelled:
            messages.error(self.request, _("The document is cancelled."))
            return redirect(self.object.get_absolute_url())
        if self.object.is_recorded:
            messages.error(self.request, _("This document is kept with its own record (a decision, minutes): "
                                           "change it there."))
            return redirect(self.object.get_absolute_url())
        return None


class DocumentCorrect(DocumentPage):
    title = gettext_lazy("Correct the document")
    success_message = gettext_lazy("The correction is recorded.")
    service = services.document_correct

    @property
    def form_class(self):
        return forms.CorrectIncomingForm if self.object.direction == Direction.INCOMING else forms.CorrectOutgoingForm

    def initial(self):
        names = services.CORRECTABLE_INCOMING if self.object.direction == Direction.INCOMING \
            else services.CORRECTABLE
        return {name: getattr(self.object, name) for name in names}


class DocumentCancel(DocumentPage):
    title = gettext_lazy("Cancel the document")
    form_class = forms.CancelForm
    submit_label = gettext_lazy("Cancel it")
    success_message = gettext_lazy("The document is cancelled; it stays in the register and its number is not "
                                   "given again.")
    confirm = gettext_lazy("Cancel this document? It cannot be undone.")
    service = services.document_cancel


class DocumentFile(DownloadPage):
    selector = selectors.document_get
    action = DOCUMENTS

    def file(self):
        return self.object.file

    def download_name(self, field_file):
        return self.object.file_name or field_file.name.rsplit("/", 1)[-1]


class DocumentDocx(ObjectPage):
    """An outgoing document printed as .docx in the Party's format (documents.printed)."""

    selector = selectors.document_get
    action = DOCUMENTS

    def get(self, request, *args, **kwargs):
        document = self.object
        if document.direction != Direction.OUTGOING or document.is_recorded:
            raise Http404  # a recorded document is printed from its own record
        names = numbering.kind_names(document.issued_on)
        content = printed.document_docx(document, names.get(document.kind, document.kind))
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument."
                                                      "wordprocessingml.document")
        name = document.symbol.replace("/", "-")
        response["Content-Disposition"] = f'attachment; filename="{_ascii(name)}.docx"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


def _ascii(text: str) -> str:
    from core.text import fold

    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in fold(text).replace(" ", "-")) or "van-ban"
