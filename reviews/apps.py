from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Quality review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.registry import Panel
        from members import hooks as member_hooks
        from members.choices import Status
        from rules.codes import (
            REVIEW_DISCIPLINED_MEMBER_MAX_RATING,
            REVIEW_DISCIPLINED_SUBORDINATE_MAX_RATING,
            REVIEW_MEMBER_GROUPS,
            REVIEW_RATING_THRESHOLDS,
        )
        from rules.display import register_value_labels

        from . import home, menu, selectors
        from .models import Rating, Treatment

        register_value_labels([REVIEW_DISCIPLINED_MEMBER_MAX_RATING, REVIEW_DISCIPLINED_SUBORDINATE_MAX_RATING],
                              Rating.choices)
        # review_rating_thresholds: the lowest points of each level, and the two parts of the 100-point scale
        register_value_labels([REVIEW_RATING_THRESHOLDS], Rating.choices, [
            ("general_max", _("general criteria, at most")), ("tasks_max", _("task results, at most"))])
        register_value_labels([REVIEW_MEMBER_GROUPS], Treatment.choices, [
            (Status.FULL, _("Full members")), (Status.PROBATIONARY, _("Probationary members")),
            ("exempt", _("Members exempt from work and meetings"))])
        menu.register()
        home.register()
        member_hooks.detail_main.register(Panel("member-reviews", "reviews/_member_reviews.html",
                                                selectors.member_reviews_panel, order=47))
