from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BadgesConfig(AppConfig):
    name = "badges"
    verbose_name = _("Party badges")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.registry import Panel
        from members import hooks as member_hooks
        from rules.codes import BADGE_ILLNESS_EARLY_MONTHS, BADGE_PRESENTATION_DAYS
        from rules.display import register_value_labels

        from . import home, menu, selectors
        from .reckoning import band_labels, day_labels

        # the words of the badge rules' values (rules/display): "3/2" as 03/02, a band's first milestone
        register_value_labels([BADGE_PRESENTATION_DAYS], day_labels())
        register_value_labels([BADGE_ILLNESS_EARLY_MONTHS], band_labels())
        menu.register()
        home.register()
        member_hooks.detail_main.register(Panel("member-badges", "badges/_member_badges.html",
                                                selectors.member_badges_panel, order=47))
