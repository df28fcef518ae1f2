"""The error pages: each shows the request's id (core.middleware.RequestIdMiddleware), the id the server log writes
beside the traceback, so a user's "error 5f3a…" finds it.

The 500 page is drawn from a template that extends nothing and with no context processors: it must still be
drawn when the database, the session or the scope is what failed. If even that fails, a line of plain text.
"""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from core.middleware import current_request_id

log = logging.getLogger("dangbo.errors")


def _request_id(request) -> str:
    return getattr(request, "request_id", None) or current_request_id()


def handler500(request):
    request_id = _request_id(request)
    try:
        body = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:  # noqa: BLE001 - the error page itself must not fail
        log.exception("The 500 page could not be drawn")
        body = _("Server error. Reference: %(id)s") % {"id": request_id}
        return HttpResponseServerError(body, content_type="text/plain; charset=utf-8")
    return HttpResponseServerError(body)


def handler403(request, exception=None):
    return render(request, "403.html", {"request_id": _request_id(request)}, status=403)


def handler404(request, exception=None):
    return render(request, "404.html", {"request_id": _request_id(request)}, status=404)
