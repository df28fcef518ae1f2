"""The working-day calendar changed (a day off or a substituted working day added, moved or removed, a year's
official schedule entered): the open petitions' working-day deadlines that run past the first day changed are
recomputed at once, in the calendar service's transaction, with history. Registered on core.hooks.calendar_changed
in PetitionsConfig.ready, so `core` knows nothing of petitions."""

from django.utils.translation import gettext as _

from .services import deadlines_recompute


def calendar_changed(*, from_day, actor, reason) -> int:
    return deadlines_recompute(actor=actor, from_day=from_day,
                               reason=_("Deadline recomputed: %(reason)s") % {"reason": reason})
