"""Pages and forms through the real views: every page renders, bad input is shown on the right field
with everything the user typed kept, refused decisions write nothing, and the main flows work end to end."""

import datetime
import random
import unicodedata

import pytest
from django.conf import settings
from django.urls import reverse

from core.testing.pages import (
    TODAY,
    detail_links,
    dmy,
    doc,
    field_classes,
    form_errors,
    form_values,
    member_form_data,
    member_table_names,
    search_results,
    text,
    tree_names,
)

pytestmark = pytest.mark.django_db
D = datetime.date


# ---- every page renders ------------------------------------------------------------------------------

def _pages(w):
    m = w.members
    pages = {
        "members": "/members/",
        "members_all_filters": "/members/?status=all&gender=female&age_band=31_40&theory_level=none"
                               f"&ethnicity=kinh&organization={w.gc_a.pk}&q=thi&sort=-date_of_birth",
        "organizations": "/organizations/",
        "organizations_filtered": "/organizations/?status=all&kind=cell&tier=below_grassroots&q=chi+bo",
        "tree": "/organizations/tree/",
        "tree_as_of": "/organizations/tree/?as_of=01/06/2020",
        "tree_as_of_before_anything": "/organizations/tree/?as_of=01/01/2000",
        "search": "/search/?q=nguyen",
        "search_empty": "/search/",
        "rules": "/rules/",
        "password_change": "/accounts/password/",
        "password_change_done": "/accounts/password/done/",
        "org_create": "/organizations/new/",
        "org_create_under": f"/organizations/new/?parent={w.gc_a.pk}",
        "org_transfer_in": "/organizations/transfer-in/",
        "member_admit": "/members/admit/",
        "member_register": "/members/register/",
        "member_transfer_in": "/members/transfer-in/",
    }
    for key, org in w.orgs.items():
        pages[f"org_{key}"] = reverse("organizations:detail", args=[org.pk])
    for action in ("edit", "rename", "move", "merge", "split", "dissolve", "transfer_out"):
        pages[f"org_{action}"] = reverse(f"organizations:{action}", args=[w.cell_a1.pk])
        pages[f"org_{action}_committee"] = reverse(f"organizations:{action}", args=[w.gc_a.pk])
    for key, member in m.items():
        pages[f"member_{key}"] = reverse("members:detail", args=[member.pk])
    for action, key in [("edit", "a1_full"), ("transfer", "a1_full"), ("recognise", "a1_prob"),
                        ("temporary_end", "a1_away"), ("exempt", "a1_full"), ("exemption_end", "a1_exempt"),
                        ("end", "a1_full")]:
        pages[f"member_{action}"] = reverse(f"members:{action}", args=[m[key].pk])
    return pages




ORG_KEYS = ["bloc", "gc_a", "cell_a1", "cell_a2", "cell_a3", "gc_b", "cell_b1", "cell_b2", "cell_b3", "gcell"]
MEMBER_KEYS = ["a1_full", "a1_prob", "a1_exempt", "a1_away", "dangvien", "a2_full", "b1_full", "b1_prob",
               "b1_exempt", "b1_away", "b2_full", "gcell_full"]
PAGE_KEYS = (
    ["members", "members_all_filters", "organizations", "organizations_filtered", "tree", "tree_as_of",
     "tree_as_of_before_anything", "search", "search_empty", "rules", "password_change",
     "password_change_done", "org_create", "org_create_under", "org_transfer_in", "member_admit",
     "member_register", "member_transfer_in"]
    + [f"org_{k}" for k in ORG_KEYS]
    + [f"org_{a}{s}" for a in ("edit", "rename", "move", "merge", "split", "dissolve", "transfer_out")
       for s in ("", "_committee")]
    + [f"member_{k}" for k in MEMBER_KEYS]
    + [f"member_{a}" for a in ("edit", "transfer", "recognise", "temporary_end", "exempt", "exemption_end", "end")]
)


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_every_page_renders_for_the_bloc_standing_committee(client_for, world, user_khoi, page):
    url = _pages(world)[page]
    response = client_for(user_khoi).get(url)
    assert response.status_code == 200, url
    body = text(response)
    assert '<html lang="vi">' in body
    assert "{{" not in body and "{%" not in body
    if page.startswith("member_") and page[7:] in world.members:
        assert world.members[page[7:]].full_name in body
    if page.startswith("org_") and page[4:] in world.orgs:
        assert world.orgs[page[4:]].name in body



