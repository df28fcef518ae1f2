"""Reads of petitions, always through the user.

Who sees a petition: whoever holds the petitions action over the organisation whose register holds it (scope),
its assigned handlers, and the inspection committee chair of that organisation or of one above it.
Who sees the SENDER: only the petition's current handlers and that inspection committee chair. Everyone else
gets it masked, on pages, exports and the API alike; statistics never carry it. Every opening is logged.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from apparatus.models import Body, Position, Seat
from core.scope import PETITIONS, scope_for
from organizations.selectors import subtree_ids
from rules.selectors import RuleBook

from .models import (
    COMPLAINT_KINDS,
    IDENTITY_FIELDS,
    OPEN_STATES,
    SETTLED_STATES,
    Access,
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
            from organizations.selectors import children_map

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


def log_access(user, petitions, *, via: str, visible: set[int]) -> None:
    Access.objects.bulk_create([Access(petition_id=p.pk, user=user, via=via, identity_shown=p.pk in visible)
                                for p in petitions])


def petition_get(user, pk) -> Petition:
    from core.dates import last_holiday_subquery

    try:
        return petition_qs(user).select_related(
            "organization", "subject_organization", "competent_organization", "repeat_of", "discipline_decision",
            "inspection_case__state").annotate(last_holiday=last_holiday_subquery()).get(pk=pk)
    except (Petition.DoesNotExist, ValueError):
        raise Http404


def register_qs(user):
    """The register's rows, each with the last day of the holiday calendar (`last_holiday`, a scalar subquery in the
    same query) so a provisional deadline is flagged without another query."""
    from core.dates import last_holiday_subquery

    return petition_qs(user).select_related("organization", "subject_organization").annotate(
        last_holiday=last_holiday_subquery())


@dataclass
class Provisional:
    calendar_end: datetime.date | None  # None: the holiday calendar is empty


def deadline_provisional(petition: Petition) -> Provisional | None:
    """A working-day deadline that runs past the last year the holiday calendar covers ignores the holidays not
    yet entered: it is provisional (recomputed when the calendar is completed). Reads `last_holiday` annotated by
    register_qs / petition_get, else asks the calendar."""
    from core.dates import beyond_calendar, calendar_end_of, holiday_calendar_end

    if not petition.due_on or petition.kind not in COMPLAINT_KINDS:
        return None
    if hasattr(petition, "last_holiday"):
        end = calendar_end_of(petition.last_holiday)
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
    (services.same_sender_letters). Each check: id, label, result, and the ground it leads to (if any)."""
    from django.utils.translation import ngettext

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


def due_soon_days(today: datetime.date | None = None, book: RuleBook | None = None) -> int:
    if book is not None:
        return book.value("petition_due_soon_days", on=today)
    from rules.selectors import rule_value

    return rule_value("petition_due_soon_days", on=today)


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
    from django.db.models import Count

    # Every register the user works on or supervises as inspection chair.
    counts = petition_qs(user).filter(pressing).aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)), due_soon=Count("id", filter=Q(due_on__gte=today)))
    items = [{"petition": p, "days_left": (p.due_on - today).days, "overdue_by": (today - p.due_on).days}
             for p in mine]
    return {"items": items, "overdue": counts.get("overdue", 0), "due_soon": counts.get("due_soon", 0),
            "today": today}


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
