"""The second factor's gate (accounts.otp): a session that owes a code from an authenticator app, or owes setting one
up, opens nothing but those pages, the login, the logout and the static files until it is given."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import otp


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open = None

    def open_paths(self) -> tuple[str, ...]:
        if self._open is None:
            paths = [reverse(name) for name in ("login", "logout", "accounts:otp_verify", "accounts:otp_setup", "set_language")]
            try:
                paths.append(reverse("admin:logout"))
            except Exception:  # noqa: BLE001 - no administration installed
                pass
            self._open = tuple(paths)
        return self._open

    def is_open(self, path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path in self.open_paths()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is None or not user.is_authenticated or self.is_open(request.path_info)
                or otp.is_verified(request)):
            return self.get_response(request)
        step = otp.state(request)
        if step == otp.OK:
            return self.get_response(request)
        url = reverse("accounts:otp_verify" if step == otp.VERIFY else "accounts:otp_setup")
        htmx = request.headers.get("HX-Request") == "true"  # django_htmx's middleware runs after this one
        if request.method == "GET" and not htmx:
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        if htmx:  # a fragment loaded by htmx: the whole page goes to the code form
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
