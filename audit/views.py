"""The security log page (administrators only: audit.selectors)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from core.scope import CONFIGURE
from core.views import ListPage

from . import selectors
from .filters import SecurityEventFilter
from .services import retention_days
from .tables import SecurityEventTable


class SecurityLog(ListPage):
    needs = CONFIGURE
    title = gettext_lazy("Security log")
    template_name = "audit/list.html"
    filterset_class = SecurityEventFilter
    table_class = SecurityEventTable
    export_name = "nhat-ky-bao-mat"
    per_page = 50

    def guard(self):
        if not selectors.may_read_security_log(self.user, self.scope):
            raise PermissionDenied
        return super().guard()

    def queryset(self):
        return selectors.security_event_qs(self.user)

    def context(self, **extra) -> dict:
        return super().context(retention_days=retention_days(), **extra)
