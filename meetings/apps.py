from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Cell meetings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from organizations.figures import register_kept_table

        from . import figures, home, hooks, menu  # noqa: F401  (hooks: the slots its pages draw)

        figures.connect()
        register_kept_table("compliance", figures.compliance_rebuild, figures.compliance_bulk)

        menu.register()
        home.register()
        from core.registry import Panel
        from members import hooks as member_hooks
        from organizations import hooks as tree

        from . import selectors

        tree.detail_main.register(Panel("cell-meetings", "meetings/_organization_link.html",
                                        selectors.organization_meetings_link, order=40))
        member_hooks.detail_top.register(Panel("member-next-meeting", "meetings/_member_next_meeting.html",
                                               selectors.member_next_meeting_panel, order=10))
        member_hooks.detail_main.register(Panel("member-meetings", "meetings/_member_meetings.html",
                                                selectors.member_meetings_panel, order=40))
