"""Which committee settles a petition, from the organisation it is about and the kind of case (rule data)."""

import datetime

from organizations.models import Organization, OrganizationKind
from rules.selectors import rule_get

COMMITTEE_TIERS = (OrganizationKind.Tier.GRASSROOTS, OrganizationKind.Tier.SUPERIOR)


def _chain(organization: Organization) -> list[tuple[int, str]]:
    """(id, tier) from the organisation up to the root, in one query over the small organisation table."""
    rows = {pk: (parent_id, tier) for pk, parent_id, tier in
            Organization.objects.order_by().values_list("id", "parent_id", "kind__tier")}
    chain, current = [], organization.pk
    while current is not None and current not in {pk for pk, _ in chain}:
        parent_id, tier = rows[current]
        chain.append((current, tier))
        current = parent_id
    return chain


def competent_organization_id(subject: Organization, kind: str, concerns: str,
                              on: datetime.date | None = None) -> tuple[int, object]:
    """The id of the competent organisation and the rule that decided it."""
    rule = rule_get("petition_jurisdiction", on=on)
    level = rule.value.get(kind, {}).get(concerns, "grassroots")
    chain = _chain(subject)
    if level == "superior":
        above = [pk for pk, tier in chain[1:] if tier in COMMITTEE_TIERS]
        return (above[0] if above else chain[0][0]), rule
    # "grassroots": the grassroots organisation holding the subject, or the subject itself from that tier up
    for pk, tier in chain:
        if tier in COMMITTEE_TIERS:
            return pk, rule
    return chain[-1][0], rule
