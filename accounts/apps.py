from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from core.scope import register_scope_provider

        from .scope import roles_scope

        register_scope_provider(roles_scope)
