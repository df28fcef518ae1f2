"""Configuration (kinds, rules, role assignments) is the system administrator's, in /admin/."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/organizations/organizationkind/", "/admin/rules/rule/",
                                  "/admin/accounts/roleassignment/", "/admin/organizations/cluster/"])
def test_configuration_is_for_the_system_administrator_only(client_for, tree, user_khoi, django_user_model, path):
    superuser = django_user_model.objects.create_superuser("sysadmin", password="x-Matkhau-2025")
    assert client_for(superuser).get(path).status_code == 200
    response = client_for(user_khoi).get(path)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _change_data(user, rows) -> dict:
    data = {"username": user.username, "last_name": "", "first_name": "", "email": "", "is_active": "on",
            "date_joined_0": "01/01/2026", "date_joined_1": "08:00:00", "last_login_0": "", "last_login_1": "",
            "role_assignments-TOTAL_FORMS": len(rows), "role_assignments-INITIAL_FORMS": 0,
            "role_assignments-MIN_NUM_FORMS": 0, "role_assignments-MAX_NUM_FORMS": 1000}
    for index, (role, organization, ended_on) in enumerate(rows):
        data.update({f"role_assignments-{index}-id": "", f"role_assignments-{index}-user": user.pk,
                     f"role_assignments-{index}-role": role,
                     f"role_assignments-{index}-organization": organization.pk if organization else "",
                     f"role_assignments-{index}-started_on": "", f"role_assignments-{index}-ended_on": ended_on,
                     f"role_assignments-{index}-note": ""})
    return data


def test_the_user_page_gives_roles_with_a_reason_in_their_history(client_for, tree, make_user, django_user_model):
    from accounts.models import Role, RoleAssignment

    superuser = django_user_model.objects.create_superuser("sysadmin", password="x-Matkhau-2025")
    user = make_user("can_bo_moi")
    page = f"/admin/auth/user/{user.pk}/change/"
    response = client_for(superuser).post(page, _change_data(user, [(Role.COMMITTEE_STAFF, tree.gc_a, ""),
                                                                    (Role.CELL_SECRETARY, tree.cell_a1, "01/01/2020")]))
    assert response.status_code == 302, response.context and response.context["errors"]
    assignments = RoleAssignment.objects.filter(user=user)
    assert sorted(assignments.values_list("role", flat=True)) == sorted([Role.COMMITTEE_STAFF, Role.CELL_SECRETARY])
    assert all(h.history_user == superuser and h.history_change_reason for h in RoleAssignment.history.all())
    # the list shows the roles in force only
    listing = client_for(superuser).get("/admin/auth/user/", {"q": "can_bo_moi"}).content.decode()
    assert tree.gc_a.name in listing and tree.cell_a1.name not in listing


def test_a_role_without_its_organisation_is_refused_on_the_row(client_for, tree, make_user, django_user_model):
    from accounts.models import Role, RoleAssignment

    superuser = django_user_model.objects.create_superuser("sysadmin", password="x-Matkhau-2025")
    user = make_user("can_bo_moi")
    response = client_for(superuser).post(f"/admin/auth/user/{user.pk}/change/",
                                          _change_data(user, [(Role.CELL_SECRETARY, None, "")]))
    assert response.status_code == 200
    [formset] = response.context["inline_admin_formsets"]
    assert formset.formset.forms[0].errors["organization"]
    assert not RoleAssignment.objects.filter(user=user).exists()
