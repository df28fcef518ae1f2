"""Reads of petitions, always through the user.

Who sees a petition: whoever holds the petitions action over the organisation whose register holds it (scope),
its assigned handlers, and the inspection committee chair of that organisation or of one above it.
Who sees the SENDER: only the petition's current handlers and that inspection committee chair. Everyone else
gets it masked, on pages, exports and the API alike; statistics never carry it. Every opening is logged.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.selectors import users_holding
from apparatus.models import Body, Position, Seat
from core.dates import add_months, beyond_calendar, calendar_end_of, calendar_year_subquery, holiday_calendar_end
from core.scope import PETITIONS, VIEW, scope_for
from core.text import fold
from inspections.models import CaseType
from inspections.selectors import case_file_qs, decision_qs, may_run_authority, period_for
from members.choices import ACTIVE_STATUSES
from members.models import Member
from organizations.models import Organization
from organizations.selectors import children_map, organization_choices, subtree_ids
from rules.codes import (
    DISCIPLINE_COMPLAINT_MONTHS,
    PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS,
    PETITION_DENUNCIATION_SETTLEMENT_DAYS,
    PETITION_DUE_SOON_DAYS,
    PETITION_JURISDICTION,
    PETITION_NOT_HANDLED_GROUNDS,
)
from rules.selectors import RuleBook, RuleMissing, rule_for, rule_get, rule_value
from rules.usage import applies

from .jurisdiction import _chain
from .models import (
    COMPLAINT_KINDS,
    IDENTITY_FIELDS,
    OPEN_STATES,
    SETTLED_STATES,
    Ground,
    Handler,
    Kind,
    Outcome,
    Petition,
    State,
)

MASK = "•••"


def chair_organization_ids(user) -> frozenset[int]:
    """The organisations (subtrees) whose petitions the user sees as chair of an inspection committee in office."""
    cached = getattr(user, "_petitions_chair_ids", None)
    if cached is not None:
        return cached
    ids: set[int] = set()
    if getattr(user, "is_authenticated", False):
        roots = list(Seat.objects.filter(
            member__user=user, position=Position.INSPECTION_CHAIR, ended_on__isnull=True,
            body__kind=Body.Kind.INSPECTION_COMMITTEE, body__ended_on__isnull=True,
        ).values_list("body__organization_id", flat=True))
        if roots:
            children = children_map()
            for root in roots:
                ids |= subtree_ids(root, children)
    result = frozenset(ids)
    try:
        user._petitions_chair_ids = result
    except AttributeError:
        pass
    return result


def petition_qs(user):
    """Every petition the user may open (not necessarily with the sender shown)."""
    if not getattr(user, "is_authenticated", False):
        return Petition.objects.none()
    scope = scope_for(user)
    q = Q(handlers__user=user, handlers__ended_on__isnull=True)
    if scope.can(PETITIONS):
        q |= scope.org_q("organization_id", PETITIONS)
    chair = chair_organization_ids(user)
    if chair:
        q |= Q(organization_id__in=sorted(chair))
    if scope.sees_everything(PETITIONS):
        return Petition.objects.all()
    # The handler join could repeat a row: filter by id instead of distinct() so ordering stays free.
    return Petition.objects.filter(pk__in=Petition.objects.filter(q).values("pk"))


def subject_choices():
    """The organisations a letter may concern: every active one, since a letter may concern an organisation outside
    the register's subtree (it is then forwarded); the picker tells namesakes apart by their place in the tree."""
    return Organization.objects.filter(status=Organization.Status.ACTIVE).order_by("name_sort")


def may_open_register(user, scope=None) -> bool:
    """Whether the register has anything for the user (the menu shows it only then): the petitions action, the
    chair of an inspection committee in office, or a handler of a letter still in hand."""
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope or scope_for(user)
    if scope.can(PETITIONS):
        return True
    chair = getattr(user, "_petitions_chair_ids", None)
    if chair is not None and chair:
        return True
    # Asked on every page for whoever holds no petitions action: one query, without reading the tree (a chair's seat
    # always covers at least its own organisation's register).
    seats = Seat.objects.filter(member__user=user, position=Position.INSPECTION_CHAIR, ended_on__isnull=True,
                                body__kind=Body.Kind.INSPECTION_COMMITTEE, body__ended_on__isnull=True)
    handling = Handler.objects.filter(user=user, ended_on__isnull=True)
    return seats.values("pk").order_by().union(handling.values("pk").order_by()).exists()


