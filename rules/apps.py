from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'rules'
    verbose_name = _("Rules")

    def ready(self):
        from core.validation import register_date_bounds

        from . import bounds, menu, selectors
        from .models import Rule

        menu.register()
        # The bounds of every date (core.validation) are rule data: read here, kept per process, forgotten when
        # one of their rules changes.
        register_date_bounds(bounds.date_bounds_provider)
        post_save.connect(bounds.rule_changed, sender=Rule, dispatch_uid="rules.bounds.saved")
        post_delete.connect(bounds.rule_changed, sender=Rule, dispatch_uid="rules.bounds.deleted")
        # A request reads the rule data once (selectors.RuleBook), again after a rule is written.
        request_started.connect(selectors.request_started, dispatch_uid="rules.request_started")
        request_finished.connect(selectors.request_finished, dispatch_uid="rules.request_finished")
        post_save.connect(selectors.rule_written, sender=Rule, dispatch_uid="rules.book.saved")
        post_delete.connect(selectors.rule_written, sender=Rule, dispatch_uid="rules.book.deleted")
