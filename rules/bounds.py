"""The bounds of every date typed into dangbo (core.validation.DateBounds) read from the rule data: the rules
DATES_EARLIEST, DATES_BIRTH_MAX_AGE and DATES_YEARS_AHEAD in force today (rules/migrations/0008).

core asks for the bounds for every date field of every form and every record saved, so they are read once and kept
for the process: for the day they were read (a new day reads again), at most BOUNDS_CACHE_SECONDS (so the other
processes of an installation follow an administrator's change within minutes), and dropped at once in this process
when one of these rules is saved or deleted. Before the rules table exists (migrate on an empty database), outside
the app's ready state, or with no database at hand, the defaults of DateBounds serve.
"""

import datetime
import threading
import time

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext_lazy as _

from core.validation import DateBounds

from .codes import DATES_BIRTH_MAX_AGE, DATES_EARLIEST, DATES_YEARS_AHEAD
from .usage import applies

CODES = (DATES_EARLIEST, DATES_BIRTH_MAX_AGE, DATES_YEARS_AHEAD)

_lock = threading.Lock()
_kept: tuple[datetime.date, float, DateBounds] | None = None
_table_seen = False


def cache_seconds() -> float:
    return float(getattr(settings, "BOUNDS_CACHE_SECONDS", 300))


def forget() -> None:
    """Drop the bounds kept (a rule changed); the next date checked reads them again."""
    global _kept
    with _lock:
        _kept = None


def _rules_table_exists() -> bool:
    global _table_seen
    if not _table_seen:
        from .models import Rule

        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            _table_seen = Rule._meta.db_table in connection.introspection.table_names(cursor)
    return _table_seen


@applies(DATES_EARLIEST, DATES_BIRTH_MAX_AGE, DATES_YEARS_AHEAD,
         where=_("Every date typed in a form or saved by a service: nothing before the founding day, no birth date "
                 "more than this many years ago or in the future, no date more than this many years ahead"))
def bounds_from_rules(today: datetime.date) -> DateBounds:
    """DateBounds from the rules in force on `today` (one query); a rule missing keeps the default for its bound."""
    from django.db.models import Q

    from .models import Rule

    in_force = (Rule.objects.filter(code__in=CODES, effective_from__lte=today)
                .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=today))
                .order_by("code", "-effective_from").values_list("code", "value"))
    found: dict[str, object] = {}
    for code, value in in_force:
        found.setdefault(code, value)
    values = {}
    for code, name, read in ((DATES_EARLIEST, "earliest", datetime.date.fromisoformat),
                             (DATES_BIRTH_MAX_AGE, "birth_max_age", int), (DATES_YEARS_AHEAD, "years_ahead", int)):
        if code in found:
            try:
                values[name] = read(found[code])
            except (TypeError, ValueError):
                continue  # a value of the wrong kind (typed in /admin/) must not stop every form: the default serves
    return DateBounds(**values)


def date_bounds_provider() -> DateBounds:
    """The provider core.validation calls (registered in rules.apps.RulesConfig.ready)."""
    global _kept
    today = datetime.date.today()
    kept = _kept
    if kept is not None and kept[0] == today and kept[1] > time.monotonic():
        return kept[2]
    if not apps.ready:
        return DateBounds()
    try:
        if not _rules_table_exists():
            return DateBounds()
        bounds = bounds_from_rules(today)
    except Exception:  # no database at hand (a command without one, a test without database access): the defaults
        return DateBounds()
    with _lock:
        _kept = (today, time.monotonic() + cache_seconds(), bounds)
    return bounds


def rule_changed(sender, instance, **kwargs) -> None:
    if instance.code in CODES:
        forget()