def test_login_page_renders_for_an_anonymous_visitor(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'name="username"' in text(response) and 'name="password"' in text(response)
    assert client.get("/members/").status_code == 302  # everything else asks to log in



def test_a_date_that_does_not_exist_is_refused_on_the_tree_not_replaced_by_today(client_for, world, user_khoi):
    response = client_for(user_khoi).get("/organizations/tree/?as_of=31/02/2020")
    assert response.status_code == 400
    assert doc(response).xpath('//*[@id="filter-errors"]//li[@data-field="as_of"]')
    assert not tree_names(response)


# ---- bad input on the member file -----------------------------------------------------------------------

def test_member_edit_with_an_11_digit_citizen_id_is_shown_on_the_field_and_saves_nothing(
        client_for, world, user_khoi, db_snapshot):
    member = world.members["a1_full"]
    typed = member_form_data(member, full_name="Lý Thị Mai Hương", citizen_id="00108500123",
                             date_of_birth="07/08/1986", hometown="Tam Dương, Vĩnh Phúc", position="Phó trưởng phòng",
                             phone="0912 345 678", email="mai.huong@example.vn", theory_level="intermediate",
                             reason="Cập nhật theo CCCD mới", revision=str(member.revision))
    before = db_snapshot()
    response = client_for(user_khoi).post(reverse("members:edit", args=[member.pk]), typed)
    assert response.status_code == 200
    assert db_snapshot() == before
    tree = doc(response)
    error = tree.xpath('//*[@id="id_citizen_id_error"]')
    assert len(error) == 1 and "11" in error[0].text_content()
    assert "is-invalid" in field_classes(response, "citizen_id")
    assert "is-invalid" not in field_classes(response, "full_name")
    assert form_values(response) == typed  # every typed value is still in the form


def test_member_edit_without_a_reason_is_refused_on_the_reason_field(client_for, world, user_khoi, db_snapshot):
    member = world.members["a1_full"]
    before = db_snapshot()
    response = client_for(user_khoi).post(reverse("members:edit", args=[member.pk]),
                                          member_form_data(member, full_name="Tên Khác", reason="  "))
    assert response.status_code == 200
    assert doc(response).xpath('//*[@id="id_reason_error"]')
    assert db_snapshot() == before


def test_member_edit_saves_and_keeps_the_reason_in_the_history(client_for, world, user_khoi):
    member = world.members["a1_full"]
    client = client_for(user_khoi)
    response = client.post(reverse("members:edit", args=[member.pk]),
                           member_form_data(member, citizen_id="001086001234", reason="Cấp CCCD gắn chip"))
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[member.pk])
    page = text(client.get(response["Location"]))
    assert "001086001234" in page and "Cấp CCCD gắn chip" in page


# ---- restructuring refused by the service ----------------------------------------------------------------

def _decision(**extra):
    return {"effective_on": dmy(TODAY), "decision_number": "77-QĐ/ĐUK", "reason": "Theo đề án sắp xếp", **extra}


def test_dissolving_an_organisation_with_members_is_refused_and_changes_nothing(
        client_for, world, user_khoi, db_snapshot):
    client = client_for(user_khoi)
    typed = _decision(revision=str(world.cell_a1.revision))  # the form carries the version it was drawn from
    before = db_snapshot()
    response = client.post(reverse("organizations:dissolve", args=[world.cell_a1.pk]), typed)
    assert response.status_code == 200
    assert db_snapshot() == before
    alerts = doc(response).xpath('//main//form//*[contains(@class, "alert-danger")]')
    assert len(alerts) == 1, form_errors(response)
    assert world.cell_a1.name in alerts[0].text_content()
    assert "5" in alerts[0].text_content()  # its five members
    assert form_values(response) == typed


