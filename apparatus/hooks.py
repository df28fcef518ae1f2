"""What the apparatus pages let the apps above them plug in (registered in their AppConfig.ready(); see
core.registry). `apparatus` knows nothing of those apps: it only names the places.

Slots:

- "apparatus.term.actions": buttons of a term, drawn in the current term's card of an organisation's apparatus page
  (the news app: draft an article from the congress that opened the term).
"""

from core.registry import Slot

term_actions = Slot("apparatus.term.actions", "Buttons of the current term on an organisation's apparatus page; "
                                              "context(request, term).")
