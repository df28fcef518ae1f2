from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    """Django's login; what else the page shows (the demo logins) is drawn from the slot accounts.login."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
