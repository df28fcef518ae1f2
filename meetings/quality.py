"""The quality benchmark of a cell meeting (HD 12-HD/BTCTW; HD 42-HD/BTCTW), judged with the rule data in
force on the day the meeting was held. Pure functions over plain values, so one page can judge thousands of
meetings from a few queries.

- attendance: present members over those expected (exempt members are not expected) must be above the
  `meeting_good_attendance_percent` rule (strictly: 85 % exactly is not enough);
- no member absent without a reason;
- nobody excused more than `meeting_max_excused_streak` times in a row *in a year*: a run of excused
  absences starts again on 1 January (the benchmark is assessed per year);
- length at least `meeting_min_minutes_combined` when a regular meeting takes a thematic topic in the same
  session (HD 42: 120 minutes), `meeting_min_minutes` for any other meeting, a thematic meeting held on its own
  included (90) (a rule value of 0 means no requirement, as before HD 42);
- documents made available at least `meeting_documents_days_before` days before (0: no requirement).
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from rules.codes import (
    MEETING_DOCUMENTS_DAYS_BEFORE,
    MEETING_GOOD_ATTENDANCE_PERCENT,
    MEETING_MAX_EXCUSED_STREAK,
    MEETING_MIN_MINUTES,
    MEETING_MIN_MINUTES_COMBINED,
)
from rules.display import number
from rules.usage import applies

from .models import MeetingKind

PRESENT, EXCUSED, ABSENT, EXEMPT = "present", "excused", "absent", "exempt"


@dataclass(frozen=True)
class Check:
    code: str
    passed: bool | None  # None: the rule does not apply (nothing required, or nothing to judge yet)
    detail: str = ""

    LABELS = {
        "attendance": _("Attendance above the benchmark"),
        "no_unexcused": _("No absence without reason"),
        "excused_streak": _("Nobody excused too many times in a row"),
        "duration": _("Long enough"),
        "documents": _("Documents sent in time"),
    }

    @property
    def label(self):
        return self.LABELS[self.code]


@dataclass
class Quality:
    checks: list[Check] = field(default_factory=list)
    present: int = 0
    expected: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.present / self.expected, 1) if self.expected else None

    @property
    def good(self) -> bool:
        """Good quality: every check that applies is passed."""
        return all(c.passed is not False for c in self.checks)

    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.passed is False]


def attendance_rate(presences: Iterable[str]) -> tuple[int, int]:
    """(present, expected): exempt members are listed apart and not expected."""
    present = expected = 0
    for presence in presences:
        if presence == EXEMPT:
            continue
        expected += 1
        present += presence == PRESENT
    return present, expected


def excused_run(history: Sequence[tuple[datetime.date, str]], on: datetime.date) -> int:
    """How many meetings in a row, up to and including the one held `on`, the member missed with a reason,
    counting only meetings of the same calendar year. `history` is the member's (held_on, presence) at the
    cell's meetings, in date order; meetings they were exempt from neither count nor break the run."""
    run = 0
    for held_on, presence in reversed([h for h in history if h[0] <= on]):
        if held_on.year != on.year:
            break
        if presence == EXEMPT:
            continue
        if presence != EXCUSED:
            break
        run += 1
    return run


def is_combined(kind: str, topic: str) -> bool:
    """Whether the meeting is a regular meeting that takes a thematic topic in the same session (HD 42's 120
    minutes); a thematic meeting held on its own, or any other meeting, is not."""
    return kind == MeetingKind.REGULAR and bool((topic or "").strip())


@applies(MEETING_MIN_MINUTES, MEETING_MIN_MINUTES_COMBINED,
         where=_("Planning a meeting: the length asked of a meeting, stated under its topic"))
def length_required(on: datetime.date, value) -> tuple[int, int]:
    """(any meeting, a regular meeting that takes a thematic topic in the same session): the minimum lengths in
    minutes in force on `on` (0: no requirement)."""
    return value(MEETING_MIN_MINUTES, on=on), value(MEETING_MIN_MINUTES_COMBINED, on=on)


@applies(MEETING_GOOD_ATTENDANCE_PERCENT, MEETING_MAX_EXCUSED_STREAK, MEETING_DOCUMENTS_DAYS_BEFORE,
         where=_("Quality benchmark of each held meeting, on the meeting page and the compliance page"),
         page="meetings:compliance")
