"""The review's blocks of the home page (core.home), each the next step of whoever sees it:

- reviews-mine (12): a member: submit the self-assessment by its deadline, one tap to the form;
- reviews-cells (13): a cell secretary (a few cells): N members still to propose, one tap to the cell's sheet;
- reviews-decide (15): a committee: N members proposed waiting for its decision.
"""

from core.home import home
from core.registry import Panel

from . import selectors

FEW_CELLS = 3  # more than this is an office: its cells are on the campaign's page, not on the home page


def mine_panel(request, obj):
    review = selectors.my_open_review(request.user)
    if review is None:
        return None
    return {"review": review, "url": selectors.member_url(review)}


def cells_panel(request, obj):
    if not selectors.may_review(request.user):
        return None
    rows = selectors.cells_to_propose(request.user, FEW_CELLS)
    return {"rows": rows} if rows else None


def decide_panel(request, obj):
    found = selectors.to_decide(request.user)
    return found if found and found["n"] else None


def register():
    home.register(Panel("reviews-mine", "reviews/_home_mine.html", mine_panel, order=12))
    home.register(Panel("reviews-cells", "reviews/_home_cells.html", cells_panel, order=13))
    home.register(Panel("reviews-decide", "reviews/_home_decide.html", decide_panel, order=15))