def test_moving_a_cell_under_the_bloc_is_refused_and_changes_nothing(client_for, world, user_khoi, db_snapshot):
    client = client_for(user_khoi)
    typed = _decision(new_parent=str(world.bloc.pk))
    before = db_snapshot()
    response = client.post(reverse("organizations:move", args=[world.cell_a1.pk]), typed)
    assert response.status_code == 200
    assert db_snapshot() == before
    tree = doc(response)
    on_field = tree.xpath('//*[@id="id_new_parent_error"]')
    non_field = tree.xpath('//main//form//*[contains(@class, "alert-danger")]')
    assert on_field or non_field, "the refusal is not shown"
    # the bloc is not even offered as a parent of a cell
    offered = {o.get("value") for o in tree.xpath('//select[@name="new_parent"]/option')}
    assert str(world.bloc.pk) not in offered and str(world.gc_b.pk) in offered


@pytest.mark.parametrize("action,payload,field", [
    ("move", lambda w: _decision(new_parent=str(w.gc_a.pk)), "new_parent"),  # it already sits there
    ("rename", lambda w: _decision(new_name=w.cell_a1.name), "new_name"),  # same name
    ("rename", lambda w: _decision(new_name="Chi bộ Mới", effective_on="01/01/2010"), "effective_on"),
    ("merge", lambda w: _decision(sources=str(w.gc_b.pk)), None),  # a committee with sub-units into a cell
])
def test_service_refusals_land_on_the_field_and_keep_the_input(client_for, world, user_khoi, db_snapshot, action,
                                                               payload, field):
    client = client_for(user_khoi)
    typed = payload(world)
    before = db_snapshot()
    response = client.post(reverse(f"organizations:{action}", args=[world.cell_a1.pk]), typed)
    assert response.status_code == 200
    assert db_snapshot() == before
    tree = doc(response)
    if field:
        assert tree.xpath(f'//*[@id="id_{field}_error"]'), form_errors(response)
        assert "is-invalid" in field_classes(response, field)
    else:
        assert form_errors(response)
    kept = form_values(response)
    for name, value in typed.items():
        assert kept[name] == value, name


# ---- a full flow through the views -------------------------------------------------------------------------

def test_admit_recognise_transfer_flow(client_for, world, user_coso, user_khoi):
    from members.models import Member

    client = client_for(user_coso)
    data = {
        "organization": world.cell_a1.pk, "admitted_on": "10/01/2024", "decision_number": "125-QĐ/ĐU",
        "full_name": "Đoàn Thị Ngọc Ánh", "gender": "female", "date_of_birth": "23/11/1996",
        "citizen_id": "001196004321", "ethnicity": "kinh", "religion": "none", "hometown": "Yên Lạc, Vĩnh Phúc",
        "education": "12/12", "qualification": "master", "specialization": "Kế toán", "theory_level": "none",
        "position": "Chuyên viên", "agency": "Sở Tài chính", "phone": "0987654321", "email": "anh.dtn@example.vn",
        "card_number": "",
    }
    response = client.post("/members/admit/", data)
    assert response.status_code == 302, form_errors(response)
    member = Member.objects.get(citizen_id="001196004321")
    assert response["Location"] == reverse("members:detail", args=[member.pk])
    assert member.status == "probationary" and member.organization_id == world.cell_a1.pk
    page = client.get(response["Location"])
    assert "Đoàn Thị Ngọc Ánh" in text(page) and "10/01/2024" in text(page)

    # too early: the 12-month probation ends on 10/01/2025
    url = reverse("members:recognise", args=[member.pk])
    response = client.post(url, {"decided_on": "09/01/2025", "decision_number": "200-QĐ/ĐU"})
    assert response.status_code == 200
    error = doc(response).xpath('//*[@id="id_decided_on_error"]')
    assert error and "10/01/2025" in error[0].text_content()
    member.refresh_from_db()
    assert member.status == "probationary" and member.full_on is None

    response = client.post(url, {"decided_on": "20/01/2025", "decision_number": "200-QĐ/ĐU"})
    assert response.status_code == 302, form_errors(response)
    member.refresh_from_db()
    assert member.status == "full" and member.full_on == D(2025, 1, 10)  # dated from the end of probation

    # permanent transfer to another cell (of another grassroots committee)
    response = client.post(reverse("members:transfer", args=[member.pk]), {
        "kind": "permanent", "to_organization": world.cell_b1.pk, "effective_on": dmy(TODAY),
        "decision_number": "45-GGT/ĐU", "reason": "Chuyển công tác sang Sở Y tế",
    })
    assert response.status_code == 302, form_errors(response)
    member.refresh_from_db()
    assert member.organization_id == world.cell_b1.pk

    # the sender no longer sees the member; the receiving committee and the Bloc do, with the history
    assert client.get(reverse("members:detail", args=[member.pk])).status_code == 404
    page = client_for(user_khoi).get(reverse("members:detail", args=[member.pk]))
    body = text(page)
    assert doc(page).xpath('//*[@id="member-organization"]')[0].text_content().strip() == world.cell_b1.name
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("./td")]
            for tr in doc(page).xpath('//table[@id="memberships"]/tbody/tr')]
    assert [r[0] for r in rows] == [world.cell_b1.name, world.cell_a1.name]  # newest first
    assert rows[0][2] == dmy(TODAY) and rows[0][3] == "…"
    assert rows[1][2] == "10/01/2024" and rows[1][3] == dmy(TODAY)
    assert "Chuyển công tác sang Sở Y tế" in body


