"""Issue 13 for members: the admission age counted in months with the over-60 approval, the full-membership
consideration due after probation, and the deadlines of a permanent transfer (the sending side's papers, the member's
introduction letter) — each at its boundary, across a weekend and a public holiday, on the pages that list them
(scoped, a fixed number of queries) and on the member's record.

The windows are chosen where the seeded calendar has no day off (September–December 2025, after 2/9): the holidays a
test needs are created in it. Substituted working days are left to the calendar's own tests.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from core.dates import add_working_days
from core.models import Holiday
from core.testing import count_queries
from core.testing.pages import assert_refused, dmy, doc, form_errors, text
from members import services
from members.choices import Status, TransferKind
from members.deadlines import age_in_months, full_membership_deadline, letter_deadline, papers_deadline
from members.models import Member, Membership
from members.selectors import DueKind, members_due

pytestmark = pytest.mark.django_db
D = datetime.date
OUTSIDE = "Đảng bộ Công an tỉnh Phú Thọ"


def holiday(day: datetime.date, name: str = "Ngày nghỉ thử") -> Holiday:
    return Holiday.objects.create(date=day, name=name)


def snapshot():
    """Members, their history and every field of the periods these services write."""
    return {
        "members": list(Member.objects.order_by("pk").values_list(
            "pk", "status", "full_on", "organization_id", "over_age_approved_by", "over_age_approval_number",
            "over_age_approved_on")),
        "history": Member.history.count(),
        "periods": list(Membership.objects.order_by("pk").values_list(
            "pk", "organization_id", "started_on", "ended_on", "ended_by_transfer", "papers_issued_on",
            "transferred_from_id", "letter_issued_on", "letter_presented_on")),
    }


def admit(actor, organization, **overrides):
    data = dict(full_name="Đào Văn Lâm", gender="male", date_of_birth=D(1990, 5, 5), hometown="Vĩnh Phúc",
                citizen_id=None, admitted_on=D(2025, 6, 2), decision_number="88-QĐ/ĐUSTC")
    data.update(overrides)
    return services.member_admit(actor=actor, organization=organization, **data)


def last_reason(member) -> str:
    return member.history.order_by("-history_date", "-history_id").first().history_change_reason


def items(due, kind=None):
    return [(i.kind, i.member.full_name, i.deadline.on, i.overdue) for i in due.items if kind in (None, i.kind)]


# ---- the age counted in months ------------------------------------------------------------------------------------

@pytest.mark.parametrize("born, on, months", [
    (D(2008, 3, 31), D(2026, 3, 30), 17 * 12 + 11),
    (D(2008, 3, 31), D(2026, 3, 31), 18 * 12),
    (D(1966, 5, 31), D(2026, 6, 29), 60 * 12),       # no 31/06: the month is complete on the 30th
    (D(1966, 5, 31), D(2026, 6, 30), 60 * 12 + 1),
    (D(1965, 12, 31), D(2026, 1, 30), 60 * 12),
    (D(1965, 12, 31), D(2026, 1, 31), 60 * 12 + 1),
    (D(1965, 12, 31), D(2026, 2, 28), 60 * 12 + 2),  # February's last day completes the month of the 31st
    (D(2008, 2, 29), D(2026, 2, 27), 17 * 12 + 11),
    (D(2008, 2, 29), D(2026, 2, 28), 18 * 12),       # born on a leap day: 18 on 28/02 of a common year
    (D(2000, 1, 15), D(2000, 1, 14), -1),
])
def test_age_in_completed_months(born, on, months):
    assert age_in_months(born, on) == months


class TestAdmissionAge:
    @pytest.mark.parametrize("born, admitted_on, accepted", [
        (D(2008, 3, 31), D(2026, 3, 30), False),  # 17 years 11 months
        (D(2008, 3, 31), D(2026, 3, 31), True),   # 18 years 0 months
        (D(2008, 2, 29), D(2026, 2, 27), False),
        (D(2008, 2, 29), D(2026, 2, 28), True),
        (D(1966, 5, 31), D(2026, 6, 29), True),   # 60 years 0 months (and 29 days)
        (D(1966, 5, 31), D(2026, 6, 30), False),  # 60 years 1 month, born on the 31st
        (D(1965, 12, 31), D(2026, 1, 30), True),
        (D(1965, 12, 31), D(2026, 1, 31), False),
    ])
    def test_month_end_birthdays(self, actor, cell_a1, born, admitted_on, accepted):
        call = lambda: admit(actor, cell_a1, date_of_birth=born, admitted_on=admitted_on)  # noqa: E731
        if accepted:
            assert call().pk
        else:
            assert_refused(call, snapshot=snapshot, field="date_of_birth", alone=True)

    def test_under_eighteen_is_refused_even_with_an_approval(self, actor, cell_a1):
        messages = assert_refused(lambda: admit(actor, cell_a1, date_of_birth=D(2007, 6, 3), over_age_approval_number="1",
                                                over_age_approved_on=D(2025, 5, 1)),
                                  snapshot=snapshot, field="date_of_birth")
        assert "17 years 11 months" in messages[0]

    def test_above_sixty_without_the_approval_names_its_fields(self, actor, cell_a1):
        messages = assert_refused(lambda: admit(actor, cell_a1, date_of_birth=D(1965, 5, 1)),
                                  snapshot=snapshot, field="date_of_birth", alone=True)
        assert messages == ["On 02/06/2025 this person would be 60 years 1 months old, above 60 years 0 months: "
                            "admission needs the approval of Cấp ủy trực thuộc Trung ương. Enter that approval "
                            "(approved by, approval number, approved on), or check the date of birth."]

    def test_above_sixty_with_the_approval_is_admitted_and_recorded(self, actor, cell_a1):
        with override("en"):
            member = admit(actor, cell_a1, date_of_birth=D(1965, 5, 1), over_age_approval_number=" 45-CV/TU ",
                           over_age_approved_on=D(2025, 5, 20))
        member = Member.objects.get(pk=member.pk)
        assert (member.over_age_approved_by, member.over_age_approval_number, member.over_age_approved_on) == (
            "Cấp ủy trực thuộc Trung ương", "45-CV/TU", D(2025, 5, 20))  # the body the rule names, by default
        assert last_reason(member) == ("Admitted by decision 88-QĐ/ĐUSTC; above the age limit, approved by Cấp ủy "
                                       "trực thuộc Trung ương (45-CV/TU of 20/05/2025)")
        row = member.history.order_by("-history_id").first()
        assert row.over_age_approval_number == "45-CV/TU"  # kept in the history too

    def test_the_approving_body_can_be_named(self, actor, cell_a1):
        member = admit(actor, cell_a1, date_of_birth=D(1960, 1, 1), over_age_approved_by="Tỉnh ủy Vĩnh Phúc",
                       over_age_approval_number="12-CV/TU", over_age_approved_on=D(2025, 6, 2))
        assert member.over_age_approved_by == "Tỉnh ủy Vĩnh Phúc"

    @pytest.mark.parametrize("approval, field, contains", [
        ({"over_age_approval_number": "12-CV/TU"}, "over_age_approved_on", "Enter the date of the approval."),
        ({"over_age_approved_on": D(2025, 5, 1)}, "over_age_approval_number", "Enter the number of the approval."),
        ({"over_age_approval_number": "12", "over_age_approved_on": D(2025, 6, 3)}, "over_age_approved_on",
         "The approval comes before the admission decision (02/06/2025)."),
        ({"over_age_approval_number": "12", "over_age_approved_on": D(1920, 1, 1)}, "over_age_approved_on",
         "The date cannot be before 03/02/1930."),
    ])
    def test_an_incomplete_approval_is_refused_on_its_field(self, actor, cell_a1, approval, field, contains):
        messages = assert_refused(lambda: admit(actor, cell_a1, date_of_birth=D(1965, 5, 1), **approval),
                                  snapshot=snapshot, field=field)
        assert contains in messages

    def test_an_approval_for_someone_within_the_limit_is_refused(self, actor, cell_a1):
        messages = assert_refused(lambda: admit(actor, cell_a1, date_of_birth=D(1965, 6, 2),
                                                over_age_approval_number="12", over_age_approved_on=D(2025, 5, 1)),
                                  snapshot=snapshot, field="over_age_approval_number", alone=True)
        assert "60 years 0 months old, within the limit of 60 years 0 months" in messages[0]


class TestAdmissionAgeOnThePages:
    def test_the_form_asks_for_the_approval_and_refuses_without_it(self, client_for, user_coso, cell_a1):
        client = client_for(user_coso)
        page = client.get("/members/admit/")
        form = doc(page)
        assert form.xpath('//input[@name="over_age_approved_by"]/@placeholder') == ["Cấp ủy trực thuộc Trung ương"]
        assert form.xpath('//input[@name="over_age_approval_number"]') and form.xpath(
            '//input[@name="over_age_approved_on"][@type="date"]')
        data = {"organization": cell_a1.pk, "admitted_on": "02/06/2025", "decision_number": "15-QĐ/ĐUK",
                "full_name": "Đoàn Văn Mới", "gender": "male", "date_of_birth": "01/05/1965", "ethnicity": "kinh",
                "religion": "none", "education": "12/12", "qualification": "bachelor", "theory_level": "none"}
        refused = client.post("/members/admit/", data)
        assert refused.status_code == 200 and not Member.objects.filter(full_name="Đoàn Văn Mới").exists()
        error = doc(refused).xpath('//*[@id="id_date_of_birth_error"]')[0].text_content()
        assert "Cấp ủy trực thuộc Trung ương" in error  # in Vietnamese once the catalogue has it; the body is data
        admitted = client.post("/members/admit/", {**data, "over_age_approval_number": "45-CV/TU",
                                                   "over_age_approved_on": "20/05/2025"})
        member = Member.objects.get(full_name="Đoàn Văn Mới")
        assert admitted.status_code == 302, form_errors(admitted)
        record = doc(client.get(member.get_absolute_url()))
        shown = " ".join(record.xpath('//*[@id="member-over-age-approval"]')[0].text_content().split())
        assert "Cấp ủy trực thuộc Trung ương" in shown and "45-CV/TU" in shown and "20/05/2025" in shown

    def test_a_member_within_the_limit_shows_no_approval(self, client_for, user_coso, world):
        record = doc(client_for(user_coso).get(world.a.full.get_absolute_url()))
        assert not record.xpath('//*[@id="member-over-age-approval"]')


# ---- full membership: considered within 30 working days of probation's end ---------------------------------------

# Probation from the ceremony of Friday 03/10/2024 ends on Friday 03/10/2025; 30 working days later is Friday
# 14/11/2025 (six full weeks), or Monday 17/11/2025 across the weekend when Wednesday 22/10/2025 is a day off.
CEREMONY, PROBATION_END = D(2024, 10, 3), D(2025, 10, 3)
REVIEW_BY, REVIEW_BY_WITH_HOLIDAY = D(2025, 11, 14), D(2025, 11, 17)
DAY_OFF = D(2025, 10, 22)


@pytest.fixture
def probationer(actor, cell_a1):
    return admit(actor, cell_a1, full_name="Ngô Thị Hiền", gender="female", admitted_on=D(2024, 9, 20),
                 inducted_on=CEREMONY)


class TestFullMembershipDue:
    def test_the_deadline_counts_working_days_from_the_end_of_probation(self, probationer):
        assert add_working_days(PROBATION_END, 30) == REVIEW_BY  # no day off in the window
        assert full_membership_deadline(PROBATION_END)[0] == 30
        assert full_membership_deadline(PROBATION_END)[1].on == REVIEW_BY
        holiday(DAY_OFF)
        assert full_membership_deadline(PROBATION_END)[1].on == REVIEW_BY_WITH_HOLIDAY

    @pytest.mark.parametrize("with_holiday", [False, True], ids=["weekend", "holiday"])
    def test_due_until_the_last_day_then_overdue(self, user_coso, probationer, with_holiday):
        last = REVIEW_BY
        if with_holiday:
            holiday(DAY_OFF)
            last = REVIEW_BY_WITH_HOLIDAY
        on_last = members_due(user_coso, today=last)
        assert items(on_last) == [(DueKind.FULL_MEMBERSHIP, "Ngô Thị Hiền", last, False)]
        assert on_last.due == 1 and on_last.overdue == 0
        after = members_due(user_coso, today=last + datetime.timedelta(days=1))
        assert items(after) == [(DueKind.FULL_MEMBERSHIP, "Ngô Thị Hiền", last, True)]
        assert after.overdue == 1

    def test_shown_thirty_days_ahead(self, user_coso, probationer):
        assert members_due(user_coso, today=PROBATION_END - datetime.timedelta(days=31)).items == []
        (item,) = members_due(user_coso, today=PROBATION_END - datetime.timedelta(days=30)).items
        assert item.not_yet and not item.overdue

    def test_probation_counts_from_the_decision_without_a_ceremony(self, actor, user_coso, cell_a1):
        admit(actor, cell_a1, admitted_on=D(2024, 10, 3))
        (item,) = members_due(user_coso, today=D(2025, 11, 1)).items
        assert (item.since, item.deadline.on) == (PROBATION_END, REVIEW_BY)

    def test_judged_by_the_rule_in_force_when_probation_ends(self, user_coso, probationer):
        from rules.models import Rule

        Rule.objects.filter(code="full_membership_review_working_days", effective_to__isnull=True).update(
            effective_to=D(2025, 10, 3))
        Rule.objects.create(code="full_membership_review_working_days", label="Xét công nhận chính thức", value=10,
                            unit="ngày làm việc", regulation="Quy định giả định", effective_from=D(2025, 10, 3))
        (item,) = members_due(user_coso, today=D(2025, 10, 10)).items
        assert (item.days, item.deadline.on) == (10, D(2025, 10, 17))

    def test_recognised_members_are_no_longer_due(self, actor, user_coso, probationer):
        services.member_recognise_full(actor=actor, member=probationer, decided_on=REVIEW_BY, decision_number="9")
        assert members_due(user_coso, today=REVIEW_BY).items == []

    def test_a_late_decision_is_allowed_and_says_so(self, actor, probationer):
        holiday(DAY_OFF)
        with override("en"):
            services.member_recognise_full(actor=actor, member=probationer, decided_on=REVIEW_BY_WITH_HOLIDAY,
                                           decision_number="9-QĐ/ĐUK")
        assert last_reason(probationer) == "Recognised as full member by decision 9-QĐ/ĐUK"
        probationer.status, probationer.full_on = Status.PROBATIONARY, None
        probationer.save()
        with override("en"):
            services.member_recognise_full(actor=actor, member=probationer, decided_on=D(2025, 11, 18),
                                           decision_number="10-QĐ/ĐUK", reason="Chi bộ họp muộn")
        probationer.refresh_from_db()
        assert probationer.full_on == PROBATION_END and probationer.status_since == PROBATION_END
        assert last_reason(probationer) == (
            "Recognised as full member by decision 10-QĐ/ĐUK, decided late: probation ended on 03/10/2025 and full "
            "membership was to be considered within 30 working days, by 17/11/2025. Chi bộ họp muộn")


# ---- a permanent transfer: the papers within 60 working days, the letter within 30 --------------------------------

# Decided on Friday 12/09/2025: the papers are due 60 working days later, Friday 05/12/2025 (Monday 08/12/2025 with
# the day off of 22/10/2025). Papers of Friday 17/10/2025: the letter is due Friday 28/11/2025 (Monday 01/12/2025).
DECIDED, PAPERS_BY, PAPERS_BY_WITH_HOLIDAY = D(2025, 9, 12), D(2025, 12, 5), D(2025, 12, 8)
PAPERS_ON, LETTER_BY, LETTER_BY_WITH_HOLIDAY = D(2025, 10, 17), D(2025, 11, 28), D(2025, 12, 1)


def transfer(actor, member, **kw):
    args = dict(actor=actor, member=member, kind=TransferKind.PERMANENT, effective_on=DECIDED,
                decision_number="30-QĐ/ĐUSTC", reason="Điều động công tác")
    args.update(kw)
    services.member_transfer(**args)
    member.refresh_from_db()
    return member


def sending(member) -> Membership:
    return member.memberships.get(ended_by_transfer=True)


@pytest.fixture
def moved(actor, make_member, cell_a1, cell_a2):
    """A full member of cell_a1 transferred to cell_a2 (the same grassroots committee) on DECIDED."""
    return transfer(actor, make_member(cell_a1, full_name="Lại Văn Bình"), to_organization=cell_a2)


class TestTransferDeadlines:
    def test_the_deadlines(self):
        assert papers_deadline(DECIDED)[0] == 60 and papers_deadline(DECIDED)[1].on == PAPERS_BY
        assert letter_deadline(PAPERS_ON)[0] == 30 and letter_deadline(PAPERS_ON)[1].on == LETTER_BY
        holiday(DAY_OFF)
        assert papers_deadline(DECIDED)[1].on == PAPERS_BY_WITH_HOLIDAY
        assert letter_deadline(PAPERS_ON)[1].on == LETTER_BY_WITH_HOLIDAY

    def test_the_transfer_links_the_two_periods(self, moved, cell_a1, cell_a2):
        old, new = moved.memberships.order_by("started_on")
        assert (old.organization, old.ended_by_transfer, old.papers_issued_on) == (cell_a1, True, None)
        assert (new.organization, new.transferred_from, new.letter_issued_on, new.letter_presented_on) == (
            cell_a2, old, None, None)

    def test_a_transfer_outside_owes_papers_too(self, actor, make_member, cell_a1, user_coso):
        with override("en"):
            member = transfer(actor, make_member(cell_a1), to_external=OUTSIDE)
        assert member.status == Status.TRANSFERRED_OUT and sending(member).ended_by_transfer
        (item,) = members_due(user_coso, today=D(2025, 10, 1)).items
        assert (item.kind, item.organization, item.counterpart) == (DueKind.PAPERS, cell_a1, f"Transferred to {OUTSIDE}")

    def test_temporary_transfers_and_restructuring_owe_nothing(self, world, user_khoi):
        assert not Membership.objects.filter(ended_by_transfer=True).exists()
        assert members_due(user_khoi, today=D(2024, 3, 1)).papers == []

    @pytest.mark.parametrize("with_holiday", [False, True], ids=["weekend", "holiday"])
    def test_papers_due_until_the_last_day_then_overdue(self, user_coso, moved, with_holiday):
        last = PAPERS_BY
        if with_holiday:
            holiday(DAY_OFF)
            last = PAPERS_BY_WITH_HOLIDAY
        assert items(members_due(user_coso, today=last)) == [(DueKind.PAPERS, "Lại Văn Bình", last, False)]
        assert items(members_due(user_coso, today=last + datetime.timedelta(days=1))) == [
            (DueKind.PAPERS, "Lại Văn Bình", last, True)]

    def test_recording_the_papers(self, actor, moved, user_coso, cell_a2):
        period = sending(moved)
        with override("en"):
            services.membership_record_papers(actor=actor, membership=period, issued_on=PAPERS_ON)
        period.refresh_from_db()
        assert period.papers_issued_on == PAPERS_ON
        assert Membership.objects.get(transferred_from=period).letter_issued_on == PAPERS_ON  # the member's clock
        assert last_reason(moved) == "Transfer papers issued on 17/10/2025 by Chi bộ Phòng Ngân sách."
        due = members_due(user_coso, today=LETTER_BY)
        assert items(due) == [(DueKind.LETTER, "Lại Văn Bình", LETTER_BY, False)]
        assert due.items[0].organization == cell_a2 and due.items[0].counterpart == "Chi bộ Phòng Ngân sách"
        assert members_due(user_coso, today=LETTER_BY + datetime.timedelta(days=1)).overdue == 1

    def test_papers_issued_late_are_recorded_and_say_so(self, actor, moved):
        holiday(DAY_OFF)
        with override("en"):
            services.membership_record_papers(actor=actor, membership=sending(moved), issued_on=PAPERS_BY_WITH_HOLIDAY)
        assert "Late" not in last_reason(moved)
        with override("en"):
            services.membership_record_papers(actor=actor, membership=sending(moved), issued_on=D(2025, 12, 9),
                                              reason="Sửa ngày theo sổ công văn")
        assert last_reason(moved) == (
            "Transfer papers issued on 09/12/2025 by Chi bộ Phòng Ngân sách. Late: the transfer decided on 12/09/2025 "
            "was to have its papers within 60 working days, by 08/12/2025. Sửa ngày theo sổ công văn")

    @pytest.mark.parametrize("issued_on, field, contains", [
        (None, "issued_on", "Enter the date."),
        (D(2025, 9, 11), "issued_on", "The date cannot be before the transfer decision (12/09/2025)."),
        (datetime.date.today() + datetime.timedelta(days=1), "issued_on", "The date cannot be in the future."),
    ])
    def test_papers_refused(self, actor, moved, issued_on, field, contains):
        messages = assert_refused(lambda: services.membership_record_papers(
            actor=actor, membership=sending(moved), issued_on=issued_on), snapshot=snapshot, field=field)
        assert contains in messages

    def test_a_correction_needs_a_reason(self, actor, moved):
        services.membership_record_papers(actor=actor, membership=sending(moved), issued_on=PAPERS_ON)
        messages = assert_refused(lambda: services.membership_record_papers(
            actor=actor, membership=sending(moved), issued_on=D(2025, 10, 20)), snapshot=snapshot, field="reason")
        assert messages == ["The papers' issue was recorded as 17/10/2025; say why the date is corrected."]

    def test_papers_only_on_a_period_a_transfer_ended(self, actor, world):
        period = world.a.full.memberships.get()
        assert_refused(lambda: services.membership_record_papers(actor=actor, membership=period, issued_on=PAPERS_ON),
                       snapshot=snapshot, contains="Transfer papers are recorded on the period a permanent transfer "
                                                   "ended.")

    @pytest.mark.parametrize("with_holiday", [False, True], ids=["weekend", "holiday"])
    def test_the_letter_presented_late_is_recorded_never_refused(self, actor, moved, with_holiday):
        services.membership_record_papers(actor=actor, membership=sending(moved), issued_on=PAPERS_ON)
        last = LETTER_BY
        if with_holiday:
            holiday(DAY_OFF)
            last = LETTER_BY_WITH_HOLIDAY
        period = Membership.objects.get(transferred_from=sending(moved))
        with override("en"):
            services.membership_record_letter(actor=actor, membership=period, presented_on=last)
        assert last_reason(moved) == (
            f"Introduction letter presented to Chi bộ Văn phòng Sở Tài chính on {dmy(last)} (letter of 17/10/2025).")
        with override("en"):
            services.membership_record_letter(actor=actor, membership=period, presented_on=D(2025, 12, 2),
                                              reason="Sửa ngày")
        period.refresh_from_db()
        assert period.letter_presented_on == D(2025, 12, 2)
        assert last_reason(moved) == (
            "Introduction letter presented to Chi bộ Văn phòng Sở Tài chính on 02/12/2025 (letter of 17/10/2025). Late: "
            "the introduction letter of 17/10/2025 was presented on 02/12/2025, after the 30 working days allowed (by "
            f"{dmy(last)}). Sửa ngày")

    def test_the_letter_before_the_papers_are_recorded_records_them(self, actor, moved, user_coso):
        period = Membership.objects.get(transferred_from=sending(moved))
        services.membership_record_letter(actor=actor, membership=period, presented_on=D(2025, 10, 20),
                                          letter_issued_on=PAPERS_ON)
        assert sending(moved).papers_issued_on == PAPERS_ON
        assert members_due(user_coso, today=D(2025, 10, 21)).items == []

    def test_the_letter_refused(self, actor, moved):
        period = Membership.objects.get(transferred_from=sending(moved))
        assert "The date cannot be before the transfer decision (12/09/2025)." in assert_refused(
            lambda: services.membership_record_letter(actor=actor, membership=period, presented_on=D(2025, 9, 1)),
            snapshot=snapshot, field="presented_on")
        assert "The date cannot be before the transfer decision (12/09/2025)." in assert_refused(
            lambda: services.membership_record_letter(actor=actor, membership=period, presented_on=D(2025, 10, 1),
                                                      letter_issued_on=D(2025, 9, 1)),
            snapshot=snapshot, field="letter_issued_on")
        services.membership_record_papers(actor=actor, membership=sending(moved), issued_on=PAPERS_ON)
        period.refresh_from_db()
        assert "The date cannot be before the letter's date (17/10/2025)." in assert_refused(
            lambda: services.membership_record_letter(actor=actor, membership=period, presented_on=D(2025, 10, 16)),
            snapshot=snapshot, field="presented_on")
        assert "The sending organisation recorded the papers as issued on 17/10/2025." in assert_refused(
            lambda: services.membership_record_letter(actor=actor, membership=period, presented_on=D(2025, 10, 20),
                                                      letter_issued_on=D(2025, 10, 16)),
            snapshot=snapshot, field="letter_issued_on")

    def test_a_member_from_outside_presents_the_letter_late(self, actor, cell_a1, client_for, user_coso):
        def receive(**kw):
            return services.member_transfer_in(
                actor=actor, organization=cell_a1, from_external=OUTSIDE, kind=TransferKind.PERMANENT,
                effective_on=D(2025, 12, 2), status=Status.FULL, admitted_on=D(2010, 1, 5), full_on=D(2011, 1, 5),
                full_name="Kim Văn Toàn", gender="male", date_of_birth=D(1980, 1, 1), **kw)

        assert "cannot be dated after the member was received (02/12/2025)" in assert_refused(
            lambda: receive(letter_issued_on=D(2025, 12, 3)), snapshot=snapshot, field="letter_issued_on")[0]
        with override("en"):
            member = receive(letter_issued_on=PAPERS_ON)  # due by 28/11/2025: presented late, received all the same
        period = member.memberships.get()
        assert (period.letter_issued_on, period.letter_presented_on) == (PAPERS_ON, D(2025, 12, 2))
        assert last_reason(member) == (
            f"Transferred in from {OUTSIDE}. Late: the introduction letter of 17/10/2025 was presented on 02/12/2025, "
            "after the 30 working days allowed (by 28/11/2025).")
        note = doc(client_for(user_coso).get(member.get_absolute_url())).xpath('//*[@data-note="letter"]')[0]
        assert "17/10/2025" in note.text_content() and note.xpath('.//*[contains(@class, "text-bg-danger")]')

    def test_a_member_from_outside_in_time(self, actor, cell_a1):
        member = services.member_transfer_in(
            actor=actor, organization=cell_a1, from_external=OUTSIDE, kind=TransferKind.PERMANENT,
            effective_on=LETTER_BY, status=Status.FULL, admitted_on=D(2010, 1, 5), full_on=D(2011, 1, 5),
            full_name="Kim Văn Toàn", gender="male", date_of_birth=D(1980, 1, 1), letter_issued_on=PAPERS_ON)
        assert "Late" not in last_reason(member)


# ---- the pages: the due page, the home panel, the member's record -------------------------------------------------

TODAY = datetime.date.today()


@pytest.fixture
def due_world(world, actor, make_member):
    """On each side: the world's probationary member (overdue long ago), a member transferred to another cell of the
    same committee last week (papers due at the sending cell), one transferred earlier whose papers were issued (the
    letter awaited at the receiving cell). cell_a2's items are not the cell_a1 secretary's."""
    w = world
    recent = TODAY - datetime.timedelta(days=7)
    w.moved = {}
    for side, (cell, other) in {"a": (w.cell_a1, w.cell_a2), "b": (w.cell_b1, w.cell_b2)}.items():
        papers = transfer(actor, make_member(cell, full_name=f"Người Chuyển Đi {side.upper()}"), to_organization=other,
                          effective_on=recent)
        letter = transfer(actor, make_member(other, full_name=f"Người Chuyển Đến {side.upper()}"),
                          to_organization=cell, effective_on=recent)
        services.membership_record_papers(actor=actor, membership=sending(letter), issued_on=recent)
        w.moved[side] = (papers, letter)
    return w


def due_names(response) -> dict[str, list[str]]:
    page = doc(response)
    return {key: [" ".join(e.text_content().split()) for e in page.xpath(f'//*[@data-list="{key}"]//*[@data-member]'
                                                                         f'[not(self::li)]')]
            for key in ("full_membership", "papers", "letters")}


class TestDuePage:
    def test_lists_each_kind_with_its_links(self, client_for, user_coso, due_world):
        w = due_world
        response = client_for(user_coso).get("/members/due/")
        assert response.status_code == 200
        assert due_names(response) == {"full_membership": [w.a.prob.full_name], "papers": ["Người Chuyển Đi A"],
                                       "letters": ["Người Chuyển Đến A"]}
        page = doc(response)
        full = page.xpath('//*[@data-list="full_membership"]/li')[0]
        assert full.xpath('.//*[@data-state="overdue"]')
        assert full.xpath('.//a[@data-action="recognise"]/@href') == [reverse("members:recognise", args=[w.a.prob.pk])]
        papers = page.xpath('//*[@data-list="papers"]/li')[0]
        assert papers.xpath('.//*[@data-state="due"]')
        period = sending(w.moved["a"][0])
        assert papers.xpath('.//a[@data-action="papers"]/@href') == [reverse("members:papers", args=[period.pk])]
        letter = page.xpath('//*[@data-list="letters"]/li')[0]
        current = w.moved["a"][1].memberships.get(ended_on__isnull=True)
        assert letter.xpath('.//a[@data-action="letter"]/@href') == [reverse("members:letter", args=[current.pk])]
        deadline = dmy(add_working_days(TODAY - datetime.timedelta(days=7), 60))
        assert deadline in papers.text_content()

    def test_another_subtree_sees_none_of_it(self, client_for, user_other, due_world):
        w = due_world
        response = client_for(user_other).get("/members/due/")
        assert due_names(response) == {"full_membership": [w.b.prob.full_name], "papers": ["Người Chuyển Đi B"],
                                       "letters": ["Người Chuyển Đến B"]}
        body = text(response)
        for name in (w.a.prob.full_name, "Người Chuyển Đi A", "Người Chuyển Đến A"):
            assert name not in body

    def test_the_whole_bloc(self, client_for, user_khoi, due_world):
        names = due_names(client_for(user_khoi).get("/members/due/"))
        assert sorted(names["papers"]) == ["Người Chuyển Đi A", "Người Chuyển Đi B"]

    def test_refused_to_who_manages_no_members(self, client_for, user_chibo, user_dangvien, due_world):
        assert client_for(user_chibo).get("/members/due/").status_code == 403
        assert client_for(user_dangvien).get("/members/due/").status_code == 403

    def test_a_fixed_number_of_queries(self, client_for, user_coso, due_world, actor, make_member):
        client = client_for(user_coso)
        small, *_ = count_queries(client, "/members/due/")
        for n in range(4):
            transfer(actor, make_member(due_world.cell_a1, full_name=f"Thêm Người {n}"), to_external=OUTSIDE,
                     effective_on=TODAY - datetime.timedelta(days=n))
            make_member(due_world.cell_a2, status="probationary", admitted_on=D(2025, 1, 2 + n))
        big, response, *_ = count_queries(client, "/members/due/")
        assert len(due_names(response)["papers"]) == 5
        assert big == small <= 12


    def test_a_long_list_shows_each_kinds_first_items_then_page_by_page(self, client_for, user_coso, user_other,
                                                                         due_world, make_member):
        from members.views import DUE_SECTION_SHOWN

        for n in range(DUE_SECTION_SHOWN + 2):  # with the world's own: 53 probations to consider
            make_member(due_world.cell_a1, status="probationary", full_name=f"Dự Bị Số {n:02d}",
                        admitted_on=D(2024, 1, 1) + datetime.timedelta(days=n))
        client = client_for(user_coso)
        queries, response, *_ = count_queries(client, "/members/due/")
        page = doc(response)
        assert len(page.xpath('//*[@data-list="full_membership"]/li[@data-member]')) == DUE_SECTION_SHOWN
        assert page.xpath('//*[@id="due-full_membership"]//span[contains(@class, "badge")]')[0].text == "53"
        assert page.xpath('//a[@data-more="full_membership"]/@href') == ["?kind=full_membership"]
        assert not page.xpath('//a[@data-more="papers"]')  # one item: all of it shown
        everything = doc(client.get("/members/due/?kind=full_membership"))
        listed = [int(m) for m in everything.xpath('//*[@data-list="full_membership"]/li/@data-member')]
        assert len(listed) == len(set(listed)) == 53 and not everything.xpath('//*[@data-list="papers"]')
        first = [int(m) for m in page.xpath('//*[@data-list="full_membership"]/li/@data-member')]
        assert listed[:DUE_SECTION_SHOWN] == first  # the same order: overdue first, by deadline
        assert everything.xpath('//a[@id="due-every-kind"]/@href') == ["?"]
        assert client.get("/members/due/?kind=papers&page=99").status_code == 200  # past the end: the last page
        (panel,) = doc(client.get("/")).xpath('//*[@id="members-due"]')
        assert len(panel.xpath('./ul/li[@data-member]')) == 6
        assert "55" in panel.xpath('.//a[@id="members-due-all"]')[0].text_content()  # 53 + papers + letter
        assert "Dự Bị Số" not in text(client_for(user_other).get("/members/due/?kind=full_membership"))
        assert queries <= 12


class TestHomePanel:
    def panel(self, client, user):
        return doc(client(user).get("/")).xpath('//*[@id="members-due"]')

    def test_the_cell_secretary_sees_their_cells_items(self, client_for, user_chibo, due_world):
        (panel,) = self.panel(client_for, user_chibo)
        names = {" ".join(e.text_content().split()) for e in panel.xpath('.//*[@data-member][not(self::li)]')}
        assert names == {due_world.a.prob.full_name, "Người Chuyển Đi A", "Người Chuyển Đến A"}
        assert not panel.xpath('.//a[@data-action]')  # the secretary does not decide: no action links
        assert not panel.xpath('.//a[@id="members-due-all"]')  # nor the due page

    def test_cell_a2_items_are_not_the_cell_a1_secretary(self, client_for, user_chibo, user_coso, due_world, actor,
                                                          make_member):
        transfer(actor, make_member(due_world.cell_a2, full_name="Người Của Chi Bộ Khác"), to_external=OUTSIDE,
                 effective_on=TODAY)
        (panel,) = self.panel(client_for, user_chibo)
        assert "Người Của Chi Bộ Khác" not in panel.text_content()
        assert "Người Của Chi Bộ Khác" in self.panel(client_for, user_coso)[0].text_content()

    def test_staff_see_the_first_items_and_the_way_to_all(self, client_for, user_coso, due_world):
        (panel,) = self.panel(client_for, user_coso)
        assert panel.xpath('.//a[@id="members-due-all"]/@href') == ["/members/due/"]
        assert panel.xpath('.//a[@data-action="papers"]')

    def test_another_subtree_sees_none_of_it(self, client_for, user_other, due_world):
        (panel,) = self.panel(client_for, user_other)
        for name in (due_world.a.prob.full_name, "Người Chuyển Đi A", "Người Chuyển Đến A"):
            assert name not in panel.text_content()

    def test_nobody_else_has_the_panel(self, client_for, user_dangvien, due_world):
        assert self.panel(client_for, user_dangvien) == []

    def test_every_link_opens(self, client_for, user_chibo, user_coso, user_khoi, due_world):
        for user in (user_chibo, user_coso, user_khoi):
            client = client_for(user)
            (panel,) = doc(client.get("/")).xpath('//*[@id="members-due"]')
            for href in panel.xpath(".//a/@href"):
                assert client.get(href).status_code == 200, (user, href)

    def test_a_fixed_number_of_queries(self, client_for, user_chibo, user_coso, due_world, actor, make_member):
        clients = {"chibo": client_for(user_chibo), "coso": client_for(user_coso)}
        small = {name: count_queries(c, "/")[0] for name, c in clients.items()}
        for n in range(4):
            transfer(actor, make_member(due_world.cell_a1, full_name=f"Thêm Người {n}"), to_external=OUTSIDE,
                     effective_on=TODAY - datetime.timedelta(days=n))
            make_member(due_world.cell_a1, status="probationary", admitted_on=D(2025, 1, 2 + n))
        big = {name: count_queries(c, "/")[0] for name, c in clients.items()}
        assert big == small


class TestTransferActionsOnThePages:
    def test_the_sending_side_records_the_papers_from_the_record(self, client_for, user_coso, due_world):
        member, _letter = due_world.moved["a"]
        client = client_for(user_coso)
        record = doc(client.get(member.get_absolute_url()))
        (link,) = record.xpath('//*[@data-note="papers"]//a[@data-action="papers"]/@href')
        refused = client.post(link, {"issued_on": dmy(TODAY + datetime.timedelta(days=1))})
        assert refused.status_code == 200 and sending(member).papers_issued_on is None
        assert client.post(link, {"issued_on": dmy(TODAY)}).status_code == 302
        assert sending(member).papers_issued_on == TODAY
        note = doc(client.get(member.get_absolute_url())).xpath('//*[@data-note="papers"]')[0].text_content()
        assert dmy(TODAY) in note

    def test_the_receiving_cell_records_the_letter(self, client_for, user_coso, due_world):
        _papers, member = due_world.moved["a"]
        client = client_for(user_coso)
        (link,) = doc(client.get(member.get_absolute_url())).xpath('//a[@data-action="letter"]/@href')
        form = doc(client.get(link))
        assert not form.xpath('//input[@name="letter_issued_on"]')  # known from the sending side's papers
        assert client.post(link, {"presented_on": dmy(TODAY)}).status_code == 302
        assert member.memberships.get(ended_on__isnull=True).letter_presented_on == TODAY

    def test_a_sender_who_no_longer_sees_the_member_goes_back_to_the_due_page(self, client_for, user_coso, actor,
                                                                               make_member, world):
        member = transfer(actor, make_member(world.cell_a1, full_name="Sang Bên Y Tế"), to_organization=world.cell_b1,
                          effective_on=TODAY)
        client = client_for(user_coso)
        assert client.get(member.get_absolute_url()).status_code == 404
        item = doc(client.get("/members/due/")).xpath('//*[@data-list="papers"]/li')[0]
        assert not item.xpath('.//a[@data-member]')  # the name, not a link that would answer 404
        (link,) = item.xpath('.//a[@data-action="papers"]/@href')
        response = client.post(link, {"issued_on": dmy(TODAY)})
        assert response.status_code == 302 and response["Location"] == "/members/due/"

    def test_the_actions_are_refused_outside_the_scope(self, client_for, user_other, user_chibo, due_world):
        papers = sending(due_world.moved["a"][0])
        letter = due_world.moved["a"][1].memberships.get(ended_on__isnull=True)
        for user in (user_other, user_chibo):
            client = client_for(user)
            for url in (reverse("members:papers", args=[papers.pk]), reverse("members:letter", args=[letter.pk])):
                assert client.get(url).status_code == 404
                assert client.post(url, {"issued_on": dmy(TODAY), "presented_on": dmy(TODAY)}).status_code == 404
        assert Membership.objects.get(pk=papers.pk).papers_issued_on is None

    def test_the_record_shows_the_full_membership_deadline(self, client_for, user_coso, world):
        shown = doc(client_for(user_coso).get(world.a.prob.get_absolute_url())).xpath('//*[@id="member-full-due"]')
        assert shown and "01/06/2024" in shown[0].text_content() and shown[0].xpath('.//*[contains(@class, '
                                                                                    '"text-bg-danger")]')
