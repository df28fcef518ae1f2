"""The shared views every page is declared through (tests/test_urls.py checks that each URL uses one).

- `Page`: logged in, the scope action the page needs, a title, breadcrumbs, a template.
- `ObjectPage`: one object read through its app's selector with the action (404 outside the scope).
- `ActionPage`: a form whose valid data goes to a service; a refusal lands on the fields, with what was typed kept;
  success goes to the object's page with a message. Creation pages are ActionPages without a selector.
- `ButtonAction`: a one-click POST (a button on the object's page) calling a service.
- `ListPage`: a filterset, a table, pagination and the Excel/CSV export of the same rows with the table's columns.
- `ReportPage`: a page computed from GET parameters (a period, a month...), exportable through a table.
  An export of more than EXPORT_SYNC_MAX_ROWS rows is made in the background when an app registered a way to
  (core.exports.export_elsewhere; `jobs`): the user is sent to the job's page instead of waiting for the file.
- `DownloadPage`: a file of one object (streamed; MEDIA_ROOT is never served directly).

Bad input is refused the same way everywhere: a filter or parameter the page does not understand answers 400 with
the page, the parameter named and nothing listed or exported, never the unfiltered rows.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tables2 import RequestConfig

from core import security
from core.exports import EXPORT_FORMATS, export_elsewhere, table_export
from core.files import file_response
from core.forms import RevisionField
from core.registry import search_sections
from core.scope import EXPORT, VIEW, scope_for
from core.versions import StaleEdit, Versioned, carry_version


def apply_validation_error(form, error: ValidationError) -> None:
    """A service's refusal becomes field errors where the field is on the form, else a form error. A stale edit
    (core.versions) also moves the form's hidden revision to the current one: saving again, having read what changed
    meanwhile, replaces it on purpose."""
    if isinstance(error, StaleEdit):
        if "revision" in form.fields and error.current is not None:
            form.data = form.data.copy()
            form.data[form.add_prefix("revision")] = str(error.current)
        form.add_error(None, error)
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages if hasattr(e, "messages") else e)
    else:
        form.add_error(None, error)


def run_service(request, form, call, *, success_message: str, success_url):
    """Validate `form`, call the service; on refusal keep everything the user typed and show why."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if success_message:
                messages.success(request, success_message)
            return redirect(success_url(result) if callable(success_url) else success_url)
    return None


def form_errors(form) -> list[dict]:
    """The invalid parameters of a bound form: name, label and messages of each (empty when all are valid)."""
    if form is None or not form.is_bound or form.is_valid():
        return []
    return [{"name": name, "label": str(form.fields[name].label) if name in form.fields else name,
             "messages": [str(m) for m in errors]} for name, errors in form.errors.items()]


