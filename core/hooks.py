"""What core's services let the apps above plug in (registered in their AppConfig.ready(); see core.registry).

- calendar_changed(from_day, actor, reason): the working-day calendar changed from `from_day` on (a day off or a
  substituted working day added, moved or removed, a year's official schedule entered, changed or removed). Called
  inside the calendar service's transaction: a handler recomputes what it stores from the calendar (the petitions'
  settlement deadlines) for every working-day deadline that runs past `from_day`, with history (`actor`, `reason`).
  Deadlines computed when a page is drawn (core.dates.working_deadline) need nothing: they read the calendar.
"""

from core.registry import Hook

calendar_changed = Hook("calendar_changed", "The working-day calendar changed from `from_day` on.")

# - security_event(kind, user, request, target, organization_id, detail): something the security log keeps (a login,
#   a lockout, a refusal, an export, an identity read, a role change; core.security lists the kinds). The `audit`
#   app stores it; called outside or inside a transaction (a refusal has none).
security_event = Hook("security_event", "Something the security log keeps.", in_transaction=False)