def can_work_on(user, petition: Petition) -> bool:
    """Whether the user may move the petition through its steps (the scope's petitions action)."""
    return scope_for(user).covers(petition.organization_id, PETITIONS)


def identity_visible_ids(user, petitions) -> set[int]:
    """Ids, among `petitions`, whose sender the user may see (one query whatever the number of rows)."""
    ids = [p.pk for p in petitions]
    if not ids or not getattr(user, "is_authenticated", False):
        return set()
    chair = chair_organization_ids(user)
    visible = {p.pk for p in petitions if p.organization_id in chair}
    visible |= set(Handler.objects.filter(petition_id__in=ids, user=user, ended_on__isnull=True)
                   .values_list("petition_id", flat=True))
    return visible


def can_see_identity(user, petition: Petition) -> bool:
    return petition.pk in identity_visible_ids(user, [petition])


def can_see_access_log(user, petition: Petition) -> bool:
    return petition.organization_id in chair_organization_ids(user)


def sender_display(petition: Petition, visible: bool) -> str:
    if petition.anonymous:
        return _("Anonymous")
    if not visible:
        return MASK
    return petition.sender_name


def masked(petition: Petition, visible: bool) -> dict:
    """The sender's fields as the user may see them."""
    if visible:
        return {f: getattr(petition, f) for f in IDENTITY_FIELDS}
    return {f: (MASK if getattr(petition, f) else "") for f in IDENTITY_FIELDS}


