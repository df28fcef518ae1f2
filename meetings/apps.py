from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Cell meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.registry import Panel
        from members import hooks as member_hooks
        from organizations import hooks as tree

        from . import selectors

        tree.detail_main.register(Panel("cell-meetings", "meetings/_organization_link.html",
                                        selectors.organization_meetings_link, order=40))
        member_hooks.detail_main.register(Panel("member-meetings", "meetings/_member_meetings.html",
                                                selectors.member_meetings_panel, order=40))
