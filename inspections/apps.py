from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Inspection, supervision and discipline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rules.codes import (
            DISCIPLINE_FORMS_FULL_MEMBER,
            DISCIPLINE_FORMS_ORGANIZATION,
            DISCIPLINE_FORMS_PROBATIONARY_MEMBER,
        )
        from rules.display import register_value_labels

        from . import home, menu
        from .models import DisciplineForm

        menu.register()
        home.register()
        # The rules page names the discipline forms its lists hold (rules cannot import this app).
        register_value_labels([DISCIPLINE_FORMS_FULL_MEMBER, DISCIPLINE_FORMS_PROBATIONARY_MEMBER,
                               DISCIPLINE_FORMS_ORGANIZATION], DisciplineForm.choices)
