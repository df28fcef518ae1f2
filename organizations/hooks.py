"""What the tree lets the apps above it plug in (registered in their AppConfig.ready(); see core.registry).

Hooks, called by the restructuring services inside their transaction, with keyword arguments only:

- organization_absorbed(source, target, on, event, actor, reason): a merge moves what `source` holds into
  `target` (members follow); called for each source before it ends.
- organization_split(source, parts, keep_source, on, event, actor, reason): the new organisations of a split
  are created; `parts` is a list of (new organisation, {assignable key: [ids]}) as the split form assigned them.
  A handler refuses (ValidationError on "parts") what it cannot place.
- organization_ended(organization, on, event, actor, reason): one organisation ended (its status says how);
  for one transferred out, what it holds leaves with it; for any other ending, a handler refuses (ValidationError)
  while something still hangs on it.
- organization_returned(organization, left_event, on, event, actor, reason): an organisation transferred out
  earlier comes back; what left with it (`left_event`) returns.
- organization_holdings(organization) -> [(count, phrase)]: what an app still keeps in an organisation about to be
  dissolved ("2 members"); any count above 0 refuses the dissolution, naming them all.
- organizations_changed(organization_ids, on, actor, reason): after a move, merge, split, transfer out or
  dissolution, with the ids of every organisation concerned and their subtrees: what depends on the tree
  (committee seats) is reconciled.

Providers, asked when a page is drawn:

- split_assignables(organization) -> (key, label, [(id, label)]): what else a split hands out part by part.
- figures: the per-organisation counts other apps keep (the members), shown in the list, the tree and the
  organisation page, each with the whole subtree's total first and the organisation's own count second; the list
  filters ("at least N") and sorts by the total.

Slots of the organisation page: "organizations.detail.facts" (rows of the record's facts),
"organizations.detail.summary" (panels above the sub-units), "organizations.detail.main" (panels below them).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from core.registry import Hook, Slot

organization_absorbed = Hook("organization_absorbed", "A merge: what `source` holds moves to `target`.")
organization_split = Hook("organization_split", "A split: the parts are created; assigned ids go to each part.")
organization_ended = Hook("organization_ended", "One organisation ended (status and ended_on are set).")
organization_returned = Hook("organization_returned", "An organisation transferred out earlier came back.")
organization_holdings = Hook("organization_holdings", "[(count, phrase)] still kept in an organisation.")
organizations_changed = Hook("organizations_changed", "The tree changed on `on` for these organisation ids.")
split_assignables = Hook("split_assignables", "(key, label, [(id, label)]) a split hands out, for the form.",
                         in_transaction=False)

detail_facts = Slot("organizations.detail.facts", "Extra <dt>/<dd> rows of the organisation's record.")
detail_summary = Slot("organizations.detail.summary", "Panels of the organisation page, above the sub-units.")
detail_main = Slot("organizations.detail.main", "Panels of the organisation page, below the sub-units.")


@dataclass(frozen=True)
class Figure:
    """A count another app keeps per organisation, shown with the tree: each organisation's own (direct) count, and
    its total with everything below it, summed over the tree in Python (organizations.selectors.figure_totals)."""

    key: str  # data-figure="<key>" on the pages
    label: str  # "Members"
    own_label: str  # "Members (direct)"
    total_label: str  # "Members (total)"
    current: Callable[[], object]  # a queryset annotation over Organization: the count today
    as_of: Callable[[datetime.date], dict[int, int]]  # {organisation id: count} on a past day
    # the list of what is counted, for one organisation's subtree (None: everything the user sees)
    list_url: Callable[[int | None], str] | None = None
    counts: Callable[[], dict[int, int]] | None = None  # {organisation id: own count today}, in one grouped query
    own_url: Callable[[int], str] | None = None  # the list of what is counted in the organisation itself only
    min_label: str = ""  # the organisation list's filter "at least N" on the total (none when empty)
    # the kept figures (organizations.figures) hold this count under `key`, own and with the subtree: the lists read
    # it from there instead of counting every organisation's rows on every view
    kept: bool = False


figures: list[Figure] = []


def register_figure(figure: Figure) -> Figure:
    if all(f.key != figure.key for f in figures):
        figures.append(figure)
    return figure
