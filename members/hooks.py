"""What the member file lets the apps above it plug in (see core.registry).

Hooks, called by the member services inside their transaction:

- member_left(member, on, actor, reason, decision_number): the membership ended (deceased, struck off, expelled,
  left the Party) or the member was transferred out of the installation.
- member_moved(member, on, actor, reason, decision_number): the member now belongs to, or attends, another
  organisation (a permanent transfer here, the end of a temporary transfer).

Slots of the member's page:
- "members.detail.top": what must come first, above the file, for everyone who opens the page (on a phone, the
  first screen): a member's next meeting and its documents.
- "members.detail.main": their meetings, their committee seats; on the member's own page (the record of the user
  who opens it) these come right after "members.detail.top", before the file and the long membership history.
"""

from core.registry import Hook, Slot

member_left = Hook("member_left", "The member's membership ended, or they left the installation.")
member_moved = Hook("member_moved", "The member belongs to or attends another organisation now.")

detail_top = Slot("members.detail.top", "Panels of the member's page that come first, above the member's file.")
detail_main = Slot("members.detail.main", "Panels of the member's page: beside the file, or first on their own page.")
