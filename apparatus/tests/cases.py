"""The apparatus pages' scope and query-count cases (run by tests/test_scope_cases.py and test_query_cases.py).

VIEW is held by everyone with an organisation (a plain member sees no apparatus page, not even a seat of their own);
APPARATUS by the admin, the Bloc's standing committee and committee staff, the latter only strictly below their own
organisation: committee staff manage their cells' committees, not their own (`below_only`).

`build(w)` adds the apparatus data to the shared world, through the real services:

    bloc    term, executive committee: a1_full and gcell_full (allowance, but the superior level is not paid);
            no secretary (no_secretary)
    gc_a    term, executive committee: a1_full secretary (allowance), a2_full committee member (full-time);
            standing committee: a1_full; a seat of a1_exempt (allowance) held RECENT..ENDED, 11 months ago
    cell_a1 term whose next congress is due soon (congress_due); cell committee: dangvien secretary (allowance)
    cell_a2 term, cell committee: a2_full secretary (allowance)           + a2_extra, a member with no seat
    cell_a3 no term (no_term)
    gc_b / cell_b1 / cell_b2 / cell_b3 mirror side a (b1_full, b2_full, b1_away, b1_exempt; b2_full holds two
            paid seats, the higher allowance wins)
    gcell   term with an empty cell committee (no_secretary)

in `w.apparatus` (terms, bodies and seats by key, a2_extra, the allowance categories by code).
"""

import datetime
from types import SimpleNamespace

from core.testing import STAFF, VIEWERS, QueryCase, ScopeCase
from core.testing.pages import TODAY, dmy, doc

D = datetime.date