class Page(View):
    """A page of the app. Subclasses set `needs` (a scope action the user must hold somewhere, None: any logged-in
    user), `title` and `template_name`, and add to `context()`; `crumbs()` lists the breadcrumbs above the title."""

    needs: str | None = VIEW
    title = ""
    template_name = ""
    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)  # before any read: no hint either way
        self.user = request.user
        self.scope = scope_for(request.user)
        response = self.guard()
        if response is not None:
            return response
        self.setup_page()
        return super().dispatch(request, *args, **kwargs)

    def guard(self):
        """Refuse (raise) or send elsewhere (return a response) before anything is read; None to go on."""
        if self.needs and not self.scope.can(self.needs):
            security.security_event(security.REFUSED, request=self.request, detail=f"needs {self.needs}")
            raise PermissionDenied
        return None

    def setup_page(self) -> None:
        """Read what every method of the page needs (the object of an ObjectPage)."""

    def get_title(self) -> str:
        return str(self.title)

    def crumbs(self) -> list[tuple[str, str | None]]:
        """(label, url) above the title, the page itself excluded."""
        return []

    def context(self, **extra) -> dict:
        return extra

    def render(self, context: dict | None = None, *, status: int = 200, template: str | None = None):
        title = self.get_title()
        values = {"title": title, "crumbs": [*self.crumbs(), (title, None)], "view": self, **(context or {})}
        return render(self.request, template or self.template_name, values, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(self.context())


class ObjectPage(Page):
    """A page about one object: `selector(user, pk, action)` returns it or raises Http404 outside the scope."""

    needs = None  # the selector decides, object by object
    selector = None  # a function (user, pk, action) -> object; read through the class, so no staticmethod needed
    action = VIEW
    object = None

    def setup_page(self) -> None:
        selector = type(self).selector
        try:
            self.object = selector(self.user, self.kwargs["pk"], self.action) if selector else None
        except Http404:
            # Outside the scope and absent look the same to the user; the security log tells them apart later.
            security.security_event(security.NOT_FOUND, request=self.request,
                                    detail=f"{type(self).__module__.split('.')[0]} #{self.kwargs.get('pk')} "
                                           f"({self.action})")
            raise
        except PermissionDenied:
            security.security_event(security.REFUSED, request=self.request, detail=f"{self.action}")
            raise

    def context(self, **extra) -> dict:
        return {"object": self.object, **extra}


class ActionPage(ObjectPage):
    """A form that calls a service: GET shows it, POST validates, calls `perform` and goes on to `success_url`."""

    form_class = None
    template_name = "core/action.html"
    success_message = ""
    submit_label = gettext_lazy("Save")
    confirm = ""  # a sentence asked before the form is sent, for a step that cannot be undone (data-confirm)
    http_method_names = ["get", "post", "head", "options"]
    # The service the form's data goes to, when the form's fields are the service's keyword arguments: it is called
    # with the acting user, the page's object as `object_kwarg` and the cleaned data (read through the class).
    service = None
    object_kwarg = ""

    def guard(self):
        if type(self).selector is None and self.needs is None:
            raise PermissionDenied  # a creation page must say which action it needs
        return super().guard()

    def blocked(self):
        """A response instead of the form when the object's state no longer allows the action (or None)."""
        return None

    def form_kwargs(self) -> dict:
        return {}

    def initial(self) -> dict | None:
        return None

    def versioned_object(self):
        """The record whose revision the form carries (core.versions): the page's object when it is Versioned.
        A page editing another record (a child of its object) returns that one."""
        return self.object if isinstance(self.object, Versioned) else None

    def make_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        kwargs = self.form_kwargs()
        initial = self.initial()
        if initial is not None:
            kwargs["initial"] = initial
        form = self.form_class(data, files, **kwargs)
        record = self.versioned_object()
        if record is not None and "revision" not in form.fields:
            form.fields["revision"] = RevisionField(initial=record.revision)
        return form

    def take_revision(self, data: dict) -> dict:
        """The revision the user read goes onto the record (its save is checked against it), not to the service."""
        if "revision" in data:
            data = dict(data)
            carry_version(self.versioned_object(), data.pop("revision"))
        return data

    def perform(self, data: dict):
        service = type(self).service
        if service is None:
            raise NotImplementedError(f"{type(self).__name__} names no service and does not override perform()")
        if self.object_kwarg:
            data = {**data, self.object_kwarg: self.object}
        return service(actor=self.user, **data)

    def success_url(self, result) -> str:
        target = self.object if self.object is not None else result
        if isinstance(target, list | tuple):
            target = target[0]
        return target.get_absolute_url()

    def back_url(self) -> str:
        """Where Cancel goes."""
        return self.object.get_absolute_url() if self.object is not None else self.request.path

    def subtitle(self) -> str:
        return str(self.object) if self.object is not None else ""

    def context(self, **extra) -> dict:
        values = {"submit_label": self.submit_label, "back": self.back_url(), "subtitle": self.subtitle(),
                  "confirm": str(self.confirm), **extra}
        return super().context(**values)

    def get(self, request, *args, **kwargs):
        if (response := self.blocked()) is not None:
            return response
        self.form = self.make_form()
        return self.render(self.context(form=self.form))

    def post(self, request, *args, **kwargs):
        if (response := self.blocked()) is not None:
            return response
        self.form = self.make_form()
        response = run_service(request, self.form, lambda data: self.perform(self.take_revision(data)),
                               success_message=str(self.success_message), success_url=self.success_url)
        return response or self.render(self.context(form=self.form))


class ButtonAction(ObjectPage):
    """A one-click action (a POST button on the object's page): call the service, say how it went, go back."""

    http_method_names = ["post", "options"]
    success_message = ""

    def perform(self):
        raise NotImplementedError

    def back_url(self) -> str:
        return self.object.get_absolute_url()

    def post(self, request, *args, **kwargs):
        try:
            self.perform()
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(self.success_message))
        return redirect(self.back_url())

    def http_method_not_allowed(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])


