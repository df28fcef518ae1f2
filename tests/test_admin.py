"""The administration (/admin/): one search that ignores diacritics in every admin, as the app's search does, and the
user's page that gives the roles and links the member record in one save."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, RoleAssignment
from core.admin import FoldedSearchMixin, HistoryAdmin, folded_search
from core.models import Holiday
from members.choices import Status
from members.services import member_leave
from rules.models import Rule

pytestmark = pytest.mark.django_db
PASSWORD = "Matkhau-2025!"
SEARCHABLE = sorted(((model, model_admin) for model, model_admin in admin.site._registry.items()
                     if model_admin.search_fields), key=lambda pair: pair[0]._meta.label)


@pytest.fixture
def sysadmin(django_user_model):
    return django_user_model.objects.create_superuser("sysadmin", password=PASSWORD)


@pytest.fixture
def browser(client_for, sysadmin):
    return client_for(sysadmin)


def listed(response) -> list:
    return list(response.context["cl"].result_list)


# --- search -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("model, model_admin", SEARCHABLE, ids=[m._meta.label for m, _a in SEARCHABLE])
def test_every_admin_with_a_search_ignores_diacritics(browser, model, model_admin):
    assert isinstance(model_admin, FoldedSearchMixin), f"{type(model_admin).__name__} searches with diacritics"
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for term in ("Hỗ trợ sinh sản", "ho tro sinh san", "Đ", "'", "a b c d"):
        assert browser.get(url, {"q": term}).status_code == 200


@pytest.mark.parametrize("model, model_admin", [(m, a) for m, a in SEARCHABLE if hasattr(m, "history")],
                         ids=[m._meta.label for m, a in SEARCHABLE if hasattr(m, "history")])
def test_every_admin_of_a_model_with_a_history_keeps_the_reason(model, model_admin):
    assert isinstance(model_admin, HistoryAdmin)


def test_organisations_are_found_with_or_without_diacritics(browser, make_org, tree):
    cell = make_org("cell", tree.gc_b, name="Chi bộ Khoa Hỗ trợ sinh sản", code="KHTSS")
    url = reverse("admin:organizations_organization_changelist")
    for term in ("Hỗ trợ sinh sản", "ho tro sinh san", "HỖ TRỢ SINH", "khtss", "KHTSS"):
        assert listed(browser.get(url, {"q": term})) == [cell], term
    assert listed(browser.get(url, {"q": "ho tro sinh sanh"})) == []


def test_members_are_found_by_name_and_citizen_id(browser, make_member, cell_a1):
    anh = make_member(cell_a1, full_name="Nguyễn Thị Ánh", gender="female")
    make_member(cell_a1, full_name="Nguyễn Văn Bình", gender="male")
    url = reverse("admin:members_member_changelist")
    assert listed(browser.get(url, {"q": "Nguyễn Thị Ánh"})) == listed(browser.get(url, {"q": "nguyen thi anh"})) \
        == [anh]
    assert listed(browser.get(url, {"q": anh.citizen_id})) == [anh]
    # a word must begin a word of the name, as in the app: "an" is not inside "Văn"
    assert anh in listed(browser.get(url, {"q": "nguyen an"}))
    assert [m.full_name for m in listed(browser.get(url, {"q": "nguyen an"}))] == ["Nguyễn Thị Ánh"]


def test_small_tables_are_folded_too(browser):
    holiday = Holiday.objects.create(date=datetime.date(2031, 5, 19), name="Ngày thử nghiệm Đặc biệt")
    url = reverse("admin:core_holiday_changelist")
    assert listed(browser.get(url, {"q": "thu nghiem dac"})) == listed(browser.get(url, {"q": "Thử Nghiệm đặc"})) \
        == [holiday]
    rules = reverse("admin:rules_rule_changelist")
    found = listed(browser.get(rules, {"q": "tuoi toi thieu"}))
    assert found and {r.code for r in found} == {"admission_min_age"}
    assert listed(browser.get(rules, {"q": "Tuổi tối thiểu"})) == found


def test_users_are_found_by_their_name_and_their_member_record(browser, user_dangvien, make_user):
    khoi = make_user("khoi2", Role.MEMBER)
    khoi.last_name, khoi.first_name = "Trần Quốc", "Hưng"
    khoi.save()
    url = reverse("admin:auth_user_changelist")
    assert listed(browser.get(url, {"q": "tran quoc hung"})) == listed(browser.get(url, {"q": "Trần Quốc Hưng"})) \
        == [khoi]
    # user_dangvien's member record is "Trương Văn Hùng"
    assert listed(browser.get(url, {"q": "truong van hung"})) == [user_dangvien]


def test_the_autocomplete_of_the_role_rows_searches_the_same_way(browser, make_org, tree):
    cell = make_org("cell", tree.gc_b, name="Chi bộ Khoa Hỗ trợ sinh sản", code="KHTSS")
    for term in ("Hỗ trợ sinh sản", "ho tro sinh san"):
        response = browser.get(reverse("admin:autocomplete"), {
            "app_label": "accounts", "model_name": "roleassignment", "field_name": "organization", "term": term})
        assert [r["id"] for r in response.json()["results"]] == [str(cell.pk)]


def test_the_member_record_autocomplete_names_the_organisation_and_an_account(browser, user_dangvien,
                                                                              member_dangvien):
    response = browser.get(reverse("admin:members_member_link_autocomplete"), {"term": "truong van hung"})
    [result] = response.json()["results"]
    assert result["id"] == str(member_dangvien.pk)
    assert member_dangvien.organization.name in result["text"] and user_dangvien.username in result["text"]


def test_the_member_record_autocomplete_is_for_those_who_manage_accounts(client_for, user_khoi):
    response = client_for(user_khoi).get(reverse("admin:members_member_link_autocomplete"), {"term": "a"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_folded_search_of_an_empty_term_is_everything():
    queryset = Rule.objects.all()
    assert folded_search(queryset, ("label",), "  ")[0] is queryset


# --- the user's page ----------------------------------------------------------------------------------------------

def user_page_data(*, roles=(), member=None, **fields) -> dict:
    data = {
        "username": "nguoi_moi", "password1": PASSWORD, "password2": PASSWORD, "last_name": "Lê Thị",
        "first_name": "Mai", "email": "", "member": member.pk if member else "",
        "role_assignments-TOTAL_FORMS": len(roles), "role_assignments-INITIAL_FORMS": 0,
        "role_assignments-MIN_NUM_FORMS": 0, "role_assignments-MAX_NUM_FORMS": 1000,
    }
    for index, (role, organization) in enumerate(roles):
        data.update({f"role_assignments-{index}-role": role,
                     f"role_assignments-{index}-organization": organization.pk if organization else "",
                     f"role_assignments-{index}-started_on": "", f"role_assignments-{index}-ended_on": "",
                     f"role_assignments-{index}-note": ""})
    data.update(fields)
    return data


def change_page_data(user, *, member=None, roles=(), existing=(), **fields) -> dict:
    data = {"username": user.username, "last_name": user.last_name, "first_name": user.first_name,
            "email": user.email, "is_active": "on", "member": member.pk if member else "",
            "last_login_0": "", "last_login_1": "", "date_joined_0": "01/01/2026", "date_joined_1": "08:00:00",
            "role_assignments-TOTAL_FORMS": len(existing) + len(roles),
            "role_assignments-INITIAL_FORMS": len(existing),
            "role_assignments-MIN_NUM_FORMS": 0, "role_assignments-MAX_NUM_FORMS": 1000}
    rows = [(a.pk, a.role, a.organization) for a in existing] + [(None, role, org) for role, org in roles]
    for index, (pk, role, organization) in enumerate(rows):
        data.update({f"role_assignments-{index}-id": pk or "", f"role_assignments-{index}-user": user.pk,
                     f"role_assignments-{index}-role": role,
                     f"role_assignments-{index}-organization": organization.pk if organization else "",
                     f"role_assignments-{index}-started_on": "", f"role_assignments-{index}-ended_on": "",
                     f"role_assignments-{index}-note": ""})
    data.update(fields)
    return data


def field_errors(response, name: str) -> list[str]:
    return list(response.context["adminform"].form.errors.get(name, []))


def role_errors(response) -> list[str]:
    [formset] = response.context["inline_admin_formsets"]
    return [message for form in formset.formset.forms for message in form.errors.get("role", [])]


def test_a_new_user_gets_roles_and_the_member_record_in_one_save(browser, sysadmin, make_member, cell_a1,
                                                                 django_user_model):
    mai = make_member(cell_a1, full_name="Lê Thị Mai", gender="female")
    response = browser.post(reverse("admin:auth_user_add"), user_page_data(
        member=mai, roles=[(Role.MEMBER, None), (Role.CELL_SECRETARY, cell_a1)]))
    assert response.status_code == 302, response.context and response.context["errors"]
    user = django_user_model.objects.get(username="nguoi_moi")
    mai.refresh_from_db()
    assert mai.user == user and user.check_password(PASSWORD)
    assert sorted(RoleAssignment.objects.filter(user=user).values_list("role", "organization")) == \
        sorted([(Role.MEMBER, None), (Role.CELL_SECRETARY, cell_a1.pk)])
    linked = mai.history.latest("history_date")
    assert linked.history_user == sysadmin and linked.history_change_reason
    assert all(r.history_user == sysadmin and r.history_change_reason
               for r in RoleAssignment.history.filter(user=user))


def test_a_member_record_another_account_opens_is_refused_on_the_field(browser, user_dangvien, member_dangvien,
                                                                       django_user_model):
    response = browser.post(reverse("admin:auth_user_add"), user_page_data(member=member_dangvien))
    assert response.status_code == 200
    [message] = field_errors(response, "member")
    assert user_dangvien.username in message and member_dangvien.full_name in message
    assert not django_user_model.objects.filter(username="nguoi_moi").exists()
    member_dangvien.refresh_from_db()
    assert member_dangvien.user == user_dangvien


def test_a_record_of_someone_who_left_is_refused_on_the_field(browser, actor, make_member, cell_a1):
    gone = make_member(cell_a1, full_name="Phạm Văn Đi", gender="male")
    member_leave(actor=actor, member=gone, effective_on=datetime.date(2025, 6, 1), reason="Xin ra khỏi Đảng")
    gone.refresh_from_db()
    assert gone.status == Status.LEFT
    response = browser.post(reverse("admin:auth_user_add"), user_page_data(member=gone))
    assert response.status_code == 200 and field_errors(response, "member")


def test_the_member_role_without_a_record_is_refused_on_the_role(browser, django_user_model):
    response = browser.post(reverse("admin:auth_user_add"), user_page_data(roles=[(Role.MEMBER, None)]))
    assert response.status_code == 200 and role_errors(response)
    assert not django_user_model.objects.filter(username="nguoi_moi").exists()


def test_the_user_page_moves_the_link_and_keeps_both_histories(browser, user_dangvien, member_dangvien, make_member,
                                                               cell_a1):
    other = make_member(cell_a1, full_name="Hoàng Thị Thu", gender="female")
    existing = list(RoleAssignment.objects.filter(user=user_dangvien))
    page = reverse("admin:auth_user_change", args=[user_dangvien.pk])
    assert browser.get(page).context["adminform"].form.initial["member"] == member_dangvien.pk
    response = browser.post(page, change_page_data(user_dangvien, member=other, existing=existing))
    assert response.status_code == 302, response.context and response.context["errors"]
    member_dangvien.refresh_from_db()
    other.refresh_from_db()
    assert member_dangvien.user is None and other.user == user_dangvien
    assert member_dangvien.history.latest("history_date").history_change_reason


def test_unlinking_the_record_of_a_member_role_is_refused(browser, user_dangvien, member_dangvien):
    existing = list(RoleAssignment.objects.filter(user=user_dangvien))
    page = reverse("admin:auth_user_change", args=[user_dangvien.pk])
    response = browser.post(page, change_page_data(user_dangvien, member=None, existing=existing))
    assert response.status_code == 200 and role_errors(response)
    member_dangvien.refresh_from_db()
    assert member_dangvien.user == user_dangvien


def test_the_member_file_is_read_only_and_points_to_the_account(browser, user_dangvien, member_dangvien):
    response = browser.get(reverse("admin:members_member_change", args=[member_dangvien.pk]))
    assert response.status_code == 200
    assert reverse("admin:auth_user_change", args=[user_dangvien.pk]) in response.content.decode()
    assert browser.post(reverse("admin:members_member_change", args=[member_dangvien.pk]), {}).status_code == 403


# --- headings -----------------------------------------------------------------------------------------------------

def test_the_headings_go_through_the_catalogue(browser):
    with translation.override("vi"):
        header = str(admin.site.site_header)
    page = browser.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert header in page and "Django" not in page.split("<body")[1].split('id="content"')[0]


def test_the_history_page_names_the_person_and_the_reason(browser, sysadmin, user_dangvien, member_dangvien):
    response = browser.get(reverse("admin:members_member_history", args=[member_dangvien.pk]))
    assert response.status_code == 200
    assert response.templates[0].name == "admin/simple_history/object_history.html"
    page = response.content.decode()
    assert 'id="change-history"' in page and member_dangvien.history.latest("history_date").history_change_reason \
        in page
