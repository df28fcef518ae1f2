from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = _("Organisations")

    def ready(self):
        from . import menu

        menu.register()
        from . import figures, tasks  # noqa: F401  (the nightly recount registers with Huey)

        figures.connect()
        from core.registry import SearchSection, register_search

        from . import selectors

        register_search(SearchSection("organizations", _("Organisations"), selectors.search_organizations,
                                      "organizations/_search.html", order=20, width="col-lg-5"))
