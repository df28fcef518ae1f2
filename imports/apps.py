from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from core.registry import Panel
        from members import hooks as member_hooks

        from . import (  # noqa: F401  (the kinds and the job handlers register themselves)
            home,
            members_kind,
            menu,
            organizations_kind,
            seats_kind,
            selectors,
            services,
        )

        menu.register()
        home.register()
        member_hooks.detail_main.register(
            Panel("imports", "imports/_member_imports.html", selectors.member_imports_panel, order=90))
