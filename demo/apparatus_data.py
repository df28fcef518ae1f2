"""Demo apparatus: the terms of every organisation that elects a committee, and for the current term (and,
for grassroots organisations, the term before) its bodies and the seats members hold on them.

The calendar follows the Party's rhythm: subordinate cells hold their congress first (February–April), then
the grassroots organisations (April–June), then the Bloc (July), every five years from 2015; subordinate
cells also hold one between (September–November two years later), so they meet twice in five years (they
are recorded from that 2017 congress on).
Only congresses dated before `today` are recorded. Organisations set up between congresses begin with a
term designated by the superior. Ended organisations (transferred out, merged away) get no terms.

On top of the clean data the demo carries two problems for the apparatus health page: one grassroots
committee whose 2025 congress has not been held (congress overdue) and one subordinate cell whose secretary
moved away (or, failing a former member who did, was reassigned) during the term with no replacement yet.

Seats are chosen among full members registered in the organisation or below it, who were full members
and registered there when the seat began; heads of agencies and units come first (the member loader creates
them first in each organisation). Everything is bulk-inserted with its history rows, and every random draw
comes from its own `random.Random`, so the member files stay the same with or without this module.
"""

import bisect
import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from apparatus.models import AllowanceCategory, Body, Seat, Term
from core.text import fold, nfc
from members.models import Member, Membership
from organizations.models import Organization
from rules.selectors import RuleBook, RuleMissing

AGENCY_CELL_NAME = "Chi bộ Cơ quan Đảng ủy Khối"
STANDING_DEPUTY_NAME = "Trần Quốc Hưng"  # the demo user `khoi`
FIRST_CYCLE = 2015
KEEP_SHARE = 0.8  # chance that someone who could have sat on the previous committee did

SUPERIOR, GRASSROOTS, BELOW = "superior", "grassroots", "below_grassroots"
D = datetime.date


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


# ---------------------------------------------------------------------------------------------------------------
# the plan of the apparatus (plain Python)

@dataclass(eq=False)
class _Cand:
    """A full member who may hold a seat."""

    id: int
    org: int
    full_on: D
    avail: D  # full member and registered where they are now since this day
    name: str
    male: bool
    busy: bool  # away on temporary transfer or exempt from work: chosen only when nobody else can be


@dataclass(eq=False)
class _Org:
    id: int
    parent_id: int | None
    kind: str
    tier: str
    holds: bool
    established_on: D
    name: str
    decision_number: str
    children: list = field(default_factory=list)
    cands: list = field(default_factory=list)
    full_dates: list = field(default_factory=list)  # full_on of every full member registered here, sorted
    members: int = 0  # active members in the subtree
    terms: list = field(default_factory=list)

    @property
    def full(self) -> int:
        return len(self.full_dates)

    def full_on_day(self, on: D) -> int:
        """Full members on `on` as the seat service counts them."""
        return bisect.bisect_right(self.full_dates, on)


@dataclass(eq=False)
class _Seat:
    cand: _Cand
    position: str
    started_on: D
    method: str = "elected"
    decision: str = ""
    engagement: str = "concurrent"
    category: str = ""
    ended_on: D | None = None
    end_reason: str = ""
    end_decision: str = ""


@dataclass(eq=False)
class _Body:
    kind: str
    started_on: D
    ended_on: D | None
    decision: str
    seats: list = field(default_factory=list)


@dataclass(eq=False)
class _Term:
    org: _Org
    label: str
    kind: str  # congress / designated
    congress_on: D | None
    started_on: D
    ended_on: D | None = None
    decision: str = ""
    note: str = ""
    bodies: list = field(default_factory=list)

    @property
    def method(self) -> str:
        return "designated" if self.kind == "designated" else "elected"