@applies(MEETING_MIN_MINUTES, MEETING_MIN_MINUTES_COMBINED,
         where=_("Quality benchmark: the meeting's length (a regular meeting that takes a thematic topic in the same "
                 "session needs the longer one), on the meeting page and the compliance page"),
         page="meetings:compliance")
def judge(*, held_on: datetime.date, minutes: int | None, combined: bool, excused_runs: dict[int, int],
          documents_available_on: Sequence[datetime.date], value, presences: Mapping[int, str] | None = None,
          counts: Mapping[str, int] | None = None, excused: Iterable[int] = (), explain: bool = True) -> Quality:
    """Judge one held meeting. Its attendance is either `presences` (member id -> presence) or, for a page that
    judges thousands of meetings, `counts` (presence -> number of members) with the ids of the `excused`
    members; `combined`: a regular meeting that takes a thematic topic in the same session (is_combined), judged
    against the longer minimum; `excused_runs`: member id -> their run of excused absences ending at this meeting (see
    excused_run); `value(code, on=)` looks rule data up. `explain=False` leaves the checks' details out (a page
    that only counts good meetings need not word thousands of explanations)."""
    if presences is not None:
        counts = Counter(presences.values())
        excused = [member_id for member_id, p in presences.items() if p == EXCUSED]
    counts = counts or {}
    excused = list(excused)
    if len(excused) != counts.get(EXCUSED, 0):
        raise ValueError("judge(): give the ids of every excused member with the counts")
    quality = Quality()
    quality.expected = sum(n for p, n in counts.items() if p != EXEMPT)
    quality.present = counts.get(PRESENT, 0)

    def say(text, values=None) -> str:
        if not explain:
            return ""
        return str(text) % values if values is not None else str(text)

    threshold = value(MEETING_GOOD_ATTENDANCE_PERCENT, on=held_on)
    if quality.expected:
        rate = 100 * quality.present / quality.expected
        quality.checks.append(Check("attendance", rate > threshold, say(_(
            "%(present)d of %(expected)d present (%(rate)s %%; above %(threshold)s %% required)"), {
            "present": quality.present, "expected": quality.expected, "rate": number(round(rate, 1)),
            "threshold": number(threshold)})))
    else:
        quality.checks.append(Check("attendance", None, say(_("No attendance recorded."))))
    absent = counts.get(ABSENT, 0)
    quality.checks.append(Check("no_unexcused", absent == 0,
                                say(_("%(n)d absent without reason"), {"n": absent}) if absent else ""))
    longest = max((excused_runs.get(member_id, 0) for member_id in excused), default=0)
    limit = value(MEETING_MAX_EXCUSED_STREAK, on=held_on)
    quality.checks.append(Check("excused_streak", longest <= limit, say(_(
        "a member excused %(n)d times in a row this year (at most %(limit)s)"), {"n": longest, "limit": limit})
        if longest > limit else ""))
    required = value(MEETING_MIN_MINUTES_COMBINED if combined else MEETING_MIN_MINUTES, on=held_on)
    if not required:
        quality.checks.append(Check("duration", None))
    elif minutes is None:
        quality.checks.append(Check("duration", False, say(_("start and end times not recorded"))))
    else:
        text = (_("%(minutes)d minutes (at least %(required)s for a regular meeting that takes a thematic topic in the "
                  "same session)") if combined else _("%(minutes)d minutes (at least %(required)s)"))
        quality.checks.append(Check("duration", minutes >= required,
                                    say(text, {"minutes": minutes, "required": required})))
    days = value(MEETING_DOCUMENTS_DAYS_BEFORE, on=held_on)
    if not days:
        quality.checks.append(Check("documents", None))
    elif not documents_available_on:
        quality.checks.append(Check("documents", False, say(_("no document recorded"))))
    else:
        latest = max(documents_available_on)
        in_time = latest <= held_on - datetime.timedelta(days=days)
        quality.checks.append(Check("documents", in_time, say(_("last document made available on %(date)s"),
                                                             {"date": latest.strftime("%d/%m/%Y")})))
    return quality
