"""Importing organisations: each row one organisation under the batch's organisation, recognised again by its code (so
importing the same file twice changes nothing, and an updated file changes only what differs). A row's parent may be
another row of the same file: parents are created first, whatever the row order. A new organisation is checked by
`organizations.services.organization_create` itself — run for every new row inside a transaction that is rolled back
(a savepoint per row) — so the preview refuses exactly what the establishment form refuses. A known organisation's
host agency, cluster and decision number are corrected through `organization_update`; its name, kind, parent and
founding date change only through a restructuring decision on the organisation's page, never by an import."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import dmy
from core.scope import ESTABLISH, RESTRUCTURE, scope_for
from core.text import fold, nfc
from core.validation import check_date
from organizations.figures import figures_batch
from organizations.models import Cluster, Organization, OrganizationKind
from organizations.services import organization_create, organization_update

from .kinds import ImportKind, Plan, RowPlan, parse_row, register, shown
from .models import ImportRecord
from .organizations_tree import PATH_SEPARATORS, Subtree
from .sheets import CellError, Column, choice_parser, labels_of, parse_date, parse_identifier, parse_text

PROGRESS_EVERY = 50
UPDATABLE = ("host_agency", "cluster", "decision_number")


def _kind_options() -> list[tuple[str, str]]:
    return [(k.code, k.label) for k in OrganizationKind.objects.order_by("sort_order", "code")]


def _kind_aliases() -> list[tuple[str, str]]:
    """The kinds by label (the drop-down) and by abbreviation (“CB”, “ĐUCS”), as people write them."""
    kinds = list(OrganizationKind.objects.order_by("sort_order", "code"))
    return [(k.code, k.label) for k in kinds] + [(k.code, k.abbreviation) for k in kinds if k.abbreviation]


def _cluster_options() -> list[tuple[str, str]]:
    return [(c.code, c.name) for c in Cluster.objects.order_by("code")]


def build_columns() -> list[Column]:
    """The columns, with fresh parsers: the kinds and clusters are rows of the database, read once per import."""
    C = Column
    return [
        C("code", gettext_lazy("Code"), parse_identifier(40), required=True,
          aliases=("Mã", "Mã tổ chức", "Mã đơn vị", "Mã tổ chức đảng", "Mã số"),
          help=gettext_lazy("Unique in dangbo. It recognises the organisation when a file is imported again."),
          width=14),
        C("name", gettext_lazy("Name"), parse_text(255), required=True,
          aliases=("Tên tổ chức", "Tên tổ chức đảng", "Tên", "Tên gọi", "Tên đảng bộ, chi bộ"), width=36),
        C("kind", gettext_lazy("Kind"), choice_parser(_kind_aliases, gettext_lazy("kind of organisation")),
          aliases=("Loại", "Loại tổ chức", "Loại hình", "Loại hình tổ chức"), choices=labels_of(_kind_options),
          help=gettext_lazy("Required for a new organisation. Choose from the drop-down list."), width=24),
        C("parent", gettext_lazy("Parent"), parse_text(500),
          aliases=("Cấp trên", "Tổ chức cấp trên", "Trực thuộc", "Mã cấp trên", "Đảng bộ cấp trên", "Parent code"),
          help=gettext_lazy("The organisation it sits under: its code, its full path (names separated by >) or its "
                            "name when no other organisation under the import's has it. It may be another row of "
                            "this file."), width=30),
        C("established_on", gettext_lazy("Established on"), parse_date,
          aliases=("Ngày thành lập", "Thành lập ngày", "Ngày thành lập tổ chức"),
          help=gettext_lazy("dd/mm/yyyy. Required for a new organisation."), width=14),
        C("decision_number", gettext_lazy("Decision number"), parse_text(60),
          aliases=("Số quyết định thành lập", "Số quyết định", "Số QĐ", "Quyết định thành lập", "Số QĐ thành lập"),
          help=gettext_lazy("The decision that established it. Required for a new organisation."), width=16),
        C("host_agency", gettext_lazy("Host agency"), parse_text(255),
          aliases=("Cơ quan/đơn vị", "Cơ quan, đơn vị", "Cơ quan", "Đơn vị", "Cơ quan đơn vị"), width=28),
        C("cluster", gettext_lazy("Cluster"), choice_parser(_cluster_options, gettext_lazy("cluster")),
          aliases=("Cụm", "Cụm thi đua", "Cụm sinh hoạt"), choices=labels_of(_cluster_options),
          help=gettext_lazy("Its code or name. Choose from the drop-down list."), width=20),
    ]


COLUMNS = build_columns()


@dataclass(eq=False)
class _Row:
    number: int
    values: dict | None  # None: a cell of the row was refused
    key: str = ""  # the folded code
    existing: Organization | None = None
    parent: Organization | None = None  # an organisation already in dangbo
    parent_row: "_Row | None" = None  # a new organisation of this file
    refused: bool = False
    kind: OrganizationKind | None = None
    cluster: Cluster | None = None
    created: Organization | None = None  # in the dry run
    order: int = 0


class OrganizationsImport(ImportKind):
    code = "organizations"
    label = gettext_lazy("Organisations")
    action = ESTABLISH
    sheet_names = ("Tổ chức", "Organisations", "Organizations", "Danh sách")
    columns = COLUMNS

    def instructions(self) -> list[str]:
        return [
            _("One row per organisation. Keep the header row; the order of the columns does not matter, and columns "
              "you do not have can be removed (except the required ones)."),
            _("Required: the code and the name; for a new organisation also its kind, its parent, the day it was "
              "established and the number of the decision."),
            _("The parent is an organisation under the one you import into (or that one itself), or another row of "
              "the file: parents are created first, whatever the order of the rows."),
            _("Dates as dd/mm/yyyy (e.g. 25/03/2015); Excel dates work too."),
            _("An organisation already in dangbo (same code) is updated: only its host agency, cluster and decision "
              "number change, and the preview shows each change before anything is written. Its name, kind, parent "
              "and founding date change only through a restructuring decision on the organisation's page."),
            _("Nothing is written until the preview has no error and you confirm; then every row is written, or "
              "none."),
        ]

    def example_rows(self, *, user, organization) -> list[dict]:
        children = sorted(OrganizationKind.objects.filter(allowed_parents=organization.kind_id),
                          key=lambda k: (not k.holds_members, k.sort_order))
        child = children[0] if children else None
        return [{
            "code": f"{organization.code}-CB01", "name": "Chi bộ Văn phòng", "kind": child.label if child else "",
            "parent": organization.code, "established_on": "15/03/2020", "decision_number": "125-QĐ/ĐU",
            "host_agency": organization.host_agency, "cluster": "",
        }]

    # ---- plan ----------------------------------------------------------------------------------------------------
    def plan(self, *, sheet, user, organization, progress) -> Plan:
        plan = Plan()
        columns = build_columns()
        headers = {c.key: str(c.header) for c in columns}
        present = set(sheet.columns)
        subtree = Subtree.of(organization)
        scope = scope_for(user)
        establish = scope.org_ids(ESTABLISH)
        restructure = scope.org_ids(RESTRUCTURE)
        kinds = {k.code: k for k in OrganizationKind.objects.prefetch_related("allowed_parents")}
        clusters = {c.code: c for c in Cluster.objects.all()}
        code_parser = parse_identifier(40)
        rows: list[_Row] = []
        total = sheet.total or 1
        for number, raw in sheet.rows:
            plan.read += 1
            values = parse_row(plan, number, raw, columns)
            row = _Row(number=number, values=values, refused=values is None)
            try:
                row.key = fold(values["code"] if values else code_parser(raw.get("code")))
            except CellError:
                row.key = ""
            if values is not None:
                row.kind = kinds.get(values.get("kind") or "")
                row.cluster = clusters.get(values.get("cluster") or "")
            rows.append(row)
            if plan.read % PROGRESS_EVERY == 0:
                progress(plan.read, total * 2, _("Reading the rows"))
        by_key = self._recognise(plan, rows, headers, subtree, organization)
        for row in rows:
            if row.refused:
                continue
            if row.existing is not None:
                self._compare(plan, row, headers, present, subtree, by_key, restructure, clusters)
            else:
                self._check_new(plan, row, headers, subtree, by_key, establish)
        order = self._order(plan, rows, headers)
        self._dry_run(plan, rows, order, headers, user, progress)
        plan.rows.sort(key=lambda r: r.row)
        progress(plan.read * 2, plan.read * 2, _("Checked"))
        return plan

    def _recognise(self, plan, rows, headers, subtree, root) -> dict[str, _Row]:
        """Each row's code: unique in the file; an organisation already in dangbo with it must be under the batch's
        organisation."""
        existing = {fold(code): pk for pk, code in Organization.objects.values_list("pk", "code")}
        by_key: dict[str, _Row] = {}
        for row in rows:
            if not row.key:
                continue
            if row.key in by_key:
                if not row.refused:
                    plan.refuse(row.number, headers["code"], _("Also on row %(row)d of this file.")
                                % {"row": by_key[row.key].number}, row.values["code"])
                    row.refused = True
                continue
            by_key[row.key] = row
            pk = existing.get(row.key)
            if pk is None:
                continue
            if pk not in subtree.by_id:
                if row.refused:
                    continue
                plan.refuse(row.number, headers["code"], _("This code belongs to an organisation outside %(root)s: "
                                                           "codes are unique in dangbo.") % {"root": root.name},
                            row.values["code"])
                row.refused = True
                continue
            row.existing = subtree.by_id[pk]
        return by_key

    def _resolve(self, value: str, subtree: Subtree, by_key: dict[str, _Row]) -> tuple[Organization | None,
                                                                                        "_Row | None"]:
        """The parent a cell names: a row of the file (by code), an organisation under the batch's (code, path,
        unique name), or a new row of the file by its name."""
        key = fold(value)
        row = by_key.get(key)
        if row is not None:
            return (row.existing, None) if row.existing is not None else (None, row)
        try:
            return subtree.find(value), None
        except CellError:
            named = [r for r in by_key.values() if r.existing is None and r.values and fold(r.values.get("name"))
                     == key]
            if len(named) == 1:
                return None, named[0]
            raise

    def _compare(self, plan, row, headers, present, subtree, by_key, restructure, clusters) -> None:
        """A known organisation: name, kind, parent and founding date as recorded; host agency, cluster and
        decision number may be corrected."""
        org, values = row.existing, row.values
        errors_before = len(plan.errors)
        decision_rule = _("%(what)s changes through a restructuring decision on the organisation's page.")
        if nfc(values["name"]) != org.name:
            plan.refuse(row.number, headers["name"], _("Recorded as “%(old)s”.") % {"old": org.name} + " "
                        + decision_rule % {"what": _("The name")}, values["name"])
        if row.kind is not None and row.kind.pk != org.kind_id:
            plan.refuse(row.number, headers["kind"], _("Recorded as “%(old)s”.") % {"old": org.kind.label} + " "
                        + decision_rule % {"what": _("The kind")}, row.kind.label)
        if values.get("parent"):
            self._compare_parent(plan, row, headers, subtree, by_key, decision_rule)
        if values.get("established_on") and values["established_on"] != org.established_on:
            plan.refuse(row.number, headers["established_on"],
                        _("Recorded as %(date)s: the founding date anchors the organisation's history and is not "
                          "changed by an import.") % {"date": dmy(org.established_on)},
                        shown(values["established_on"]))
        changes, fields = [], {}
        if "host_agency" in present and nfc(values.get("host_agency") or "") != org.host_agency:
            fields["host_agency"] = nfc(values.get("host_agency") or "")
            changes.append((headers["host_agency"], shown(org.host_agency), shown(fields["host_agency"])))
        if "cluster" in present and (row.cluster.pk if row.cluster else None) != org.cluster_id:
            fields["cluster"] = row.cluster
            old = next((c for c in clusters.values() if c.pk == org.cluster_id), None)
            changes.append((headers["cluster"], shown(old), shown(row.cluster)))
        if values.get("decision_number") and nfc(values["decision_number"]) != org.decision_number:
            fields["decision_number"] = nfc(values["decision_number"])
            changes.append((headers["decision_number"], shown(org.decision_number),
                            shown(fields["decision_number"])))
        if fields and restructure is not None and org.pk not in restructure:
            first = next(k for k in UPDATABLE if k in fields)
            plan.refuse(row.number, headers[first], _("The record of %(name)s is corrected by its superior "
                                                      "committee.") % {"name": org.name})
        if len(plan.errors) != errors_before:
            row.refused = True
            return
        plan.rows.append(RowPlan(row=row.number, label=f"{org.code} — {org.name}",
                                 action="update" if fields else "same", target=org,
                                 values={"fields": fields}, changes=changes))

    def _compare_parent(self, plan, row, headers, subtree, by_key, decision_rule) -> None:
        org, value = row.existing, row.values["parent"]
        if org.pk == subtree.root.pk:
            # The batch's organisation itself: its parent is outside the subtree, so compare what is written.
            parent = org.parent
            names = {fold(parent.code), fold(parent.name)} if parent else set()
            parts = [p for p in PATH_SEPARATORS.split(value) if p.strip()]
            if fold(value) in names or (parts and fold(parts[-1]) in names):
                return
            recorded = parent.name if parent else "—"
        else:
            try:
                parent, parent_row = self._resolve(value, subtree, by_key)
            except CellError as error:
                plan.refuse(row.number, headers["parent"], str(error), value)
                return
            if parent_row is None and parent is not None and parent.pk == org.parent_id:
                return
            recorded = subtree.by_id[org.parent_id].name if org.parent_id in subtree.by_id else "—"
        plan.refuse(row.number, headers["parent"], _("Recorded under “%(old)s”.") % {"old": recorded} + " "
                    + decision_rule % {"what": _("The parent")}, value)

    def _check_new(self, plan, row, headers, subtree, by_key, establish) -> None:
        """What a new row must give (the establishment form's required fields), and its parent."""
        values = row.values
        for key in ("kind", "established_on", "decision_number"):
            if not values.get(key):
                plan.refuse(row.number, headers[key], _("Required for a new organisation."))
                row.refused = True
        value = values.get("parent") or ""
        if not value:
            plan.refuse(row.number, headers["parent"], _("Name the parent organisation (its code, full path or name): "
                                                         "%(root)s or an organisation under it.")
                        % {"root": subtree.root.name})
            row.refused = True
            return
        try:
            parent, parent_row = self._resolve(value, subtree, by_key)
        except CellError as error:
            plan.refuse(row.number, headers["parent"], str(error), value)
            row.refused = True
            return
        if parent is not None and establish is not None and parent.pk not in establish:
            plan.refuse(row.number, headers["parent"], _("You may not establish organisations under %(name)s.")
                        % {"name": parent.name}, value)
            row.refused = True
            return
        row.parent, row.parent_row = parent, parent_row

    def _order(self, plan, rows, headers) -> list[_Row]:
        """The new rows, parents before children; a cycle is refused on each of its rows, and a row under a refused
        row is refused too."""
        state: dict[int, str] = {}
        order: list[_Row] = []
        for start in rows:
            if start.existing is not None or start.refused or id(start) in state:
                continue
            chain, current = [], start
            while current is not None and id(current) not in state:
                state[id(current)] = "visiting"
                chain.append(current)
                current = current.parent_row
            if current is not None and state[id(current)] == "visiting":
                cycle = chain[chain.index(current):]
                numbers = ", ".join(str(r.number) for r in cycle)
                for member in cycle:
                    plan.refuse(member.number, headers["parent"],
                                _("Rows %(rows)s name each other as parent (a cycle).") % {"rows": numbers}
                                if len(cycle) > 1 else _("An organisation cannot sit under itself."),
                                member.values.get("parent"))
                    member.refused = True
                    state[id(member)] = "done"
                chain = chain[:chain.index(current)]
            for member in reversed(chain):  # the topmost first
                parent_row = member.parent_row
                if not member.refused and parent_row is not None and parent_row.refused:
                    plan.refuse(member.number, headers["parent"], _("The parent on row %(row)d has errors: correct "
                                                                    "that row first.") % {"row": parent_row.number},
                                member.values.get("parent"))
                    member.refused = True
                state[id(member)] = "done"
                if not member.refused:
                    order.append(member)
        for position, row in enumerate(order):
            row.order = position
        return order

    def _dry_run(self, plan, rows, order, headers, user, progress) -> None:
        """Every new row through organization_create and every correction through organization_update, in one
        transaction rolled back at the end, a savepoint per row."""
        checked = 0
        total = plan.read * 2
        with transaction.atomic(), figures_batch():  # counted once, at the end
            for row_plan in [r for r in plan.rows if r.action == "update"]:
                try:
                    with transaction.atomic():
                        organization_update(actor=user, organization=Organization.objects.get(pk=row_plan.target.pk),
                                            reason=_("Checking an import"), **row_plan.values["fields"])
                except ValidationError as error:
                    plan.refuse_validation(row_plan.row, error, headers, {})
                    plan.rows.remove(row_plan)
            for row in order:
                parent = row.parent if row.parent_row is None else row.parent_row.created
                if row.parent_row is not None and parent is None:
                    plan.refuse(row.number, headers["parent"], _("The parent on row %(row)d has errors: correct that "
                                                                 "row first.") % {"row": row.parent_row.number},
                                row.values.get("parent"))
                    continue
                values = self._create_values(row, parent)
                try:
                    with transaction.atomic():
                        check_date(values["established_on"], "established_on")
                        row.created = organization_create(actor=user, reason=_("Checking an import"), **values)
                except ValidationError as error:
                    plan.refuse_validation(row.number, error, headers, {
                        **row.values, "kind": row.kind.label if row.kind else "", "cluster": shown(row.cluster),
                        "established_on": shown(row.values.get("established_on"))})
                    continue
                plan.rows.append(RowPlan(
                    row=row.number, label=f"{values['code']} — {values['name']}", action="create",
                    values={**values, "parent_row": row.parent_row.number if row.parent_row else None,
                            "order": row.order}))
                checked += 1
                if checked % PROGRESS_EVERY == 0:
                    progress(plan.read + checked, total, _("Checking the rows"))
            transaction.set_rollback(True)
        for row in rows:
            row.created = None

    @staticmethod
    def _create_values(row: _Row, parent: Organization | None) -> dict:
        values = row.values
        return {"kind": row.kind, "parent": parent, "code": values["code"], "name": values["name"],
                "established_on": values.get("established_on"), "decision_number": values.get("decision_number") or "",
                "host_agency": values.get("host_agency") or "", "cluster": row.cluster}

    # ---- apply ---------------------------------------------------------------------------------------------------
    def apply(self, *, plan, batch, actor, reason, progress) -> list:
        records = []
        creates = sorted((r for r in plan.rows if r.action == "create"), key=lambda r: r.values["order"])
        updates = [r for r in plan.rows if r.action == "update"]
        total = len(creates) + len(updates) or 1
        done = 0
        created: dict[int, Organization] = {}
        for row in creates:
            values = {k: v for k, v in row.values.items() if k not in ("parent_row", "order")}
            if row.values["parent_row"] is not None:
                values["parent"] = created[row.values["parent_row"]]
            organization = organization_create(actor=actor, reason=reason, **values)
            created[row.row] = organization
            records.append(ImportRecord(batch=batch, model="organizations.organization", object_id=organization.pk,
                                        row=row.row, action=ImportRecord.Action.CREATED))
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(done, total, _("Writing the organisations"))
        for row in updates:
            organization = Organization.objects.get(pk=row.target.pk)
            organization_update(actor=actor, organization=organization, reason=reason, **row.values["fields"])
            records.append(ImportRecord(batch=batch, model="organizations.organization", object_id=organization.pk,
                                        row=row.row, action=ImportRecord.Action.UPDATED,
                                        changes=[list(c) for c in row.changes]))
            done += 1
            if done % PROGRESS_EVERY == 0:
                progress(done, total, _("Writing the organisations"))
        progress(total, total, _("Written"))
        return records


register(OrganizationsImport())