def test_rename_then_the_tree_as_of_yesterday_shows_the_old_name(client_for, world, user_khoi):
    client = client_for(user_khoi)
    old, new = world.cell_a1.name, "Chi bộ Phòng Quản lý Ngân sách"
    response = client.post(reverse("organizations:rename", args=[world.cell_a1.pk]),
                           _decision(new_name=new, decision_number="33-QĐ/ĐUK"))
    assert response.status_code == 302, form_errors(response)
    yesterday = dmy(TODAY - datetime.timedelta(days=1))
    before = tree_names(client.get(f"/organizations/tree/?as_of={yesterday}"))
    now = tree_names(client.get("/organizations/tree/"))
    assert old in before and new not in before
    assert new in now and old not in now
    as_of_today = tree_names(client.get(f"/organizations/tree/?as_of={dmy(TODAY)}"))
    assert new in as_of_today and old not in as_of_today
    detail = text(client.get(reverse("organizations:detail", args=[world.cell_a1.pk])))
    assert old in detail and new in detail and "33-QĐ/ĐUK" in detail


# ---- search ---------------------------------------------------------------------------------------------

@pytest.fixture
def namesakes(tree, make_member):
    an = make_member(tree.cell_a1, full_name="Nguyễn Văn An", gender="male")
    decoys = [make_member(tree.cell_a2, full_name=n, gender=g) for n, g in [
        ("Trần Thị Bích Ngọc", "female"), ("Lê Hoàng Cường", "male"), ("Nguyễn Thị Hồng", "female")]]
    return an, decoys


NFD_QUERY = unicodedata.normalize("NFD", "Nguyễn Văn An")


@pytest.mark.parametrize("query", ["nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn An", NFD_QUERY, "  nguyen   an "])
def test_search_ignores_diacritics_case_and_normalisation(client_for, namesakes, user_khoi, query):
    assert NFD_QUERY != "Nguyễn Văn An"  # really decomposed
    an, decoys = namesakes
    client = client_for(user_khoi)
    found, _orgs = search_results(client.get("/search/", {"q": query}))
    assert found == ["Nguyễn Văn An"]
    listed = member_table_names(client.get("/members/", {"q": query}))
    assert listed == ["Nguyễn Văn An"]


def test_a_name_typed_decomposed_is_stored_composed(client_for, tree, make_member, user_khoi):
    member = make_member(tree.cell_a1, full_name=unicodedata.normalize("NFD", "Phạm Thị Ánh Tuyết"))
    assert member.full_name == unicodedata.normalize("NFC", "Phạm Thị Ánh Tuyết")
    found, _ = search_results(client_for(user_khoi).get("/search/", {"q": "pham thi anh tuyet"}))
    assert found == ["Phạm Thị Ánh Tuyết"]


