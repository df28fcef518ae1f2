"""The meeting quality benchmark, judged with the seeded rule data (and with changed rule data)."""

import datetime

import pytest
from django.utils.translation import override

from meetings.models import MeetingKind
from meetings.quality import ABSENT, EXCUSED, EXEMPT, PRESENT, attendance_rate, excused_run, is_combined, judge, length_required
from rules.models import Rule
from rules.selectors import RuleBook

D = datetime.date
pytestmark = pytest.mark.django_db
AFTER_HD42 = D(2026, 3, 10)
BEFORE_HD42 = D(2024, 3, 10)


def _judge(*, held_on=AFTER_HD42, minutes=95, combined=False, presences=None, runs=None, documents=None):
    if presences is None:
        presences = {i: PRESENT for i in range(10)}
    if documents is None:
        documents = [held_on - datetime.timedelta(days=2)]
    return judge(held_on=held_on, minutes=minutes, combined=combined, presences=presences, excused_runs=runs or {},
                 documents_available_on=documents, value=RuleBook().value)


def _check(quality, code):
    return next(c for c in quality.checks if c.code == code)


def test_a_full_house_is_good_quality():
    quality = _judge()
    assert quality.good and quality.rate == 100.0
    assert [c.code for c in quality.checks] == ["attendance", "no_unexcused", "excused_streak", "duration", "documents"]


@pytest.mark.parametrize("present, expected, passed", [
    (17, 20, False),  # exactly 85 %: the benchmark is "above 85 %"
    (18, 21, True),  # 85.7 %
    (6, 7, True),  # 85.7 %
    (5, 6, False),  # 83.3 %
])
def test_attendance_must_be_above_the_threshold(present, expected, passed):
    presences = {i: PRESENT if i < present else EXCUSED for i in range(expected)}
    assert _check(_judge(presences=presences), "attendance").passed is passed


def test_exempt_members_are_listed_apart_and_not_expected():
    presences = {**{i: PRESENT for i in range(6)}, 6: EXCUSED, 7: EXEMPT, 8: EXEMPT}
    assert attendance_rate(presences.values()) == (6, 7)
    assert _judge(presences=presences).rate == 85.7 and _check(_judge(presences=presences), "attendance").passed


def test_one_absence_without_reason_fails_the_benchmark():
    presences = {**{i: PRESENT for i in range(19)}, 19: ABSENT}
    quality = _judge(presences=presences)
    assert _check(quality, "attendance").passed  # 95 %
    assert _check(quality, "no_unexcused").passed is False and not quality.good


def test_excused_runs_count_within_the_year_and_skip_exempt_meetings():
    history = [(D(2025, 11, 5), EXCUSED), (D(2025, 12, 5), EXCUSED), (D(2026, 1, 6), EXCUSED),
               (D(2026, 2, 5), EXEMPT), (D(2026, 3, 5), EXCUSED), (D(2026, 4, 6), EXCUSED)]
    assert excused_run(history, D(2025, 12, 5)) == 2
    assert excused_run(history, D(2026, 1, 6)) == 1  # the run starts again on 1 January
    assert excused_run(history, D(2026, 3, 5)) == 2  # the exempt month neither counts nor breaks the run
    assert excused_run(history, D(2026, 4, 6)) == 3
    assert excused_run(history + [(D(2026, 5, 5), PRESENT)], D(2026, 5, 5)) == 0


@pytest.mark.parametrize("run, passed", [(3, True), (4, False)])
def test_nobody_excused_more_than_three_times_in_a_row(run, passed):
    presences = {**{i: PRESENT for i in range(19)}, 19: EXCUSED}
    assert _check(_judge(presences=presences, runs={19: run}), "excused_streak").passed is passed


def test_a_long_run_of_a_member_present_today_does_not_count():
    presences = {i: PRESENT for i in range(10)}
    assert _check(_judge(presences=presences, runs={3: 7}), "excused_streak").passed


def test_only_a_regular_meeting_with_a_topic_is_combined():
    assert is_combined(MeetingKind.REGULAR, "Học tập Nghị quyết")
    assert not is_combined(MeetingKind.REGULAR, "  ")
    assert not is_combined(MeetingKind.THEMATIC, "Chuyển đổi số")  # a thematic meeting held on its own
    assert not is_combined(MeetingKind.EXTRAORDINARY, "Kiện toàn chi ủy")