def petition_get(user, pk, action: str = VIEW) -> Petition:
    """A petition the user may open (404 otherwise); with `action` PETITIONS, one they may also move through its
    steps (403 for one they only see: a handler or the chair without the petitions action over its register)."""
    try:
        petition = petition_qs(user).select_related(
            "organization", "subject_organization", "competent_organization", "repeat_of", "discipline_decision",
            "inspection_case__state").annotate(calendar_year=calendar_year_subquery()).get(pk=pk)
    except (Petition.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action == PETITIONS and not can_work_on(user, petition):
        raise PermissionDenied
    return petition


def register_qs(user):
    """The register's rows, each with the last year the working-day calendar covers (`calendar_year`, a scalar
    subquery in the same query) so a provisional deadline is flagged without another query."""
    return petition_qs(user).select_related("organization", "subject_organization").annotate(
        calendar_year=calendar_year_subquery())


@dataclass
class Provisional:
    calendar_end: datetime.date | None  # None: no year's official schedule is entered


def deadline_provisional(petition: Petition) -> Provisional | None:
    """A working-day deadline that runs past the last year whose official schedule is entered (core.dates:
    holiday_calendar_end) ignores the days off and substituted working days not yet entered: it is provisional
    (recomputed when the year is entered). Reads `calendar_year` annotated by register_qs / petition_get, else asks
    the calendar."""
    if not petition.due_on or petition.kind not in COMPLAINT_KINDS:
        return None
    if hasattr(petition, "calendar_year"):
        end = calendar_end_of(petition.calendar_year)
    else:
        end = holiday_calendar_end()
    return Provisional(end) if beyond_calendar(petition.due_on, end) else None


def access_log(petition: Petition, limit: int = 200):
    return petition.accesses.select_related("user").order_by("-at", "-id")[:limit]


def masked_history(petition: Petition, entries, visible: bool):
    """History entries with the sender's old and new values masked for those who may not see them."""
    if visible:
        return entries
    labels = {str(Petition._meta.get_field(f).verbose_name) for f in IDENTITY_FIELDS}
    for entry in entries:
        for change in entry.changes:
            if change.field in labels:
                change.old = MASK if change.old else ""
                change.new = MASK if change.new not in ("", "—") else change.new
    return entries


def masked_case_history(entries, case_visible: bool):
    """The linked inspection case appears in the petition's history by its title: masked for those who may not
    open the case file (inspections' confidentiality)."""
    if case_visible:
        return entries
    label = str(Petition._meta.get_field("inspection_case").verbose_name)
    for entry in entries:
        for change in entry.changes:
            if change.field == label:
                change.old = MASK if change.old not in ("", "—") else change.old
                change.new = MASK if change.new not in ("", "—") else change.new
    return entries


def identity_checks(petition: Petition, same_sender) -> list[dict]:
    """What the system checked about the sender, in words that reveal nothing of them: for the person classifying,
    who may not see the identity. `same_sender`: the earlier letters of the register from the same sender
    (same_sender_letters). Each check: id, label, result, and the ground it leads to (if any)."""
    checks = []
    if petition.anonymous:
        checks.append({"id": "name", "label": _("Sender's name"), "result": _("None: anonymous letter"),
                       "ground": Ground.ANONYMOUS.label})
    else:
        checks.append({"id": "name", "label": _("Sender's name"), "result": _("Given"), "ground": ""})
        has_address = bool((petition.sender_address or "").strip())
        checks.append({"id": "address", "label": _("Sender's address"),
                       "result": _("Given") if has_address else _("Missing"),
                       "ground": "" if has_address else Ground.FALSE_IDENTITY.label})
    checks.append({"id": "signatories", "label": _("Number of signatories"), "result": str(petition.signatory_count),
                   "ground": Ground.MULTIPLE_SIGNATORIES.label if petition.signatory_count >= 2 else ""})
    checks.append({"id": "signed", "label": _("Signed original"),
                   "result": _("Yes") if petition.signed_original else _("No (unsigned copy)"),
                   "ground": "" if petition.signed_original else Ground.UNSIGNED_COPY.label})
    if petition.anonymous:
        result = _("Not compared (anonymous letter)")
    elif same_sender:
        result = ngettext("%(n)s earlier letter of this register from the same sender",
                          "%(n)s earlier letters of this register from the same sender",
                          len(same_sender)) % {"n": len(same_sender)}
    else:
        result = _("No earlier letter of this register from the same sender")
    checks.append({"id": "repeats", "label": _("Earlier letters (name and address compared)"), "result": result,
                   "ground": ""})
    return checks


# -- the sender compared on the server ------------------------------------------------------------------------

IDENTITY_PUNCTUATION = str.maketrans({c: " " for c in ",.;:-–/\\()'\"“”"})


def identity_key(petition: Petition) -> tuple[str, str] | None:
    """The sender's identity as the system compares it: folded name and address (case, diacritics, spacing and
    punctuation ignored). None for an anonymous letter."""
    if petition.anonymous or not petition.sender_name:
        return None
    return (fold((petition.sender_name or "").translate(IDENTITY_PUNCTUATION)),
            fold((petition.sender_address or "").translate(IDENTITY_PUNCTUATION)))


def same_sender_letters(petition: Petition) -> list[Petition]:
    """Earlier letters of the same register from the same sender (identity_key), most recent first. Compared on
    the server: nothing of the identity leaves it."""
    key = identity_key(petition)
    if key is None:
        return []
    rows = (Petition.objects.filter(organization_id=petition.organization_id, anonymous=False)
            .filter(Q(received_on__lt=petition.received_on) | Q(received_on=petition.received_on, pk__lt=petition.pk))
            .exclude(pk=petition.pk).exclude(sender_name="").select_related("subject_organization")
            .order_by("-received_on", "-pk"))
    return [p for p in rows if identity_key(p) == key]


def sender_check_registers(user):
    """The registers a clerk may check a typed sender against: those they may receive a letter in."""
    return organization_choices(user, PETITIONS).exclude(kind__holds_members=True)


def letters_from_typed_sender(user, *, organization: Organization, sender_name: str, sender_address: str,
                              limit: int = 50) -> list[Petition]:
    """The letters of a register from the sender a clerk is typing (before the new letter is saved): the same
    comparison as same_sender_letters (identity_key: name and address folded), on the letters of that register the
    user may open with the sender shown to them (a handler of the letter, the inspection chair), most recent first:
    a letter whose sender the user sees masked is never compared, or typing a suspected name would unmask it.
    Compared on the server; the page shows the letters, never their senders."""
    key = identity_key(Petition(sender_name=sender_name, sender_address=sender_address, anonymous=False))
    if key is None:
        return []
    rows = list(petition_qs(user).filter(organization=organization, anonymous=False).exclude(sender_name="")
                .select_related("subject_organization").order_by("-received_on", "-pk"))
    visible = identity_visible_ids(user, rows)
    return [p for p in rows if p.pk in visible and identity_key(p) == key][:limit]


def same_subject(earlier: Petition, subject_organization: Organization | None, subject_persons: str) -> bool:
    """About the same organisation (and, when both letters name them, the same persons concerned)."""
    if subject_organization is not None and earlier.subject_organization_id != subject_organization.pk:
        return False
    mine, theirs = fold(subject_persons), fold(earlier.subject_persons)
    return not (mine and theirs and mine != theirs)


def repeat_candidates(petition: Petition, *, subject_organization: Organization | None = None) -> list[Petition]:
    """Earlier letters this one may repeat: same register, same sender, about the same organisation / person."""
    return [p for p in same_sender_letters(petition)
            if same_subject(p, subject_organization, petition.subject_persons)]


# -- handlers --------------------------------------------------------------------------------------------------

def handler_candidates(petition: Petition):
    """Users who may settle the petition: those holding the petitions action over its organisation."""
    ancestors = [pk for pk, _tier in _chain(petition.organization)]
    return users_holding(PETITIONS, ancestors).order_by("last_name", "first_name", "username")


# -- rules the petition is judged by ---------------------------------------------------------------------------

@applies(DISCIPLINE_COMPLAINT_MONTHS, where=gettext_lazy("Petitions: a complaint against a disciplinary decision "
                                                         "filed after the time limit is not handled"),
         page="petitions:register")
def complaint_window(petition: Petition):
    """(last day to complain, rule used): the rule's months from the day the complainant received the decision,
    whether the decision is linked (its receipt defaults to the one recorded on it) or typed."""
    received = petition.decision_received_on
    rule = rule_for(DISCIPLINE_COMPLAINT_MONTHS, on=received, field="decision_received_on")
    return add_months(received, int(rule.value)), rule


@applies(PETITION_NOT_HANDLED_GROUNDS, PETITION_JURISDICTION, PETITION_DENUNCIATION_SETTLEMENT_DAYS,
         PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS,
         where=gettext_lazy("Petitions: the rules a letter was judged by, on its page"), page="petitions:register")
def rules_applied(petition: Petition) -> list:
    """The rules the petition was judged by (shown on its page), each with `shown`: what it says, in words (a number
    with its unit, or the grounds it lists). Empty for a letter dated before the rule data starts."""
    rules = []
    try:
        if petition.classified_on:
            rules.append(rule_get(PETITION_NOT_HANDLED_GROUNDS, on=petition.received_on))
            if petition.kind == Kind.COMPLAINT_DISCIPLINE and petition.decision_received_on:
                rules.append(complaint_window(petition)[1])
            rules.append(rule_get(PETITION_JURISDICTION, on=petition.received_on))
            if petition.kind == Kind.DENUNCIATION:
                rules.append(rule_get(PETITION_DENUNCIATION_SETTLEMENT_DAYS, on=petition.classified_on))
            elif petition.kind in (Kind.COMPLAINT, Kind.COMPLAINT_DISCIPLINE):
                rules.append(rule_get(PETITION_COMPLAINT_SETTLEMENT_WORKING_DAYS, on=petition.classified_on))
    except (RuleMissing, ValidationError):  # a letter dated before the rule data starts: nothing to show
        return []
    for rule in rules:
        if isinstance(rule.value, list):
            rule.shown = "; ".join(str(Ground(code).label) if code in Ground.values else str(code)
                                   for code in rule.value)
        elif isinstance(rule.value, dict):
            rule.shown = ""
        else:
            rule.shown = f"{rule.value} {rule.unit}".strip()
    return rules


# -- links to inspections --------------------------------------------------------------------------------------

INSPECTION_STATES = (State.IN_PROGRESS, State.VERIFIED, State.CONCLUDED, State.NOTIFIED, State.ARCHIVED)


def petition_authority_organization_id(petition: Petition) -> int:
    """The organisation whose authority inspects on a denunciation: the competent one (the register's otherwise)."""
    return petition.competent_organization_id or petition.organization_id


def may_open_inspection(user, petition: Petition) -> bool:
    """Whether the user may open an inspection on signs of violation on this letter: a denunciation, by those who
    run the competent organisation's inspection case files (who need not work on the petition: the inspection
    chair)."""
    return petition.kind == Kind.DENUNCIATION and may_run_authority(user, petition_authority_organization_id(petition))


def inspection_member_choices(petition: Petition):
    """(the members the inspection may concern, those its team may come from): the active members under the
    competent organisation — those the letter concerns under its organisation concerned."""
    under = subtree_ids(petition_authority_organization_id(petition))
    members = Member.objects.filter(status__in=ACTIVE_STATUSES).order_by("name_sort")
    subject_root = petition.subject_organization_id
    concerned = members.filter(organization_id__in=subtree_ids(subject_root) & under if subject_root else under)
    return concerned, members.filter(organization_id__in=under)


def inspection_links(user, petition: Petition) -> dict:
    """What the petition page shows of its links to the inspections module. The decision and the case open only
    for those who may see them there; a case file is confidential, so others learn only that one was opened.
    Queries only when there is something to show."""
    links = {"decision_visible": False, "case_visible": False, "can_open_inspection": False}
    if petition.discipline_decision_id:
        links["decision_visible"] = decision_qs(user).filter(pk=petition.discipline_decision_id).exists()
    if petition.inspection_case_id:
        links["case_visible"] = case_file_qs(user).filter(pk=petition.inspection_case_id).exists()
    elif petition.kind == Kind.DENUNCIATION and petition.state in INSPECTION_STATES:
        links["can_open_inspection"] = may_run_authority(user, petition_authority_organization_id(petition))
    return links


def petitions_shown(user, petitions) -> list:
    """Petitions linked to a case or a decision, as the inspection pages show them: register number, register, date
    received, state — never the sender — with a link only for those who may open the petition."""
    rows = list(petitions.select_related("organization").order_by("received_on", "pk"))
    if rows:
        openable = set(petition_qs(user).filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True))
        for row in rows:
            row.openable = row.pk in openable
    return rows


