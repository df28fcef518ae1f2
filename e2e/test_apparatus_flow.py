"""Apparatus flow in a real browser: the Bloc standing committee opens the apparatus health page, follows a
vacancy (a subordinate cell without a secretary) to the cell's apparatus page, appoints a secretary there,
and the warning is gone from the cell's page and from the health page. A refused appointment (a second
secretary) keeps what was typed, marks the field at fault and writes nothing.

The demo data may or may not carry a vacancy; `ensure_vacancy` makes one through the real services."""

import datetime
import os
import re

import pytest
from playwright.sync_api import expect

from e2e.pages import SAVE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "45-QĐ/ĐUK"
SECRETARY_IN_OFFICE = "tr.seat[data-position=secretary]:not(.text-muted)"  # ended seats stay listed, muted
REASON = "Chỉ định Bí thư chi bộ thay đồng chí Bí thư chuyển công tác"



def shot(page, name):
    """A full-page screenshot for a person to look at, only when E2E_SCREENSHOTS names a directory."""
    directory = os.environ.get("E2E_SCREENSHOTS")
    if directory:
        os.makedirs(directory, exist_ok=True)
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


def vacancy_count(page) -> int:
    text = page.locator("#problem-counts a[data-code=no_secretary]").inner_text()
    return int(re.match(r"\s*(\d+)", text).group(1))


def organization_path(organization) -> str:
    return f"/apparatus/organizations/{organization.pk}/"


def candidates(cell, body, today):
    """Full members of the cell (full since before today) without an open seat on its committee."""
    from apparatus.models import Seat
    from members.choices import Status
    from members.models import Member

    seated = Seat.objects.filter(body_id=body.pk, ended_on__isnull=True).values("member_id")
    return list(
        Member.objects.filter(organization=cell, status=Status.FULL, full_on__lt=today)
        .exclude(pk__in=seated).order_by("name_sort", "pk")
    )


def ensure_vacancy(actor):
    """A subordinate cell whose current cell committee has no secretary and room for one, with full members
    to choose from: the demo's own vacancy if it has one, else one made through the real services."""
    from apparatus import services
    from apparatus.models import Body, Position, Seat, Term
    from apparatus.selectors import apparatus_states
    from organizations.models import Organization
    from rules.codes import CELL_COMMITTEE_MAX_SIZE
    from rules.selectors import rule_value

    today = datetime.date.today()
    maximum = rule_value(CELL_COMMITTEE_MAX_SIZE, on=today)
    cells = Organization.objects.filter(kind__code="cell", status=Organization.Status.ACTIVE)
    states = sorted(apparatus_states(cells).values(), key=lambda s: s.organization.pk)

    def room(state):
        body = state.bodies.get(Body.Kind.CELL_COMMITTEE)
        return body is not None and len(candidates(state.organization, body, today)) >= 2

    # 1. The demo data's vacancy.
    for state in states:
        if any(p.code == "no_secretary" for p in state.problems) and room(state) \
                and state.committee_size < maximum:
            return state.organization
    # 2. A cell whose secretary was reassigned today.
    for state in states:
        if state.has_secretary and room(state):
            seat = Seat.objects.get(body_id=state.bodies[Body.Kind.CELL_COMMITTEE].pk, position=Position.SECRETARY,
                                    ended_on__isnull=True)
            services.seat_end(actor=actor, seat=seat, ended_on=max(today, seat.started_on),
                              end_reason=Seat.EndReason.REASSIGNED, decision_number="38-QĐ/ĐUK",
                              reason="Điều động làm Phó Bí thư Đảng ủy cơ sở")
            return state.organization
    # 3. A cell with no term yet: its congress elected a cell committee, the secretary is still to be chosen.
    for state in states:
        cell = state.organization
        if state.term is None and not cell.terms.exists() and cell.members.filter(status="full").count() >= 2:
            congress_on = min(max(datetime.date(2025, 3, 15), cell.established_on), today)
            services.term_open(actor=actor, organization=cell, label="2025–2027", kind=Term.Kind.CONGRESS,
                               congress_on=congress_on, reason="Đại hội Chi bộ nhiệm kỳ 2025–2027",
                               create_main_body=True)
            return cell
    pytest.fail("no subordinate cell could be given a vacancy: the demo data changed shape")


def cell_committee(cell):
    from apparatus.models import Body

    return cell.bodies.get(kind=Body.Kind.CELL_COMMITTEE, ended_on__isnull=True, term__ended_on__isnull=True)


