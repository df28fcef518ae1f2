from django.utils.translation import gettext_lazy as _

from core.views import Page

from .selectors import rule_list


class RuleList(Page):
    """Every rule with its regulation and period in force: open to every logged-in user."""

    needs = None
    title = _("Rules and regulations")
    template_name = "rules/list.html"

    def context(self, **extra):
        return super().context(rules=rule_list(), **extra)
