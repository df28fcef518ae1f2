"""What every endpoint of the API shares: who is asking (a personal token or the browser's session), the language of
the answers, the error shape, the pagination, the versions (ETag / If-Match) and the writes through the pages' forms
and the apps' services, so that a program meets the same refusals, in the same words, as a person on the pages."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from audit.requests import client_ip
from core import security
from core.versions import StaleEdit, Versioned, carry_version
from organizations.selectors import organization_qs, subtree_q

from .services import api_token_authenticate, api_token_used

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
MAX_PAGE = 100000


# ---- errors -------------------------------------------------------------------------------------------------------

class FieldErrors(Schema):
    field: str
    messages: list[str]


class ErrorOut(Schema):
    """Every refusal: a sentence, and the refused fields with their messages (a service's, as on the pages)."""

    detail: str
    errors: list[FieldErrors] = []


class ApiError(Exception):
    def __init__(self, status: int, detail: str, errors: list[dict] | None = None, headers: dict | None = None):
        super().__init__(detail)
        self.status, self.detail, self.errors, self.headers = status, str(detail), errors or [], headers or {}


READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 412: ErrorOut, 428: ErrorOut}


def error_body(detail, errors=()) -> dict:
    return {"detail": str(detail), "errors": [{"field": f, "messages": [str(m) for m in ms]} for f, ms in errors]}


