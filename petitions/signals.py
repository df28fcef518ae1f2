"""The holiday calendar changed (an administrator added, corrected or removed a public holiday): the open
petitions' working-day deadlines are recomputed at once, with history. Connected in PetitionsConfig.ready, so
`core` knows nothing of petitions."""

from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from .services import deadlines_recompute


def _acting_user():
    """The user of the request that changed the calendar (django-simple-history's middleware keeps it)."""
    request = getattr(HistoricalRecords.context, "request", None)
    return getattr(request, "user", None)


def holiday_changed(sender, instance, **kwargs):
    deadlines_recompute(actor=_acting_user(),
                        reason=_("Deadline recomputed: the holiday calendar changed (%(holiday)s)")
                        % {"holiday": str(instance)})
