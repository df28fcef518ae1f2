from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from core.scope import register_scope_provider

        from . import menu, security
        from .scope import roles_read

        register_scope_provider(roles_read)
        menu.register()
        security.connect()
