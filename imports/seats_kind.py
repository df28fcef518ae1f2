"""Importing the committee seats of the current term: each row one member's seat on a body (executive, standing, cell
or inspection committee) of an organisation under the batch's, in that organisation's term in force. A seat is
recognised again by its member and body (so importing the same file twice changes nothing); a known seat's engagement
and allowance category are corrected through `seat_update`, its position only on the apparatus page (end the seat, then
assign the new one). A new seat is checked by `apparatus.services.seat_assign` itself — its rules depend on the seats
before it (one secretary, the committee's size, the standing committee drawn from the executive), so every row runs
in file order inside one transaction rolled back at the end, a savepoint per row. A body missing from the term is
created with `body_create` the same way."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apparatus.models import AllowanceCategory, Body, Position, Seat, Term
from apparatus.selectors import body_kinds_for
from apparatus.services import body_create, seat_assign, seat_update
from core.dates import dmy
from core.scope import APPARATUS, scope_for
from core.text import fold
from members.models import Member, validate_citizen_id
from organizations.figures import figures_batch
from organizations.models import Organization

from .kinds import ImportKind, Plan, RowPlan, parse_row, register, shown
from .models import ImportRecord
from .organizations_tree import Subtree
from .sheets import (
    CellError,
    Column,
    choice_parser,
    labels_of,
    parse_date,
    parse_digits,
    parse_identifier,
    parse_text,
    validated,
)

PROGRESS_EVERY = 50
CHUNK = 500


def _bodies():
    return list(Body.Kind.choices)


def _positions():
    return list(Position.choices)


# How positions are written in the committees' own lists, besides the labels of the drop-down.
POSITION_ALIASES = [
    (Position.COMMITTEE_MEMBER, "Ủy viên Ban Chấp hành"), (Position.COMMITTEE_MEMBER, "Ủy viên BCH"),
    (Position.COMMITTEE_MEMBER, "Đảng ủy viên"), (Position.COMMITTEE_MEMBER, "Chi ủy viên"),
    (Position.COMMITTEE_MEMBER, "Cấp ủy viên"),
    (Position.STANDING_COMMITTEE_MEMBER, "Ủy viên BTV"), (Position.STANDING_COMMITTEE_MEMBER, "Ủy viên Thường vụ"),
    (Position.STANDING_DEPUTY_SECRETARY, "Phó Bí thư thường trực"), (Position.SECRETARY, "Bí thư"),
    (Position.DEPUTY_SECRETARY, "Phó Bí thư"), (Position.INSPECTION_CHAIR, "Chủ nhiệm UBKT"),
    (Position.INSPECTION_DEPUTY_CHAIR, "Phó Chủ nhiệm UBKT"), (Position.INSPECTION_MEMBER, "Ủy viên UBKT"),
]
BODY_ALIASES = [
    (Body.Kind.EXECUTIVE_COMMITTEE, "BCH"), (Body.Kind.EXECUTIVE_COMMITTEE, "Ban Chấp hành Đảng bộ"),
    (Body.Kind.EXECUTIVE_COMMITTEE, "Đảng ủy"), (Body.Kind.STANDING_COMMITTEE, "BTV"),
    (Body.Kind.INSPECTION_COMMITTEE, "UBKT"), (Body.Kind.CELL_COMMITTEE, "Cấp ủy chi bộ"),
]


def _allowance_options() -> list[tuple[str, str]]:
    return [(c.code, c.label) for c in AllowanceCategory.objects.order_by("sort_order", "code")]


def build_columns() -> list[Column]:
    """The columns, with fresh parsers (the allowance categories are rows of the database, read once per import)."""
    C = Column
    return [
        C("organization", gettext_lazy("Organisation"), parse_text(500), required=True,
          aliases=("Tổ chức", "Tổ chức đảng", "Mã tổ chức", "Đảng bộ, chi bộ", "Đảng bộ/chi bộ", "Đơn vị"),
          help=gettext_lazy("Its code, its full path (names separated by >), or its name when no other organisation "
                            "under the import's has it. Its current term must already be recorded."), width=30),
        C("body", gettext_lazy("Body"), choice_parser(lambda: _bodies() + BODY_ALIASES, gettext_lazy("body")),
          required=True, aliases=("Cơ quan", "Ban", "Cấp ủy", "Tên cơ quan lãnh đạo"), choices=labels_of(_bodies),
          width=20),
        C("citizen_id", gettext_lazy("Citizen ID"), validated(parse_digits(12), validate_citizen_id),
          aliases=("CCCD", "Số CCCD", "Căn cước công dân", "Số căn cước công dân", "Số căn cước",
                   "Số định danh cá nhân", "CMND/CCCD"),
          help=gettext_lazy("12 digits. With the party card number, it finds the member: give at least one of the "
                            "two."), width=15),
        C("card_number", gettext_lazy("Party card number"), parse_identifier(20),
          aliases=("Số thẻ đảng", "Số thẻ đảng viên", "Thẻ đảng"), width=13),
        C("full_name", gettext_lazy("Full name"), parse_text(120),
          aliases=("Họ tên", "Họ và tên", "Họ và tên đảng viên", "Name"),
          help=gettext_lazy("Checked against the member found by the citizen ID or card number, to catch a "
                            "mistyped number."), width=26),
        C("position", gettext_lazy("Position"), choice_parser(lambda: _positions() + POSITION_ALIASES,
                                                              gettext_lazy("position")), required=True,
          aliases=("Chức vụ", "Chức danh", "Chức vụ đảng", "Chức vụ trong cấp ủy"), choices=labels_of(_positions),
          width=24),
        C("started_on", gettext_lazy("From"), parse_date, required=True,
          aliases=("Từ ngày", "Ngày bắt đầu", "Ngày nhận nhiệm vụ", "Ngày bầu", "Thời gian bắt đầu"),
          help=gettext_lazy("dd/mm/yyyy: the day of the election or of the decision."), width=13),
        C("start_method", gettext_lazy("How"),
          choice_parser(lambda: list(Seat.StartMethod.choices), gettext_lazy("way of taking the seat")),
          aliases=("Hình thức", "Bầu/chỉ định", "Hình thức bầu, chỉ định", "How started"),
          choices=labels_of(lambda: list(Seat.StartMethod.choices)),
          help=gettext_lazy("Elected, appointed or designated; empty: elected."), width=14),
        C("decision_number", gettext_lazy("Decision number"), parse_text(60),
          aliases=("Số quyết định", "Số QĐ", "Quyết định", "Số quyết định chuẩn y, chỉ định"),
          help=gettext_lazy("Required when appointed or designated."), width=16),
        C("engagement", gettext_lazy("Engagement"),
          choice_parser(lambda: list(Seat.Engagement.choices), gettext_lazy("engagement")),
          aliases=("Chuyên trách/kiêm nhiệm", "Chuyên trách, kiêm nhiệm", "Chế độ", "Hình thức đảm nhiệm"),
          choices=labels_of(lambda: list(Seat.Engagement.choices)),
          help=gettext_lazy("Full-time or concurrent; empty: concurrent for a new seat, unchanged for a known one."),
          width=14),
        C("allowance_category", gettext_lazy("Allowance category"),
          choice_parser(_allowance_options, gettext_lazy("allowance category")),
          aliases=("Loại phụ cấp", "Phụ cấp", "Mức phụ cấp", "Nhóm phụ cấp"), choices=labels_of(_allowance_options),
          help=gettext_lazy("Its code or name; empty: none."), width=30),
    ]


COLUMNS = build_columns()


@dataclass
class _Target:
    organization: Organization
    term: Term
    body: Body | None  # None: the term has no body of this kind yet (created with the seat)
    member: Member
    seat: Seat | None  # the member's active seat on that body


class SeatsImport(ImportKind):
    code = "seats"
    label = gettext_lazy("Committee seats of the current term")
    action = APPARATUS
    sheet_names = ("Cấp ủy", "Seats", "Committee seats", "Danh sách")
    columns = COLUMNS

    def instructions(self) -> list[str]:
        return [
            _("One row per seat: a member on a body (executive, standing, cell or inspection committee) of an "
              "organisation, in its current term. Record the term first, on the organisation's apparatus page."),
            _("Required: the organisation, the body, the position, the day the seat began; and the citizen ID or the "
              "party card number of the member, who must be a full member of that organisation or of one under it."),
            _("Rows are checked in the order of the file, as if typed one after the other: a standing committee "
              "member must be on the executive committee first (an earlier row)."),
            _("A seat already recorded (same member, same body) is updated: only the engagement and the allowance "
              "category change, and the preview shows each change before anything is written. Another position "
              "means ending the seat and assigning the new one, on the apparatus page."),
            _("Nothing is written until the preview has no error and you confirm; then every row is written, or "
              "none."),
        ]

    def example_rows(self, *, user, organization) -> list[dict]:
        return [{
            "organization": organization.code, "body": str(Body.Kind.EXECUTIVE_COMMITTEE.label),
            "citizen_id": "026188001234", "card_number": "", "full_name": "Nguyễn Thị Mai",
            "position": str(Position.SECRETARY.label), "started_on": "15/06/2025",
            "start_method": str(Seat.StartMethod.ELECTED.label), "decision_number": "",
            "engagement": str(Seat.Engagement.CONCURRENT.label), "allowance_category": "",
        }]

    # ---- plan ----------------------------------------------------------------------------------------------------
    def plan(self, *, sheet, user, organization, progress) -> Plan:
        plan = Plan()
        columns = build_columns()
        headers = {c.key: str(c.header) for c in columns}
        headers["member"] = headers["citizen_id"]
        headers["kind"] = headers["body"]
        present = set(sheet.columns)
        subtree = Subtree.of(organization)
        allowed = scope_for(user).org_ids(self.action)
        categories = {c.code: c for c in AllowanceCategory.objects.all()}
        parsed: list[tuple[int, dict]] = []
        total = sheet.total or 1
        for number, raw in sheet.rows:
            plan.read += 1
            values = parse_row(plan, number, raw, columns)
            if values is not None:
                parsed.append((number, values))
            if plan.read % PROGRESS_EVERY == 0:
                progress(plan.read, total * 2, _("Reading the rows"))
        by_citizen, by_card = self._members(parsed)
        terms = self._terms(parsed, subtree)
        seen: dict[tuple, int] = {}
        targets: list[tuple[int, dict, _Target]] = []
        for number, values in parsed:
            target = self._target(plan, number, values, headers=headers, subtree=subtree, allowed=allowed,
                                  by_citizen=by_citizen, by_card=by_card, terms=terms, seen=seen)
            if target is not None:
                if values.get("allowance_category"):
                    values["allowance_category"] = categories[values["allowance_category"]]
                targets.append((number, values, target))
        self._dry_run(plan, targets, headers=headers, present=present, user=user, progress=progress)
        progress(plan.read * 2, plan.read * 2, _("Checked"))
        return plan

    def _members(self, parsed):
        citizen_ids = sorted({v["citizen_id"] for _n, v in parsed if v.get("citizen_id")})
        cards = sorted({v["card_number"] for _n, v in parsed if v.get("card_number")})
        by_citizen, by_card = {}, {}
        for wanted, field, found in ((citizen_ids, "citizen_id", by_citizen), (cards, "card_number", by_card)):
            for start in range(0, len(wanted), CHUNK):
                for member in Member.objects.filter(**{f"{field}__in": wanted[start:start + CHUNK]}):
                    found[getattr(member, field)] = member
        return by_citizen, by_card

    def _terms(self, parsed, subtree) -> dict[int, Term]:
        """The term in force of each organisation under the batch's: not ended, the latest begun."""
        terms: dict[int, Term] = {}
        for term in (Term.objects.filter(organization_id__in=list(subtree.by_id), ended_on__isnull=True)
                     .order_by("organization_id", "-started_on", "-pk")):
            terms.setdefault(term.organization_id, term)
        return terms

    def _target(self, plan, number, values, *, headers, subtree, allowed, by_citizen, by_card, terms, seen):
        """The row's organisation, term, body, member and the seat it may already hold; None when refused."""
        errors_before = len(plan.errors)
        organization = term = None
        where = values["organization"]
        try:
            organization = subtree.find(where)
        except CellError as error:
            plan.refuse(number, headers["organization"], str(error), where)
        else:
            if allowed is not None and organization.pk not in allowed:
                plan.refuse(number, headers["organization"], _("%(name)s is outside the organisations whose apparatus "
                                                               "you record.") % {"name": organization.name}, where)
                organization = None
            elif not organization.is_active:
                plan.refuse(number, headers["organization"], _("%(name)s is no longer active.")
                            % {"name": organization.name}, where)
                organization = None
            else:
                term = terms.get(organization.pk)
                if term is None:
                    plan.refuse(number, headers["organization"], _("%(name)s has no term in force: record the term "
                                                                   "first on the apparatus page.")
                                % {"name": organization.name}, where)
                elif values["body"] not in body_kinds_for(organization):
                    plan.refuse(number, headers["body"], _("A %(kind)s has no %(body)s.")
                                % {"kind": organization.kind.label, "body": Body.Kind(values["body"]).label},
                                Body.Kind(values["body"]).label)
        member = self._member(plan, number, values, headers, organization, subtree, by_citizen, by_card)
        if organization is not None and member is not None:
            key = (organization.pk, values["body"], member.pk)
            if key in seen:
                plan.refuse(number, headers["citizen_id"], _("Also on row %(row)d of this file.") % {"row": seen[key]},
                            values.get("citizen_id") or values.get("card_number"))
            else:
                seen[key] = number
        if len(plan.errors) != errors_before or term is None or member is None:
            return None
        body = term.bodies.filter(kind=values["body"]).first()
        seat = body.seats.filter(member=member, ended_on__isnull=True).first() if body else None
        return _Target(organization=organization, term=term, body=body, member=member, seat=seat)

    def _member(self, plan, number, values, headers, organization, subtree, by_citizen, by_card) -> Member | None:
        """The member the row names: found by citizen ID or card number, in the organisation or under it, with the
        name written (if any) the member's."""
        citizen_id, card = values.get("citizen_id") or "", values.get("card_number") or ""
        if not citizen_id and not card:
            plan.refuse(number, headers["citizen_id"], _("Give the citizen ID or the party card number of the "
                                                         "member."))
            return None
        found_by_citizen = by_citizen.get(citizen_id) if citizen_id else None
        found_by_card = by_card.get(card) if card else None
        member = found_by_citizen or found_by_card
        column, value = (headers["citizen_id"], citizen_id) if citizen_id else (headers["card_number"], card)
        if member is not None and citizen_id and card:
            # Both given: they must name the same member (a member with no card or citizen ID recorded passes).
            if (found_by_citizen is not None and found_by_card is not None and found_by_citizen.pk != found_by_card.pk) \
                    or (found_by_card is None and member.card_number) \
                    or (found_by_citizen is None and member.citizen_id):
                plan.refuse(number, headers["card_number"], _("The citizen ID and the party card number do not "
                                                              "belong to the same member."), card)
                return None
        if organization is None:
            return member
        if member is None or not self._under(member.organization_id, organization, subtree):
            plan.refuse(number, column, _("No member of %(org)s has this number.") % {"org": organization.name}, value)
            return None
        if values.get("full_name") and fold(values["full_name"]) != fold(member.full_name):
            plan.refuse(number, headers["full_name"], _("This number is %(name)s's: check the number or the name.")
                        % {"name": member.full_name}, values["full_name"])
            return None
        return member

    @staticmethod
    def _under(organization_id, ancestor: Organization, subtree: Subtree) -> bool:
        current = subtree.by_id.get(organization_id)
        while current is not None:
            if current.pk == ancestor.pk:
                return True
            current = subtree.by_id.get(current.parent_id)
        return False

    def _dry_run(self, plan, targets, *, headers, present, user, progress) -> None:
        """Each row through body_create (a body missing from the term), seat_assign or seat_update, in file order, in
        one transaction rolled back at the end, a savepoint per row."""
        created_bodies: dict[tuple, Body] = {}
        reason = _("Checking an import")
        checked = 0
        with transaction.atomic(), figures_batch():  # counted once, at the end
            for number, values, target in targets:
                body = target.body or created_bodies.get((target.term.pk, values["body"]))
                if body is None:
                    try:
                        with transaction.atomic():
                            body = body_create(actor=user, term=target.term, kind=values["body"], reason=reason)
                    except ValidationError as error:
                        plan.refuse_validation(number, error, headers, self._shown(values))
                        continue
                    created_bodies[(target.term.pk, values["body"])] = body
                if target.seat is not None:
                    row = self._compare(plan, number, values, target, headers, present)
                else:
                    row = self._new(number, values, target)
                if row is None:
                    continue
                try:
                    with transaction.atomic():
                        if row.action == "create":
                            seat_assign(actor=user, body=body, reason=reason, **self._assign_values(row.values))
                        elif row.action == "update":
                            seat_update(actor=user, seat=Seat.objects.get(pk=target.seat.pk), reason=reason,
                                        **row.values["fields"])
                except ValidationError as error:
                    column_values = self._shown(values)
                    refused_headers = headers if values.get("citizen_id") else {
                        **headers, "member": headers["card_number"]}
                    plan.refuse_validation(number, error, refused_headers, column_values)
                    continue
                plan.rows.append(row)
                checked += 1
                if checked % PROGRESS_EVERY == 0:
                    progress(plan.read + checked, plan.read * 2, _("Checking the rows"))
            transaction.set_rollback(True)

    @staticmethod
    def _shown(values: dict) -> dict:
        """The row's values as written in the file (labels, not codes), for the error messages."""
        shown = {**values, "member": values.get("citizen_id") or values.get("card_number"),
                 "kind": Body.Kind(values["body"]).label, "body": Body.Kind(values["body"]).label,
                 "position": Position(values["position"]).label}
        if values.get("start_method"):
            shown["start_method"] = Seat.StartMethod(values["start_method"]).label
        if values.get("engagement"):
            shown["engagement"] = Seat.Engagement(values["engagement"]).label
        return shown

    @staticmethod
    def _label(target: _Target, values) -> str:
        return _("%(name)s — %(position)s, %(body)s, %(org)s") % {
            "name": target.member.full_name, "position": Position(values["position"]).label,
            "body": Body.Kind(values["body"]).label, "org": target.organization.name}

    def _new(self, number, values, target) -> RowPlan:
        data = {
            "organization": target.organization, "term": target.term, "kind": values["body"], "member": target.member,
            "position": values["position"], "started_on": values["started_on"],
            "start_method": values.get("start_method") or Seat.StartMethod.ELECTED,
            "decision_number": values.get("decision_number") or "",
            "engagement": values.get("engagement") or Seat.Engagement.CONCURRENT,
            "allowance_category": values.get("allowance_category") or None,
        }
        return RowPlan(row=number, label=self._label(target, values), action="create", values=data)

    @staticmethod
    def _assign_values(data: dict) -> dict:
        return {k: data[k] for k in ("member", "position", "started_on", "start_method", "decision_number",
                                     "engagement", "allowance_category")}

    def _compare(self, plan, number, values, target, headers, present) -> RowPlan | None:
        seat = target.seat
        if values["position"] != seat.position:
            plan.refuse(number, headers["position"], _("Recorded as %(position)s since %(date)s: end the seat and "
                                                       "assign the new one on the apparatus page.")
                        % {"position": seat.get_position_display(), "date": dmy(seat.started_on)},
                        Position(values["position"]).label)
            return None
        changes, fields = [], {}
        if values.get("engagement") and values["engagement"] != seat.engagement:
            fields["engagement"] = values["engagement"]
            changes.append((headers["engagement"], seat.get_engagement_display(),
                            Seat.Engagement(values["engagement"]).label))
        if "allowance_category" in present:
            category = values.get("allowance_category") or None
            if (category.pk if category else None) != seat.allowance_category_id:
                fields["allowance_category"] = category
                changes.append((headers["allowance_category"], shown(seat.allowance_category), shown(category)))
        return RowPlan(row=number, label=self._label(target, values), action="update" if fields else "same",
                       target=seat, values={"fields": fields, "organization": target.organization,
                                            "term": target.term, "kind": values["body"]},
                       changes=[(h, str(old), str(new)) for h, old, new in changes])

    # ---- apply ---------------------------------------------------------------------------------------------------
    def apply(self, *, plan, batch, actor, reason, progress) -> list:
        records = []
        rows = [r for r in plan.rows if r.action in ("create", "update")]
        total = len(rows) or 1
        bodies: dict[tuple, Body] = {}
        for done, row in enumerate(rows, start=1):
            values = row.values
            if row.action == "create":
                key = (values["term"].pk, values["kind"])
                body = bodies.get(key) or values["term"].bodies.filter(kind=values["kind"]).first()
                if body is None:
                    body = body_create(actor=actor, term=values["term"], kind=values["kind"], reason=reason)
                bodies[key] = body
                seat = seat_assign(actor=actor, body=body, reason=reason, **self._assign_values(values))
                records.append(ImportRecord(batch=batch, model="apparatus.seat", object_id=seat.pk, row=row.row,
                                            action=ImportRecord.Action.CREATED))
            else:
                seat = seat_update(actor=actor, seat=Seat.objects.get(pk=row.target.pk), reason=reason,
                                   **values["fields"])
                records.append(ImportRecord(batch=batch, model="apparatus.seat", object_id=seat.pk, row=row.row,
                                            action=ImportRecord.Action.UPDATED,
                                            changes=[list(c) for c in row.changes]))
            if done % PROGRESS_EVERY == 0:
                progress(done, total, _("Writing the seats"))
        progress(total, total, _("Written"))
        return records


register(SeatsImport())
