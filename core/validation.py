"""One vocabulary for what services refuse, each refusal a ValidationError on the field that is wrong.

Dates: nothing in the Party's records comes before its founding day (EARLIEST_DATE, where the rule data starts
too), and most dates record what already happened (`future=False`). Texts: stored NFC and trimmed; an empty required
text is refused with a message that says what to enter.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.dates import dmy
from core.text import nfc_text

EARLIEST_DATE = datetime.date(1930, 2, 3)


def check_date(value: datetime.date | None, field: str, *, not_before: datetime.date | None = EARLIEST_DATE,
               not_before_label: str = "", future: bool = True) -> None:
    """Refuse a given date outside the range (an absent date passes: see require_date)."""
    if not value:
        return
    if not_before and value < not_before:
        if not_before_label:
            raise ValidationError({field: _("The date cannot be before %(label)s (%(date)s).")
                                   % {"label": not_before_label, "date": dmy(not_before)}})
        raise ValidationError({field: _("The date cannot be before %(date)s.") % {"date": dmy(not_before)}})
    if not future and value > datetime.date.today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def require_date(value: datetime.date | None, field: str, *, not_before: datetime.date | None = EARLIEST_DATE,
                 not_before_label: str = "", future: bool = True, message: str = "") -> datetime.date:
    """A date that must be given, not before `not_before` (the founding day unless said otherwise) and, with
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
