"""No lost updates on the member file: two people open the same form; the first saves; the second's save, made from
what was read before, is refused (the form again, with what changed meanwhile and everything typed) and goes
through when sent again, having looked. For each record the member pages edit: the member's file (its correction
and the dated decisions about the member) and a membership period (the transfer papers, the introduction letter)."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from core.testing.pages import TODAY, dmy, form_values
from core.testing.stale import stale_alert, stale_round
from members.models import Member, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(client_for, make_user, bloc, user_khoi):
    """Two users of the Bloc's standing committee (both may correct and manage every member)."""
    from accounts.models import Role

    return client_for(user_khoi), client_for(make_user("thuong_vu_khoi_2", Role.BLOC_STANDING, bloc))


def member_row(pk):
    return Member.objects.filter(pk=pk).values().get()


def test_a_stale_correction_of_the_member_file_is_refused_then_saved_on_purpose(two, world):
    member = world.members["a1_full"]
    first, second = two
    url = reverse("members:edit", args=[member.pk])
    stale_round(
        first, second, url,
        first_changes={"position": "Trưởng phòng", "reason": "Bổ nhiệm mới"},
        second_changes={"hometown": "Lập Thạch, Vĩnh Phúc", "reason": "Sửa quê quán"},
        shows=["Trưởng phòng"], snapshot=lambda: member_row(member.pk))
    member.refresh_from_db()
    # The second saved over the first on purpose: their form still held the position they had read.
    assert member.hometown == "Lập Thạch, Vĩnh Phúc"
    assert member.history.count() >= 3


@pytest.mark.parametrize("page, changes", [
    ("exempt", {"effective_on": dmy(TODAY), "reason": "Ốm dài ngày"}),
    ("transfer", {"kind": "temporary", "to_external": "Đảng bộ Trường Chính trị tỉnh", "effective_on": dmy(TODAY),
                  "until": dmy(TODAY + datetime.timedelta(days=200)), "reason": "Đi học"}),
    ("end", {"status": "left", "effective_on": dmy(TODAY), "reason": "Xin ra khỏi Đảng"}),
])
def test_a_decision_about_a_member_read_before_a_correction_is_refused(two, world, page, changes):
    """A dated decision is taken on the file as read: a correction saved meanwhile refuses it, once."""
    member = world.members["a1_full"]
    first, second = two
    edit_url, url = reverse("members:edit", args=[member.pk]), reverse(f"members:{page}", args=[member.pk])
    with override("en"):
        decision = form_values(second.get(url))
        correction = form_values(first.get(edit_url))
        assert first.post(edit_url, {**correction, "agency": "Sở Tài chính tỉnh", "reason": "Đổi tên cơ quan"}) \
            .status_code == 302
        before = member_row(member.pk)
        refused = second.post(url, {**decision, **changes})
        assert refused.status_code == 200
        assert member_row(member.pk) == before
        assert "Sở Tài chính tỉnh" in stale_alert(refused)  # what changed meanwhile
        assert second.post(url, form_values(refused)).status_code == 302
    member.refresh_from_db()
    assert member.revision == before["revision"] + 1


@pytest.fixture
def transferred(world, actor):
    """A member of cell_a1 transferred permanently to cell_a2: the sending period owes the papers, the receiving one
    awaits the letter."""
    from members.services import member_transfer

    member = world.members["a1_full"]
    member_transfer(actor=actor, member=member, kind="permanent", to_organization=world.cell_a2,
                    effective_on=TODAY - datetime.timedelta(days=10), reason="Điều động công tác",
                    decision_number="15-QĐ/ĐU")
    sending = Membership.objects.get(member=member, ended_by_transfer=True)
    return sending, Membership.objects.get(transferred_from=sending)


def period_row(pk):
    return Membership.objects.filter(pk=pk).values().get()


def test_stale_transfer_papers_are_refused_then_corrected_on_purpose(two, transferred):
    sending, _receiving = transferred
    first, second = two
    url = reverse("members:papers", args=[sending.pk])
    issued = TODAY - datetime.timedelta(days=5)
    stale_round(
        first, second, url,
        first_changes={"issued_on": dmy(issued)},
        second_changes={"issued_on": dmy(issued + datetime.timedelta(days=1)), "reason": "Ngày ghi trên giấy"},
        shows=[], snapshot=lambda: period_row(sending.pk))
    sending.refresh_from_db()
    assert sending.papers_issued_on == issued + datetime.timedelta(days=1)


def test_a_stale_introduction_letter_is_refused_then_recorded_on_purpose(two, transferred):
    _sending, receiving = transferred
    first, second = two
    url = reverse("members:letter", args=[receiving.pk])
    presented = TODAY - datetime.timedelta(days=2)
    stale_round(
        first, second, url,
        first_changes={"presented_on": dmy(presented), "letter_issued_on": dmy(presented)},
        second_changes={"presented_on": dmy(TODAY), "letter_issued_on": "", "reason": "Ngày nộp thư đúng"},
        shows=[], snapshot=lambda: period_row(receiving.pk))
    receiving.refresh_from_db()
    assert receiving.letter_presented_on == TODAY
