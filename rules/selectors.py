import datetime

from django.db.models import Q

from .models import Rule


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
