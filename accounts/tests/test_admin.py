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
