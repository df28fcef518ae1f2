from django.apps import AppConfig


class DemoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"

    def ready(self):
        from accounts.hooks import login_page
        from core.registry import Panel

        login_page.register(Panel("demo-logins", "demo/_logins.html", demo_logins))


def demo_logins(request, _obj) -> dict | None:
    """The demo accounts under the login form, only when DEMO_MODE is on."""
    from django.conf import settings

    from .generator import DEMO_PASSWORD, DEMO_USERS

    if not settings.DEMO_MODE:
        return None
    return {"demo_users": DEMO_USERS, "demo_password": DEMO_PASSWORD}