def test_search_finds_organisations_by_name_and_code(client_for, world, user_khoi):
    _members, orgs = search_results(client_for(user_khoi).get("/search/", {"q": "so y te"}))
    assert set(orgs) == {world.gc_b.name, world.cell_b2.name}
    _members, orgs = search_results(client_for(user_khoi).get("/search/", {"q": "stc-ns"}))
    assert orgs == [world.cell_a1.name]


# ---- sorting and pagination ---------------------------------------------------------------------------------

def test_member_list_sorts_by_given_name_in_vietnamese_order(client_for, tree, make_member, user_khoi):
    for name in ["Trần Văn Bình", "Lê Thị Ánh", "Nguyễn Văn An", "Phạm Văn Đức", "Hoàng Văn Dũng"]:
        make_member(tree.cell_a1, full_name=name)
    client = client_for(user_khoi)
    expected = ["Nguyễn Văn An", "Lê Thị Ánh", "Trần Văn Bình", "Hoàng Văn Dũng", "Phạm Văn Đức"]
    assert member_table_names(client.get("/members/")) == expected
    assert member_table_names(client.get("/members/?sort=full_name")) == expected
    assert member_table_names(client.get("/members/?sort=-full_name")) == expected[::-1]
    found, _ = search_results(client.get("/search/?q=van"))
    assert found == ["Nguyễn Văn An", "Trần Văn Bình", "Hoàng Văn Dũng", "Phạm Văn Đức"]


# Given names in Vietnamese alphabetical order (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# tones after the bare letter); families are chosen so that sorting by the full string would differ.
GIVEN_IN_ORDER = ["An", "Anh", "Ân", "Bảo", "Bình", "Chi", "Cường", "Dũng", "Dương", "Đạt", "Đức", "Giang",
                  "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Huy", "Khoa", "Lan", "Linh", "Long", "Mai", "Minh", "Nam",
                  "Ngọc", "Oanh", "Phong", "Quang", "Sơn", "Tâm", "Thảo", "Tuấn", "Uyên", "Vân", "Xuân", "Yến"]
FAMILIES = ["Vũ Văn", "Trần Thị", "Phạm Văn", "Nguyễn Thị", "Lê Văn", "Hoàng Thị", "Đỗ Văn", "Bùi Thị"]


def test_given_names_differing_only_by_tone_are_not_interleaved(client_for, tree, make_member, user_khoi):
    for name in ["Trần Thị Anh", "Phạm Văn Ánh", "Lê Văn Anh", "Bùi Thị Ánh", "Vũ Văn An"]:
        make_member(tree.cell_a1, full_name=name)
    listed = member_table_names(client_for(user_khoi).get("/members/"))
    # every "Anh" before every "Ánh"; within the same given name, by family and middle name
    assert listed == ["Vũ Văn An", "Lê Văn Anh", "Trần Thị Anh", "Bùi Thị Ánh", "Phạm Văn Ánh"]


def test_pagination_continues_the_same_order(client_for, tree, make_member, user_khoi):
    expected = [f"{FAMILIES[i % len(FAMILIES)]} {given}" for i, given in enumerate(GIVEN_IN_ORDER)]
    shuffled = expected[:]
    random.Random(7).shuffle(shuffled)
    cells = [tree.cell_a1, tree.cell_a2, tree.cell_b1, tree.cell_b2, tree.gcell]
    for i, name in enumerate(shuffled):
        make_member(cells[i % len(cells)], full_name=name)
    client = client_for(user_khoi)
    page1 = member_table_names(client.get("/members/"))
    page2 = member_table_names(client.get("/members/?page=2"))
    assert len(page1) == 25 and len(page2) == len(expected) - 25
    assert page1 + page2 == expected
    # the same with an explicit sort and per page, and backwards
    desc = member_table_names(client.get("/members/?sort=-full_name&page=1")) + \
        member_table_names(client.get("/members/?sort=-full_name&page=2"))
    assert desc == expected[::-1]
    # an explicit page size: every page continues where the previous one stopped
    assert member_table_names(client.get("/members/?per_page=25&page=2")) == expected[25:]
    pages = [member_table_names(client.get(f"/members/?per_page=10&page={n}")) for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [10, 10, 10, len(expected) - 30]
    assert sum(pages, []) == expected
    # the organisation filter keeps the order too
    in_gc_a = [n for i, n in enumerate(shuffled) if i % len(cells) in (0, 1)]
    listed = member_table_names(client.get(f"/members/?organization={tree.gc_a.pk}"))
    assert listed == [n for n in expected if n in in_gc_a]


# ---- language and dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["vi", "en"])
def test_member_page_shows_dates_as_dd_mm_yyyy(client_for, tree, make_member, user_khoi, language):
    member = make_member(tree.cell_a1, date_of_birth=D(1985, 6, 5), admitted_on=D(2016, 3, 9))
    client = client_for(user_khoi)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("members:detail", args=[member.pk]))
    body = text(page)
    assert f'<html lang="{language}">' in body
    for shown in ("05/06/1985", "09/03/2016", "09/03/2017"):
        assert shown in body
    assert "1985-06-05" not in body and "June" not in body and "tháng 6" not in body.lower()
    listed = client.get("/members/")
    row = doc(listed).xpath('//table[@id="member-table"]/tbody/tr[1]/td')
    assert "05/06/1985" in [td.text_content().strip() for td in row]



