from django.utils.translation import gettext_lazy as _

from core.views import Page


class Home(Page):
    """Each person's home: the blocks the apps register in the slot `home` (core.home), each shown only to whom it
    concerns, what is due first."""

    needs = None
    title = _("Overview")
    template_name = "dashboard/home.html"

    def crumbs(self):
        return []
