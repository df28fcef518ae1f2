"""One vocabulary for what services refuse, each refusal a ValidationError on the field that is wrong.

Dates: nothing in the Party's records comes before its founding day (EARLIEST_DATE, where the rule data starts
too), and most dates record what already happened (`future=False`). Texts: stored NFC and trimmed; an empty required
text is refused with a message that says what to enter.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.dates import dmy
from core.text import nfc_text

EARLIEST_DATE = datetime.date(1930, 2, 3)


# -- the bounds every date obeys ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DateBounds:
    """What no date typed into dangbo may cross: nothing before the Party's founding (`earliest`), no birth date
    more than `birth_max_age` years ago or in the future, nothing more than `years_ahead` years after today (a term
    is five years; no plan runs decades ahead). The values are rule data (rules registers the provider: the rules
    dates_earliest, dates_birth_max_age, dates_years_ahead); these defaults serve before the rules are loaded."""

    earliest: datetime.date = EARLIEST_DATE
    birth_max_age: int = 120
    years_ahead: int = 10

    def latest(self, today: datetime.date | None = None) -> datetime.date:
        return _years_after(today or datetime.date.today(), self.years_ahead)

    def birth_earliest(self, today: datetime.date | None = None) -> datetime.date:
        return _years_after(today or datetime.date.today(), -self.birth_max_age)


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29/02
        return day.replace(year=day.year + years, day=28)


_bounds_provider: Callable[[], DateBounds] | None = None


def register_date_bounds(provider: Callable[[], DateBounds]) -> None:
    global _bounds_provider
    _bounds_provider = provider


def date_bounds() -> DateBounds:
    return _bounds_provider() if _bounds_provider else DateBounds()


def is_birth_field(name: str) -> bool:
    return "birth" in name


def field_date_range(name: str, *, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(first, last) day a date field named `name` accepts at the widest: a birth date from birth_max_age years ago
    to today, any other from the founding day to years_ahead years from today."""
    bounds, today = date_bounds(), today or datetime.date.today()
    if is_birth_field(name):
        return bounds.birth_earliest(today), today
    return bounds.earliest, bounds.latest(today)


def check_date_range(value, field: str) -> None:
    """Refuse a date (or date-time) outside field_date_range(field), on that field."""
    if value is None or not isinstance(value, datetime.date):
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    first, last = field_date_range(field)
    if day < first:
        if is_birth_field(field) and first > EARLIEST_DATE:
            raise ValidationError({field: _("A date of birth cannot be before %(date)s.") % {"date": dmy(first)}})
        raise ValidationError({field: _("The date cannot be before %(date)s.") % {"date": dmy(first)}})
    if day > last:
        if is_birth_field(field):
            raise ValidationError({field: _("A date of birth cannot be in the future.")})
        raise ValidationError({field: _("The date cannot be after %(date)s (more than %(years)s years ahead).")
                               % {"date": dmy(last), "years": date_bounds().years_ahead}})


# -- the bounds of free text -----------------------------------------------------------------------------------------

def free_text_max() -> int:
    """The longest free text (a note, a conclusion, minutes) accepted."""
    return getattr(settings, "FREE_TEXT_MAX_CHARS", 20000)


def reason_max() -> int:
    """The longest reason for a change (kept on every history row)."""
    return getattr(settings, "REASON_MAX_CHARS", 1000)


def check_reason(reason: str | None) -> str:
    text = reason or ""
    if len(text) > reason_max():
        raise ValidationError({"reason": _("Keep the reason under %(limit)s characters (it has %(length)s).")
                               % {"limit": reason_max(), "length": len(text)}})
    return text


def check_bounds(instance: models.Model) -> None:
    """The bounds every stored record obeys, whatever service writes it (core.history.save_with_history): each
    date within field_date_range, each unbounded text within free_text_max(). All refusals at once, each on its
    field."""
    errors: dict[str, list[str]] = {}
    for f in instance._meta.concrete_fields:
        value = getattr(instance, f.attname, None)
        if value is None:
            continue
        if isinstance(f, models.DateField) and not (f.auto_now or f.auto_now_add) and f.editable:
            try:
                check_date_range(value, f.name)
            except ValidationError as error:
                errors.setdefault(f.name, []).extend(error.message_dict[f.name])
        elif isinstance(f, models.TextField) or (isinstance(f, models.CharField) and not f.max_length):
            limit = f.max_length or free_text_max()
            if isinstance(value, str) and len(value) > limit:
                errors.setdefault(f.name, []).append(
                    _("Keep this text under %(limit)s characters (it has %(length)s).")
                    % {"limit": limit, "length": len(value)})
    if errors:
        raise ValidationError(errors)


class _Earliest:
    """The earliest day the rules allow (date_bounds().earliest), read each time it is used, so that a change of the
    rule reaches forms and services without a restart (a literal date would be fixed when the module loads)."""

    def __repr__(self) -> str:
        return "EARLIEST"


EARLIEST = _Earliest()


def resolve_not_before(not_before) -> datetime.date | None:
    return date_bounds().earliest if not_before is EARLIEST else not_before


def check_date(value: datetime.date | None, field: str, *, not_before=EARLIEST,
               not_before_label: str = "", future: bool = True) -> None:
    """Refuse a given date outside the range (an absent date passes: see require_date)."""
    if not value:
        return
    not_before = resolve_not_before(not_before)
    if not_before and value < not_before:
        if not_before_label:
            raise ValidationError({field: _("The date cannot be before %(label)s (%(date)s).")
                                   % {"label": not_before_label, "date": dmy(not_before)}})
        raise ValidationError({field: _("The date cannot be before %(date)s.") % {"date": dmy(not_before)}})
    if not future and value > datetime.date.today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def require_date(value: datetime.date | None, field: str, *, not_before=EARLIEST,
                 not_before_label: str = "", future: bool = True, message: str = "") -> datetime.date:
    """A date that must be given, not before `not_before` (the rules' earliest day unless said otherwise) and, with
    `future=False`, not after today."""
    if not value:
        raise ValidationError({field: message or _("Enter the date.")})
    check_date(value, field, not_before=not_before, not_before_label=not_before_label, future=future)
    return value


def require_text(value: str | None, field: str, message: str) -> str:
    """The text, NFC and trimmed; refused with `message` on `field` when empty."""
    text = nfc_text(value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def require(value, field: str, message: str):
    """Any other required value (a choice, an organisation, a list): refused with `message` when empty."""
    if value in (None, "", [], ()):
        raise ValidationError({field: message})
    return value