# allowance categories by (tier of the organisation, body kind, position); missing = no category
def _category(tier: str, body_kind: str, position: str) -> str:
    if tier == SUPERIOR:
        return ""
    if body_kind == "inspection_committee":
        return "inspection_member" if tier == GRASSROOTS else ""
    if tier == GRASSROOTS:
        return {"secretary": "grassroots_secretary", "deputy_secretary": "grassroots_deputy",
                "standing_deputy_secretary": "grassroots_deputy"}.get(position, "grassroots_member")
    return {"secretary": "cell_secretary", "deputy_secretary": "cell_deputy"}.get(position, "")


def executive_size(members: int) -> tuple[int, int, int]:
    """(natural size, smallest, largest) of a grassroots committee's executive committee."""
    if members < 50:
        return 7, 5, 7
    if members < 100:
        return 9, 9, 11
    if members < 200:
        return 11, 9, 11
    if members < 300:
        return 13, 13, 15
    return 15, 13, 15


def cell_committee_size(full: int, threshold: int) -> tuple[int, int, int]:
    """(natural size, smallest, largest) of a cell's committee: 3–5 from `threshold` full members, else a
    secretary and, from four full members, a deputy."""
    if full >= threshold:
        return (5 if full >= 20 else 3), 3, 5
    if full >= 4:
        return 2, 1, 2
    return 1, 1, min(2, max(1, full))


