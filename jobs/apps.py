from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from core.exports import register_background_export

        from . import exports, menu, tasks  # noqa: F401  (the export job kind and the Huey tasks register)

        menu.register()
        register_background_export(exports.export_submit)
