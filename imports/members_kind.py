"""Importing member files: each row one member of a cell under the batch's organisation, recognised again by citizen
ID or party card number (so importing the same file twice changes nothing, and an updated file changes only what
differs). A new member is checked with `members.services.member_register_check` — the register form's own rules —
and the model's validators; a known member's file fields are corrected through `member_update`. Status, cell and
admission dates change only through a decision on the member's page, never by an import."""


from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.bulk import insert_values
from core.scope import MANAGE_MEMBERS, scope_for
from core.text import fold, nfc, person_sort_key
from members.choices import ETHNICITY_CHOICES, Education, Gender, Qualification, Religion, Status, TheoryLevel
from members.models import Member, Membership, validate_citizen_id, validate_phone
from members.services import FILE_FIELDS, member_register_check, member_update
from organizations.figures import figures_refresh
from rules.selectors import rules_loaded

from .kinds import ImportKind, Parsed, Plan, RowPlan, parse_row, register, shown
from .models import ImportRecord
from .organizations_tree import Subtree
from .sheets import (
    ALTERNATIVES,
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

CHUNK = 500


def _lower(parse):
    return lambda value: parse(value).lower()


def _status_choices():
    return list(Status.choices)


def _ethnicities():
    return list(ETHNICITY_CHOICES)


C = Column
COLUMNS = [
    C("row_number", gettext_lazy("No."), parse_text(20), aliases=("STT", "TT", "Số TT", "Số thứ tự"), width=6),
    C("full_name", gettext_lazy("Full name"), parse_text(120), required=True,
      aliases=("Họ tên", "Họ và tên", "Họ và tên đảng viên", "Name"),
      help=gettext_lazy("Family, middle and given name in one column; or three columns Family name, Middle name, "
                        "Given name (or two: Family and middle name, Given name)."), width=26),
    C("family_name", gettext_lazy("Family name"), parse_text(60), aliases=("Họ", "Họ đệm", "Họ và đệm",
                                                                          "Họ và tên đệm")),
    C("middle_name", gettext_lazy("Middle name"), parse_text(60), aliases=("Tên đệm", "Đệm")),
    C("given_name", gettext_lazy("Given name"), parse_text(30), aliases=("Tên",)),
    C("gender", gettext_lazy("Gender"), choice_parser(lambda: list(Gender.choices), gettext_lazy("gender"),
                                                      {"M": Gender.MALE, "F": Gender.FEMALE}),
      required=True, aliases=("Giới tính", "Giới", "Sex"), choices=labels_of(lambda: list(Gender.choices)), width=10),
    C("date_of_birth", gettext_lazy("Date of birth"), parse_date, required=True,
      aliases=("Ngày sinh", "Ngày tháng năm sinh", "Sinh ngày"), help=gettext_lazy("dd/mm/yyyy"), width=13),
    C("citizen_id", gettext_lazy("Citizen ID"), validated(parse_digits(12), validate_citizen_id),
      aliases=("CCCD", "Số CCCD", "Căn cước công dân", "Số căn cước công dân", "Số căn cước", "Số định danh cá nhân",
               "CMND/CCCD"),
      help=gettext_lazy("12 digits. With the party card number, it recognises the member when a file is imported "
                        "again: give at least one of the two."), width=15),
    C("card_number", gettext_lazy("Party card number"), parse_identifier(20),
      aliases=("Số thẻ đảng", "Số thẻ đảng viên", "Thẻ đảng"), width=13),
    C("ethnicity", gettext_lazy("Ethnicity"), choice_parser(_ethnicities, gettext_lazy("ethnic group")),
      aliases=("Dân tộc",), choices=labels_of(_ethnicities), width=12),
    C("religion", gettext_lazy("Religion"), choice_parser(lambda: list(Religion.choices), gettext_lazy("religion")),
      aliases=("Tôn giáo",), choices=labels_of(lambda: list(Religion.choices)), width=12),
    C("hometown", gettext_lazy("Hometown"), parse_text(255), aliases=("Quê quán", "Nguyên quán")),
    C("education", gettext_lazy("General education"),
      choice_parser(lambda: list(Education.choices), gettext_lazy("general education level")),
      aliases=("Giáo dục phổ thông", "Trình độ văn hóa", "Văn hóa", "Trình độ giáo dục phổ thông"),
      choices=labels_of(lambda: list(Education.choices))),
    C("qualification", gettext_lazy("Professional qualification"),
      choice_parser(lambda: list(Qualification.choices), gettext_lazy("qualification")),
      aliases=("Chuyên môn nghiệp vụ", "Trình độ chuyên môn", "Học vị", "Trình độ chuyên môn nghiệp vụ"),
      choices=labels_of(lambda: list(Qualification.choices))),
    C("specialization", gettext_lazy("Field of study"), parse_text(120), aliases=("Chuyên ngành", "Ngành")),
    C("theory_level", gettext_lazy("Political theory"),
      choice_parser(lambda: list(TheoryLevel.choices), gettext_lazy("political theory level")),
      aliases=("Lý luận chính trị", "Trình độ lý luận chính trị", "LLCT", "Political theory level"),
      choices=labels_of(lambda: list(TheoryLevel.choices))),
    C("position", gettext_lazy("Position"), parse_text(120), aliases=("Chức vụ", "Chức vụ chính quyền")),
    C("agency", gettext_lazy("Agency"), parse_text(255), aliases=("Cơ quan", "Đơn vị công tác", "Nơi công tác",
                                                                  "Cơ quan, đơn vị")),
    C("phone", gettext_lazy("Phone"), validated(parse_text(20), validate_phone),
      aliases=("Điện thoại", "Số điện thoại", "SĐT", "ĐT")),
    C("email", gettext_lazy("Email"), _lower(validated(parse_text(254), EmailValidator())),
      aliases=("Thư điện tử", "E-mail")),
    C("admitted_on", gettext_lazy("Admitted on"), parse_date, required=True,
      aliases=("Ngày vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày vào đảng"), width=13),
    C("full_on", gettext_lazy("Full member on"), parse_date,
      aliases=("Ngày chính thức", "Ngày công nhận chính thức", "Ngày đảng viên chính thức"), width=13,
      help=gettext_lazy("Required for a full member; empty for a probationary member.")),
    C("organization_code", gettext_lazy("Organisation code"), parse_text(40), aliases=("Mã chi bộ", "Mã tổ chức")),
    C("organization", gettext_lazy("Organisation"), parse_text(500),
      aliases=("Chi bộ", "Tổ chức đảng", "Cell", "Chi bộ sinh hoạt", "Đơn vị"), width=30,
      help=gettext_lazy("The cell: its code (in the Organisation code column or here), its full path (names "
                        "separated by >), or its name when no other organisation under the import's has it.")),
    C("joined_on", gettext_lazy("Joined the cell on"), parse_date,
      aliases=("Ngày chuyển đến", "Ngày sinh hoạt tại chi bộ", "Ngày về chi bộ"), width=13,
      help=gettext_lazy("When the member began to attend this cell; empty: the admission date (or the day the cell "
                        "was established, when later).")),
    C("status", gettext_lazy("Status"), choice_parser(_status_choices, gettext_lazy("status"), {
        "Chính thức": Status.FULL, "ĐV chính thức": Status.FULL, "Dự bị": Status.PROBATIONARY,
        "ĐV dự bị": Status.PROBATIONARY}), required=True,
      aliases=("Tình trạng", "Loại đảng viên", "Đảng viên"), width=20,
      choices=labels_of(lambda: [(Status.FULL, Status.FULL.label), (Status.PROBATIONARY, Status.PROBATIONARY.label)])),
    # Shown by the member list's export; read from the record, never imported.
    C("temporarily_at", gettext_lazy("Temporarily at"), parse_text(500)),
    C("exempted_since", gettext_lazy("Exempt since"), parse_text(40)),
]
READ_ONLY = {"row_number", "temporarily_at", "exempted_since"}
ALTERNATIVES["organization"] = (("organization_code",),)
DEFAULTED_CHOICES = {"ethnicity", "religion", "education", "qualification", "theory_level"}
COMPARED = [f for f in FILE_FIELDS if f != "full_name"] + ["full_name"]
LIFECYCLE = ("status", "admitted_on", "full_on")


class MembersImport(ImportKind):
    code = "members"
    model_label = "members.member"
    label = gettext_lazy("Member files")
    action = MANAGE_MEMBERS
    sheet_names = ("Đảng viên", "Members", "Danh sách")
    columns = [c for c in COLUMNS if c.key not in ("temporarily_at", "exempted_since", "row_number")]
    reading = COLUMNS

    def instructions(self) -> list[str]:
        return [
            _("One row per member. Keep the header row; the order of the columns does not matter, and columns you "
              "do not have can be removed (except the required ones)."),
            _("Required: full name, gender, date of birth, admitted on, status, the cell; and the citizen ID or the "
              "party card number, which recognise the member when a file is imported again."),
            _("Dates as dd/mm/yyyy (e.g. 25/03/1985); Excel dates work too."),
            _("Coded columns (gender, ethnicity, religion, education, qualification, political theory, status): "
              "choose from the drop-down list."),
            _("A member already in dangbo (same citizen ID or card number) is updated: only what differs changes, "
              "and the preview shows each change before anything is written. Status, cell and admission dates of a "
              "member already entered change only through a decision on the member's page."),
            _("Nothing is written until the preview has no error and you confirm; then every row is written, or "
              "none."),
        ]

    def example_rows(self, *, user, organization) -> list[list]:
        cell = Subtree.of(organization)
        cells = [o for o in cell.by_id.values() if o.kind.holds_members and o.is_active][:1]
        where = cells[0] if cells else organization
        return [{
            "full_name": "Nguyễn Thị Mai", "gender": str(Gender.FEMALE.label), "date_of_birth": "12/05/1988",
            "citizen_id": "026188001234", "card_number": "", "ethnicity": "Kinh", "religion": str(Religion.NONE.label),
            "hometown": "Vĩnh Yên, Vĩnh Phúc", "education": str(Education.UPPER_SECONDARY.label),
            "qualification": str(Qualification.BACHELOR.label), "specialization": "",
            "theory_level": str(TheoryLevel.INTERMEDIATE.label), "position": "", "agency": "",
            "phone": "", "email": "", "admitted_on": "19/05/2015", "full_on": "19/05/2016",
            "organization_code": where.code, "organization": where.name, "joined_on": "",
            "status": str(Status.FULL.label),
        }]

    def dynamic_choices(self, *, user, organization) -> dict:
        """The drop-down of the organisation code column: the active cells the user may fill under the organisation."""
        subtree = Subtree.of(organization)
        allowed = scope_for(user).org_ids(self.action)
        return {"organization_code": sorted(
            o.code for o in subtree.by_id.values()
            if o.kind.holds_members and o.is_active and (allowed is None or o.pk in allowed))}

    # ---- plan ----------------------------------------------------------------------------------------------------
    def read(self, *, sheet, progress) -> Parsed:
        """Every cell through its column's parser (what the preview does once; the commit reuses it)."""
        plan = Plan()
        headers = {c.key: str(c.header) for c in COLUMNS}
        present = set(sheet.columns)
        parsed: list[tuple[int, dict | None]] = []
        total = sheet.total or 1
        columns = [c for c in COLUMNS if c.key in present]
        for number, raw in sheet.rows:
            plan.read += 1
            values = parse_row(plan, number, raw, columns)
            if values is not None:
                parsed.append((number, values))
            if plan.read % CHUNK == 0:
                progress(plan.read, total * 2, _("Reading the rows"))
        self._compose_names(plan, parsed, present, headers)
        return Parsed.of(sheet, rows=parsed, read=plan.read, errors=plan.errors)

    def check(self, *, parsed: Parsed, user, organization, progress) -> Plan:
        """Each parsed row against the records as they are now, with the register form's rules."""
        plan = Plan(errors=list(parsed.errors), read=parsed.read)
        headers = {c.key: str(c.header) for c in COLUMNS}
        subtree = Subtree.of(organization)
        allowed = scope_for(user).org_ids(self.action)
        present = set(parsed.columns)
        rows = parsed.rows
        by_citizen, by_card = self._existing(rows)
        seen_citizen, seen_card = {}, {}
        compared = [f for f in COMPARED if f in present or (f == "full_name" and "given_name" in present)]
        with rules_loaded():
            for index, (number, values) in enumerate(rows, start=1):
                if values is None:
                    continue
                self._plan_row(plan, number, values, headers=headers, subtree=subtree, allowed=allowed,
                               by_citizen=by_citizen, by_card=by_card, seen_citizen=seen_citizen,
                               seen_card=seen_card, compared=compared, present=present)
                if index % CHUNK == 0:
                    progress(plan.read + index, plan.read * 2, _("Checking the rows"))
        progress(plan.read * 2, plan.read * 2, _("Checked"))
        return plan

    def plan(self, *, sheet, user, organization, progress) -> Plan:
        return self.check(parsed=self.read(sheet=sheet, progress=progress), user=user, organization=organization,
                          progress=progress)

    def _compose_names(self, plan, parsed, present, headers):
        if "full_name" in present:
            return
        for position, (number, values) in enumerate(parsed):
            if values is None:
                continue
            parts = [values.get("family_name"), values.get("middle_name"), values.get("given_name")]
            full = nfc(" ".join(p for p in parts if p))
            if not values.get("given_name") or not values.get("family_name"):
                plan.refuse(number, headers["given_name"] if not values.get("given_name") else headers["family_name"],
                            _("Enter the family name and the given name."))
                parsed[position] = (number, None)
                continue
            values["full_name"] = full

    def _existing(self, parsed):
        """The recorded members the file names, by citizen ID and by card number. A big file names many: then every
        recorded identifier is read in one query (an index-only scan) and only the matches are fetched."""
        citizen_ids = {v["citizen_id"] for _n, v in parsed if v and v.get("citizen_id")}
        cards = {v["card_number"] for _n, v in parsed if v and v.get("card_number")}
        fields = ["id", "organization_id", "temporary_organization_id", "home_external", "status", "status_since",
                  "admitted_on", "full_on", *FILE_FIELDS]
        if len(citizen_ids) + len(cards) > 20 * CHUNK:
            ids = set()
            for field, wanted in (("citizen_id", citizen_ids), ("card_number", cards)):
                for pk, value in Member.objects.filter(**{f"{field}__isnull": False}).values_list("id", field):
                    if value in wanted:
                        ids.add(pk)
            wanted_ids = sorted(ids)
            lookups = [("id", wanted_ids)]
        else:
            lookups = [("citizen_id", sorted(citizen_ids)), ("card_number", sorted(cards))]
        by_citizen, by_card = {}, {}
        for field, ordered in lookups:
            for start in range(0, len(ordered), CHUNK):
                for member in Member.objects.filter(**{f"{field}__in": ordered[start:start + CHUNK]}).only(*fields):
                    if member.citizen_id in citizen_ids:
                        by_citizen[member.citizen_id] = member
                    if member.card_number in cards:
                        by_card[member.card_number] = member
        return by_citizen, by_card

    def _plan_row(self, plan, number, values, *, headers, subtree, allowed, by_citizen, by_card, seen_citizen,
                  seen_card, compared, present):
        errors_before = len(plan.errors)
        citizen_id, card = values.get("citizen_id") or "", values.get("card_number") or ""
        if not citizen_id and not card:
            plan.refuse(number, headers["citizen_id"], _("Give the citizen ID or the party card number: they recognise "
                                                         "the member when a file is imported again."))
        for key, seen, value in (("citizen_id", seen_citizen, citizen_id), ("card_number", seen_card, card)):
            if value:
                if value in seen:
                    plan.refuse(number, headers[key], _("Also on row %(row)d of this file.") % {"row": seen[value]},
                                value)
                else:
                    seen[value] = number
        # Who it is.
        existing = by_citizen.get(citizen_id) if citizen_id else None
        by_card_member = by_card.get(card) if card else None
        if existing is None:
            existing = by_card_member
            if existing is not None and citizen_id and existing.citizen_id and existing.citizen_id != citizen_id:
                plan.refuse(number, headers["card_number"], _("This party card number is recorded for another member "
                                                              "(a different citizen ID)."), card)
                return
        elif by_card_member is not None and by_card_member.pk != existing.pk:
            plan.refuse(number, headers["card_number"], _("This party card number is recorded for another member."),
                        card)
            return
        # The cell (a guest from outside is listed with the name of their own organisation, which is not ours).
        organization = None
        where = values.get("organization_code") or values.get("organization")
        column = headers["organization_code"] if values.get("organization_code") else headers["organization"]
        guest = existing is not None and existing.organization_id is None
        if guest and fold(values.get("organization") or "") == fold(existing.home_external):
            where = None
        elif where:
            try:
                organization = subtree.find(where)
            except CellError as error:
                plan.refuse(number, column, str(error), where)
            else:
                if allowed is not None and organization.pk not in allowed:
                    plan.refuse(number, column, _("%(name)s is outside the organisations whose members you manage.")
                                % {"name": organization.name}, where)
                    organization = None
        else:
            plan.refuse(number, headers["organization"], _("Name the member's cell."))
        if existing is None:
            self._plan_new(plan, number, values, organization, headers)
        else:
            self._plan_update(plan, number, values, existing, organization, headers, allowed, subtree, compared,
                              present)
        if len(plan.errors) != errors_before and plan.rows and plan.rows[-1].row == number:
            plan.rows.pop()

    def _plan_new(self, plan, number, values, organization, headers):
        if organization is None:
            return
        status = values.get("status")
        try:
            member_register_check(organization=organization, status=status, admitted_on=values.get("admitted_on"),
                                  full_on=values.get("full_on"), joined_on=values.get("joined_on"),
                                  date_of_birth=values.get("date_of_birth"))
            if values["date_of_birth"] >= values["admitted_on"]:
                raise ValidationError({"date_of_birth": _("The date of birth comes before the admission.")})
        except ValidationError as error:
            plan.refuse_validation(number, error, headers, values)
            return
        label = f"{values['full_name']}, {values.get('citizen_id') or values.get('card_number')}"
        plan.rows.append(RowPlan(row=number, label=label, action="create", values={**values,
                                                                                   "organization": organization}))

    def _plan_update(self, plan, number, values, member, organization, headers, allowed, subtree, compared, present):
        label = f"{member.full_name}, {member.citizen_id or member.card_number}"
        guest = member.organization_id is None  # here on temporary transfer from outside: the file is kept there
        home = member.temporary_organization_id if guest else member.organization_id
        if home not in subtree.by_id or (allowed is not None and home not in allowed):
            plan.refuse(number, headers["citizen_id"], _("This member is recorded in an organisation outside this "
                                                         "import: ask the committee that keeps the file."),
                        values.get("citizen_id") or values.get("card_number"))
            return
        if guest:
            organization = None
        if organization is not None and organization.pk != member.organization_id:
            current = subtree.by_id.get(member.organization_id)
            plan.refuse(number, headers["organization"], _("Recorded in %(name)s: a member changes cell through a "
                                                           "transfer, on the member's page.")
                        % {"name": current.name if current else "—"}, values.get("organization"))
        if values.get("status") and values["status"] != member.status:
            plan.refuse(number, headers["status"], _("Recorded as “%(status)s”: the status changes through a decision "
                                                     "on the member's page.") % {"status": member.get_status_display()},
                        values.get("status"))
        for key in ("admitted_on", "full_on"):
            if key in present and values.get(key) != getattr(member, key):
                plan.refuse(number, headers[key], _("Recorded as %(date)s: this date changes through a decision on the "
                                                    "member's page.") % {"date": shown(getattr(member, key))},
                            shown(values.get(key)))
        changes, changed = [], {}
        for key in compared:
            if key not in values:
                continue
            new = values[key]
            if key in DEFAULTED_CHOICES and new in (None, ""):
                continue
            old = getattr(member, key)
            old_compare = old or ""
            new_compare = new or ""
            if key == "full_name":
                new_compare = nfc(new_compare)
            if old_compare != new_compare:
                column = next(c for c in COLUMNS if c.key == key)
                field = Member._meta.get_field(key)
                shown_old = dict(field.flatchoices).get(old, old) if field.choices else old
                shown_new = dict(field.flatchoices).get(new, new) if field.choices else new
                changes.append((str(column.header), shown(shown_old), shown(shown_new)))
                changed[key] = new if new != "" or not field.null else None
        if changed and guest:
            plan.refuse(number, "", _("%(name)s attends here on a temporary transfer: the file is kept by the member's "
                                      "own committee (%(home)s).") % {"name": member.full_name,
                                                                      "home": member.home_external or "—"})
            return
        if changed and member.status not in (Status.FULL, Status.PROBATIONARY):
            plan.refuse(number, "", _("%(name)s is no longer an active member (%(status)s): the file is not changed.")
                        % {"name": member.full_name, "status": member.get_status_display()})
            return
        plan.rows.append(RowPlan(row=number, label=label, action="update" if changed else "same", target=member,
                                 values=changed, changes=changes))

    # ---- apply ---------------------------------------------------------------------------------------------------
    def apply(self, *, plan, batch, actor, reason, progress) -> list:
        """Returns the batch's records as (member id, row, action, changes)."""
        records = []
        creates = [r for r in plan.rows if r.action == "create"]
        updates = [r for r in plan.rows if r.action == "update"]
        total = len(creates) + len(updates) or 1
        # Every row was checked with the register form's rules (check()) and its text is NFC already: the members
        # and their "created" history rows are written as rows (ids reserved first), not through model instances.
        defaults = {f: Member._meta.get_field(f).get_default() for f in FILE_FIELDS}
        nullable = {f for f in FILE_FIELDS if Member._meta.get_field(f).null}
        names = [*FILE_FIELDS, "admitted_on", "full_on", "status", "status_since", "organization_id"]
        rows = []
        for row in creates:
            v = row.values
            full_on = v.get("full_on") if v["status"] == Status.FULL else None
            file = tuple(v.get(f) if v.get(f) not in (None, "") else (None if f in nullable else defaults[f])
                         for f in FILE_FIELDS)
            rows.append((*file, v["admitted_on"], full_on, v["status"], full_on or v["admitted_on"],
                         v["organization"].pk))
        keys = [(fold(r[0]), person_sort_key(r[0])) for r in rows]
        ids = insert_values(Member, [*names, "name_search", "name_sort"], [
            (*r, *k) for r, k in zip(rows, keys, strict=True)])
        progress(len(ids) // 3, total, _("Writing the members"))
        now = timezone.now()
        insert_values(Member.history.model, ["id", *names, "history_date", "history_change_reason", "history_type",
                                             "history_user_id"],
                      [(pk, *r, now, reason, "+", actor.pk) for pk, r in zip(ids, rows, strict=True)])
        progress(2 * len(ids) // 3, total, _("Writing the members"))
        started = _("Entered in the register")
        insert_values(Membership, ["member_id", "organization_id", "started_on", "start_reason"], [
            (pk, row.values["organization"].pk,
             row.values.get("joined_on") or max(row.values["admitted_on"], row.values["organization"].established_on),
             started)
            for pk, row in zip(ids, creates, strict=True)])
        # written as rows, without the signals: their organisations are counted again (once, at the batch's end)
        figures_refresh(organization_ids={row.values["organization"].pk for row in creates})
        records.extend((pk, row.row, ImportRecord.Action.CREATED, []) for pk, row in zip(ids, creates, strict=True))
        done = len(ids)
        progress(done, total, _("Writing the members"))
        for row in updates:
            member = Member.objects.get(pk=row.target.pk)
            member_update(actor=actor, member=member, reason=reason, **row.values)
            records.append((member.pk, row.row, ImportRecord.Action.UPDATED, [list(c) for c in row.changes]))
            done += 1
            if done % 100 == 0:
                progress(done, total, _("Writing the members"))
        return records


register(MembersImport())
