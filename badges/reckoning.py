"""Who is due a Party badge, and when: pure functions over rows already read (the member, their interruptions,
illnesses and awards, the rule data in a RuleBook), so that a whole list is reckoned without a query per member.

- Party age (tuổi đảng) counts from the admission date; the days of an interruption (badges.Interruption) do not
  count, so each one pushes every later milestone by its length.
- A milestone of N years is *reached* on the day N years of Party age are complete; it is *due* on the first
  presentation date on or after that day (exactly N years on a presentation date: due that day; a day short: the
  next one).
- A seriously ill member (badges.Illness) may receive it up to the rule's margin early, from the day the illness is
  certified; a member who died may receive it posthumously when they were at most the rule's margin short of it
  on the day they died, on the first presentation date after their death.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from core.dates import add_months
from members.choices import Status
from rules.codes import (
    BADGE_ILLNESS_EARLY_MONTHS,
    BADGE_MILESTONE_YEARS,
    BADGE_POSTHUMOUS_EARLY_MONTHS,
    BADGE_PRESENTATION_DAYS,
)
from rules.usage import applies

from .models import Early

D = datetime.date


# ---- the words of the rule values (registered in BadgesConfig.ready) ----------------------------------------------

def day_labels() -> list[tuple[str, str]]:
    """Every "day/month" a presentation day may be written as, shown dd/mm."""
    return [(f"{day}/{month}", f"{day:02d}/{month:02d}") for month in range(1, 13) for day in range(1, 32)]


def band_labels() -> list[tuple[str, object]]:
    """A band of milestones is written by its first milestone: "30" reads "from the badge of 30 years"."""
    return [(str(n), format_lazy(gettext_lazy("from the badge of {years} years"), years=n)) for n in range(1, 101)]


# ---- the presentation dates --------------------------------------------------------------------------------------

def _parse_day(text: str, year: int) -> D | None:
    try:
        day, month = (int(part) for part in str(text).split("/"))
        return D(year, month, day)
    except (TypeError, ValueError):
        return None  # a day that does not exist that year (29/2) or a value written wrongly: no presentation


class Calendar:
    """The presentation dates of the rule data, a year at a time (each date by the rule in force on it)."""

    def __init__(self, book):
        self.book = book
        self._years: dict[int, list[D]] = {}

    @applies(BADGE_PRESENTATION_DAYS, where=gettext_lazy("Party badges: the presentation dates a list is drawn for"),
             page="badges:home")
    def dates(self, year: int) -> list[D]:
        if year not in self._years:
            candidates = set()
            for probe in (D(year, 1, 1), D(year, 12, 31)):  # a rule changing within the year: both versions' days
                candidates.update(_parse_day(text, year) for text in self.book.value(BADGE_PRESENTATION_DAYS, on=probe))
            self._years[year] = sorted(day for day in candidates if day is not None and self._in_force(day))
        return self._years[year]

    def _in_force(self, day: D) -> bool:
        return f"{day.day}/{day.month}" in self.book.value(BADGE_PRESENTATION_DAYS, on=day)

    def on_or_after(self, day: D) -> D:
        for year in range(day.year, day.year + 3):
            found = next((d for d in self.dates(year) if d >= day), None)
            if found:
                return found
        raise LookupError(f"no presentation date after {day}")

    def before(self, day: D) -> D:
        for year in range(day.year, day.year - 3, -1):
            found = next((d for d in reversed(self.dates(year)) if d < day), None)
            if found:
                return found
        raise LookupError(f"no presentation date before {day}")

    def after(self, day: D) -> D:
        return self.on_or_after(day + datetime.timedelta(days=1))

    def is_date(self, day: D) -> bool:
        return day in self.dates(day.year)


# ---- Party age -----------------------------------------------------------------------------------------------------

Gap = tuple[D, D]  # (not counted from, counted again from)


def reached_on(admitted_on: D, gaps: list[Gap], months: int) -> D:
    """The day `months` months of Party age are complete: each interruption that begins before that day pushes it
    by the interruption's length (gaps in date order, so a push can bring a later gap in)."""
    day = add_months(admitted_on, months)
    for start, end in sorted(gaps):
        if start < day:
            day += end - start
    return day


