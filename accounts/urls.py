from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

# The login security pages are named in the `accounts` namespace ("accounts:otp_verify"); Django's own pages keep the
# plain names settings and templates use ("login", "logout", "password_change").
security_patterns = [
    path("security/", views.AccountSecurity.as_view(), name="security"),
    path("otp/", views.OtpVerify.as_view(), name="otp_verify"),
    path("otp/setup/", views.OtpSetup.as_view(), name="otp_setup"),
    path("otp/remove/", views.OtpRemove.as_view(), name="otp_remove"),
    path("locks/", views.LoginLockList.as_view(), name="login_locks"),
    path("locks/<str:kind>/<str:value>/unlock/", views.LoginLockRelease.as_view(), name="login_unlock"),
]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="accounts/password_change_done.html"), name="password_change_done"),
    path("", include((security_patterns, "accounts"))),
]
