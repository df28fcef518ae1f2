"""Big exports on the queue: core.views hands an export of more than EXPORT_SYNC_MAX_ROWS rows to `export_submit`
(registered in JobsConfig.ready()), which queues a job of kind "core.export" and sends the user to its page. The
worker runs the same page again, as the same user, in the language they asked in, with the same query string: the
scope and the filters are applied again there, as in the request. The file the page answers is the job's result."""

import re
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from core.exports import export_in_request, observing_rows

from .registry import job_kind
from .services import job_save_result, job_submit

EXPORT_KIND = "core.export"
FILENAME = re.compile(r'filename="?([^";]+)"?')
REFUSED = gettext_noop("Nothing was exported: the list no longer accepts these filters, or you may no longer export "
                       "it. Ask for the export again from the list.")


def export_submit(request, *, fmt: str, rows: int, title: str, action: str):
    """Queue the export of `rows` rows of the page asked for; the response sends the user to the job's page."""
    job = job_submit(owner=request.user, kind=EXPORT_KIND, action=action,
                     title=_("%(page)s — export (%(format)s)") % {"page": title, "format": fmt.upper()},
                     params={"path": request.path_info, "query": request.GET.urlencode(), "format": fmt, "rows": rows})
    messages.info(request, _("The export has %(rows)s rows; it is being prepared in the background.")
                  % {"rows": number_format(rows, force_grouping=True)})
    return redirect(job.get_absolute_url())


def _request_for(job, path: str, query: str) -> HttpRequest:
    """The GET request the owner made, as the page sees it (no session: the page needs none to export)."""
    site = urlsplit(settings.SITE_URL)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = path
    request.META = {"REQUEST_METHOD": "GET", "QUERY_STRING": query, "PATH_INFO": path,
                    "SERVER_NAME": site.hostname or "localhost", "SERVER_PORT": str(site.port or 80),
                    "HTTP_HOST": site.netloc or "localhost", "wsgi.url_scheme": site.scheme or "http"}
    request.GET = QueryDict(query)
    request.user = job.owner
    request.LANGUAGE_CODE = job.language
    request._messages = CookieStorage(request)  # a refusal's message goes nowhere: the job says it instead
    export_in_request(request)
    return request


@job_kind(EXPORT_KIND, title=gettext_lazy("Export"))
def run_export(job, progress) -> dict:
    path, query = job.params["path"], job.params.get("query", "")
    asked = job.params.get("rows")
    try:
        match = resolve(path)
    except Resolver404:
        raise ValidationError(_("This page no longer exists; nothing was exported.")) from None
    request = _request_for(job, path, query)
    request.resolver_match = match
    progress(0, asked, _("Writing the rows"))
    written = 0

    def observe(n: int) -> None:
        nonlocal written
        written = n
        progress(n, max(asked or 0, n))

    with tempfile.TemporaryDirectory(prefix="dangbo-export-") as folder:
        out = Path(folder) / "export"
        with observing_rows(observe):
            try:
                response = match.func(request, *match.args, **match.kwargs)
            except (PermissionDenied, Http404):
                response = None
            if response is None or response.status_code != 200 or "attachment" not in response.get(
                    "Content-Disposition", ""):
                raise ValidationError(_(REFUSED))
            with out.open("wb") as handle:
                if getattr(response, "streaming", False):
                    for chunk in response.streaming_content:
                        handle.write(chunk)
                else:
                    handle.write(response.content)
        found = FILENAME.search(response["Content-Disposition"])
        name = found.group(1) if found else f"export.{job.params.get('format', 'csv')}"
        progress(written, written, _("The file is ready."))
        job_save_result(job=job, name=name, path=out)
    return {"rows": written, "format": job.params.get("format", ""), "file": name}
