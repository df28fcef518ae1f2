import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Vietnamese unless the user chose another language (the set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set up in
    English would show English; the product's default is Vietnamese.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


# -- the request's id, in every log line and on the error page --------------------------------------------------------

_request_id: ContextVar[str] = ContextVar("dangbo_request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """An id for each request: the proxy's X-Request-ID when it sent a sane one, else a new one. Every log line
    written while the request runs carries it (RequestIdFilter), the response returns it as X-Request-ID, and the
    error page shows it, so a user's report finds its traceback in the server log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex[:16]
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response.headers["X-Request-ID"] = request_id
        return response


_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or _request_id.get()
        return True


# -- sessions that end when idle --------------------------------------------------------------------------------------

class SessionIdleMiddleware:
    """A signed-in session lives SESSION_COOKIE_AGE seconds after the last request: renewed at most once a minute
    (not on every request, which would write the session row each time)."""

    RENEW_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and getattr(request, "user", None) is not None \
                and request.user.is_authenticated:
            now = int(time.time())
            if now - session.get("_seen", 0) >= self.RENEW_SECONDS:
                session["_seen"] = now  # modified: saved with a new expiry at the end of the request
        return self.get_response(request)