class ExportMixin:
    """`?export=xlsx|csv` gives the page's rows as a file, for users who may export."""

    export_needs = EXPORT
    export_name = ""  # the file's name (a date is added)

    @classmethod
    def exportable(cls) -> bool:
        return True

    def export_format(self) -> str | None:
        fmt = self.request.GET.get("export")
        if not fmt:
            return None
        if fmt not in EXPORT_FORMATS or not self.exportable():
            return fmt  # refused with the other parameters (ListPage / ReportPage)
        if not self.scope.can(self.export_needs):
            raise PermissionDenied
        return fmt

    def export_elsewhere(self, fmt: str, count):
        """The response sending a big export to the background (core.exports.export_elsewhere), or None."""
        return export_elsewhere(self.request, fmt=fmt, count=count, title=self.get_title(), action=self.export_needs)

    def export_error(self, fmt) -> list[dict]:
        if fmt and not self.exportable():
            return [{"name": "export", "label": _("Export"), "messages": [_("This page has no export.")]}]
        if fmt and fmt not in EXPORT_FORMATS:
            return [{"name": "export", "label": _("Export"), "messages": [_("Choose Excel (xlsx) or CSV.")]}]
        return []


class ListPage(ExportMixin, Page):
    """A filtered, sorted, paginated table; its export has the same rows in the same order, with the table's columns
    (hidden ones included). A filter value that is not valid refuses the page (400) and names the filter."""

    filterset_class = None
    table_class = None
    per_page = 25
    template_name = "core/list.html"

    def queryset(self):
        raise NotImplementedError

    def filterset_kwargs(self) -> dict:
        return {}

    def table_kwargs(self) -> dict:
        return {}

    def make_table(self, rows):
        return self.table_class(rows, **self.table_kwargs())

    def export_file(self, table, fmt):
        return table_export(table, fmt, filename=self.export_name, title=self.get_title())

    def known_count(self) -> int | None:
        """The number of rows when the page knows it without counting them (kept figures), else None."""
        return None

    def page_context(self, table) -> dict:
        """More for the template once the page's rows are known (the shown records: [r.record for r in table.page])."""
        return {}

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(request.GET, queryset=self.queryset(), **self.filterset_kwargs())
        fmt = self.export_format()
        errors = form_errors(self.filterset.form) + self.export_error(fmt)
        if errors:
            if fmt:
                messages.error(request, _("Nothing was exported: a filter is not valid. Correct it and export again."))
            self.table = self.make_table(self.filterset.queryset.none())
            RequestConfig(request, paginate={"per_page": self.per_page}).configure(self.table)
            return self.render(self.context(filter=self.filterset, table=self.table, filter_errors=errors,
                                            can_export=False), status=400)
        if fmt and (response := self.export_elsewhere(fmt, self.filterset.qs.count)) is not None:
            return response
        self.table = self.make_table(self.filterset.qs)
        if fmt:
            RequestConfig(request, paginate=False).configure(self.table)
            return self.export_file(self.table, fmt)
        known = self.known_count()
        if known is not None:
            self.table.data._length = known  # django-tables2's cached row count: the paginator reads it
        RequestConfig(request, paginate={"per_page": self.per_page}).configure(self.table)
        return self.render(self.context(filter=self.filterset, table=self.table, filter_errors=[],
                                        can_export=self.exportable() and self.scope.can(self.export_needs),
                                        **self.page_context(self.table)))


