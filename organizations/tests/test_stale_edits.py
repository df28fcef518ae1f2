"""No lost updates on the organisation tree: two people open forms on the same organisation; the first saves; the
second's save, made from what was read before, is refused (the form again, with what changed meanwhile and
everything typed) and goes through when sent again, having looked. The record's correction, the rename, and every
restructuring decision (each is taken on the organisation as the user read it)."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from core.testing.pages import TODAY, dmy, form_errors, form_values
from core.testing.stale import stale_alert, stale_round
from organizations.models import Organization

from .cases import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(client_for, make_user, bloc, user_khoi):
    """Two users of the Bloc's standing committee (both may correct and restructure the whole tree; the role by its
    stored code: accounts sits above organizations)."""
    return client_for(user_khoi), client_for(make_user("thuong_vu_khoi_2", "bloc_standing", bloc))


def decision(**extra) -> dict:
    return {"effective_on": dmy(TODAY), "decision_number": "31-QĐ/ĐUK", "reason": "Theo đề án", **extra}


def test_a_stale_correction_of_the_record_is_refused_then_saved_on_purpose(two, world):
    cell = world.cell_a1
    first, second = two
    stale_round(first, second, reverse("organizations:edit", args=[cell.pk]),
                       first_changes={"host_agency": "Phòng Ngân sách Sở", "reason": "Tên cơ quan đúng"},
                       second_changes={"decision_number": "05-QĐ/ĐUK", "reason": "Số quyết định thành lập"},
                       shows=["Phòng Ngân sách Sở"], snapshot=snapshot)
    cell.refresh_from_db()
    assert cell.decision_number == "05-QĐ/ĐUK"


def test_a_rename_from_a_stale_read_is_refused_then_made_on_purpose(two, world):
    cell = world.cell_a1
    first, second = two
    stale_round(first, second, reverse("organizations:rename", args=[cell.pk]),
                       first_changes=decision(new_name="Chi bộ Phòng Ngân sách Nhà nước"),
                       second_changes=decision(new_name="Chi bộ Phòng Quản lý Ngân sách", decision_number="32-QĐ/ĐUK"),
                       shows=["Chi bộ Phòng Ngân sách Nhà nước"], snapshot=snapshot)
    cell.refresh_from_db()
    assert cell.name == "Chi bộ Phòng Quản lý Ngân sách"
    assert list(cell.restructuring_events.filter(kind="rename").values_list("decision_number", flat=True)) \
        == ["32-QĐ/ĐUK", "31-QĐ/ĐUK"]


@pytest.mark.parametrize("action, place, payload", [
    ("rename", "cell_a1", lambda w: decision(new_name="Chi bộ Tên Mới")),
    ("move", "cell_a1", lambda w: decision(new_parent=w.gc_b.pk)),
    ("merge", "cell_a1", lambda w: decision(sources=[w.orgs["cell_a3"].pk])),
    ("split", "cell_a1", lambda w: decision(part1_code="TACH-1", part1_name="Chi bộ Tách Ra", keep_source="on")),
    ("dissolve", "cell_a3", lambda w: decision()),
    ("transfer_out", "cell_a1", lambda w: decision(to_committee="Đảng bộ thành phố Vĩnh Yên")),
])
def test_a_decision_read_before_a_correction_is_refused_once(two, world, action, place, payload):
    """Each restructuring decision is taken on the organisation as read: a correction saved meanwhile refuses it,
    naming what changed; sent again, it is made."""
    organization = world.orgs[place]
    first, second = two
    url = reverse(f"organizations:{action}", args=[organization.pk])
    edit_url = reverse("organizations:edit", args=[organization.pk])
    with override("en"):
        read = form_values(second.get(url))
        correction = form_values(first.get(edit_url))
        assert first.post(edit_url, {**correction, "host_agency": "Cơ quan mới", "reason": "Đổi tên cơ quan"}) \
            .status_code == 302
        before = snapshot()
        refused = second.post(url, {**read, **payload(world)})
        assert refused.status_code == 200
        assert snapshot() == before
        assert "Cơ quan mới" in stale_alert(refused)  # what changed meanwhile
        resent = second.post(url, form_values(refused))
        assert resent.status_code == 302, form_errors(resent)
    assert snapshot() != before


def test_a_program_holding_an_old_copy_cannot_overwrite(world, actor):
    """The services check the copy they are given, whoever calls them (an import, the API)."""
    from django.core.exceptions import ValidationError

    from organizations.services import organization_rename, organization_update

    old = Organization.objects.get(pk=world.cell_a1.pk)
    organization_update(actor=actor, organization=world.cell_a1, host_agency="Cơ quan A", reason="Sửa")
    with pytest.raises(ValidationError) as refused:
        organization_rename(actor=actor, organization=old, new_name="Chi bộ Khác", effective_on=TODAY,
                            decision_number="40-QĐ/ĐUK")
    assert refused.value.code == "stale"
    assert Organization.objects.get(pk=old.pk).name == world.cell_a1.name


def admin_form(response, form_id) -> dict:
    """The administration's change form as the browser would send it back."""
    return form_values(response, f'//form[@id="{form_id}"]')


@pytest.mark.parametrize("model, change", [
    ("organizationkind", {"abbreviation": "CB-X"}),
    ("cluster", {"name": "Cụm thi đua số 9"}),
])
def test_a_stale_save_in_the_administration_is_refused_then_made_on_purpose(client_for, django_user_model, world,
                                                                             model, change):
    from organizations.models import Cluster, OrganizationKind

    record = world.cell_a1.kind if model == "organizationkind" else Cluster.objects.create(code="cum-9", name="Cụm 9")
    url = f"/admin/organizations/{model}/{record.pk}/change/"
    first = client_for(django_user_model.objects.create_superuser("quan_tri_1", password="x"))
    second = client_for(django_user_model.objects.create_superuser("quan_tri_2", password="x"))
    form_id = f"{model}_form"
    one, two = admin_form(first.get(url), form_id), admin_form(second.get(url), form_id)
    assert one["read_revision"] == two["read_revision"] == str(record.revision)
    assert first.post(url, {**one, "sort_order": "7"} if model == "organizationkind" else {**one, "name": "Cụm A"}) \
        .status_code == 302

    refused = second.post(url, {**two, **change, "_continue": "1"})
    assert refused.status_code == 200
    stored = type(record).objects.get(pk=record.pk)
    assert all(getattr(stored, k) != v for k, v in change.items())
    again = admin_form(refused, form_id)
    assert all(again[k] == v for k, v in change.items()), "what was typed is kept"
    assert again["read_revision"] == str(stored.revision)
    assert second.post(url, again).status_code == 302
    stored = type(record).objects.get(pk=record.pk)
    assert all(getattr(stored, k) == v for k, v in change.items())
    assert OrganizationKind.objects.filter(pk=world.cell_a1.kind_id).exists()