@pytest.mark.parametrize("user_name,page", [
    ("user_coso", "member:a1_full"),
    ("user_coso", "org:cell_a1"),
    ("user_khoi", "org:cell_a1"),
    ("user_khoi", "member:a1_full"),
    ("user_chibo", "member:a1_full"),
    ("user_other", "member:b1_full"),
    ("user_dangvien", "member:dangvien"),
    ("user_coso", "org:gc_a"),
    ("user_chibo", "org:cell_a1"),
])
def test_pages_link_only_to_pages_the_user_may_open(request, client_for, world, user_name, page):
    client = client_for(request.getfixturevalue(user_name))
    kind, key = page.split(":")
    url = (reverse("members:detail", args=[world.members[key].pk]) if kind == "member"
           else reverse("organizations:detail", args=[world.orgs[key].pk]))
    response = client.get(url)
    assert response.status_code == 200
    body = text(response)
    for pk in detail_links(body, "organizations"):
        assert client.get(reverse("organizations:detail", args=[pk])).status_code == 200, pk
    for pk in detail_links(body, "members"):
        assert client.get(reverse("members:detail", args=[pk])).status_code == 200, pk


def test_vietnamese_whatever_the_browser_asks_until_the_user_chooses(client_for, user_khoi):
    client = client_for(user_khoi)
    page = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/members/"})
    assert '<html lang="en">' in client.get("/members/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_people_are_named_family_name_first(client_for, tree, make_member, user_khoi):
    # The conftest actor is first_name "Thu", last_name "Nguyễn Thị": shown as a Vietnamese reads it.
    member = make_member(tree.cell_a1)
    page = client_for(user_khoi).get(f"/members/{member.pk}/").content.decode()
    assert "Nguyễn Thị Thu" in page and "Thu Nguyễn Thị" not in page


def test_split_through_the_form(client_for, tree, make_member, user_khoi):
    from organizations.models import Organization

    a, b = make_member(tree.cell_a1), make_member(tree.cell_a1)
    client = client_for(user_khoi)
    page = client.get(f"/organizations/{tree.cell_a1.pk}/split/")
    assert page.status_code == 200 and 'name="part1_kind"' in page.content.decode()
    response = client.post(f"/organizations/{tree.cell_a1.pk}/split/", {
        "part1_kind": tree.cell_a1.kind_id, "part1_code": "NS-1", "part1_name": "Chi bộ Ngân sách 1",
        "part2_kind": tree.cell_a1.kind_id, "part2_code": "NS-2", "part2_name": "Chi bộ Ngân sách 2",
        f"members_{a.pk}": "1", f"members_{b.pk}": "2", "effective_on": "01/10/2025", "decision_number": "30-QĐ/ĐU",
        "reason": "Tách chi bộ"})
    assert response.status_code == 302
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.status == Organization.Status.DISSOLVED
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.organization.code, b.organization.code) == ("NS-1", "NS-2")
