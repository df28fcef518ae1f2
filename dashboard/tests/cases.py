"""The home page: everyone's own (the Bloc figures to whom oversees several organisations, a member's own blocks)."""

from core.testing import EVERYONE, QueryCase, ScopeCase

SCOPE_CASES = [ScopeCase("dashboard:home", EVERYONE)]


def grow(w, factor: int) -> None:
    """The members' slices with their terms, committees and seats (the home page's apparatus figures)."""
    from apparatus.tests.cases import grow as grow_apparatus

    grow_apparatus(w, factor)


# The home page of the busiest user (khoi: every panel) at 1x and 5x data. Issue 13 added the members' due panel
# (probationary members, transfer periods, rule data, holidays, calendar years: 5) and the structure to-do. Issue 16:
# the figures, the committee seats and the problems read from the kept figures; the structure to-do lists the few
# organisations concerned (judged again: 8 queries) or counts many (none), so the 5x page may have fewer; the members'
# due panel reads a few columns of every item and the records of the six it shows (+2: members, transfer periods).
# Issue 17: the dues block asks whether the user collects for a few cells (+1; a secretary's block reads its cells).
# Issue 17, remittances: the dues block asks whether remittances await the user's confirmation (+1).
# Issue 17, badges: within the reminder's days before a presentation date the badges block reads the rules and the
# members due (+2; +3 more for the interruptions, illnesses and awards of those due, when some are).
# Issue 17, reviews: the "to decide" block costs one query (+1).
# Issue 20: the news block counts the CMS's articles awaiting the user's approval (+1) and, for a moderator, the
# readers' comments awaiting a decision and their complaints, with the rule of the time they may wait (+3).
# Issue 18, periodic reports: the to-do block reads the scope's top organisations that report, the rules and the
# reports owed or waiting to be received together (+3; +1 only where the user's top organisation makes no report).
# Periodic reports after review: the to-do also reads the direct reporting subordinates and which period each
# submitted, in one query (+1; none where the user's top organisation makes no report).
# Issue 18, studies: the to-do counts the study sessions the user convenes not held past their date and the
# takeaways waiting for the user's assessment (+2); for a member, their record, its chain of parents and the open
# campaigns above it without their takeaway (+3). Its action programmes: those not adopted past their date, their
# tasks overdue, the final reports due (+3).
# Issue 16, the members' to-do of someone who manages members: the probationary members counted per day their
# probation started, then the members of the first days read (+1, whatever the number of members).
QUERY_CASES = [QueryCase("dashboard", "/", 62, users=("khoi", "coso", "chibo", "dangvien"), lists_then_counts=True)]
