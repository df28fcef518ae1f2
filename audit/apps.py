from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "audit"
    verbose_name = _("Security log")

    def ready(self):
        from django.core.signals import request_finished

        from core.hooks import security_event

        from . import menu, services, tasks  # noqa: F401  (the retention task registers with Huey)

        security_event.register(services.security_event_store)
        # An event that waited for a transaction which then rolled back is written when the request ends.
        request_finished.connect(services.security_events_flush, dispatch_uid="audit.flush_security_events")
        menu.register()