@pytest.mark.parametrize("kind, topic, minutes, passed", [
    # HD 42: a thematic meeting held on its own needs the general 90 minutes ...
    (MeetingKind.THEMATIC, "Chuyển đổi số", 90, True),
    (MeetingKind.THEMATIC, "Chuyển đổi số", 89, False),
    (MeetingKind.THEMATIC, "Chuyển đổi số", 100, True),
    # ... and 120 only a regular meeting that takes a thematic topic in the same session.
    (MeetingKind.REGULAR, "Học tập Nghị quyết", 120, True),
    (MeetingKind.REGULAR, "Học tập Nghị quyết", 119, False),
    (MeetingKind.REGULAR, "", 90, True),
    (MeetingKind.REGULAR, "", 89, False),
    (MeetingKind.EXTRAORDINARY, "Kiện toàn chi ủy", 90, True),
    (MeetingKind.REGULAR, "", None, False),
])
def test_length_after_hd42(kind, topic, minutes, passed):
    check = _check(_judge(minutes=minutes, combined=is_combined(kind, topic)), "duration")
    assert check.passed is passed


@pytest.mark.parametrize("kind, topic", [(MeetingKind.THEMATIC, "Chuyển đổi số"),
                                         (MeetingKind.REGULAR, "Học tập Nghị quyết")])
def test_no_length_required_the_day_before_hd42(kind, topic):
    day_before = D(2025, 10, 27)
    assert _check(_judge(held_on=day_before, minutes=30, combined=is_combined(kind, topic)), "duration").passed is None
    first_day = D(2025, 10, 28)
    assert _check(_judge(held_on=first_day, minutes=100, combined=is_combined(kind, topic)), "duration").passed is (
        kind == MeetingKind.THEMATIC)


def test_the_length_detail_names_the_combined_requirement():
    with override("en"):
        assert _check(_judge(minutes=119, combined=True), "duration").detail == (
            "119 minutes (at least 120 for a regular meeting that takes a thematic topic in the same session)")
        assert _check(_judge(minutes=89), "duration").detail == "89 minutes (at least 90)"


def test_length_required_reads_the_rules_of_the_day():
    book = RuleBook()
    assert length_required(D(2025, 10, 27), book.value) == (0, 0)
    assert length_required(D(2025, 10, 28), book.value) == (90, 120)


def test_length_and_documents_are_not_judged_before_hd42():
    quality = _judge(held_on=BEFORE_HD42, minutes=45, documents=[])
    assert _check(quality, "duration").passed is None and _check(quality, "documents").passed is None
    assert quality.good


@pytest.mark.parametrize("days_before, passed", [(1, True), (0, False)])
def test_documents_at_least_one_day_before(days_before, passed):
    documents = [AFTER_HD42 - datetime.timedelta(days=3), AFTER_HD42 - datetime.timedelta(days=days_before)]
    assert _check(_judge(documents=documents), "documents").passed is passed


def test_no_document_fails_once_they_are_required():
    assert _check(_judge(documents=[]), "documents").passed is False


def test_the_benchmark_follows_rule_data():
    rule = Rule.objects.get(code="meeting_good_attendance_percent", effective_to__isnull=True)
    rule.effective_to = D(2026, 1, 1)
    rule.save()
    Rule.objects.create(code=rule.code, label=rule.label, value=80, unit=rule.unit, regulation="Thử nghiệm",
                        effective_from=D(2026, 1, 1))
    presences = {i: PRESENT if i < 17 else EXCUSED for i in range(20)}  # 85 %
    assert _check(_judge(presences=presences), "attendance").passed  # judged by the new rule
    assert _check(_judge(held_on=D(2025, 12, 10), presences=presences), "attendance").passed is False


def test_counts_need_the_ids_of_the_excused_members():
    from meetings.quality import judge

    with pytest.raises(ValueError):
        judge(held_on=AFTER_HD42, minutes=100, combined=False, counts={"present": 5, "excused": 2}, excused=[1],
              excused_runs={}, documents_available_on=[], value=lambda code, on: 0)