def party_age(admitted_on: D, gaps: list[Gap], on: D) -> tuple[int, int]:
    """Party age on `on` in whole (years, months), the interruptions left out."""
    months = (on.year - admitted_on.year) * 12 + on.month - admitted_on.month + 1  # an upper bound
    while months > 0 and reached_on(admitted_on, gaps, months) > on:
        months -= 1
    return divmod(max(months, 0), 12)


# ---- the rules in force and who is due -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    milestones: tuple[int, ...]
    illness: tuple[tuple[int, int], ...]  # (first milestone of the band, months early), by band
    posthumous: int

    def illness_months(self, milestone: int) -> int:
        return next((months for first, months in reversed(self.illness) if milestone >= first), 0)


@applies(BADGE_MILESTONE_YEARS, BADGE_ILLNESS_EARLY_MONTHS, BADGE_POSTHUMOUS_EARLY_MONTHS,
         where=gettext_lazy("Party badges: the milestones of Party age, how early a seriously ill member or a "
                            "member who died may receive one"), page="badges:home")
def rules_on(book, on: D) -> Rules:
    illness = book.value(BADGE_ILLNESS_EARLY_MONTHS, on=on) or {}
    return Rules(milestones=tuple(sorted(int(n) for n in book.value(BADGE_MILESTONE_YEARS, on=on) or ())),
                 illness=tuple(sorted((int(first), int(months)) for first, months in illness.items())),
                 posthumous=int(book.value(BADGE_POSTHUMOUS_EARLY_MONTHS, on=on) or 0))


@dataclass
class Facts:
    """What the reckoning reads about one member besides the file."""

    gaps: list[Gap] = field(default_factory=list)
    ill_since: D | None = None  # the first certified serious illness
    awards: dict = field(default_factory=dict)  # milestone -> BadgeAward


@dataclass
class Due:
    member: object
    milestone: int
    reached: D  # the day the milestone's years are complete
    presentation: D  # the date it is (or was) due on
    early: str = Early.NONE
    award: object = None  # the BadgeAward, once recorded

    @property
    def deceased(self) -> bool:
        return self.member.status == Status.DECEASED

    @property
    def early_label(self) -> str:
        return str(Early(self.early).label) if self.early else ""


def _eligible(member, milestone: int, reached: D, facts: Facts, rules: Rules) -> tuple[D, str] | None:
    """From when a milestone may be given and whether early (None: never, a member who died too far short)."""
    if member.status == Status.DECEASED:
        died = member.status_since
        if reached <= died:
            return reached, Early.NONE
        if reached <= add_months(died, rules.posthumous):
            return died, Early.POSTHUMOUS
        return None
    if facts.ill_since is not None:
        earliest = max(add_months(reached, -rules.illness_months(milestone)), facts.ill_since)
        if earliest < reached:
            return earliest, Early.ILLNESS
    return reached, Early.NONE


def milestone_dues(member, facts: Facts, rules: Rules, calendar: Calendar) -> list[Due]:
    """Each milestone above the highest held, with the date it is due on (in milestone order)."""
    held = max(facts.awards, default=0)
    dues = []
    for milestone in rules.milestones:
        if milestone <= held and milestone not in facts.awards:
            continue
        reached = reached_on(member.admitted_on, facts.gaps, 12 * milestone)
        eligible = _eligible(member, milestone, reached, facts, rules)
        if eligible is None:
            continue
        start, early = eligible
        presentation = calendar.on_or_after(start)
        if early == Early.ILLNESS and presentation >= reached:
            early = Early.NONE  # the margin brought it no presentation date earlier
        dues.append(Due(member, milestone, reached, presentation, early, facts.awards.get(milestone)))
    return dues


def due_on(member, facts: Facts, rules: Rules, calendar: Calendar, presentation: D) -> Due | None:
    """The badge the member is due on `presentation` (the highest, should two fall on it), or the badge recorded
    for that date; None when neither."""
    dues = [d for d in milestone_dues(member, facts, rules, calendar) if d.presentation == presentation
            or (d.award is not None and d.award.presentation_date == presentation)]
    return dues[-1] if dues else None


def next_due(member, facts: Facts, rules: Rules, calendar: Calendar) -> Due | None:
    """The first badge above those held that is not recorded: its date ahead, or passed without an award."""
    return next((d for d in milestone_dues(member, facts, rules, calendar) if d.award is None), None)
