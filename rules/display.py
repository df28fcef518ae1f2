"""A rule as a person reads it: the value in words and Vietnamese numbers, its period, the rules in sections.

A rule's value is JSON: a number with a unit ("60 tuổi", "1.490.000 đ", "86,7 %"), a yes/no, a date
("01/01/2017"), a list of codes (the discipline forms) or a mapping of codes (petition jurisdiction). The codes belong
to the apps above this one, which name them here in their AppConfig.ready():

    register_value_labels([DISCIPLINE_FORMS_FULL_MEMBER, ...], DisciplineForm.choices)

A code nobody named is shown as it is stored.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import dmy

from .codes import Code
from .selectors import RULES_START
from .usage import uses_of

# code -> {stored value: label (lazy, shown in the active language)}
value_labels: dict[str, dict[str, object]] = {}


def register_value_labels(codes: Iterable[Code | str], *choices: Iterable[tuple[str, object]]) -> None:
    """Name the codes that the values of the rules `codes` list (each of `choices`: (value, label) pairs, a
    TextChoices' `.choices`). Registering again (ready() running twice) changes nothing."""
    for code in codes:
        labels = value_labels.setdefault(str(Code(code)), {})
        for pairs in choices:
            labels.update((str(value), label) for value, label in pairs)


MONEY_UNITS = frozenset({"đ", "đồng", "vnd", "vnđ"})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NBSP = "\u00a0"


def number(value) -> str:
    """A number in the active language's format, thousands grouped: 1.490.000 and 86,7 in Vietnamese."""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else Decimal(repr(round(value, 2)))
    return number_format(value, use_l10n=True, force_grouping=True)


def quantity(value, unit: str = "") -> str:
    """A number with its unit, kept on one line: "30 ngày làm việc", "1.490.000 đ", "86,7 %"."""
    unit = (unit or "").strip()
    if unit.lower() in MONEY_UNITS:
        unit = "đ"
    return f"{number(value)}{NBSP}{unit}" if unit else number(value)


def _label(code: str, token) -> str:
    return str(value_labels.get(code, {}).get(str(token), token))


def _words(code: str, value, unit: str, *, nested: bool = False) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, (int, float, Decimal)):
        return quantity(value, unit)
    if isinstance(value, str):
        if ISO_DATE.match(value):
            try:
                return dmy(datetime.date.fromisoformat(value))
            except ValueError:
                return value
        return _label(code, value)
    if isinstance(value, (list, tuple)):
        return ", ".join(_words(code, item, unit, nested=True) for item in value)
    if isinstance(value, dict):
        text = "; ".join(f"{_label(code, key)}: {_words(code, item, unit, nested=True)}" for key, item in value.items())
        return f"({text})" if nested else text
    return str(value)


@dataclass
class ShownValue:
    """`text` on one line; a mapping also as `lines` of (key, value) for a list on the page."""

    text: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    is_list: bool = False


def shown_value(rule) -> ShownValue:
    value, code = rule.value, rule.code
    if isinstance(value, dict) and value:
        lines = [(_label(code, key), _words(code, item, rule.unit)) for key, item in value.items()]
        return ShownValue(_words(code, value, rule.unit), lines)
    return ShownValue(_words(code, value, rule.unit), is_list=isinstance(value, (list, tuple)))


def last_day(rule) -> datetime.date | None:
    """The last day the rule applies (`effective_to` is the first day it no longer does)."""
    return rule.effective_to - datetime.timedelta(days=1) if rule.effective_to else None


def period(rule) -> str:
    """When the rule applies, in words; the start of the rule data (RULES_START) is no real start."""
    start = rule.effective_from if rule.effective_from > RULES_START else None
    end = last_day(rule)
    if start and end:
        return _("%(start)s to %(end)s") % {"start": dmy(start), "end": dmy(end)}
    if start:
        return _("from %(date)s") % {"date": dmy(start)}
    if end:
        return _("until %(date)s") % {"date": dmy(end)}
    return _("at every date")


