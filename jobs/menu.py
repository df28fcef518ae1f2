from django.utils.translation import gettext_lazy as _

from core.menu import MenuEntry, MenuGroup, menu
from core.scope import EXPORT

from . import selectors


def exports_or_has_jobs(user, scope) -> bool:
    """Whoever may export (a big export becomes a job) or has a job (one query, only for those who cannot export)."""
    return scope.can(EXPORT) or selectors.has_jobs(user)


def register():
    menu.group(MenuGroup("jobs", _("My jobs"), "hourglass-split", order=80, compact=True))
    menu.entry(MenuEntry("jobs", "job-list", _("My jobs"), "jobs:list", visible=exports_or_has_jobs))
