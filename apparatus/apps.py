from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApparatusConfig(AppConfig):
    name = "apparatus"
    verbose_name = _("Apparatus")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import home, hooks, menu  # noqa: F401  (hooks: the slots its pages draw)

        menu.register()
        home.register()
        from core.registry import Panel
        from members import hooks as member_hooks
        from organizations import hooks as tree

        from . import figures, selectors, services

        figures.connect()
        # Seats end when what they stand on ends (after the members have followed their organisation).
        tree.organizations_changed.register(services.seats_follow_tree)
        member_hooks.member_left.register(services.seats_follow_member)
        member_hooks.member_moved.register(services.seats_follow_member)
        tree.detail_summary.register(Panel("apparatus-summary", "apparatus/_organization_summary.html",
                                           selectors.organization_summary_panel, order=10))
        member_hooks.detail_main.register(Panel("seats", "apparatus/_member_seats.html",
                                                selectors.member_seats_panel, order=50))
