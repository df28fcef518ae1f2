from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Statistics and reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from rules.checks import register_value_check
        from rules.codes import PERIODIC_REPORT_PERIODS, STATISTICS_FORMS
        from rules.display import register_value_labels

        from . import home, menu
        from .forms import FORM_NAMES, PERIOD_SPEC_NAMES, PROVISIONAL_CODES
        from .models import PeriodKind
        from .periods import check_periods_value

        # the words of the forms rule's value (rules/display): each form's key and the code it carries
        register_value_labels([STATISTICS_FORMS], FORM_NAMES.items(), [(code, code) for code in PROVISIONAL_CODES])
        register_value_labels([PERIODIC_REPORT_PERIODS], PeriodKind.choices, PERIOD_SPEC_NAMES.items())
        # a value period_of could not read is refused when the rule is saved, not found by the home page
        register_value_check(PERIODIC_REPORT_PERIODS, check_periods_value)
        menu.register()
        home.register()