class State:
    IN_FORCE = "in_force"
    ENDED = "ended"
    UPCOMING = "upcoming"


STATE_LABELS = {State.IN_FORCE: gettext_lazy("in force"), State.ENDED: gettext_lazy("no longer in force"),
                State.UPCOMING: gettext_lazy("not yet in force")}


def state(rule, today: datetime.date) -> str:
    if rule.effective_from > today:
        return State.UPCOMING
    if rule.effective_to and rule.effective_to <= today:
        return State.ENDED
    return State.IN_FORCE


@dataclass
class Version:
    rule: object
    value: ShownValue
    period: str
    state: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


@dataclass
class RuleEntry:
    """One code: the version shown first (in force today, else the newest) and the others, newest first."""

    code: str
    label: str
    main: Version
    others: list[Version]
    uses: list = field(default_factory=list)  # rules.usage.Use: the checks and pages that apply it


@dataclass
class Section:
    key: str
    title: str
    entries: list[RuleEntry]


# The sections of the page, each with its codes in reading order. A code in none of them goes to "Other".
SECTIONS: list[tuple[str, object, tuple[Code, ...]]] = [
    ("members", gettext_lazy("Members"), (
        Code.ADMISSION_MIN_AGE, Code.ADMISSION_MAX_AGE, Code.ADMISSION_OVER_MAX_AGE_APPROVED_BY,
        Code.INDUCTION_WITHIN_WORKING_DAYS, Code.PROBATION_MONTHS,
        Code.FULL_MEMBERSHIP_REVIEW_WORKING_DAYS, Code.TEMPORARY_TRANSFER_MIN_MONTHS,
        Code.TEMPORARY_TRANSFER_MAX_MONTHS, Code.TEMPORARY_TRANSFER_MAX_MONTHS_STUDY,
        Code.PERMANENT_TRANSFER_PRESENT_WORKING_DAYS, Code.PERMANENT_TRANSFER_PAPERWORK_WORKING_DAYS)),
    ("organizations", gettext_lazy("Organisations and their committees"), (
        Code.CELL_MIN_FULL_MEMBERS, Code.GRASSROOTS_COMMITTEE_MIN_MEMBERS, Code.CELL_COMMITTEE_MIN_FULL_MEMBERS,
        Code.CELL_COMMITTEE_MIN_SIZE, Code.CELL_COMMITTEE_MAX_SIZE, Code.GRASSROOTS_COMMITTEE_TERM_YEARS,
        Code.SUPERIOR_COMMITTEE_TERM_YEARS, Code.CELL_CONGRESSES_PER_FIVE_YEARS,
        Code.CELL_CONGRESSES_PER_FIVE_YEARS_PILOT,
        Code.CELL_CONGRESS_POSTPONEMENT_MONTHS, Code.CONGRESS_NOTICE_MONTHS, Code.FULL_TIME_POST_MEMBER_THRESHOLD)),
    ("meetings", gettext_lazy("Cell meetings"), (
        Code.CELL_MEETINGS_REGULAR_PER_MONTH, Code.CELL_MEETINGS_THEMATIC_PER_QUARTER,
        Code.MEETING_DOCUMENTS_DAYS_BEFORE, Code.MEETING_MIN_MINUTES, Code.MEETING_MIN_MINUTES_COMBINED,
        Code.MEETING_GOOD_ATTENDANCE_PERCENT, Code.MEETING_MAX_EXCUSED_STREAK,
        Code.WORKING_GROUP_VISITS_COUNTED_SINCE)),
    ("discipline", gettext_lazy("Inspection and discipline"), (
        Code.DISCIPLINE_FORMS_FULL_MEMBER, Code.DISCIPLINE_FORMS_PROBATIONARY_MEMBER,
        Code.DISCIPLINE_FORMS_ORGANIZATION, Code.DISCIPLINE_COMPLAINT_MONTHS)),
    ("petitions", gettext_lazy("Petitions"), (
        Code.PETITION_JURISDICTION, Code.PETITION_NOT_HANDLED_GROUNDS, Code.PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS,
        Code.PETITION_DENUNCIATION_SETTLEMENT_DAYS, Code.PETITION_DUE_SOON_DAYS)),
    ("dues", gettext_lazy("Party dues"), (
        Code.DUES_RATES, Code.DUES_EXEMPT_MEMBERSHIP_YEARS, Code.DUES_REDUCTION_PERCENTS, Code.DUES_RELIEF_MAX_MONTHS,
        Code.DUES_UNPAID_MONTHS_FLAG, Code.DUES_KEPT_PERCENT)),
    ("badges", gettext_lazy("Party badges"), (
        Code.BADGE_MILESTONE_YEARS, Code.BADGE_PRESENTATION_DAYS, Code.BADGE_ILLNESS_EARLY_MONTHS,
        Code.BADGE_POSTHUMOUS_EARLY_MONTHS, Code.BADGE_REMINDER_DAYS)),
    ("reviews", gettext_lazy("Quality review"), (
        Code.REVIEW_RATING_THRESHOLDS, Code.REVIEW_EXCELLENT_CAP_PERCENT, Code.REVIEW_DISCIPLINED_MEMBER_MAX_RATING,
        Code.REVIEW_DISCIPLINED_SUBORDINATE_MAX_RATING, Code.REVIEW_MEMBER_GROUPS)),
    ("documents", gettext_lazy("Party documents"), (Code.DOCUMENT_KINDS, Code.DOCUMENT_KINDS_BY_ISSUER)),
    ("statistics", gettext_lazy("Statistics and reports"), (Code.STATISTICS_FORMS, Code.PERIODIC_REPORT_PERIODS)),
    ("news", gettext_lazy("News site"), (Code.NEWS_DECISION_HOURS,)),
    ("dates", gettext_lazy("Dates accepted"), (Code.DATES_EARLIEST, Code.DATES_BIRTH_MAX_AGE, Code.DATES_YEARS_AHEAD)),
]
OTHER = ("other", gettext_lazy("Other"))