def case_origin_panel(request, case) -> dict | None:
    """The case page's rows (inspections.hooks.case_facts): the denunciations a case on signs of violation was
    opened from. Read only for that type of case, so the case page's query count holds for every other."""
    if case.type != CaseType.SIGNS_OF_VIOLATION:
        return None
    rows = petitions_shown(request.user, Petition.objects.filter(inspection_case=case))
    return {"origin_petitions": rows} if rows else None


def decision_complaints_panel(request, decision) -> dict:
    """The decision page's panel (inspections.hooks.decision_main): the complaints lodged against it."""
    return {"complaints": petitions_shown(request.user, Petition.objects.filter(discipline_decision=decision))}


# -- deadlines -------------------------------------------------------------------------------------------------

@dataclass
class Deadline:
    status: str  # "overdue", "due_soon", "open", "on_time", "late", ""
    days_left: int | None = None


def deadline_status(petition: Petition, today: datetime.date, due_soon_days: int) -> Deadline:
    if not petition.due_on:
        return Deadline("")
    if petition.state in SETTLED_STATES and petition.concluded_on:
        return Deadline("on_time" if petition.concluded_on <= petition.due_on else "late")
    if petition.state in OPEN_STATES:
        left = (petition.due_on - today).days
        if left < 0:
            return Deadline("overdue", left)
        if left <= due_soon_days:
            return Deadline("due_soon", left)
        return Deadline("open", left)
    return Deadline("")


