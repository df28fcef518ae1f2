"""What the security log keeps of a request: the client's address, the browser, the method and the page."""

import ipaddress
from urllib.parse import parse_qsl, urlencode

from django.conf import settings

USER_AGENT_MAX = 300
PATH_MAX = 200
QUERY_MAX = 300
# Parameters whose values never reach the log (a password or a code sent in a query string by mistake).
SENSITIVE = ("password", "passwd", "secret", "token", "otp", "csrfmiddlewaretoken", "key", "sessionid")


def _address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1:value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, unless the app runs behind the reverse proxy (settings.SECURE_PROXY_SSL_HEADER set): then the
    X-Forwarded-For entry the nearest of the PROXY_COUNT proxies (AXES_IPWARE_PROXY_COUNT, 1 by default) wrote. Each
    proxy appends the address it received from, so the entries to its left are whatever the client sent and may be
    forged: counting from the right keeps the address the client cannot choose. Without a proxy the header is
    ignored altogether (anyone can send it)."""
    meta = request.META
    remote = _address(meta.get("REMOTE_ADDR", "") or "")
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return remote
    forwarded = [part for part in (meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    if not forwarded:
        return remote
    hops = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 1
    entry = forwarded[-hops] if hops <= len(forwarded) else forwarded[0]
    return _address(entry) or remote


def _masked_query(query: str) -> str:
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(name, "***" if any(word in name.lower() for word in SENSITIVE) else value)
                      for name, value in pairs])


def page(request) -> str:
    """The path, and its query string with the values of sensitive parameters masked (both bounded)."""
    path = (getattr(request, "path", "") or "")[:PATH_MAX]
    query = request.META.get("QUERY_STRING", "") if hasattr(request, "META") else ""
    if query:
        path = f"{path}?{_masked_query(query)[:QUERY_MAX]}"
    return path


def user_agent(request) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:USER_AGENT_MAX]
