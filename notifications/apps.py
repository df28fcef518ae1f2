from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from meetings import hooks as meeting_hooks

        from . import handlers

        meeting_hooks.notice_given.register(handlers.notice_given)
