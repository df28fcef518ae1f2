from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import security as events
from core.views import ActionPage, Page, apply_validation_error

from . import otp, selectors, services
from .forms import LockReleaseForm, TokenForm
from .security import forgive, lockout_response, record


class LoginView(auth_views.LoginView):
    """Django's login; what else the page shows (the demo logins) is drawn from the slot accounts.login. A wrong user
    name and a wrong password get the same message (and a locked name the same page whether it exists or not)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChange(auth_views.PasswordChangeView):
    """Django's password change (the validators of AUTH_PASSWORD_VALIDATORS apply), recorded as a security event."""

    template_name = "accounts/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        record(events.PASSWORD_CHANGE, request=self.request, user=self.request.user, target=self.request.user)
        return response


# ---- login locks ----------------------------------------------------------------------------------------------------

class AdministratorPage(Page):
    needs = None

    def guard(self):
        if not selectors.is_administrator(self.user):
            raise PermissionDenied
        return None


class LoginLockList(AdministratorPage):
    title = gettext_lazy("Login locks")
    template_name = "accounts/locks.html"

    def context(self, **extra) -> dict:
        from .security import address_failure_limit, cool_off, user_failure_limit

        window = cool_off()
        return {"locks": selectors.login_locks(self.user), "user_limit": user_failure_limit(),
                "address_limit": address_failure_limit(),
                "cool_off_minutes": int(window.total_seconds() // 60) if window else None, **extra}


class LoginLockRelease(AdministratorPage, ActionPage):
    title = gettext_lazy("Lift a login lock")
    template_name = "accounts/lock_release.html"
    form_class = LockReleaseForm
    submit_label = gettext_lazy("Unlock")
    success_message = gettext_lazy("The lock was lifted.")

    def setup_page(self) -> None:
        self.object = selectors.login_lock(self.user, self.kwargs["kind"], self.kwargs["value"])

    def perform(self, data: dict):
        return services.login_lock_release(actor=self.user, lock=self.object, reason=data["reason"],
                                           request=self.request)

    def crumbs(self):
        return [(_("Login locks"), reverse("accounts:login_locks"))]

    def success_url(self, result) -> str:
        return reverse("accounts:login_locks")

    def back_url(self) -> str:
        return reverse("accounts:login_locks")

    def subtitle(self) -> str:
        return self.object.value


# ---- the second factor ----------------------------------------------------------------------------------------------

def next_url(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def otp_failure(request, user):
    """A wrong code: an OTP_FAILED event and one more failure of the user name and address (axes), so the login
    limits stop code guessing too. Returns the lockout page (the session ended) when a limit is reached."""
    from axes.handlers.proxy import AxesProxyHandler

    credentials = {"username": user.get_username()}
    record(events.OTP_FAILED, request=request, user=user, detail=f"username={user.get_username()}")
    AxesProxyHandler.user_login_failed(sender=OtpVerify, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        return end_locked(request, credentials)
    return None


def end_locked(request, credentials):
    """The user name or address is locked: the half-done login ends and the lockout page is shown."""
    request.axes_locked_out = False  # the page is drawn here; AxesMiddleware need not draw it again
    logout(request)
    return lockout_response(request, None, credentials)


def locked_now(request, user) -> bool:
    from axes.handlers.proxy import AxesProxyHandler

    return not AxesProxyHandler.is_allowed(request, {"username": user.get_username()})


class SecondFactorPage(Page):
    needs = None
    http_method_names = ["get", "post", "head", "options"]

    def render_form(self, form, **extra):
        return self.render(self.context(form=form, next=next_url(self.request, ""), **extra))


class OtpVerify(SecondFactorPage):
    """After the password, a code from the user's app (when they have one, or their role requires one)."""

    title = gettext_lazy("Second factor")
    template_name = "accounts/otp_verify.html"

    def elsewhere(self):
        if otp.is_verified(self.request):
            return redirect(next_url(self.request))
        step = otp.state(self.request)
        if step == otp.SETUP:
            return redirect(f"{reverse('accounts:otp_setup')}?{self.request.GET.urlencode()}")
        if step == otp.OK:
            return redirect(next_url(self.request))
        return None

    def get(self, request, *args, **kwargs):
        return self.elsewhere() or self.render_form(TokenForm())

    def post(self, request, *args, **kwargs):
        if (response := self.elsewhere()) is not None:
            return response
        credentials = {"username": self.user.get_username()}
        if locked_now(request, self.user):
            return end_locked(request, credentials)
        form = TokenForm(request.POST)
        if not form.is_valid():
            return otp_failure(request, self.user) or self.render_form(form)
        device = otp.confirmed_device(self.user)
        allowed, _why = device.verify_is_allowed()
        if not allowed:  # django-otp's own back-off after a wrong code: wait, not a failure
            form.add_error("token", _("Wait a few seconds after a wrong code, then type the code shown now."))
            return self.render_form(form)
        if not device.verify_token(form.cleaned_data["token"]):
            form.add_error("token", _("This code is not right. Type the 6 digits your app shows now."))
            return otp_failure(request, self.user) or self.render_form(form)
        from django_otp import login as otp_login

        otp_login(request, device)
        forgive(request, self.user)
        return redirect(next_url(request))


class OtpSetup(SecondFactorPage):
    """Set up an authenticator app: its QR code and the secret as text, confirmed by one code from the app. The
    secret waits in the session until confirmed (nothing is stored by looking at the page)."""

    title = gettext_lazy("Set up two-step login")
    template_name = "accounts/otp_setup.html"

    def pending_key(self) -> str:
        from django_otp.plugins.otp_totp.models import default_key

        key = self.request.session.get(otp.PENDING_SECRET_KEY)
        if not key:
            key = default_key()
            self.request.session[otp.PENDING_SECRET_KEY] = key
        return key

    def owes(self) -> bool:
        """Whether this session is still half logged in (its code is part of the login, so a wrong one counts)."""
        return not otp.is_verified(self.request) and otp.state(self.request) != otp.OK

    def elsewhere(self):
        if otp.state(self.request) == otp.VERIFY and not otp.is_verified(self.request):
            return redirect(f"{reverse('accounts:otp_verify')}?{self.request.GET.urlencode()}")
        return None

    def context(self, **extra) -> dict:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        key = self.pending_key()
        device = TOTPDevice(user=self.user, key=key)
        return {"qr": otp.qr_data_uri(device.config_url), "secret": otp.base32(key),
                "issuer": getattr(settings, "OTP_TOTP_ISSUER", ""), "required": otp.required_for(self.user),
                "owes": self.owes(), "replaces": otp.confirmed_device(self.user) is not None, **extra}

    def get(self, request, *args, **kwargs):
        return self.elsewhere() or self.render_form(TokenForm())

    def post(self, request, *args, **kwargs):
        if (response := self.elsewhere()) is not None:
            return response
        owes = self.owes()
        if owes and locked_now(request, self.user):
            return end_locked(request, {"username": self.user.get_username()})
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                device = services.totp_device_confirm(actor=self.user, key=self.pending_key(),
                                                      token=form.cleaned_data["token"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                from django_otp import login as otp_login

                request.session.pop(otp.PENDING_SECRET_KEY, None)
                otp.forget_state(request)
                otp_login(request, device)
                if owes:
                    forgive(request, self.user)
                messages.success(request, _("Two-step login is on: from now on, each login asks for a code from "
                                            "your app."))
                return redirect(next_url(request, reverse("accounts:security")))
        if owes and (response := otp_failure(request, self.user)) is not None:
            return response
        return self.render_form(form)


class AccountSecurity(Page):
    """The user's own login security: two-step login (on, required, or off with a way to turn it on)."""

    needs = None
    title = gettext_lazy("Login security")
    template_name = "accounts/security.html"

    def context(self, **extra) -> dict:
        return {"device": otp.confirmed_device(self.user), "required": otp.required_for(self.user), **extra}


class OtpRemove(ActionPage):
    """Turn two-step login off (a current code asked, so that a borrowed session cannot quietly do it)."""

    needs = None
    title = gettext_lazy("Turn off two-step login")
    form_class = TokenForm
    submit_label = gettext_lazy("Turn off")
    success_message = gettext_lazy("Two-step login is off.")
    confirm = gettext_lazy("Turn off two-step login? Logging in will ask only for the password.")

    def guard(self):
        return None

    def blocked(self):
        if otp.confirmed_device(self.user) is None:
            return redirect("accounts:security")
        return None

    def perform(self, data: dict):
        device = otp.confirmed_device(self.user)
        allowed, _why = device.verify_is_allowed()
        if not allowed or not device.verify_token(data["token"]):
            raise ValidationError({"token": _("This code is not right. Type the 6 digits your app shows now.")})
        removed = services.totp_device_remove(actor=self.user, user=self.user)
        otp.forget_state(self.request)
        return removed

    def success_url(self, result) -> str:
        return reverse("accounts:security")

    def back_url(self) -> str:
        return reverse("accounts:security")
