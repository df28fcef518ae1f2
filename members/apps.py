from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        from . import home, menu

        menu.register()
        home.register()
        from core.registry import Panel, SearchSection, register_search
        from core.scope import ScopeRead, register_scope_provider
        from organizations import hooks as tree

        from . import figures, selectors, services

        figures.connect()
        register_scope_provider(ScopeRead(sql=selectors.own_member_sql, apply=selectors.own_member_apply))
        # Restructuring: members follow their organisation (before the committee seats, registered later).
        tree.organization_absorbed.register(services.members_follow_merge)
        tree.organization_split.register(services.members_follow_split)
        tree.organization_ended.register(services.members_leave_with_organization)
        tree.organization_returned.register(services.members_return_with_organization)
        tree.organization_holdings.register(selectors.member_holdings)
        tree.split_assignables.register(selectors.split_members)
        tree.register_figure(tree.Figure(
            key="members", label=_("Members"), own_label=_("Members (direct)"), total_label=_("Members (total)"),
            current=selectors.active_member_count, as_of=selectors.member_counts_as_of,
            list_url=selectors.organization_members_url, counts=selectors.active_member_counts,
            own_url=selectors.organization_own_members_url, min_label=_("At least this many members"), kept=True))
        tree.detail_facts.register(Panel("subtree-members", "members/_organization_total.html",
                                         selectors.organization_member_total))
        tree.detail_main.register(Panel("members", "members/_organization_members.html",
                                        selectors.organization_members_panel, order=50))
        register_search(SearchSection("members", _("Members"), selectors.search_members,
                                      "members/_search.html", order=10, width="col-lg-7"))
