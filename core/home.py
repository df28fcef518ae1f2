"""The home page is each person's: the apps draw their blocks in the slot `home` (core.registry).

A panel's context(request, None) returns what its template needs, or None when the block is not this person's
(a cell secretary's next meeting, a member's notices, an inspection chair's cases, the Bloc's figures). The order
puts what is due first: 10–29 the person's own work and to-dos, 30–59 their organisation's figures, 60+ the rest.
"""

from .registry import Slot

home = Slot("home", "Blocks of the home page, each shown only to whom it concerns; context(request, None).")
