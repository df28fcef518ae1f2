from pathlib import PurePath

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import ActionPage, ButtonAction, DownloadPage, ListPage, ObjectPage, Page
from jobs.models import FINISHED
from organizations.selectors import organization_choices

from . import selectors, services
from .filters import BatchFilter
from .forms import UploadForm
from .kinds import KINDS, kind_for
from .models import State
from .tables import BatchTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def can_import(scope) -> bool:
    return any(scope.can(kind.action) for kind in KINDS.values())


class ImportsPage(Page):
    needs = None

    def guard(self):
        if not can_import(self.scope):
            raise PermissionDenied
        return None

    def crumbs(self):
        return [(_("Imports"), reverse("imports:list"))]


class BatchList(ImportsPage, ListPage):
    title = gettext_lazy("Imports from Excel")
    filterset_class = BatchFilter
    table_class = BatchTable
    template_name = "imports/list.html"

    @classmethod
    def exportable(cls) -> bool:
        return False

    def crumbs(self):
        return []

    def queryset(self):
        return selectors.batch_qs(self.user)

    def context(self, **extra):
        kinds = [(code, kind) for code, kind in KINDS.items() if self.scope.can(kind.action)]
        return super().context(kinds=kinds, **extra)


class BatchUpload(ActionPage):
    """Upload a file of one kind: the batch is kept and checked in the background; the next page follows it."""

    kind = ""
    form_class = UploadForm
    template_name = "imports/upload.html"
    submit_label = gettext_lazy("Upload and check")
    needs = None

    def guard(self):
        self.import_kind = kind_for(self.kind)
        if not self.scope.can(self.import_kind.action):
            raise PermissionDenied
        return None

    def get_title(self):
        return _("Import: %(kind)s") % {"kind": self.import_kind.label}

    def crumbs(self):
        return [(_("Imports"), reverse("imports:list"))]

    def form_kwargs(self):
        return {"user": self.user, "action": self.import_kind.action}

    def perform(self, data):
        form = self.form
        return services.batch_upload(actor=self.user, kind=self.kind, **form.upload_data)

    def back_url(self):
        return reverse("imports:list")

    def context(self, **extra):
        return super().context(import_kind=self.import_kind, kind=self.kind, **extra)


class TemplateDownload(Page):
    """The kind's template, with the drop-downs filled for the organisation chosen (default: the first the user may
    import into)."""

    kind = ""
    needs = None

    def guard(self):
        self.import_kind = kind_for(self.kind)
        if not self.scope.can(self.import_kind.action):
            raise PermissionDenied
        return None

    def get(self, request, *args, **kwargs):
        choices = organization_choices(self.user, self.import_kind.action)
        wanted = request.GET.get("organization")
        if wanted:
            if not wanted.isdigit():
                raise Http404
            organization = choices.filter(pk=int(wanted)).first()
            if organization is None:
                raise Http404
        else:
            organization = min(choices, key=lambda o: (o.tree_depth if hasattr(o, "tree_depth") else 0, o.pk),
                               default=None)
            if organization is None:
                raise PermissionDenied
        content = services.template_workbook(kind=self.kind, user=self.user, organization=organization)
        response = HttpResponse(content, content_type=XLSX)
        name = {"members": "mau-nhap-dang-vien", "organizations": "mau-nhap-to-chuc",
                "seats": "mau-nhap-cap-uy"}.get(self.kind, f"mau-nhap-{self.kind}")
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


class BatchDetail(ObjectPage):
    selector = selectors.batch_get
    template_name = "imports/detail.html"

    def setup_page(self):
        super().setup_page()
        if self.object.is_open and self.object.job is not None and self.object.job.state in FINISHED:
            self.object = services.batch_settle(batch=self.object)  # its job was cancelled before it ran

    def get_title(self):
        return str(self.object)

    def crumbs(self):
        return [(_("Imports"), reverse("imports:list"))]

    def context(self, **extra):
        batch = self.object
        errors = batch.errors[:500]
        return super().context(batch=batch, errors=errors, more_errors=len(batch.errors) - len(errors),
                               changes=batch.changes[:500], more_changes=max(len(batch.changes) - 500, 0),
                               is_owner=batch.owner_id == self.user.pk, State=State, job=batch.job, **extra)


class BatchStatus(ObjectPage):
    """The progress of the batch's running job (htmx polls it); once the job is over, the page reloads itself."""

    selector = selectors.batch_get
    template_name = "imports/_status.html"

    def get(self, request, *args, **kwargs):
        response = self.render(self.context(batch=self.object, job=self.object.job))
        job = self.object.job
        if not self.object.is_open or self.object.state == State.READY or (job is not None and job.state in FINISHED):
            response["HX-Refresh"] = "true"
        return response


class BatchCommit(ButtonAction):
    selector = selectors.batch_own
    success_message = gettext_lazy("The import has started: every row is written, or none.")

    def perform(self):
        services.batch_commit(actor=self.user, batch=self.object)


class BatchAbandon(ButtonAction):
    selector = selectors.batch_own
    success_message = gettext_lazy("The file was set aside; nothing was written.")

    def perform(self):
        services.batch_abandon(actor=self.user, batch=self.object)


class BatchErrors(DownloadPage):
    """The uploaded sheet with its errors marked, named after the user's file (stored under a generated name)."""

    selector = selectors.batch_get

    def file(self):
        return self.object.error_file

    def download_name(self, field_file) -> str:
        return f"{PurePath(self.object.file_name or 'file').stem}-errors{PurePath(field_file.name).suffix}"


class BatchFile(DownloadPage):
    """The file as uploaded, under the name the user gave it."""

    selector = selectors.batch_get

    def file(self):
        return self.object.file

    def download_name(self, field_file) -> str:
        return self.object.file_name
