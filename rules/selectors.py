import datetime

from django.db.models import Q

from .models import Rule

# The rule data starts on the Party's founding day: no regulated number exists before it, so no date a rule is
# looked up for (a letter received, a decision issued) may come earlier.
RULES_START = datetime.date(1930, 2, 3)


class RuleMissing(LookupError):
    pass


def rule_get(code: str, *, on: datetime.date | None = None) -> Rule:
    on = on or datetime.date.today()
    rule = (
        Rule.objects.filter(code=code, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from")
        .first()
    )
    if rule is None:
        raise RuleMissing(f"No rule '{code}' in force on {on.isoformat()}")
    return rule


def rule_value(code: str, *, on: datetime.date | None = None):
    return rule_get(code, on=on).value


def rule_list():
    return Rule.objects.all()


class RuleBook:
    """Every rule loaded once, for pages that judge many records (one query instead of one per record)."""

    def __init__(self):
        self._by_code: dict[str, list[Rule]] = {}
        for rule in Rule.objects.order_by("-effective_from"):
            self._by_code.setdefault(rule.code, []).append(rule)

    def value(self, code: str, *, on: datetime.date | None = None):
        on = on or datetime.date.today()
        for rule in self._by_code.get(code, ()):
            if rule.effective_from <= on and (rule.effective_to is None or rule.effective_to > on):
                return rule.value
        raise RuleMissing(f"No rule '{code}' in force on {on.isoformat()}")

    def get(self, code: str, *, on: datetime.date | None = None) -> Rule:
        on = on or datetime.date.today()
        for rule in self._by_code.get(code, ()):
            if rule.effective_from <= on and (rule.effective_to is None or rule.effective_to > on):
                return rule
        raise RuleMissing(f"No rule '{code}' in force on {on.isoformat()}")
