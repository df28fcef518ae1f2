import contextlib
import contextvars
import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.dates import dmy
from core.validation import EARLIEST_DATE

from .codes import Code
from .models import Rule

# The rule data starts on the Party's founding day: no regulated number exists before it, so no date a rule is
# looked up for (a letter received, a decision issued) may come earlier.
RULES_START = EARLIEST_DATE


class RuleMissing(LookupError):
    pass


# Work that judges thousands of records with the services' own checks (an import) reads the rule data once: inside
# `rules_loaded()`, rule_get answers from a RuleBook instead of one query per call.
_loaded: contextvars.ContextVar["RuleBook | None"] = contextvars.ContextVar("rules_loaded", default=None)


@contextlib.contextmanager
def rules_loaded():
    token = _loaded.set(RuleBook())
    try:
        yield _loaded.get()
    finally:
        _loaded.reset(token)


def rule_book() -> "RuleBook":
    """The rules loaded for the work under way (`rules_loaded()`), or freshly loaded: a page that reads several
    rules in several places loads them once."""
    return _loaded.get() or RuleBook()


def rule_get(code: Code | str, *, on: datetime.date | None = None) -> Rule:
    code = Code(code)  # a code that is not in the enumeration is a programming error, not a missing rule
    on = on or datetime.date.today()
    book = _loaded.get()
    if book is None and (_request_rules.get() or {}).get("by_code") is not None:
        book = RuleBook()  # this request has read the rules already
    if book is not None:
        return book.get(code, on=on)
    rule = (
        Rule.objects.filter(code=code, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise RuleMissing(f"No rule '{code}' in force on {on.isoformat()}")
    return rule


def rule_value(code: Code | str, *, on: datetime.date | None = None):
    return rule_get(code, on=on).value


def rule_for(code: Code | str, *, on: datetime.date, field: str) -> Rule:
    """The rule in force on `on`; none in force is a refusal on the field whose date was used, never a crash."""
    try:
        return rule_get(code, on=on)
    except RuleMissing:
        raise ValidationError({field: _("No rule “%(code)s” is in force on %(date)s: check the date.")
                               % {"code": code, "date": dmy(on)}}) from None


def rule_value_for(code: Code | str, *, on: datetime.date, field: str):
    return rule_for(code, on=on, field=field).value


def rule_list():
    return Rule.objects.all()


# Within a request the rule data is read once, whatever the number of RuleBooks (the home page's blocks each judged
# their records with their own, reading the two hundred rules five times): set when a request starts, dropped when it
# ends (rules.apps) and when a rule is written. Outside a request (jobs, commands) every RuleBook reads them.
_request_rules: contextvars.ContextVar[dict | None] = contextvars.ContextVar("rules_request", default=None)


def request_started(**kwargs) -> None:
    _request_rules.set({})


def request_finished(**kwargs) -> None:
    _request_rules.set(None)


def rule_written(**kwargs) -> None:
    memo = _request_rules.get()
    if memo:
        memo.clear()


class RuleBook:
    """Every rule loaded once, for pages that judge many records (one query instead of one per record)."""

    def __init__(self):
        memo = _request_rules.get()
        by_code = memo.get("by_code") if memo is not None else None
        if by_code is None:
            by_code = {}
            for rule in Rule.objects.order_by("-effective_from"):
                by_code.setdefault(rule.code, []).append(rule)
            if memo is not None:
                memo["by_code"] = by_code
        self._by_code: dict[str, list[Rule]] = by_code

    def value(self, code: Code | str, *, on: datetime.date | None = None):
        code = Code(code)
        on = on or datetime.date.today()
        for rule in self._by_code.get(code, ()):
            if rule.effective_from <= on and (rule.effective_to is None or rule.effective_to > on):
                return rule.value
        raise RuleMissing(f"No rule '{code}' in force on {on.isoformat()}")

    def versions(self, code: Code | str) -> list[Rule]:
        """Every version of the rule, the latest first."""
        return list(self._by_code.get(Code(code), ()))

    def get(self, code: Code | str, *, on: datetime.date | None = None) -> Rule:
        code = code if code.__class__ is Code else Code(code)
        on = on or datetime.date.today()
        for rule in self._by_code.get(code, ()):
            if rule.effective_from <= on and (rule.effective_to is None or rule.effective_to > on):
                return rule
        raise RuleMissing(f"No rule '{code}' in force on {on.isoformat()}")
