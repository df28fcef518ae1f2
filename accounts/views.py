from django.conf import settings
from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            from demo.generator import DEMO_PASSWORD, DEMO_USERS

            context["demo_users"] = DEMO_USERS
            context["demo_password"] = DEMO_PASSWORD
        return context
