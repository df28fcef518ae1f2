from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiesConfig(AppConfig):
    name = "studies"
    verbose_name = _("Studying resolutions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import home, menu

        menu.register()
        home.register()
