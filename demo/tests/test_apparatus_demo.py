"""The demo apparatus: terms, committees and seats that obey the rules, the article's 428 grassroots committee
members (all concurrent), and exactly the two problems the apparatus health page is meant to show."""

import datetime
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import RoleAssignment
from apparatus.models import MAIN_BODY_KINDS, Body, Seat, Term
from apparatus.selectors import committee_member_figures, health_report, staffing_analysis
from core.testing import deferred_checks_done
from demo.apparatus_data import STANDING_DEPUTY_NAME
from demo.generator import CHANGE_REASON, ROOT_CODE, SCALES, generate
from members.models import Membership
from organizations.models import Organization

TODAY = datetime.date.today()
ACTIVE = Organization.Status.ACTIVE
GRASSROOTS_CATEGORIES = {"grassroots_secretary", "grassroots_deputy", "grassroots_member"}
UNEXPECTED = ("committee_missing", "committee_oversized", "committee_not_expected", "probationary_seat", "no_term")


def _khoi():
    return get_user_model().objects.get(username="khoi")


def _ancestors() -> dict[int, set[int]]:
    parents = dict(Organization.objects.values_list("id", "parent_id"))
    out = {}
    for pk in parents:
        chain, node = set(), pk
        while node is not None:
            chain.add(node)
            node = parents[node]
        out[pk] = chain
    return out


def _health_counts(user) -> Counter:
    return Counter({c["code"]: c["n"] for c in health_report(user)["counts"]})


