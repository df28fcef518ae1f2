"""The administration's account pages: password validators wherever a password is set, every change of roles and
access recorded as a security event, and a stale edit of a role assignment refused (core.versions)."""

import pytest

from core import security as events

from .test_admin import _change_data

pytestmark = pytest.mark.django_db

WEAK = "12345678"
STRONG = "Hoa-phuong-do-2026!"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("sysadmin", password="x-Matkhau-2025")


def security_events(kind):
    from audit.models import SecurityEvent

    return list(SecurityEvent.objects.filter(kind=kind).order_by("id"))


def _add_data(username, password):
    return {"username": username, "password1": password, "password2": password, "last_name": "Nguyễn",
            "first_name": "Lan", "email": "", "member": "", "role_assignments-TOTAL_FORMS": 0,
            "role_assignments-INITIAL_FORMS": 0, "role_assignments-MIN_NUM_FORMS": 0,
            "role_assignments-MAX_NUM_FORMS": 1000}


def test_a_new_account_needs_a_password_the_validators_accept(client_for, superuser, django_user_model):
    admin = client_for(superuser)
    refused = admin.post("/admin/auth/user/add/", _add_data("can_bo_moi", WEAK))
    assert refused.status_code == 200 and refused.context["adminform"].form.errors.get("password2")
    assert not django_user_model.objects.filter(username="can_bo_moi").exists()
    created = admin.post("/admin/auth/user/add/", _add_data("can_bo_moi", STRONG))
    assert created.status_code == 302
    user = django_user_model.objects.get(username="can_bo_moi")
    [event] = security_events(events.ROLE_CHANGE)
    assert event.user == superuser and event.target_id == str(user.pk) and "can_bo_moi" in event.detail


def test_a_password_set_by_the_administrator_is_validated_and_recorded(client_for, superuser, make_user):
    user = make_user("can_bo_cu")
    page = f"/admin/auth/user/{user.pk}/password/"
    admin = client_for(superuser)
    refused = admin.post(page, {"password1": WEAK, "password2": WEAK, "usable_password": "true"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not security_events(events.PASSWORD_CHANGE)
    assert admin.post(page, {"password1": STRONG, "password2": STRONG, "usable_password": "true"}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(STRONG)
    [event] = security_events(events.PASSWORD_CHANGE)
    assert event.user == superuser and event.target_id == str(user.pk)


def test_roles_given_ended_and_access_changed_on_the_user_page_are_recorded(client_for, tree, superuser, make_user):
    from accounts.models import Role, RoleAssignment

    user = make_user("can_bo_moi")
    page = f"/admin/auth/user/{user.pk}/change/"
    admin = client_for(superuser)
    assert admin.post(page, _change_data(user, [(Role.COMMITTEE_STAFF, tree.gc_a, "")])).status_code == 302
    [given] = security_events(events.ROLE_CHANGE)
    assert given.organization_id == tree.gc_a.pk and "assigned" in given.detail and "committee_staff" in given.detail
    assignment = RoleAssignment.objects.get(user=user)
    data = _change_data(user, [])
    data.update({"role_assignments-TOTAL_FORMS": 1, "role_assignments-INITIAL_FORMS": 1,
                 "role_assignments-0-id": assignment.pk, "role_assignments-0-user": user.pk,
                 "role_assignments-0-role": Role.COMMITTEE_STAFF, "role_assignments-0-organization": tree.gc_a.pk,
                 "role_assignments-0-started_on": "", "role_assignments-0-ended_on": "01/01/2026",
                 "role_assignments-0-note": "", "role_assignments-0-read_revision": assignment.revision})
    data.pop("is_active")  # disabled in the same save
    assert admin.post(page, data).status_code == 302
    details = [e.detail for e in security_events(events.ROLE_CHANGE)]
    assert any("changed" in d and "ended_on" in d for d in details)
    assert any("is_active=False" in d for d in details)


def test_the_role_assignment_page_records_and_refuses_a_stale_edit(client_for, tree, superuser, make_user):
    from accounts.models import Role, RoleAssignment

    user = make_user("can_bo_moi", Role.COMMITTEE_STAFF, tree.gc_a)
    assignment = RoleAssignment.objects.get(user=user)
    page = f"/admin/accounts/roleassignment/{assignment.pk}/change/"
    admin = client_for(superuser)
    read = admin.get(page).context["adminform"].form["read_revision"].value()
    # meanwhile someone else ends the role
    assignment.note = "Đã chuyển công tác"
    assignment.save()
    stale = admin.post(page, {"user": user.pk, "role": Role.COMMITTEE_STAFF, "organization": tree.gc_b.pk,
                              "started_on": "", "ended_on": "", "note": "", "read_revision": read})
    assert stale.status_code == 200 and stale.context["adminform"].form.non_field_errors()
    assignment.refresh_from_db()
    assert assignment.organization_id == tree.gc_a.pk and assignment.note == "Đã chuyển công tác"
    fresh = admin.post(page, {"user": user.pk, "role": Role.COMMITTEE_STAFF, "organization": tree.gc_b.pk,
                              "started_on": "", "ended_on": "", "note": "", "read_revision": assignment.revision})
    assert fresh.status_code == 302
    [event] = security_events(events.ROLE_CHANGE)
    assert event.organization_id == tree.gc_b.pk and "organization" in event.detail


def test_a_stale_row_on_the_user_page_is_refused(client_for, tree, superuser, make_user):
    from accounts.models import Role, RoleAssignment

    user = make_user("can_bo_moi", Role.COMMITTEE_STAFF, tree.gc_a)
    assignment = RoleAssignment.objects.get(user=user)
    read = assignment.revision
    assignment.ended_on = None
    assignment.note = "Sửa ở nơi khác"
    assignment.save()
    data = _change_data(user, [])
    data.update({"role_assignments-TOTAL_FORMS": 1, "role_assignments-INITIAL_FORMS": 1,
                 "role_assignments-0-id": assignment.pk, "role_assignments-0-user": user.pk,
                 "role_assignments-0-role": Role.COMMITTEE_STAFF, "role_assignments-0-organization": tree.gc_a.pk,
                 "role_assignments-0-started_on": "", "role_assignments-0-ended_on": "01/01/2026",
                 "role_assignments-0-note": "", "role_assignments-0-read_revision": read})
    response = client_for(superuser).post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.ended_on is None and assignment.note == "Sửa ở nơi khác"