@applies(PETITION_DUE_SOON_DAYS, where=gettext_lazy("Petitions: letters due soon, in the register, on the to-do "
                                                    "page and on the home page"), page="petitions:todo")
def due_soon_days(today: datetime.date | None = None, book: RuleBook | None = None) -> int:
    if book is not None:
        return book.value(PETITION_DUE_SOON_DAYS, on=today)
    return rule_value(PETITION_DUE_SOON_DAYS, on=today)


def petition_todo(user, *, today: datetime.date | None = None, limit: int = 10) -> dict:
    """For the home page: the user's own open cases that are overdue or due soon, and how many such cases the
    registers in the user's scope hold. A fixed number of queries."""
    today = today or datetime.date.today()
    if not getattr(user, "is_authenticated", False):
        return {}
    soon = today + datetime.timedelta(days=due_soon_days(today))
    pressing = Q(state__in=OPEN_STATES, due_on__isnull=False, due_on__lte=soon)
    mine = list(Petition.objects.filter(pressing, handlers__user=user, handlers__ended_on__isnull=True)
                .select_related("organization").order_by("due_on", "pk").distinct()[:limit])
    # Every register the user works on or supervises as inspection chair; and the letters in the user's own hands.
    # The same conditions as the register's filters the badges link to (filters.PetitionFilter: deadline, handled_by).
    counts = petition_qs(user).filter(state__in=OPEN_STATES).aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)),
        due_soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
        in_hand=Count("id", filter=Q(pk__in=handled_by(user).values("petition_id"))))
    items = [{"petition": p, "days_left": (p.due_on - today).days, "overdue_by": (today - p.due_on).days}
             for p in mine]
    return {"items": items, "overdue": counts.get("overdue", 0), "due_soon": counts.get("due_soon", 0),
            "in_hand": counts.get("in_hand", 0), "today": today}


