import datetime

from django.utils.translation import gettext_lazy as _

from core.menu import openable_pages
from core.views import Page

from .display import rule_sections
from .selectors import rule_list


class RuleList(Page):
    """Every rule with its regulation and period in force, as a person reads it: open to every logged-in user."""

    needs = None
    title = _("Rules and regulations")
    template_name = "rules/list.html"

    def context(self, **extra):
        return super().context(sections=rule_sections(rule_list(), today=datetime.date.today(),
                                                      openable=openable_pages(self.request.user)), **extra)
