from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistics and reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rules.codes import STATISTICS_FORMS
        from rules.display import register_value_labels

        from . import menu
        from .forms import FORM_NAMES, PROVISIONAL_CODES

        # the words of the forms rule's value (rules/display): each form's key and the code it carries
        register_value_labels([STATISTICS_FORMS], FORM_NAMES.items(), [(code, code) for code in PROVISIONAL_CODES])
        menu.register()