def handled_by(user):
    """The user's handler rows still in force (the letters in their hands)."""
    return Handler.objects.filter(user=user, ended_on__isnull=True)


# -- statistics ------------------------------------------------------------------------------------------------

def petition_statistics(user, *, start: datetime.date, end: datetime.date) -> dict:
    """Figures over the letters received in [start, end]: received by kind, handled, not handled by reason,
    settled on time / late, outcomes. Counts only: no sender, no content."""
    rows = list(petition_qs(user).filter(received_on__gte=start, received_on__lte=end)
                .values_list("kind", "state", "not_handled_reason", "due_on", "concluded_on", "outcome"))
    today = datetime.date.today()
    by_kind = Counter(r[0] or "" for r in rows)
    by_reason = Counter(r[2] for r in rows if r[1] == State.NOT_HANDLED or (r[2] and r[1] == State.ARCHIVED))
    handled = [r for r in rows if r[1] not in (State.RECEIVED, State.NOT_HANDLED) and not r[2]]
    settled = [r for r in handled if r[4]]
    on_time = sum(1 for r in settled if r[3] is None or r[4] <= r[3])
    open_rows = [r for r in handled if not r[4]]
    overdue = sum(1 for r in open_rows if r[3] and r[3] < today)
    outcomes = Counter(r[5] for r in settled if r[5])
    return {
        "start": start, "end": end, "received": len(rows),
        "unclassified": by_kind.get("", 0),
        "by_kind": [{"code": c, "label": label, "n": by_kind.get(c, 0)} for c, label in Kind.choices],
        "handled": len(handled),
        "not_handled": sum(by_reason.values()),
        "by_reason": [{"code": c, "label": label, "n": by_reason.get(c, 0)} for c, label in Ground.choices],
        "settled": len(settled), "on_time": on_time, "late": len(settled) - on_time,
        "open": len(open_rows), "overdue": overdue,
        "outcomes": [{"code": c, "label": label, "n": outcomes.get(c, 0)} for c, label in Outcome.choices],
    }


def statistics_periods(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """The reporting periods of the inspection sector (inspections.selectors.period_for: QĐ 885), offered on the
    statistics page: the month, the first quarter, 6 and 9 months, the year, and last year."""
    periods = [(_("This month"), period_for("month", today.year, today.month)),
               (_("First quarter"), period_for("q1", today.year)), (_("Six months"), period_for("h1", today.year)),
               (_("Nine months"), period_for("m9", today.year)), (_("The year"), period_for("year", today.year)),
               (_("Last year"), period_for("year", today.year - 1))]
    return [(label, period.start, period.end) for label, period in periods]
