"""What the meetings app lets the apps above it plug in (see core.registry).

Hooks, called by the meeting services inside their transaction (a handler's ValidationError refuses the operation;
whatever a handler writes commits or rolls back with it, so a handler that sends something out does it on commit):

- notice_given(meeting, members, actor): the cell's members were given notice of a planned meeting
  (`meetings.services.meeting_notify`, also when notice is given again). `meeting` is the Meeting as saved (its
  day, time, place and topic; its agenda and documents through `meetings.selectors.meeting_documents` and
  `meeting.entries`), `members` the list of Member on its roster (`meetings.selectors.meeting_roster`: the cell's
  active members, those temporarily attending elsewhere left out, those temporarily transferred in included; exempt
  members included, marked by `exempted_since`), `actor` the user who gave notice.

Slots:

- "meetings.meeting.actions": buttons beside a meeting's own, for those who open its page (the news app: draft an
  article from a cluster pilot thematic meeting).
- "meetings.visit.actions": buttons of a working-group visit's page (the news app: draft an article from the visit).
"""

from core.registry import Hook, Slot

notice_given = Hook("notice_given", "The members of a cell were given notice of a planned meeting "
                                    "(meeting=, members=[Member], actor=).")

meeting_actions = Slot("meetings.meeting.actions", "Buttons beside a meeting's own; context(request, meeting).")
visit_actions = Slot("meetings.visit.actions", "Buttons of a working-group visit's page; context(request, visit).")
