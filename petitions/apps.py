from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.models import Holiday
        from core.registry import Panel
        from inspections import hooks as inspections

        from . import selectors
        from .signals import holiday_changed

        post_save.connect(holiday_changed, sender=Holiday, dispatch_uid="petitions_holiday_saved")
        post_delete.connect(holiday_changed, sender=Holiday, dispatch_uid="petitions_holiday_deleted")
        # The inspection pages show the petitions linked to them (never the sender): the denunciations a case on
        # signs of violation was opened from, the complaints lodged against a discipline decision.
        inspections.case_facts.register(Panel("origin-petitions", "petitions/_case_origin.html",
                                              selectors.case_origin_panel))
        inspections.decision_main.register(Panel("complaints", "petitions/_decision_complaints.html",
                                                 selectors.decision_complaints_panel))
