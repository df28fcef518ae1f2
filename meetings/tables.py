"""The compliance report's exports: one row per cell, or per grassroots organisation or cluster when rolled up.
The rows are the report's own (selectors.compliance / compliance_groups), in its order."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import Table


class ComplianceTable(Table):
    """One row per cell (selectors.CellCompliance)."""

    cell = tables.Column(verbose_name=_("Cell"), accessor="organization__name")
    parent = tables.Column(verbose_name=_("Parent"), accessor="organization__parent__name", default="")
    missed_regular = tables.Column(verbose_name=_("Regular meetings missed"))
    thematic_held = tables.Column(verbose_name=_("Thematic meetings held"))
    missed_thematic = tables.Column(verbose_name=_("Quarters without a thematic meeting"))
    rate = tables.Column(verbose_name=_("Attendance (%)"))
    judged = tables.Column(verbose_name=_("Meetings held"))
    good = tables.Column(verbose_name=_("Benchmark met"))
    long_runs = tables.Column(verbose_name=_("Excused too often"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle mb-0", "id": "compliance-export"}

    def value_parent(self, record):
        parent = record.organization.parent
        return parent.name if parent else ""

    def value_long_runs(self, record):
        return "; ".join(f"{name} ({run})" for _id, name, run in record.long_runs)


class GroupTable(Table):
    """One row per group of cells (selectors.GroupCompliance); `key` is the grassroots organisation or cluster."""

    key = tables.Column(verbose_name=_("Grassroots organisation"))
    cells = tables.Column(verbose_name=_("Cells"))
    cells_missing = tables.Column(verbose_name=_("Cells that missed a regular meeting"))
    missed_regular = tables.Column(verbose_name=_("Regular meetings missed"))
    missed_thematic = tables.Column(verbose_name=_("Quarters without a thematic meeting"))
    rate = tables.Column(verbose_name=_("Attendance (%)"))
    judged = tables.Column(verbose_name=_("Meetings held"))
    good = tables.Column(verbose_name=_("Benchmark met"))
    good_share = tables.Column(verbose_name=_("Benchmark met (%)"))
    long_runs = tables.Column(verbose_name=_("Long absence runs"))

    class Meta:
        orderable = False
        attrs = {"class": "table table-sm table-hover align-middle mb-0", "id": "compliance-groups-export"}

    def value_key(self, record):
        return record.key.name if record.key else str(_("(none)"))


class GrassrootsTable(GroupTable):
    """Rolled up per grassroots organisation (a grassroots cell is its own)."""


class ClusterTable(GroupTable):
    """Rolled up per cluster (that of the nearest clustered ancestor; cells outside any form their own row)."""

    key = tables.Column(verbose_name=_("Cluster"))