def test_khoi_fills_a_vacancy_from_the_health_page(page, demo_small, django_user_model):
    from apparatus.models import AllowanceCategory, Position, Seat
    from apparatus.selectors import health_report
    from core.scope import APPARATUS, scope_for

    khoi = django_user_model.objects.get(username="khoi")
    cell = ensure_vacancy(khoi)
    assert scope_for(khoi).covers(cell.pk, APPARATUS)
    body = cell_committee(cell)
    today = datetime.date.today()
    member = candidates(cell, body, today)[0]
    category = AllowanceCategory.objects.get(code="cell_secretary")
    report = health_report(khoi)
    vacancies = next(c["n"] for c in report["counts"] if c["code"] == "no_secretary")
    assert any(p.code == "no_secretary" and p.organization.pk == cell.pk for p in report["problems"])
    seats_before = Seat.objects.count()

    # The health page, through the Apparatus menu.
    login(page, "khoi")
    page.click("#nav-apparatus")
    page.click("a.dropdown-item[href='/apparatus/health/']")
    page.wait_for_url(re.compile(r".*/apparatus/health/$"))
    assert vacancy_count(page) == vacancies
    row = page.locator("#problems tr.problem[data-code=no_secretary]").filter(
        has=page.locator(f"a[href='{organization_path(cell)}']"))
    assert row.count() == 1
    assert body.term.label in row.inner_text()
    shot(page, "apparatus-health")

    # Follow the vacancy to the cell's apparatus page.
    row.locator(f"a[href='{organization_path(cell)}']").click()
    page.wait_for_url(re.compile(rf".*{organization_path(cell)}$"))
    assert cell.name in page.locator("h1").inner_text()
    assert page.locator("#problems div.problem[data-code=no_secretary]").count() == 1
    assert body.term.label in page.locator("#current-term").inner_text()
    card = page.locator("#body-cell_committee")
    assert card.locator(SECRETARY_IN_OFFICE).count() == 0

    # Appoint the secretary.
    card.locator("#add-seat-cell_committee").click()
    page.wait_for_url(re.compile(rf".*/apparatus/bodies/{body.pk}/new-seat/\?position=secretary$"))
    assert page.locator("#id_position").input_value() == Position.SECRETARY
    page.select_option("#id_member", str(member.pk))
    started = today.strftime("%d/%m/%Y")
    page.fill("#id_started_on", today.isoformat())  # the date picker's value
    page.select_option("#id_start_method", Seat.StartMethod.APPOINTED)
    page.fill("#id_decision_number", DECISION)
    page.select_option("#id_engagement", Seat.Engagement.CONCURRENT)
    page.select_option("#id_allowance_category", str(category.pk))
    page.fill("#id_reason", REASON)
    page.click(SAVE)
    page.wait_for_url(re.compile(rf".*{organization_path(cell)}$"))

    # The warning is gone and the secretary sits on the committee.
    assert page.locator("#problems div.problem[data-code=no_secretary]").count() == 0
    assert page.locator(".alert-success").count() == 1
    secretary = page.locator(f"#body-cell_committee {SECRETARY_IN_OFFICE}")
    assert secretary.count() == 1
    text = secretary.inner_text()
    assert member.full_name in text and started in text and DECISION in text
    assert category.label in text
    shot(page, "apparatus-organization-after")

    # The health page counts one vacancy fewer and no longer lists this cell.
    page.goto(page.base_url + "/apparatus/health/")
    assert vacancy_count(page) == vacancies - 1
    assert page.locator(f"#problems tr.problem[data-code=no_secretary] a[href='{organization_path(cell)}']"
                        ).count() == 0

    # The member's page lists the seat.
    page.goto(page.base_url + f"/members/{member.pk}/")
    seat_row = page.locator("#seats tbody tr").filter(has_text=cell.name).filter(has_text=started)
    assert seat_row.count() == 1
    assert body.term.label in seat_row.inner_text()

    assert Seat.objects.count() == seats_before + 1
    seat = Seat.objects.get(body=body, position=Position.SECRETARY, ended_on__isnull=True)
    assert (seat.member_id, seat.started_on, seat.start_method, seat.start_decision_number, seat.engagement,
            seat.allowance_category_id) == (member.pk, today, Seat.StartMethod.APPOINTED, DECISION,
                                            Seat.Engagement.CONCURRENT, category.pk)
    entry = seat.history.order_by("-history_id").first()
    assert entry.history_user_id == khoi.pk and entry.history_change_reason == REASON


def test_a_second_secretary_is_refused_and_nothing_is_written(page, demo_small, django_user_model):
    from apparatus import services
    from apparatus.models import Position, Seat
    from members.choices import Status

    khoi = django_user_model.objects.get(username="khoi")
    cell = ensure_vacancy(khoi)
    body = cell_committee(cell)
    today = datetime.date.today()
    holder, other = candidates(cell, body, today)[:2]
    services.seat_assign(actor=khoi, body=body, member=holder, position=Position.SECRETARY, started_on=today,
                         start_method=Seat.StartMethod.APPOINTED, decision_number="44-QĐ/ĐUK")
    before = (Seat.objects.count(), Seat.history.count())

    login(page, "khoi")
    page.goto(page.base_url + organization_path(cell))
    page.click("#add-seat-cell_committee")
    page.wait_for_url(re.compile(rf".*/apparatus/bodies/{body.pk}/new-seat/$"))  # no vacancy: no position preset
    # Only full members are offered: a probationary member of the cell cannot even be chosen.
    offered = page.locator("#id_member option").evaluate_all("options => options.map(o => o.value)")
    assert str(other.pk) in offered and str(holder.pk) not in offered
    for probationary in cell.members.filter(status=Status.PROBATIONARY):
        assert str(probationary.pk) not in offered

    page.select_option("#id_member", str(other.pk))
    page.select_option("#id_position", Position.SECRETARY)
    page.fill("#id_started_on", today.isoformat())
    page.select_option("#id_start_method", Seat.StartMethod.APPOINTED)
    page.fill("#id_decision_number", "46-QĐ/ĐUK")
    page.click(SAVE)

    # The same form comes back (no redirect), the refusal on the position, everything typed still there.
    expect(page.locator("#id_position_error")).to_contain_text(holder.full_name)
    assert re.search(rf"/apparatus/bodies/{body.pk}/new-seat/$", page.url)
    expect(page.locator("#id_position")).to_have_class(re.compile(r"\bis-invalid\b"))
    assert "is-invalid" not in page.locator("#id_member").get_attribute("class")
    assert page.locator("#id_decision_number").input_value() == "46-QĐ/ĐUK"
    assert page.locator("#id_member").input_value() == str(other.pk)
    assert page.locator(".alert-success").count() == 0
    assert (Seat.objects.count(), Seat.history.count()) == before
    assert not Seat.objects.filter(member=other, body=body, ended_on__isnull=True).exists()
