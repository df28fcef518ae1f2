"""Test helpers of the tree, for any app's tests."""

import datetime

from .figures import figures_refresh
from .models import Organization, OrganizationVersion


def add_cells(parent: Organization, kind, count: int, *, code: str = "TO", name: str = "Chi bộ Tổ",
              on: datetime.date = datetime.date(2015, 1, 1)) -> list[Organization]:
    """`count` cells under `parent` ("<name> 000" ...), bulk-created with their versions: a tree larger than a page
    lists whole, without the services' cost per organisation."""
    cells = []
    for n in range(count):
        cell = Organization(parent=parent, kind=kind, code=f"{code}-{n:03d}", name=f"{name} {n:03d}", established_on=on)
        cell.normalize()
        cells.append(cell)
    cells = Organization.objects.bulk_create(cells)
    OrganizationVersion.objects.bulk_create([OrganizationVersion(
        organization_id=c.pk, name=c.name, parent_id=parent.pk, kind_id=c.kind_id, valid_from=on) for c in cells])
    figures_refresh(organization_ids=[c.pk for c in cells])
    return cells
