"""The inspection forms at a Bloc's size: above SELECT_MAX organisations or members, each field is a search box
(organizations.widgets, members.widgets) asking a search of the case's or programme's own, which answers only with
what the field accepts (the organisations under the authority, the members the case names) and only to those who
hold the programme or the file."""

import datetime

import pytest
from django.urls import reverse

from core.testing import count_queries
from core.testing.pages import doc
from members.models import Member
from organizations.figures import figures_refresh
from organizations.testing import add_cells
from organizations.widgets import SELECT_MAX

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def khoi(client_for, user_khoi):
    return client_for(user_khoi)


@pytest.fixture
def many_cells(gc_a, kinds):
    return add_cells(gc_a, kinds["cell"], SELECT_MAX + 5)


@pytest.fixture
def many_members(cell_a1):
    """More members in cell_a1 than a select lists ("Đảng viên Số 000" ...), bulk-created."""
    members = []
    for n in range(SELECT_MAX + 5):
        member = Member(full_name=f"Đảng viên Số {n:03d}", gender="male", date_of_birth=D(1980, 1, 1),
                        organization=cell_a1, status="full", status_since=D(2011, 1, 1), admitted_on=D(2010, 1, 1),
                        full_on=D(2011, 1, 1))
        member.normalize()
        members.append(member)
    members = Member.objects.bulk_create(members)
    figures_refresh(organization_ids=[cell_a1.pk])
    return members


def picked(response) -> list[str]:
    assert response.status_code == 200
    return [b.get("data-label") for b in doc(response).xpath("//button[@data-id]")]


def picker_url(response, name) -> str:
    """The search address of the picker that sends `name`; the field is no select of every choice."""
    tree = doc(response)
    assert not tree.xpath(f"//select[@name='{name}']"), f"{name}: a select of every choice"
    found = tree.xpath(f"//*[@data-picker][.//input[@type='hidden'][@name='{name}'] or @data-picker-multiple='{name}']")
    assert len(found) == 1, name
    return found[0].get("data-picker")


def ids(response) -> set[int]:
    return {int(b.get("data-id")) for b in doc(response).xpath("//button[@data-id]")}


def test_few_organisations_stay_a_select(khoi, programme, gc_a):
    page = khoi.get(reverse("inspections:case_create", args=[programme.pk]))
    assert gc_a.name in doc(page).xpath("//select[@name='subject_organizations']/option/text()")


def test_programme_item_form_searches_the_authoritys_organisations(khoi, client_for, user_other, programme,
                                                                   many_cells, gc_b, cell_b1):
    page = khoi.get(reverse("inspections:case_create", args=[programme.pk]))
    assert not any(cell.name in page.content.decode() for cell in many_cells)
    url = picker_url(page, "subject_organizations")
    assert url.startswith(reverse("inspections:pick_programme_organizations", args=[programme.pk]))
    assert doc(page).xpath("//*[@data-picker][.//input[@name='member_pool']]")
    assert picked(khoi.get(url + "&q=to 104")) == ["Chi bộ Tổ 104"]
    # the Bloc's authority reaches gc_b too; an organisation outside the tree is never offered
    assert cell_b1.name in picked(khoi.get(url + "&q=chi bo phong"))
    # someone without the programme learns nothing
    assert client_for(user_other).get(url + "&q=to").status_code == 404


def test_case_searches_answer_the_files_holders_only(khoi, client_for, user_coso, make_case, many_cells,
                                                     many_members, cell_a1, cell_b1, make_member):
    outside = make_member(cell_b1)
    case = make_case(subject_organizations=[cell_a1])
    for url_name, field in (("discipline_add", "member"), ("finding_add", "member"), ("finding_add", "organization"),
                            ("discipline_add", "organization")):
        page = khoi.get(reverse(f"inspections:{url_name}", args=[case.pk]))
        assert page.status_code == 200
        assert "Đảng viên Số 050" not in page.content.decode() and "Chi bộ Tổ 050" not in page.content.decode()
        assert picker_url(page, field)
    members_url = reverse("inspections:pick_case_members", args=[case.pk])
    names = picked(khoi.get(members_url, {"q": "so 10"}))
    assert names == [f"Đảng viên Số {n}" for n in range(100, 105)]
    assert outside.pk not in ids(khoi.get(members_url, {"q": outside.full_name}))  # not a subject's member
    organizations_url = reverse("inspections:pick_case_organizations", args=[case.pk])
    assert picked(khoi.get(organizations_url, {"q": "tổ 003"})) == ["Chi bộ Tổ 003"]
    # gc_a's committee does not hold the Bloc's file: the searches answer 404, as the file does
    for url in (members_url, organizations_url):
        assert client_for(user_coso).get(url, {"q": "so"}).status_code == 404


def test_a_member_chosen_through_the_search_is_accepted(khoi, make_case, many_members, cell_a1):
    case = make_case(subject_organizations=[cell_a1])
    chosen = many_members[42]
    response = khoi.post(reverse("inspections:finding_add", args=[case.pk]), {
        "kind": "violation", "text": "Chưa sinh hoạt đúng kỳ", "member": chosen.pk})
    assert response.status_code == 302
    assert case.findings.get().member == chosen


def test_searches_run_a_fixed_number_of_queries(khoi, make_case, many_members, cell_a1):
    case = make_case(subject_organizations=[cell_a1])
    url = reverse("inspections:pick_case_members", args=[case.pk]) + "?q=dang vien"
    queries, *_ = count_queries(khoi, url)
    assert queries <= 12


def test_committee_search_offers_where_the_user_inspects(khoi, client_for, user_other, bloc, gc_b):
    url = reverse("inspections:pick_committees")
    assert bloc.pk in ids(khoi.get(url, {"q": "khoi"}))
    assert gc_b.pk in ids(khoi.get(url, {"q": "y te"}))
    assert client_for(user_other).get(url, {"q": ""}).status_code == 403  # who may not start a programme