def month_start(months_back: int, today: datetime.date = TODAY) -> datetime.date:
    """The first day of the month `months_back` months before today's month."""
    index = today.year * 12 + today.month - 1 - months_back
    return D(index // 12, index % 12 + 1, 1)


RECENT = month_start(12)  # congress of most organisations: the next one is far off
DUE_SOON = month_start(28)  # a subordinate cell's congress 28 months ago: due (30 months) within the notice period
ENDED = month_start(11)  # the day the ended seats ended


def snapshot() -> dict:
    """The apparatus tables and their history: equal before and after means nothing was written."""
    from apparatus.models import Body, Seat, Term

    return {
        "terms": list(Term.objects.order_by("pk").values_list(
            "pk", "organization_id", "label", "kind", "congress_on", "started_on", "ended_on", "decision_number",
            "note")),
        "bodies": list(Body.objects.order_by("pk").values_list("pk", "term_id", "kind", "started_on", "ended_on",
                                                               "decision_number")),
        "seats": list(Seat.objects.order_by("pk").values_list(
            "pk", "body_id", "member_id", "position", "started_on", "engagement", "allowance_category_id",
            "ended_on", "end_reason", "end_decision_number")),
        "history": (Term.history.count(), Body.history.count(), Seat.history.count()),
    }


def build(w) -> None:
    from apparatus import services
    from apparatus.models import AllowanceCategory, Body, Seat
    from members.services import member_register

    actor = w.actor
    cat = {c.code: c for c in AllowanceCategory.objects.all()}
    m = w.members
    a2_extra = member_register(
        actor=actor, organization=w.cell_a2, status="full", admitted_on=D(2016, 3, 15), full_on=D(2017, 3, 15),
        full_name="Ông Văn Thêm", gender="male", date_of_birth=D(1985, 6, 6), citizen_id="001085098765",
        card_number="TD098765", hometown="Vĩnh Phúc", position="Chuyên viên", agency="Văn phòng Sở Tài chính")
    terms, bodies, seats = {}, {}, {}

    def term(key, congress_on, create_main_body=True):
        terms[key] = services.term_open(actor=actor, organization=w.orgs[key], label=f"{congress_on.year}–"
                                        f"{congress_on.year + 5}", congress_on=congress_on,
                                        create_main_body=create_main_body)
        if create_main_body:
            bodies[key] = terms[key].bodies.get()
        return terms[key]

    def seat(key, body, member, position, allowance=None, **kwargs):
        seats[key] = services.seat_assign(
            actor=actor, body=body, member=member, position=position,
            started_on=kwargs.pop("started_on", max(RECENT, body.started_on)),
            allowance_category=cat[allowance] if allowance else None, **kwargs)
        return seats[key]

    term("bloc", RECENT)
    seat("bloc_a1", bodies["bloc"], m["a1_full"], "committee_member")
    seat("bloc_g", bodies["bloc"], m["gcell_full"], "committee_member", "grassroots_member")
    term("gcell", RECENT)
    for side, full, second, third in (("a", "a1_full", "a2_full", "dangvien"), ("b", "b1_full", "b2_full", "b1_away")):
        term(f"gc_{side}", RECENT)
        bodies[f"gc_{side}_standing"] = services.body_create(actor=actor, term=terms[f"gc_{side}"],
                                                             kind=Body.Kind.STANDING_COMMITTEE)
        executive = bodies[f"gc_{side}"]
        seat(f"gc_{side}_secretary", executive, m[full], "secretary", "grassroots_secretary")
        if side == "a":
            seat("gc_a_member", executive, m[second], "committee_member", engagement=Seat.Engagement.FULL_TIME)
        else:
            seat("gc_b_member", executive, m[second], "committee_member", "grassroots_member")
        seat(f"gc_{side}_standing", bodies[f"gc_{side}_standing"], m[full], "secretary")
        gone = seat(f"gc_{side}_ended", executive, m[f"{side}1_exempt"], "committee_member", "grassroots_member")
        services.seat_end(actor=actor, seat=gone, ended_on=ENDED, end_reason=Seat.EndReason.RESIGNED)
        term(f"cell_{side}1", DUE_SOON)
        seat(f"cell_{side}1_secretary", bodies[f"cell_{side}1"], m[third], "secretary", "cell_secretary")
        term(f"cell_{side}2", RECENT)
        seat(f"cell_{side}2_secretary", bodies[f"cell_{side}2"], m[f"{side}2_full"], "secretary", "cell_secretary")
    for s in seats.values():
        s.refresh_from_db()
    w.apparatus = SimpleNamespace(terms=terms, bodies=bodies, seats=seats, a2_extra=a2_extra, categories=cat)


# ---- what the cases are aimed at, and payloads that succeed for an opener ----------------------------------------

def org(w, place):
    return [w.orgs[place].pk]


def term_at(w, place):
    return [w.apparatus.terms[place].pk]


def body_at(w, place):
    return [w.apparatus.bodies[place].pk]


# The seat a page is aimed at, by place: a committee's member (not its secretary), a cell's secretary.
SEATS = {"bloc": "bloc_g", "gc_a": "gc_a_member", "gc_b": "gc_b_member", "cell_a1": "cell_a1_secretary",
         "cell_a2": "cell_a2_secretary", "cell_b1": "cell_b1_secretary", "cell_b2": "cell_b2_secretary"}


def seat_at(w, place):
    return [w.apparatus.seats[SEATS[place]].pk]


def ended_seat_at(w, place):
    return [w.apparatus.seats[f"{place}_ended"].pk]


def term_open_payload(w, place):
    return {"label": f"{TODAY.year}–{TODAY.year + 5}", "kind": "congress", "congress_on": dmy(TODAY),
            "started_on": "", "decision_number": "", "create_main_body": "on", "reason": ""}


def term_correct_payload(w, place):
    term = w.apparatus.terms[place]
    return {"label": term.label + " (sửa)", "congress_on": dmy(term.congress_on), "decision_number": "12-QĐ/ĐU",
            "note": "", "reason": "Sửa nhầm số quyết định"}


def body_create_payload(w, place):
    return {"kind": "inspection_committee", "started_on": "", "decision_number": "13-QĐ/ĐU", "reason": ""}


DEPUTIES = {"gc_a": "dangvien", "cell_a1": "a1_full", "cell_b1": "b1_full"}  # cell_a2: a2_extra


def seat_assign_payload(w, place):
    deputy = w.apparatus.a2_extra if place == "cell_a2" else w.members[DEPUTIES[place]]
    category = "" if place == "gc_a" else w.apparatus.categories["cell_deputy"].pk
    return {"member": deputy.pk, "position": "deputy_secretary", "started_on": dmy(TODAY), "start_method": "elected",
            "decision_number": "", "engagement": "concurrent", "allowance_category": category, "reason": ""}


def seat_end_payload(w, place):
    return {"ended_on": dmy(TODAY), "end_reason": "resigned", "decision_number": "", "reason": "Xin thôi"}


def seat_update_payload(w, place):
    return {"engagement": "full_time", "allowance_category": "", "reason": "Chuyển sang chuyên trách"}


# ---- the marks of each list: what identifies its rows at a place -------------------------------------------------

def member_names(by_place: dict[str, tuple[str, ...]]):
    def marks(w, place) -> set[str]:
        return {w.members[key].full_name for key in by_place[place]}
    return marks


def org_names(w, place) -> set[str]:
    return {w.orgs[place].name}


# Holders of the seats in office at each place (the bloc's are left out: its name may be shown as a parent).
SEAT_HOLDERS = {"gc_a": ("a1_full", "a2_full"), "cell_a1": ("dangvien",), "cell_a2": ("a2_full",),
                "gc_b": ("b1_full", "b2_full"), "cell_b1": ("b1_away",), "cell_b2": ("b2_full",)}
# Who is paid this month, by the organisation of the seat that pays the most.
PAID = {"gc_a": ("a1_full",), "cell_a1": ("dangvien",), "cell_a2": ("a2_full",), "gc_b": ("b1_full", "b2_full"),
        "cell_b1": ("b1_away",)}
PROBLEM_PLACES = ("cell_a1", "cell_a3", "cell_b1", "cell_b3")  # congress due soon, no term
GRASSROOTS = ("gc_a", "gc_b", "gcell")

SEAT_LIST = dict(marks=member_names(SEAT_HOLDERS), mark_places=tuple(SEAT_HOLDERS))
PAID_LIST = dict(marks=member_names(PAID), mark_places=tuple(PAID))
WRITE = dict(openers=STAFF, below_only=True)

SCOPE_CASES = [
    ScopeCase("apparatus:health", VIEWERS, marks=org_names, mark_places=PROBLEM_PLACES),
    ScopeCase("apparatus:health", VIEWERS, marks=org_names, mark_places=("cell_a1", "cell_b1"),
              query="problem=congress_due"),
    ScopeCase("apparatus:staffing", VIEWERS, marks=org_names, mark_places=GRASSROOTS),
    ScopeCase("apparatus:staffing", VIEWERS, marks=org_names, mark_places=GRASSROOTS, query="export=xlsx"),
    ScopeCase("apparatus:allowances", VIEWERS, **PAID_LIST),
    ScopeCase("apparatus:allowances", VIEWERS, query=f"month={TODAY:%Y-%m}&export=xlsx", **PAID_LIST),
    ScopeCase("apparatus:seats", VIEWERS, **SEAT_LIST),
    ScopeCase("apparatus:seats", VIEWERS, query="level=grassroots", marks=member_names(SEAT_HOLDERS),
              mark_places=("gc_a", "gc_b")),
    ScopeCase("apparatus:seats", VIEWERS, query="export=csv", **SEAT_LIST),
    ScopeCase("apparatus:seats", VIEWERS, query="state=all&export=xlsx", **SEAT_LIST),
    ScopeCase("apparatus:seat", VIEWERS, at=tuple(SEATS), args=seat_at),
    ScopeCase("apparatus:seat", VIEWERS, at=("gc_a", "gc_b"), args=ended_seat_at, name="ended"),
    ScopeCase("apparatus:organization", VIEWERS, args=org,
              at=("bloc", "gc_a", "cell_a1", "cell_a2", "cell_a3", "gc_b", "cell_b1", "cell_b2", "cell_b3", "gcell")),
    ScopeCase("apparatus:term_open", at=("gc_a", "cell_a1", "cell_a3", "cell_b3"), args=org,
              payload=term_open_payload, **WRITE),
    ScopeCase("apparatus:term_correct", at=("gc_a", "cell_a1", "cell_a2", "cell_b1"), args=term_at,
              payload=term_correct_payload, **WRITE),
    ScopeCase("apparatus:body_create", at=("gc_a", "gc_b"), args=term_at, payload=body_create_payload, **WRITE),
    ScopeCase("apparatus:seat_assign", at=("gc_a", "cell_a1", "cell_a2", "cell_b1"), args=body_at,
              payload=seat_assign_payload, **WRITE),
    ScopeCase("apparatus:seat_end", at=("gc_a", "cell_a1", "cell_a2", "cell_b1"), args=seat_at,
              payload=seat_end_payload, **WRITE),
    ScopeCase("apparatus:seat_update", at=("gc_a", "cell_a1", "cell_a2", "cell_b1"), args=seat_at,
              payload=seat_update_payload, **WRITE),
]


# ---- data grown for the query counts ------------------------------------------------------------------------------

def grow(w, factor: int) -> None:
    """The members' slices (members.tests.cases.grow), each with terms, committees and seats: gc_a's and gc_b's
    executive committees gain two seats of members of their cells, cell_a1 and every new cell a secretary."""
    from members.tests.cases import grow as grow_members

    for _ in range(factor):
        before = len(w.grown["cells"]) if hasattr(w, "grown") else 0
        grow_members(w, 1)
        _grow_apparatus(w, w.grown["cells"][before:])


def _grow_apparatus(w, new_cells) -> None:
    from apparatus import services
    from apparatus.models import AllowanceCategory, Body, Term
    from members.models import Member

    actor = w.actor
    congress_on = D(2025, 6, 10)
    category = AllowanceCategory.objects.order_by("sort_order").first()
    for organization in (w.gc_a, w.gc_b, w.cell_a1, *new_cells):
        term = Term.objects.filter(organization=organization, ended_on__isnull=True).first() or services.term_open(
            actor=actor, organization=organization, label="2025–2030", congress_on=congress_on)
        body = term.bodies.get(kind__in=(Body.Kind.EXECUTIVE_COMMITTEE, Body.Kind.CELL_COMMITTEE))
        taken = set(body.seats.filter(ended_on__isnull=True).values_list("member_id", flat=True))
        if organization.kind.holds_members:
            candidates = [m for m in organization.members.filter(status="full", full_on__lt=congress_on)
                          if m.pk not in taken]
            if candidates and not body.seats.filter(position="secretary").exists():
                services.seat_assign(actor=actor, body=body, member=candidates[0], position="secretary",
                                     started_on=congress_on, allowance_category=category)
            continue
        below = list(Member.objects.filter(organization__parent=organization, status="full",
                                           full_on__lt=congress_on).exclude(pk__in=taken)[:2])
        for i, member in enumerate(below):
            position = "secretary" if not body.seats.filter(position="secretary").exists() and i == 0 \
                else "committee_member"
            services.seat_assign(actor=actor, body=body, member=member, position=position, started_on=congress_on,
                                 allowance_category=category, engagement="full_time" if i else "concurrent")


def seat_rows(response):
    return doc(response).xpath('//table[@id="seat-table"]/tbody/tr[td/a]')


def problem_rows(response):
    return doc(response).xpath('//table[@id="problems"]/tbody/tr[@data-code]')


def staffing_rows(response):
    return doc(response).xpath('//table[@id="staffing"]/tbody/tr')


def allowance_rows(response):
    return doc(response).xpath('//table[@id="allowances"]/tbody/tr[td/a]')


def committee_rows(response):
    return doc(response).xpath('//tr[contains(@class, "seat")]')


QUERY_CASES = [
    QueryCase("organization_detail", lambda w: f"/organizations/{w.gc_a.pk}/", 27),  # +2: sub-units' totals
    QueryCase("apparatus_health", "/apparatus/health/", 13, rows=problem_rows),
    QueryCase("apparatus_staffing", "/apparatus/staffing/", 11, rows=staffing_rows),
    # exports: +1 since issue 12 (the scope asks every user's own member record)
    QueryCase("apparatus_staffing_xlsx", "/apparatus/staffing/?export=xlsx", 11),  # +1: export event
    QueryCase("apparatus_allowances", "/apparatus/allowances/?month=2026-06", 8, rows=allowance_rows),
    QueryCase("apparatus_allowances_xlsx", "/apparatus/allowances/?month=2026-06&export=xlsx", 8),  # +1: export event
    QueryCase("apparatus_seats", "/apparatus/seats/", 9, rows=seat_rows),
    QueryCase("apparatus_seats_grassroots", "/apparatus/seats/?level=grassroots&sort=member", 9, rows=seat_rows),
    QueryCase("apparatus_seats_xlsx", "/apparatus/seats/?state=all&export=xlsx", 8),  # +1: export event
    QueryCase("apparatus_seats_of_one_body", lambda w: f"/apparatus/seats/?organization={w.gc_a.pk}&direct=true"
              "&body_kind=executive_committee", 10, rows=seat_rows),
    # +1: the term's slot (news: may the user write for the site, or the article drafted from the congress)
    QueryCase("apparatus_organization", lambda w: f"/apparatus/organizations/{w.gc_a.pk}/", 19, rows=committee_rows),
    QueryCase("apparatus_cell", lambda w: f"/apparatus/organizations/{w.cell_a1.pk}/", 19, rows=committee_rows),
]