def _version(rule, today) -> Version:
    return Version(rule, shown_value(rule), period(rule), state(rule, today))


@dataclass(frozen=True)
class ShownUse:
    where: object
    url: str | None  # only when the reader may open that page


def _uses(code: str, openable: set[str] | None) -> list[ShownUse]:
    try:
        uses = uses_of(code)
    except ValueError:  # a code in the data that the code base no longer knows: shown, applied nowhere
        return []
    seen, shown = set(), []
    for use in uses:  # several functions may serve one check: the reader sees it once
        key = str(use.where)
        if key in seen:
            continue
        seen.add(key)
        may_open = use.page and (openable is None or use.page in openable)
        shown.append(ShownUse(use.where, use.url if may_open else None))
    return shown


def rule_sections(rules: Iterable, *, today: datetime.date, openable: set[str] | None = None) -> list[Section]:
    """The rules (any order) grouped by code, the codes by section; sections without a rule are left out. Where a
    rule is applied links to a page only if its URL name is in `openable` (the pages the reader may open; None: all).
    """
    by_code: dict[str, list] = {}
    for rule in sorted(rules, key=lambda r: r.effective_from, reverse=True):
        by_code.setdefault(rule.code, []).append(rule)
    entries = {}
    for code, versions in by_code.items():
        shown = [_version(rule, today) for rule in versions]
        main = next((v for v in shown if v.state == State.IN_FORCE), shown[0])
        entries[code] = RuleEntry(code, main.rule.label, main, [v for v in shown if v is not main],
                                  _uses(code, openable))
    sections = []
    placed = set()
    for key, title, codes in SECTIONS:
        found = [entries[str(code)] for code in codes if str(code) in entries]
        placed.update(str(code) for code in codes)
        if found:
            sections.append(Section(key, str(title), found))
    rest = sorted((entry for code, entry in entries.items() if code not in placed), key=lambda e: e.label)
    if rest:
        sections.append(Section(OTHER[0], str(OTHER[1]), rest))
    return sections