class ReportPage(ExportMixin, Page):
    """A page computed from GET parameters read by `params_form` (optional fields, defaults from `defaults()`).
    Parameters that are not valid refuse the page (400), naming them; nothing is computed or exported."""

    params_form = None

    @classmethod
    def exportable(cls) -> bool:
        return cls.export_table is not ReportPage.export_table or cls.export_file is not ReportPage.export_file

    def defaults(self) -> dict:
        return {}

    def params_kwargs(self) -> dict:
        return {}

    def compute(self, params: dict) -> dict:
        """The page's data for valid parameters."""
        raise NotImplementedError

    def export_table(self, data: dict, params: dict):
        """The table the export writes (its columns and rows); a page without one has no export."""
        return None

    def export_count(self, data: dict, params: dict) -> int | None:
        """The export's rows (None: not counted, so never made in the background): the export table's, when the page
        has one; a page with its own sheet (export_file) may say how many rows it writes."""
        if type(self).export_table is ReportPage.export_table:
            return None
        table = self.export_table(data, params)
        return len(table.data) if table is not None else None

    def export_file(self, data: dict, params: dict, fmt: str):
        """The exported file: the export table's rows with its columns (override for a sheet that is not a table)."""
        return table_export(self.export_table(data, params), fmt, filename=self.export_name_for(params),
                            title=self.export_title(data))

    def read_params(self):
        params = dict(self.defaults())
        form = None
        if self.params_form is not None:
            form = self.params_form(self.request.GET or None, **self.params_kwargs())
            if form.is_bound and form.is_valid():
                params.update({k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])})
        return form, params

    def get(self, request, *args, **kwargs):
        fmt = self.export_format()
        self.form, self.params = self.read_params()
        errors = form_errors(self.form) + self.export_error(fmt)
        if errors:
            if fmt:
                messages.error(request, _("Nothing was exported: a filter is not valid. Correct it and export again."))
            return self.render(self.context(form=self.form, filter_errors=errors, refused=True, can_export=False),
                               status=400)
        data = self.compute(self.params)
        if fmt and (response := self.export_elsewhere(fmt, lambda: self.export_count(data, self.params))) is not None:
            return response
        if fmt:
            return self.export_file(data, self.params, fmt)
        return self.render(self.context(form=self.form, filter_errors=[], can_export=self.scope.can(self.export_needs),
                                        **data))

    def export_name_for(self, params: dict) -> str:
        return self.export_name

    def export_title(self, data: dict) -> str:
        return self.get_title()


class DownloadPage(ObjectPage):
    """A stored file of the object, always as an attachment that the browser may not sniff into a page (stored files
    have generated names: core.files; `download_name()` gives the name the user sees)."""

    def file(self):
        """The FieldFile to send (raise Http404 when there is none)."""
        raise NotImplementedError

    def download_name(self, field_file) -> str:
        return field_file.name.rsplit("/", 1)[-1]

    def get(self, request, *args, **kwargs):
        field_file = self.file()
        if not field_file:
            raise Http404
        return file_response(field_file, self.download_name(field_file))


class SearchPage(Page):
    """Members, organisations... in one search, each section registered by the app that owns it."""

    needs = None  # a member finds their own record; the sections read through the user's scope
    title = gettext_lazy("Search")
    template_name = "core/search.html"

    def context(self, **extra) -> dict:
        text = self.request.GET.get("q", "").strip()
        sections = [(section, section.find(self.user, text) if text else []) for section in search_sections]
        return {"q": text, "sections": sections, **extra}
