from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApparatusConfig(AppConfig):
    name = "apparatus"
    verbose_name = _("Apparatus")
    default_auto_field = "django.db.models.BigAutoField"
