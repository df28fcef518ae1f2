"""The checks of a rule's value by its code. A value the code reading it cannot use (a mapping missing a key, a number
out of range) is refused when the rule is saved from /admin/ (Rule.clean), on the `value` field, instead of breaking
a page that reads it later. The codes belong to the apps above this one, which register their check in their
AppConfig.ready(), as they name their values for rules.display:

    register_value_check(PERIODIC_REPORT_PERIODS, check_periods_value)

A check raises ValidationError with the messages to show; a code without a check accepts any JSON."""

from collections.abc import Callable

from django.core.exceptions import ValidationError

from .codes import Code

# code -> check(value), raising ValidationError
value_checks: dict[str, Callable[[object], None]] = {}


def register_value_check(code: Code | str, check: Callable[[object], None]) -> None:
    """Registering again (ready() running twice) replaces the check by the same one."""
    value_checks[str(Code(code))] = check


def check_value(code: str, value) -> None:
    """Refuse `value` for the rule `code` on the `value` field (no check registered: accepted)."""
    check = value_checks.get(str(code))
    if check is None:
        return
    try:
        check(value)
    except ValidationError as error:
        raise ValidationError({"value": error.messages}) from None