class ApparatusBuilder:
    def __init__(self, plan, *, seed: int, today: D, admin, change_reason: str, batch_size: int = 2000,
                 committee_seats: int | None = None, chibo_name: str | None = None):
        self.plan = plan
        self.today = today
        self.admin = admin
        self.change_reason = change_reason
        self.batch_size = batch_size
        self.target = committee_seats
        self.chibo_name = chibo_name
        self.rng = random.Random(f"dangbo-demo-apparatus-{seed}")
        self.counts: Counter = Counter()
        self.overdue: _Org | None = None
        self.vacant: _Org | None = None
        self.standing_deputy: _Cand | None = None

    # -- reading what the member loader made ---------------------------------------------------------------------
    def load(self) -> None:
        from django.db.models import Count


        rules = RuleBook()

        def rule(code, default):
            try:
                return rules.value(code, on=self.today)
            except RuleMissing:
                return default

        self.threshold = rule("cell_committee_min_full_members", 9)
        self.cell_max = rule("cell_committee_max_size", 7)
        rows = (Organization.objects.filter(status=Organization.Status.ACTIVE, kind__elects_committee=True)
                .order_by("id").values_list("id", "parent_id", "kind__code", "kind__tier", "kind__holds_members",
                                            "established_on", "name", "decision_number"))
        self.orgs = {row[0]: _Org(*row) for row in rows}
        for org in self.orgs.values():
            parent = self.orgs.get(org.parent_id)
            if parent is not None:
                parent.children.append(org)
        self.root = next((o for o in self.orgs.values() if o.tier == SUPERIOR and o.parent_id not in self.orgs),
                         None)
        joins = dict(Membership.objects.filter(member__status="full", kind="permanent", ended_on__isnull=True)
                     .order_by("started_on").values_list("member_id", "started_on"))
        members = (Member.objects.filter(status="full", organization_id__in=[o.id for o in self.orgs.values()
                                                                              if o.holds])
                   .order_by("id").values_list("id", "organization_id", "full_on", "full_name", "gender",
                                               "exempted_since", "temporary_organization_id", "temporary_external"))
        for pk, org_id, full_on, name, gender, exempted, temporary_org, temporary_ext in members:
            org = self.orgs[org_id]
            full_on = full_on or self.today
            org.full_dates.append(full_on)
            avail = max(full_on, joins.get(pk, full_on))
            org.cands.append(_Cand(pk, org_id, full_on, avail, name, gender == "male",
                                   bool(exempted or temporary_org or temporary_ext)))
        for org in self.orgs.values():
            org.full_dates.sort()
        active = (Member.objects.filter(status__in=("full", "probationary"), organization_id__in=list(self.orgs))
                  .values_list("organization_id").annotate(n=Count("id")).order_by())
        for org_id, n in active:
            org = self.orgs[org_id]
            while org is not None:
                org.members += n
                org = self.orgs.get(org.parent_id)
        # Former members who moved away during the current term: one may have been a cell's secretary.
        self.movers = list(
            Member.objects.filter(status="transferred_out", full_on__isnull=False, organization__kind__code="cell",
                                  organization__status=Organization.Status.ACTIVE)
            .order_by("organization_id", "id")
            .values_list("id", "organization_id", "full_on", "status_since", "full_name", "gender")
        )
        self.mover_joins = dict(Membership.objects.filter(member_id__in=[m[0] for m in self.movers],
                                                          kind="permanent").order_by("started_on")
                                .values_list("member_id", "started_on"))

    # -- the calendar ----------------------------------------------------------------------------------------------
    def _schedule(self, org: _Org) -> list[tuple[D, str]]:
        """(congress date, term label) of every congress of the organisation's rhythm, from 2015 for grassroots
        organisations and the Bloc, from 2017 for subordinate cells (not filtered by date). An organisation
        meets on the same day of the season every cycle, so a congress is never late just by the calendar."""
        rng, out = self.rng, []
        season, mid_season = rng.randint(0, 75), rng.randint(0, 76)
        for year in range(FIRST_CYCLE, self.today.year + 1, 5):
            if org.tier == SUPERIOR:
                out.append((D(year, 7, 10) + _days(season % 21), f"{year}–{year + 5}"))
            elif org.tier == GRASSROOTS:
                out.append((D(year, 4, 10) + _days(season), f"{year}–{year + 5}"))
            else:  # recorded from the mid-term congress of the first cycle
                if year > FIRST_CYCLE:
                    out.append((D(year, 2, 20) + _days(season % 45), f"{year}–{year + 2}"))
                out.append((D(year + 2, 9, 15) + _days(mid_season), f"{year + 2}–{year + 5}"))
        return out

    def _decision(self, org: _Org) -> str:
        rng = self.rng
        if org.tier == SUPERIOR:
            return f"{rng.randint(1200, 2999)}-QĐ/TU"
        if org.tier == GRASSROOTS:
            return f"{rng.randint(100, 999)}-QĐ/ĐUK"
        return f"{rng.randint(10, 450)}-QĐ/ĐU"

    def terms(self) -> None:
        today = self.today
        committees = [o for o in self.orgs.values() if o.kind == "grassroots_committee"]
        transferred_in = {o.pk for o in self.plan.grassroots if o.special == "transfer_in"}
        self.overdue = self._choose_overdue(committees or [o for o in self.orgs.values() if o.tier == GRASSROOTS])
        for org in self.orgs.values():
            schedule = [(day, label) for day, label in self._schedule(org) if day < today]
            if org is self.overdue and len(schedule) >= 2:
                schedule = schedule[:-1]  # the congress of the latest term has not been held
            held = [(day, label) for day, label in schedule if day > org.established_on]
            skipped = [(day, label) for day, label in schedule if day <= org.established_on]
            terms = []
            if skipped and org.established_on < today and (not held or held[0][0] > org.established_on):
                label = skipped[-1][1]
                note = "Cấp trên chỉ định cấp ủy lâm thời khi thành lập tổ chức đảng."
                if org.id in transferred_in:
                    note = "Tiếp nhận tổ chức đảng; cấp ủy nhiệm kỳ đương nhiệm tiếp tục hoạt động đến đại hội."
                terms.append(_Term(org, label, "designated", None, org.established_on,
                                   decision=org.decision_number or self._decision(org), note=nfc(note)))
            for day, label in held:
                terms.append(_Term(org, label, "congress", day, day, decision=self._decision(org)))
            for before, after in zip(terms, terms[1:], strict=False):
                before.ended_on = after.started_on
            org.terms = terms
            self.counts["terms"] += len(terms)

    def _choose_overdue(self, candidates: list[_Org]) -> _Org | None:
        coso = self.plan.coso.pk if self.plan.coso else None
        pool = [o for o in candidates if o.id != coso and o.established_on.year < FIRST_CYCLE]
        medium = [o for o in pool if 50 <= o.members < 100]
        pool = medium or pool or [o for o in candidates if o.id != coso] or candidates
        return self.rng.choice(pool) if pool else None

    # -- choosing people -------------------------------------------------------------------------------------------
    def _pick(self, pool, on: D, n: int, taken: set, *, strict: bool = False,
              prefer: D | None = None) -> list[tuple[_Cand, D]]:
        """Up to `n` people from `pool` (in order of preference) not in `taken`, with the day each seat begins:
        `on` for whoever was a full member registered here by then, otherwise (unless `strict`) a little after
        they became one (a by-election). With `prefer`, those already here on that day come first (committees
        are mostly re-elected)."""
        chosen = []
        passes = (0, 1) if strict else (0, 1, 2)
        if prefer is not None:
            passes = (-1,) + passes
        for pass_ in passes:
            for cand in pool:
                if len(chosen) >= n:
                    return chosen
                if cand.id in taken:
                    continue
                if pass_ == -1 and (cand.avail > min(on, prefer) or cand.busy):
                    continue
                if pass_ == 0 and (cand.avail > on or cand.busy):
                    continue
                if pass_ == 1 and cand.avail > on:
                    continue
                start = on if cand.avail <= on else min(max(on, cand.avail + _days(30)), self.today)
                chosen.append((cand, start))
                taken.add(cand.id)
        return chosen

    def _committee_pool(self, org: _Org) -> list[_Cand]:
        """Members of a grassroots committee's cells: the agency's leaders (first cell), heads of the other cells
        (largest first), then everyone else taking turns by cell."""
        cells = [c for c in org.children if c.holds]
        if not cells:
            return []
        lead, others = cells[0], sorted(cells[1:], key=lambda c: (-c.full, c.id))
        pool = lead.cands[:3] + [c.cands[0] for c in others if c.cands] + lead.cands[3:]
        depth = max((len(c.cands) for c in others), default=0)
        for i in range(1, depth):
            pool.extend(c.cands[i] for c in others if len(c.cands) > i)
        return pool

    # -- bodies of the current term --------------------------------------------------------------------------------
    def sizes(self) -> dict[int, int]:
        """Size of the main body of each grassroots organisation, shared to meet the target if there is one."""
        sizes, bounds = {}, {}
        for org in self.orgs.values():
            if org.tier != GRASSROOTS:
                continue
            if org.holds:
                natural, low, high = cell_committee_size(org.full, self.threshold)
                high = min(high, self.cell_max)
            else:
                natural, low, high = executive_size(org.members)
                available = len(self._committee_pool(org))
                natural, high = min(natural, available), min(high, available)
                low = min(low, high)
            sizes[org.id], bounds[org.id] = natural, (low, high)
        if self.target is not None and sizes:
            order = sorted(sizes, key=lambda pk: (-self.orgs[pk].members, pk))
            step = 1 if self.target > sum(sizes.values()) else -1
            if step < 0:
                order.reverse()
            while sum(sizes.values()) != self.target:
                moved = False
                for pk in order:
                    if sum(sizes.values()) == self.target:
                        break
                    low, high = bounds[pk]
                    if low <= sizes[pk] + step <= high:
                        sizes[pk] += step
                        moved = True
                if not moved:
                    break
        return sizes

    def current_bodies(self) -> None:
        sizes = self.sizes()
        self.vacant, mover = self._choose_vacancy()
        chibo = self.plan.chibo.pk if self.plan.chibo else None
        for org in self.orgs.values():
            term = org.terms[-1] if org.terms else None
            if term is None or term.ended_on is not None or org.tier == SUPERIOR:
                continue
            if org.holds:
                size = sizes.get(org.id) or cell_committee_size(org.full, self.threshold)[0]
                first = None
                if org.id == chibo and self.chibo_name:
                    first = next((c for c in org.cands if c.name == self.chibo_name), None)
                if org is self.vacant:
                    first = mover
                    if size >= 3:
                        size = max(size, 4)  # the committee keeps its minimum without the secretary
                self._cell_committee(org, term, size, first=first)
            else:
                self._grassroots_committee(org, term, sizes.get(org.id) or executive_size(org.members)[0])
        if self.vacant is not None:
            self._vacate(self.vacant, mover)
        if self.root is not None and self.root.terms and self.root.terms[-1].ended_on is None:
            self._bloc(self.root, self.root.terms[-1])

    def _cell_committee(self, org: _Org, term: _Term, size: int, *, first: _Cand | None = None) -> _Body:
        body = _Body("cell_committee", term.started_on, term.ended_on, term.decision if term.kind == "designated"
                     else "")
        term.bodies.append(body)
        on = term.started_on
        pool = list(org.cands)
        if first is not None:
            pool = [first] + [c for c in pool if c is not first]
        taken: set = set()
        head = self._pick(pool, on, 1, taken) if first is None else [(first, self._start(first, on))]
        taken.update(c.id for c, _s in head)
        deputies = self._pick(pool, on, min(1, size - 1), taken)
        members = []
        if size > 2:
            # committee members only once the cell counts enough full members (a by-election otherwise)
            reached = org.full_dates[self.threshold - 1] if org.full >= self.threshold else self.today
            when = on if org.full_on_day(on) >= self.threshold else min(reached + _days(20), self.today)
            members = self._pick(pool, when, size - 2, taken, prefer=self._previous_start(org))
        chosen = ([(c, s, "secretary") for c, s in head] + [(c, s, "deputy_secretary") for c, s in deputies]
                  + [(c, s, "committee_member") for c, s in members])
        for cand, start, position in chosen:
            body.seats.append(self._seat(org, body, term, cand, position, start))
        return body

    def _previous_start(self, org: _Org) -> D | None:
        """When the term before the current one began, for the organisations whose previous bodies are made."""
        return org.terms[-2].started_on if org.tier == GRASSROOTS and len(org.terms) >= 2 else None

    def _start(self, cand: _Cand, on: D) -> D:
        return on if cand.avail <= on else min(cand.avail + _days(30), self.today)

    def _seat(self, org: _Org, body: _Body, term: _Term, cand: _Cand, position: str, start: D,
              engagement: str = "concurrent") -> _Seat:
        method = term.method if start == body.started_on else "elected"
        return _Seat(cand, position, start, method=method, decision=term.decision if method == "designated" else "",
                     engagement=engagement, category=_category(org.tier, body.kind, position),
                     ended_on=body.ended_on, end_reason="term_ended" if body.ended_on else "")

    def _grassroots_committee(self, org: _Org, term: _Term, size: int) -> None:
        on = term.started_on
        pool = self._committee_pool(org)
        taken: set = set()
        deputies = 1 if size < 9 else 2
        chosen = self._pick(pool, on, 1 + deputies, taken)
        chosen += self._pick(pool, on, size - len(chosen), taken, prefer=self._previous_start(org))
        standing_members = 2 if size >= 13 else 0
        positions = (["secretary"] + ["deputy_secretary"] * deputies + ["standing_committee_member"] * standing_members)
        people = [(c, s, positions[i] if i < len(positions) else "committee_member") for i, (c, s) in enumerate(chosen)]
        extra = self._pick(pool, on, 4 if size >= 11 else 2, taken, prefer=self._previous_start(org))
        self._committee_bodies(org, term, people, extra)

    def _committee_bodies(self, org: _Org, term: _Term, people: list, extra: list) -> None:
        """Executive, standing (9 or more members) and inspection committees from the executive committee's
        people [(member, start, position)] and a few others for the inspection committee."""
        decision = term.decision if term.kind == "designated" else ""
        executive = _Body("executive_committee", term.started_on, term.ended_on, decision)
        term.bodies.append(executive)
        for cand, start, position in people:
            executive.seats.append(self._seat(org, executive, term, cand, position, start))
        if len(people) >= 9:
            standing = _Body("standing_committee", term.started_on, term.ended_on, decision)
            term.bodies.append(standing)
            for cand, start, position in people:
                if position != "committee_member":
                    standing.seats.append(self._seat(org, standing, term, cand, position, start))
        plain = [(c, s) for c, s, p in people if p == "committee_member"]
        chair = plain[-1] if plain else (people[-1][:2] if len(people) > 1 else None)
        if org.tier == BELOW:  # a sub-committee elects no inspection committee
            return
        inspection = _Body("inspection_committee", term.started_on, term.ended_on, decision)
        term.bodies.append(inspection)
        others = ([chair] if chair else []) + list(extra)
        for index, (cand, start) in enumerate(others):
            position = ("inspection_chair", "inspection_deputy_chair")[index] if index < 2 else "inspection_member"
            inspection.seats.append(self._seat(org, inspection, term, cand, position, start))

    # -- the vacancy -----------------------------------------------------------------------------------------------
    def _choose_vacancy(self) -> tuple[_Org | None, _Cand | None]:
        """A subordinate cell whose secretary moved away during the term (a former member who transferred out),
        or failing that one whose secretary is reassigned; never the demo secretary's cell."""
        chibo = self.plan.chibo.pk if self.plan.chibo else None
        cells = [o for o in self.orgs.values() if o.kind == "cell" and o.id != chibo and o.terms
                 and o.terms[-1].ended_on is None and o.terms[-1].kind == "congress"]
        by_id = {o.id: o for o in cells}
        for pk, org_id, full_on, left_on, name, gender in self.movers:
            org = by_id.get(org_id)
            if org is None:
                continue
            start = org.terms[-1].started_on
            joined = self.mover_joins.get(pk, full_on)
            if full_on <= start and joined <= start and start + _days(60) <= left_on <= self.today - _days(20):
                return org, _Cand(pk, org_id, full_on, max(full_on, joined), name, gender == "male", False)
        small = [o for o in cells if o.full < self.threshold] or cells
        if not small:
            return None, None
        return self.rng.choice(small), None

    def _vacate(self, org: _Org, mover: _Cand | None) -> None:
        body = org.terms[-1].bodies[0]
        seat = next(s for s in body.seats if s.position == "secretary")
        if mover is not None:
            left = next(m[3] for m in self.movers if m[0] == mover.id)
            seat.ended_on, seat.end_reason = left, "transferred_out"
        else:
            seat.ended_on = max(seat.started_on + _days(30), self.today - _days(self.rng.randint(90, 150)))
            seat.ended_on = min(seat.ended_on, self.today)
            seat.end_reason, seat.end_decision = "reassigned", f"{self.rng.randint(10, 450)}-QĐ/ĐU"

    # -- the Bloc ----------------------------------------------------------------------------------------------------
    def _bloc(self, root: _Org, term: _Term) -> None:
        on = term.started_on
        grassroots = sorted((o for o in root.children if o.tier == GRASSROOTS), key=lambda o: (-o.members, o.id))
        agency = next((o for o in grassroots if o.name == AGENCY_CELL_NAME and o.holds), None)
        if agency is not None:
            leaders_pool = list(agency.cands)
        else:  # no agency cell at this size: the largest grassroots cell, then everyone
            cells = [o for o in grassroots if o.holds]
            leaders_pool = [c for o in cells[:1] for c in o.cands]
            leaders_pool += [c for o in sorted(self.orgs.values(), key=lambda o: o.id) if o.holds
                             for c in o.cands if o not in cells[:1]]
        taken: set = set()
        secretary = self._pick(leaders_pool, on, 1, taken, strict=True)
        males = [c for c in leaders_pool if c.male]
        standing_deputy = self._pick(males, on, 1, taken, strict=True) or self._pick(leaders_pool, on, 1, taken,
                                                                                      strict=True)
        deputies = self._pick(leaders_pool, on, 2, taken, strict=True)
        chair = self._pick(leaders_pool, on, 1, taken, strict=True)
        leaders = ([(c, s, "secretary") for c, s in secretary]
                   + [(c, s, "standing_deputy_secretary") for c, s in standing_deputy]
                   + [(c, s, "deputy_secretary") for c, s in deputies])
        if standing_deputy:
            self.standing_deputy = standing_deputy[0][0]
        size = min(33, 5 + len(grassroots))
        secretaries = []
        for org in grassroots:
            main = next((b for b in (org.terms[-1].bodies if org.terms else ())
                         if b.kind in ("executive_committee", "cell_committee")), None)
            seat = next((s for s in main.seats if s.position == "secretary" and s.ended_on is None), None) \
                if main else None
            if seat is not None and seat.started_on <= on and seat.cand.id not in taken:
                secretaries.append((seat.cand, on))
                taken.add(seat.cand.id)
        rest = secretaries[: max(0, size - len(leaders) - len(chair))]
        n_standing = 4 if size >= 21 else 0
        people = (leaders + [(c, s, "standing_committee_member") for c, s in chair]
                  + [(c, s, "standing_committee_member") for c, s in rest[:n_standing]]
                  + [(c, s, "committee_member") for c, s in rest[n_standing:]])
        executive = _Body("executive_committee", on, None, "")
        standing = _Body("standing_committee", on, None, "")
        inspection = _Body("inspection_committee", on, None, "")
        term.bodies.extend([executive, standing, inspection])
        full_time = {"secretary", "standing_deputy_secretary", "deputy_secretary"}
        for cand, start, position in people:
            engagement = "full_time" if position in full_time else "concurrent"
            executive.seats.append(self._seat(root, executive, term, cand, position, start, engagement))
            if position != "committee_member":
                standing.seats.append(self._seat(root, standing, term, cand, position, start, engagement))
        members = self._pick(leaders_pool, on, 1 if size < 21 else 2, taken, strict=True)
        inspection_chairs = []
        for org in grassroots:
            body = next((b for b in (org.terms[-1].bodies if org.terms else ()) if b.kind == "inspection_committee"),
                        None)
            seat = next((s for s in body.seats if s.position == "inspection_chair"), None) if body else None
            if seat is not None and seat.started_on <= on and seat.cand.id not in taken:
                inspection_chairs.append((seat.cand, on))
                taken.add(seat.cand.id)
        n_inspection = 7 if size >= 21 else 3
        others = chair + members + inspection_chairs
        for index, (cand, start) in enumerate(others[:n_inspection]):
            position = ("inspection_chair", "inspection_deputy_chair")[index] if index < 2 else "inspection_member"
            inspection.seats.append(self._seat(root, inspection, term, cand, position, start))

    # -- the term before -------------------------------------------------------------------------------------------
    def previous_bodies(self) -> None:
        """The bodies of the term before the current one of each grassroots organisation: mostly the same people,
        some replaced; their seats ended when the current term began."""
        for org in self.orgs.values():
            if org.tier != GRASSROOTS or len(org.terms) < 2 or not org.terms[-1].bodies:
                continue
            current, previous = org.terms[-1], org.terms[-2]
            on = previous.started_on
            pool = list(org.cands) if org.holds else self._committee_pool(org)
            holders = []
            for body in current.bodies:
                for seat in body.seats:
                    if seat.cand not in holders:
                        holders.append(seat.cand)
            taken = {c.id for c in holders}
            swap = {}
            for cand in holders:
                could = cand.avail <= on
                if could and not cand.busy and self.rng.random() < KEEP_SHARE:
                    swap[cand.id] = cand
                else:
                    found = self._pick(pool, on, 1, taken, strict=True)
                    swap[cand.id] = found[0][0] if found else (cand if could else None)
            composition = []
            for body in current.bodies:
                people = [[swap[s.cand.id], s.position] for s in body.seats
                          if swap[s.cand.id] is not None and s.started_on == body.started_on]
                if body.kind == "cell_committee" and org.full_on_day(on) < self.threshold:
                    deputies = [p for p in people if p[1] == "deputy_secretary"][:1]
                    people = [p for p in people if p[1] == "secretary"] + deputies
                composition.append((body, people))
            main = composition[0][1] if composition else []
            if main and not any(position == "secretary" for _c, position in main):
                acting = main[0][0]  # nobody to replace the secretary: the next in line held the post
                for _body, people in composition:
                    for entry in people:
                        if entry[0] is acting and entry[1] in ("deputy_secretary", "standing_committee_member",
                                                               "committee_member"):
                            entry[1] = "secretary"
            for body, people in composition:
                old = _Body(body.kind, on, previous.ended_on, previous.decision if previous.kind == "designated"
                            else "")
                for cand, position in people:
                    old.seats.append(self._seat(org, old, previous, cand, position, on))
                if old.seats:
                    previous.bodies.append(old)

    # -- writing -----------------------------------------------------------------------------------------------------
    def write(self) -> None:
        from simple_history.utils import bulk_create_with_history


        def create(objs, model):
            if not objs:
                return []
            return bulk_create_with_history(objs, model, batch_size=self.batch_size, default_user=self.admin,
                                            default_change_reason=self.change_reason)

        terms = [t for o in self.orgs.values() for t in o.terms]
        term_objs = create([Term(organization_id=t.org.id, label=t.label, kind=t.kind, congress_on=t.congress_on,
                                 started_on=t.started_on, ended_on=t.ended_on, decision_number=t.decision,
                                 note=t.note) for t in terms], Term)
        bodies = [(t, b) for t in terms for b in t.bodies]
        term_pk = {id(t): obj.pk for t, obj in zip(terms, term_objs, strict=True)}
        body_objs = create([Body(organization_id=t.org.id, term_id=term_pk[id(t)], kind=b.kind,
                                 started_on=b.started_on, ended_on=b.ended_on, decision_number=b.decision)
                            for t, b in bodies], Body)
        categories = dict(AllowanceCategory.objects.values_list("code", "id"))
        seats = [Seat(body_id=obj.pk, member_id=s.cand.id, position=s.position, started_on=s.started_on,
                      start_method=s.method, start_decision_number=s.decision, engagement=s.engagement,
                      allowance_category_id=categories.get(s.category), ended_on=s.ended_on,
                      end_reason=s.end_reason, end_decision_number=s.end_decision)
                 for (_t, b), obj in zip(bodies, body_objs, strict=True) for s in b.seats]
        create(seats, Seat)
        self.counts["bodies"] = len(body_objs)
        self.counts["seats"] = len(seats)
        self.counts["active_seats"] = sum(s.ended_on is None for s in seats)

    def rename_standing_deputy(self) -> None:
        """The Bloc's standing deputy secretary is the demo user `khoi` (Trần Quốc Hưng)."""

        cand = self.standing_deputy
        if cand is None or not cand.male:
            return
        member = Member.objects.get(pk=cand.id)
        member.full_name = STANDING_DEPUTY_NAME
        member.position = "Phó Bí thư Thường trực Đảng ủy Khối"
        if member.email:
            member.email = f"{fold('Hưng')}tq@{member.email.rpartition('@')[2]}"
        member.normalize()
        Member.objects.filter(pk=member.pk).update(full_name=member.full_name, position=member.position,
                                                   email=member.email, name_search=member.name_search,
                                                   name_sort=member.name_sort)
        Member.history.filter(id=member.pk).update(full_name=member.full_name, position=member.position,
                                                   email=member.email)
        cand.name = member.full_name

    def run(self) -> Counter:
        self.load()
        self.terms()
        self.current_bodies()
        self.previous_bodies()
        self.write()
        self.rename_standing_deputy()
        return self.counts


def load_apparatus(plan, *, seed: int, today: D, admin, change_reason: str, batch_size: int = 2000,
                   committee_seats: int | None = None, chibo_name: str | None = None) -> Counter:
    """Terms, bodies and seats for the loaded demo organisations and members; returns what it created."""
    builder = ApparatusBuilder(plan, seed=seed, today=today, admin=admin, change_reason=change_reason,
                               batch_size=batch_size, committee_seats=committee_seats, chibo_name=chibo_name)
    counts = builder.run()
    counts["overdue"] = builder.overdue.id if builder.overdue else 0
    counts["vacant"] = builder.vacant.id if builder.vacant else 0
    return counts
