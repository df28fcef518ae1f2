"""Which committee settles a petition, from the organisation it is about and the kind of case (rule data)."""

import datetime

from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, OrganizationKind
from rules.codes import PETITION_JURISDICTION
from rules.selectors import rule_get
from rules.usage import applies

COMMITTEE_TIERS = (OrganizationKind.Tier.GRASSROOTS, OrganizationKind.Tier.SUPERIOR)


def organization_tree() -> dict[int, tuple[int | None, str]]:
    """id -> (parent id, tier) of every organisation: one query over the small organisation table."""
    return {pk: (parent_id, tier) for pk, parent_id, tier in
            Organization.objects.order_by().values_list("id", "parent_id", "kind__tier")}


def _chain(organization: Organization | int, tree=None) -> list[tuple[int, str]]:
    """(id, tier) from the organisation up to the root."""
    rows = tree if tree is not None else organization_tree()
    chain, seen = [], set()
    current = organization if isinstance(organization, int) else organization.pk
    while current is not None and current not in seen:
        seen.add(current)
        parent_id, tier = rows[current]
        chain.append((current, tier))
        current = parent_id
    return chain


def competent_level(kind: str, concerns: str, rule_value) -> str:
    return rule_value.get(kind, {}).get(concerns, "grassroots")


@applies(PETITION_JURISDICTION, where=_("Petitions: the organisation competent to settle a letter, on its page and "
                                     "in the register"), page="petitions:register")
def competent_organization_id(subject: Organization | int, kind: str, concerns: str,
                              on: datetime.date | None = None, *, tree=None, rule=None) -> tuple[int, object]:
    """The id of the competent organisation and the rule that decided it (`tree` and `rule` preloaded by callers
    that judge many letters)."""
    rule = rule or rule_get(PETITION_JURISDICTION, on=on)
    level = competent_level(kind, concerns, rule.value)
    chain = _chain(subject, tree)
    if level == "superior":
        above = [pk for pk, tier in chain[1:] if tier in COMMITTEE_TIERS]
        return (above[0] if above else chain[0][0]), rule
    # "grassroots": the grassroots organisation holding the subject, or the subject itself from that tier up
    for pk, tier in chain:
        if tier in COMMITTEE_TIERS:
            return pk, rule
    return chain[-1][0], rule