@pytest.mark.django_db
class TestBlocApparatus:
    """The bloc-size demo, loaded once for the class inside a transaction rolled back at the end."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def bloc_demo(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            cls.result = generate(**SCALES["bloc"])
            deferred_checks_done()
            yield cls.result
            transaction.set_rollback(True)

    # -- the article's figures ---------------------------------------------------------------------------------
    def test_428_grassroots_committee_members_all_concurrent(self):
        figures = committee_member_figures(_khoi())
        assert figures == {"total": 428, "concurrent": 428, "share": 100.0}
        assert self.result["committee_members"] == 428 == self.result["committee_members_concurrent"]

    def test_staffing_analysis_lists_the_five_big_committees(self):
        analysis = staffing_analysis(_khoi())
        eligible = analysis["eligible"]
        assert len(eligible) == 5
        for row in eligible:
            assert row.organization.kind.code == "grassroots_committee" and row.members >= 200
            assert 13 <= row.committee_size <= 15 and row.standing_size == 5
            assert row.full_time == 0 and row.concurrent_share == 100.0
        assert analysis["committee_total"] == 428 and analysis["full_time_total"] == 0

    # -- the Bloc -----------------------------------------------------------------------------------------------
    def test_the_bloc_committees(self):
        root = Organization.objects.get(code=ROOT_CODE)
        term = root.terms.get(ended_on__isnull=True)
        assert term.label.endswith(str(term.congress_on.year + 5)) and term.kind == Term.Kind.CONGRESS
        bodies = {b.kind: b for b in term.bodies.filter(ended_on__isnull=True)}
        assert set(bodies) == {"executive_committee", "standing_committee", "inspection_committee"}
        seats = {kind: list(body.seats.filter(ended_on__isnull=True).select_related("member"))
                 for kind, body in bodies.items()}
        standing = Counter(s.position for s in seats["standing_committee"])
        assert (standing["secretary"], standing["standing_deputy_secretary"], standing["deputy_secretary"]) == (1, 1, 2)
        leaders = {s.member_id for s in seats["standing_committee"] if s.position != "standing_committee_member"}
        for kind in ("executive_committee", "standing_committee"):
            for seat in seats[kind]:
                expected = "full_time" if seat.member_id in leaders else "concurrent"
                assert seat.engagement == expected, seat
        assert all(s.engagement == "concurrent" for s in seats["inspection_committee"])
        assert 25 <= len(seats["executive_committee"]) <= 35
        assert 5 <= len(seats["inspection_committee"]) <= 9
        executive = {s.member_id: s.position for s in seats["executive_committee"]}
        for seat in seats["standing_committee"]:
            assert executive[seat.member_id] == seat.position
        assert Counter(s.position for s in seats["inspection_committee"])["inspection_chair"] == 1
        # held by members of grassroots organisations, none of them with an allowance category
        for body_seats in seats.values():
            for seat in body_seats:
                assert seat.member.organization.parent_id is not None and seat.allowance_category_id is None
        deputy = next(s for s in seats["standing_committee"] if s.position == "standing_deputy_secretary")
        assert deputy.member.full_name == STANDING_DEPUTY_NAME and deputy.member.gender == "male"
        assert deputy.member.organization.name == "Chi bộ Cơ quan Đảng ủy Khối"

    # -- the health page ----------------------------------------------------------------------------------------
    def test_health_report_finds_exactly_the_two_scripted_problems(self):
        report = health_report(_khoi())
        counts = Counter({c["code"]: c["n"] for c in report["counts"]})
        assert counts["no_secretary"] == 1 and counts["congress_overdue"] == 1
        for code in UNEXPECTED:
            assert counts[code] == 0, (code, [p.message for p in report["problems"] if p.code == code])
        assert report["organizations"] == Organization.objects.filter(
            status=ACTIVE, kind__elects_committee=True).count()
        vacant = next(p for p in report["problems"] if p.code == "no_secretary").organization
        assert vacant.kind.code == "cell"
        overdue = next(p for p in report["problems"] if p.code == "congress_overdue").organization
        assert overdue.kind.code == "grassroots_committee"

    def test_the_vacancy_is_a_secretary_who_left_during_the_term(self):
        vacant = next(p for p in health_report(_khoi())["problems"] if p.code == "no_secretary").organization
        term = vacant.terms.get(ended_on__isnull=True)
        body = term.bodies.get(kind="cell_committee")
        left = body.seats.get(position="secretary")
        assert left.ended_on is not None and left.end_reason in ("transferred_out", "reassigned")
        assert term.started_on < left.ended_on < TODAY
        if left.end_reason == "transferred_out":
            assert left.member.status == "transferred_out" and left.member.status_since == left.ended_on
        assert body.seats.filter(ended_on__isnull=True, position="deputy_secretary").count() == 1
        assert vacant.pk != RoleAssignment.objects.get(user__username="chibo").organization_id

    # -- terms ----------------------------------------------------------------------------------------------------
    def test_terms(self):
        overdue = next(p for p in health_report(_khoi())["problems"] if p.code == "congress_overdue").organization
        organizations = Organization.objects.filter(kind__elects_committee=True).select_related("kind")
        terms = defaultdict(list)
        for term in Term.objects.order_by("started_on"):
            terms[term.organization_id].append(term)
        current_years = Counter()
        for org in organizations:
            own = terms[org.pk]
            if not org.is_active:
                assert not own, org  # ended organisations carry no terms
                continue
            assert own and own[-1].ended_on is None and all(t.ended_on for t in own[:-1]), org
            for before, after in zip(own, own[1:], strict=False):
                assert before.ended_on == after.started_on
            for term in own:
                assert org.established_on <= term.started_on < TODAY
                if term.kind == Term.Kind.CONGRESS:
                    assert term.congress_on == term.started_on and term.decision_number
                    assert term.label.startswith(str(term.congress_on.year))
                else:
                    assert term.congress_on is None and term.decision_number and term.note
            current = own[-1]
            if org.kind.tier == "below_grassroots":
                assert current.kind == Term.Kind.CONGRESS and len(own) >= 2
                continue
            year = current.congress_on.year
            assert current.label == f"{year}–{year + 5}"
            if org.pk != overdue.pk:
                current_years[year] += 1
                if org.established_on.year < 2015:
                    assert [t.label for t in own] == [f"{y}–{y + 5}" for y in range(2015, year + 1, 5)], org
        assert len(current_years) == 1
        assert overdue.terms.get(ended_on__isnull=True).congress_on.year == next(iter(current_years)) - 5

    def test_cell_terms_follow_two_congresses_in_five_years(self):
        labels = Counter(Term.objects.filter(organization__kind__code="cell", kind=Term.Kind.CONGRESS)
                         .values_list("label", flat=True))
        assert {"2017–2020", "2020–2022", "2022–2025", "2025–2027"} <= set(labels)
        assert Term.objects.filter(kind=Term.Kind.DESIGNATED).exists()

    # -- seats ------------------------------------------------------------------------------------------------------
    def test_every_seat_obeys_the_rules(self):
        ancestors = _ancestors()
        joined = dict(Membership.objects.filter(kind="permanent", ended_on__isnull=True)
                      .values_list("member_id", "started_on"))
        seats = list(Seat.objects.select_related("member", "body__term", "body__organization__kind",
                                                 "allowance_category"))
        assert seats
        for seat in seats:
            member, body = seat.member, seat.body
            assert member.full_on and member.full_on <= seat.started_on, seat
            assert body.started_on <= seat.started_on <= TODAY, seat
            if seat.ended_on is not None:
                assert seat.started_on <= seat.ended_on <= TODAY and seat.end_reason, seat
            else:
                assert member.status == "full", seat
                assert body.ended_on is None and body.term.ended_on is None
            if member.status == "full":  # registered in the organisation or below it since the seat began
                assert body.organization_id in ancestors[member.organization_id], seat
                assert joined[member.pk] <= seat.started_on, seat
            if body.ended_on is not None:
                assert seat.ended_on == body.ended_on == body.term.ended_on and seat.end_reason == "term_ended"

    def test_one_person_per_seat_and_one_secretary_per_body(self):
        active = Seat.objects.filter(ended_on__isnull=True)
        per_member = Counter(active.values_list("body_id", "member_id"))
        assert max(per_member.values()) == 1
        secretaries = Counter(active.filter(position="secretary").values_list("body_id", flat=True))
        assert max(secretaries.values()) == 1
        main_bodies = Body.objects.filter(ended_on__isnull=True, kind__in=MAIN_BODY_KINDS)
        without = [b for b in main_bodies if b.pk not in secretaries]
        assert len(without) == 1 and without[0].organization.kind.code == "cell"

    def test_standing_committee_members_sit_on_the_executive_committee(self):
        executive = {(s.body.term_id, s.member_id, s.ended_on)
                     for s in Seat.objects.filter(body__kind="executive_committee").select_related("body")}
        standing = Seat.objects.filter(body__kind="standing_committee").select_related("body")
        assert standing.exists()
        for seat in standing:
            assert (seat.body.term_id, seat.member_id, seat.ended_on) in executive, seat

    def test_committee_sizes(self):
        sizes = Counter(Seat.objects.filter(ended_on__isnull=True).values_list("body_id", flat=True))
        limits = {"executive_committee": (5, 15), "standing_committee": (3, 5), "inspection_committee": (3, 5)}
        for body in Body.objects.filter(ended_on__isnull=True).select_related("organization__kind"):
            n, kind = sizes[body.pk], body.organization.kind.code
            if kind == "grassroots_committee":
                low, high = limits[body.kind]
                assert low <= n <= high, body
            elif kind in ("grassroots_cell", "cell"):
                assert body.kind == "cell_committee" and 1 <= n <= 5, body
        big = [b for b in Body.objects.filter(ended_on__isnull=True, kind="executive_committee",
                                              organization__kind__code="grassroots_committee").select_related("term")
               if sizes[b.pk] >= 9]
        assert big
        for body in big:
            assert body.term.bodies.filter(kind="standing_committee").exists()

    def test_engagement_and_allowance_categories(self):
        seats = Seat.objects.select_related("body__organization__kind", "allowance_category")
        full_time = [s for s in seats if s.engagement == "full_time"]
        assert len(full_time) == 8 and {s.body.organization.code for s in full_time} == {ROOT_CODE}
        for seat in seats:
            tier = seat.body.organization.kind.tier
            code = seat.allowance_category.code if seat.allowance_category else None
            if tier == "superior":
                assert code is None
            elif seat.body.kind == "inspection_committee":
                assert code == "inspection_member", seat
            elif tier == "grassroots":
                assert code in GRASSROOTS_CATEGORIES, seat
                if seat.position == "secretary":
                    assert code == "grassroots_secretary"
            else:
                expected = {"secretary": "cell_secretary", "deputy_secretary": "cell_deputy"}.get(seat.position)
                assert code == expected, seat

    def test_previous_term_mostly_the_same_people(self):
        kept = replaced = 0
        committees = Organization.objects.filter(status=ACTIVE, kind__tier="grassroots")
        for org in committees:
            terms = list(org.terms.order_by("-started_on")[:2])
            if len(terms) < 2:
                continue
            current, previous = terms
            main = "cell_committee" if org.kind.holds_members else "executive_committee"
            before = previous.bodies.get(kind=main)
            assert before.ended_on == current.started_on
            old = set(before.seats.values_list("member_id", flat=True))
            new = set(current.bodies.get(kind=main).seats.values_list("member_id", flat=True))
            assert before.seats.filter(position="secretary").count() == 1
            kept += len(old & new)
            replaced += len(old - new)
        assert kept > 2 * replaced > 0

    def test_chibo_is_the_secretary_of_the_cell(self):
        chibo = get_user_model().objects.get(username="chibo")
        cell = RoleAssignment.objects.get(user=chibo).organization
        secretary = Seat.objects.get(body__organization=cell, body__ended_on__isnull=True, ended_on__isnull=True,
                                     position="secretary").member
        assert secretary.full_name == f"{chibo.last_name} {chibo.first_name}"
        assert secretary.organization == cell

    def test_history_rows(self):
        admin = get_user_model().objects.get(username="admin")
        for model in (Term, Body, Seat):
            assert model.history.count() == model.objects.count() > 0
            assert not model.history.exclude(history_user=admin).exists()
            assert set(model.history.values_list("history_change_reason", flat=True)) == {CHANGE_REASON}


# --- other sizes --------------------------------------------------------------------------------------------------

def _apparatus_picture() -> list:
    return list(Seat.objects.order_by("body__organization__code", "body__term__started_on", "body__kind",
                                      "position", "member__citizen_id")
                .values_list("body__organization__code", "body__term__label", "body__kind", "position",
                             "member__citizen_id", "started_on", "ended_on", "end_reason"))


def _load_small(seed: int) -> tuple[dict, list, Counter, dict]:
    with transaction.atomic():
        result = generate(seed=seed, **SCALES["small"])
        picture = _apparatus_picture()
        counts = _health_counts(_khoi())
        figures = committee_member_figures(_khoi())
        transaction.set_rollback(True)
    return result, picture, counts, figures


@pytest.mark.django_db
def test_small_size_apparatus_is_clean_and_reproducible():
    first, picture, counts, figures = _load_small(7)
    again, picture_again, _counts, _figures = _load_small(7)
    assert picture and picture == picture_again and first["digest"] == again["digest"]
    assert counts["no_secretary"] == 1 and counts["congress_overdue"] == 1
    assert not any(counts[code] for code in UNEXPECTED)
    assert figures["total"] > 0 and figures["share"] == 100.0
