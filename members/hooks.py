"""What the member file lets the apps above it plug in (see core.registry).

Hooks, called by the member services inside their transaction:

- member_left(member, on, actor, reason, decision_number): the membership ended (deceased, struck off, expelled,
  left the Party) or the member was transferred out of the installation.
- member_moved(member, on, actor, reason, decision_number): the member now belongs to, or attends, another
  organisation (a permanent transfer here, the end of a temporary transfer).

Slots: "members.detail.main" (panels of the member's page: their meetings, their committee seats).
"""

from core.registry import Hook, Slot

member_left = Hook("member_left", "The member's membership ended, or they left the installation.")
member_moved = Hook("member_moved", "The member belongs to or attends another organisation now.")

detail_main = Slot("members.detail.main", "Panels of the member's page below the membership periods.")