def install_error_handlers(api) -> None:
    """The API's own answers to each failure, in the request's language, in the ErrorOut shape."""

    def respond(request, status, detail, errors=(), headers=None):
        response = api.create_response(request, error_body(detail, errors), status=status)
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.detail, [(e["field"], e["messages"]) for e in exc.errors],
                       exc.headers)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = respond(request, 401, _("Log in, or send a valid API token: Authorization: Bearer <token>."))
        response["WWW-Authenticate"] = 'Bearer realm="dangbo"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 403 and "CSRF" in str(exc):  # django-ninja's session check
            return respond(request, 403, _("The CSRF token is missing or wrong: reload the page and try again."))
        return respond(request, exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def refused(request, exc):
        security.security_event(security.REFUSED, request=request, detail="api")
        return respond(request, 403, _("Your role does not allow this."))

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        by_field: dict[str, list[str]] = {}
        for error in exc.errors:
            location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
            by_field.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
        return respond(request, 422, _("Some values are not valid."), list(by_field.items()))


# ---- who is asking ------------------------------------------------------------------------------------------------

class TokenAuth(HttpBearer):
    """Authorization: Bearer <token>: the token's user, if the token is usable (not expired, not revoked); a
    read-only token is refused on writes (403). Each use is recorded on the token (when, from which address)."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header and not header.lower().startswith("bearer "):
            raise ApiError(401, _("Send the token as: Authorization: Bearer <token>."),
                           headers={"WWW-Authenticate": 'Bearer realm="dangbo"'})
        return super().__call__(request)

    def authenticate(self, request, token: str):
        found = api_token_authenticate(token)
        if found is None:
            raise ApiError(401, _("This API token is not valid: it is unknown, expired or revoked."),
                           headers={"WWW-Authenticate": 'Bearer realm="dangbo", error="invalid_token"'})
        if request.method not in SAFE_METHODS and not found.writes:
            raise ApiError(403, _("This API token is read only."))
        api_token_used(token=found, address=client_ip(request))
        request.user = found.user
        request.api_token = found
        return found.user


class BrowserSession(SessionAuth):
    """The browser's session (the docs page): writes need the CSRF token, as a form would."""

    def __init__(self):
        super().__init__(csrf=True)


# ---- language -----------------------------------------------------------------------------------------------------

def _language(request) -> str:
    """Vietnamese unless the request asks for English first (Accept-Language: en...), or the user chose English on
    the site (its cookie)."""
    accepted = request.headers.get("Accept-Language", "")
    first = accepted.split(",")[0].split(";")[0].strip().lower()
    if first.startswith("en"):
        return "en"
    if first.startswith("vi"):
        return "vi"
    return getattr(request, "LANGUAGE_CODE", None) or "vi"


def with_language(view):
    """Wrap an API view: the answer's language from Accept-Language (Vietnamese by default)."""
    import functools

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        language = _language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        vary = response.get("Vary")
        response["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
        return response

    return wrapped


# ---- reads --------------------------------------------------------------------------------------------------------

def user_of(request):
    return request.auth if getattr(request, "auth", None) is not None else request.user


def read(selector, request, pk, action, what: str):
    """The object through the app's selector (404 outside the user's scope, logged as the pages log it)."""
    try:
        return selector(user_of(request), pk, action)
    except Http404:
        security.security_event(security.NOT_FOUND, request=request, user=user_of(request),
                                detail=f"api {what} #{pk} ({action})")
        raise


def filter_data(request, names) -> QueryDict:
    """The query string's values of the list's filters only (pagination and ordering are the API's own)."""
    data = QueryDict(mutable=True)
    for name in names:
        for value in request.GET.getlist(name):
            data.appendlist(name, value)
    return data


def filtered(filterset) -> object:
    """The filterset's rows, or 400 naming each filter whose value it cannot accept (as the pages refuse them)."""
    form = filterset.form
    if not form.is_valid():
        raise ApiError(400, _("A filter is not valid."),
                       [{"field": name, "messages": [str(m) for m in messages]}
                        for name, messages in form.errors.items()])
    return filterset.qs


def under_organization(user, rows, organization_id: int | None, field: str):
    """Rows under `organization_id` (with its subtree), 400 when it is not an organisation the user sees."""
    if organization_id is None:
        return rows
    if not organization_qs(user).filter(pk=organization_id).exists():
        raise ApiError(400, _("A filter is not valid."), [{"field": "organization", "messages": [
            _("Select a valid choice. That choice is not one of the available choices.")]}])
    return rows.filter(subtree_q(field, organization_id))


def ordered(queryset, ordering: str, options: dict[str, tuple[str, ...]]):
    """`ordering` is one of the list's keys, "-" before it for the reverse; the id breaks ties."""
    key = ordering.lstrip("-")
    if key not in options:
        raise ApiError(400, _("This ordering is not offered."),
                       [{"field": "ordering", "messages": [", ".join(sorted(options) + [f"-{k}" for k in options])]}])
    fields = options[key]
    if ordering.startswith("-"):
        fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        return queryset.order_by(*fields, "-id")
    return queryset.order_by(*fields, "id")


def paginate(request, queryset, page: int, page_size: int, row, known_count: int | None = None) -> dict:
    """A page of rows of a queryset (or of a list computed whole, as a report's): count, page, page_size, next /
    previous page numbers, results; page_size at most MAX_PAGE_SIZE; a page beyond the last is an empty page, not an
    error. `known_count` is the number of rows when the list knows it without counting them (the kept figures, as its
    page does)."""
    page = max(int(page or 1), 1)
    size = min(max(int(page_size or DEFAULT_PAGE_SIZE), 1), MAX_PAGE_SIZE)
    if known_count is not None:
        count = known_count
    else:
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
    start = (page - 1) * size
    rows = list(queryset[start:start + size]) if start < count else []
    return {"count": count, "page": page, "page_size": size,
            "next": page + 1 if start + size < count else None,
            "previous": page - 1 if page > 1 and count else None,
            "results": [row(item) for item in rows]}


# ---- versions -----------------------------------------------------------------------------------------------------

def etag_of(record) -> str:
    return f'"{record.revision}"'


def with_etag(response, record):
    response["ETag"] = etag_of(record)
    return response


_IF_MATCH = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def if_match(request, record: Versioned) -> int:
    """The version the program read (If-Match: "<revision>", from the record's ETag): 428 without one, 412 when the
    record has changed since. The version is then carried onto the record, so the service's save is checked against
    it inside its own transaction too (core.versions)."""
    header = request.headers.get("If-Match")
    if not header:
        raise ApiError(428, _("Send If-Match with the ETag of the record you read."))
    match = _IF_MATCH.match(header)
    if match is None:
        raise ApiError(412, _("If-Match must be the ETag of the record you read."))
    version = int(match.group(1))
    if version != record.revision:
        raise ApiError(412, _("The record has changed since you read it: read it again, then write again."),
                       headers={"ETag": etag_of(record)})
    carry_version(record, version)
    return version


# ---- writes -------------------------------------------------------------------------------------------------------

def refusal(error: ValidationError) -> ApiError:
    """A service's refusal (or a form's) as 422 with its messages on their fields, as the page shows them; a stale
    record (core.versions) as 412."""
    if isinstance(error, StaleEdit):
        return ApiError(412, " ".join(error.messages))
    if hasattr(error, "error_dict"):
        return ApiError(422, _("The request was refused."),
                        [{"field": field, "messages": [m for e in errors for m in (e.messages if hasattr(e, "messages")
                                                                                  else [str(e)])]}
                         for field, errors in error.error_dict.items()])
    return ApiError(422, " ".join(error.messages), [{"field": "__all__", "messages": error.messages}])


def form_data(body: dict) -> QueryDict:
    """A JSON body as the page's form would receive it (dates as yyyy-mm-dd, booleans as on / nothing)."""
    data = QueryDict(mutable=True)
    for name, value in body.items():
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        elif isinstance(value, list | tuple):
            for item in value:
                data.appendlist(name, str(item))
        else:
            data[name] = str(value)
    return data


def through_form(form, call):
    """Validate `form` as the page does (its fields' refusals: a choice outside the user's scope, a date out of
    bounds), then `call(cleaned_data)` (the service); either refusal is 422 with the same messages as the page."""
    if not form.is_valid():
        errors = [{"field": name, "messages": [str(m) for m in messages]} for name, messages in form.errors.items()]
        raise ApiError(422, _("The request was refused."), errors)
    try:
        return call(form.cleaned_data)
    except ValidationError as error:
        raise refusal(error) from None
