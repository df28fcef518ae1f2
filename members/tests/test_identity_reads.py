"""Identity reads: a member's citizen ID shown in full (the member's page, the correction form) leaves a row in the
security log — who, which member, in which organisation; the pages that do not show it leave none."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from audit.models import SecurityEvent
from core.security import IDENTITY_READ
from members.models import Member

pytestmark = pytest.mark.django_db


def reads():
    return list(SecurityEvent.objects.filter(kind=IDENTITY_READ).order_by("id")
                .values_list("username", "target_type", "target_id", "organization_id"))


@pytest.mark.parametrize("page", ["detail", "edit"])
def test_a_citizen_id_shown_in_full_is_logged(client_for, world, user_khoi, page):
    member = world.members["a1_full"]
    assert member.citizen_id
    response = client_for(user_khoi).get(reverse(f"members:{page}", args=[member.pk]))
    assert response.status_code == 200 and member.citizen_id in response.content.decode()
    assert reads() == [(user_khoi.username, ContentType.objects.get_for_model(Member).pk, str(member.pk),
                        world.cell_a1.pk)]


def test_a_refused_correction_shows_the_id_again_and_is_logged_again(client_for, world, user_khoi):
    from core.testing.pages import form_values

    member = world.members["a1_full"]
    client = client_for(user_khoi)
    url = reverse("members:edit", args=[member.pk])
    client.post(url, {**form_values(client.get(url)), "reason": ""})
    assert len(reads()) == 2


def test_pages_that_do_not_show_the_id_log_nothing(client_for, world, user_khoi, user_dangvien, member_dangvien,
                                                   actor):
    from members.services import member_update

    client_for(user_khoi).get(reverse("members:list"))
    client_for(user_khoi).get(reverse("members:transfer", args=[world.members["a1_full"].pk]))
    # the member reading their own file
    client_for(user_dangvien).get(reverse("members:detail", args=[member_dangvien.pk]))
    # a file without a citizen ID
    member = world.members["a1_prob"]
    member_update(actor=actor, member=member, citizen_id=None, reason="Chưa có CCCD")
    client_for(user_khoi).get(reverse("members:detail", args=[member.pk]))
    assert reads() == []


def test_a_user_outside_the_scope_reads_nothing(client_for, world, user_other):
    member = world.members["a1_full"]
    assert client_for(user_other).get(reverse("members:detail", args=[member.pk])).status_code == 404
    assert reads() == []
