from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.models import Holiday

        from .signals import holiday_changed

        post_save.connect(holiday_changed, sender=Holiday, dispatch_uid="petitions_holiday_saved")
        post_delete.connect(holiday_changed, sender=Holiday, dispatch_uid="petitions_holiday_deleted")
