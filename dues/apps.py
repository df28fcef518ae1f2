from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "dues"
    verbose_name = _("Party dues")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.registry import Panel
        from members import hooks as member_hooks
        from organizations.models import OrganizationKind
        from rules.codes import DUES_KEPT_PERCENT, DUES_RATES
        from rules.display import register_value_labels

        from . import home, menu, selectors
        from .models import Category

        # the words of the dues_rates rule's mapping (rules/display): categories, then how each is reckoned
        register_value_labels([DUES_RATES], Category.choices, [
            ("percent", _("percent of")), ("of", _("of the salary of")), ("previous_month", _("the previous month")),
            ("same_month", _("the same month")), ("amount", _("fixed amount")), ("set_by_cell", _("set by the cell")),
            ("min", _("at least")), ("max", _("at most"))])
        register_value_labels([DUES_KEPT_PERCENT], OrganizationKind.Tier.choices)
        menu.register()
        home.register()
        member_hooks.detail_main.register(Panel("member-dues", "dues/_member_dues.html",
                                                selectors.member_dues_panel, order=45))
