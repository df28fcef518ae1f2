"""The member and organisation lists, search and exports show each role exactly its own rows, and the roles'
particular cases (the member role, the cell secretary, members on temporary transfer, committee staff and their
own committee). Every URL's refusal outside the subtree is checked for every role by tests/test_scope_cases.py
(members/tests/cases.py, organizations/tests/cases.py)."""

import datetime

import pytest
from django.urls import reverse

from core.testing.pages import (
    TODAY,
    csv_rows,
    detail_links,
    dmy,
    export_column,
    fold,
    member_form_data,
    member_table_names,
    organization_table_names,
    search_results,
    text,
    tree_names,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

DENIED = (403, 404)
ALL_ORGS = {"bloc", "gc_a", "cell_a1", "cell_a2", "cell_a3", "gc_b", "cell_b1", "cell_b2", "cell_b3", "gcell"}
ALL_MEMBERS = {"a1_full", "a1_prob", "a1_exempt", "a1_away", "dangvien", "a2_full",
               "b1_full", "b1_prob", "b1_exempt", "b1_away", "b2_full", "gcell_full"}
SIDE_A_MEMBERS = {"a1_full", "a1_prob", "a1_exempt", "a1_away", "dangvien", "a2_full"}
SIDE_B_MEMBERS = {"b1_full", "b1_prob", "b1_exempt", "b1_away", "b2_full"}

# user fixture -> (visible organisations, visible members, ancestors whose NAME may appear as a parent)
VISIBLE = {
    "user_admin": (ALL_ORGS, ALL_MEMBERS, set()),
    "user_khoi": (ALL_ORGS, ALL_MEMBERS, set()),
    "user_coso": ({"gc_a", "cell_a1", "cell_a2", "cell_a3"}, SIDE_A_MEMBERS, {"bloc"}),
    "user_chibo": ({"cell_a1"}, SIDE_A_MEMBERS - {"a2_full"}, {"gc_a", "bloc"}),
    # the own record names the own cell (not a link the member can follow, but its name)
    "user_dangvien": (set(), {"dangvien"}, {"cell_a1"}),
    "user_other": ({"gc_b", "cell_b1", "cell_b2", "cell_b3"}, SIDE_B_MEMBERS, {"bloc"}),
}
ROLE_USERS = ["user_coso", "user_chibo", "user_dangvien", "user_other"]


def _user(request, name):
    return request.getfixturevalue(name)


# ---- payloads that succeed for a user in scope --------------------------------------------------------

MEMBER_ACTIONS = {  # action -> which member of a side has the situation the action needs
    "detail": "full", "edit": "full", "transfer": "full", "recognise": "prob", "temporary_end": "away",
    "exempt": "full", "exemption_end": "exempt", "end": "full",
}


def member_payload(world, action, member, to_side):
    dated = {"effective_on": dmy(TODAY), "reason": "Thử phạm vi"}
    return {
        "detail": {},
        "edit": member_form_data(member, full_name="Tên Đã Bị Sửa"),
        "transfer": {"kind": "permanent", "to_organization": world.orgs[f"cell_{to_side}2"].pk, **dated},
        "recognise": {"decided_on": dmy(TODAY), "decision_number": "88-QĐ/ĐUK"},
        "temporary_end": dated,
        "exempt": dated,
        "exemption_end": dated,
        "end": {"status": "deceased", "decision_number": "", **dated},
    }[action]


# ---- lists, tree, search, exports ---------------------------------------------------------------------

LISTS = {
    # key: (url, what the rows are)
    "members": ("/members/", "member_table"),
    "members_all": ("/members/?status=all", "member_table"),
    "members_q": ("/members/?q=van", "member_table:van"),
    "members_foreign_filter": ("/members/?organization={foreign}", "member_table:subset"),
    "organizations": ("/organizations/", "org_table"),
    "organizations_all": ("/organizations/?status=all", "org_table"),
    "tree": ("/organizations/tree/", "tree"),
    "tree_as_of": ("/organizations/tree/?as_of=01/06/2020", "tree"),
    "search_chi_bo": ("/search/?q=chi+bo", "search:chi bo"),
    "search_dang_bo": ("/search/?q=%C4%91ang+bo", "search:đang bo"),
    "search_van": ("/search/?q=van", "search:van"),
    "search_thi": ("/search/?q=THI", "search:thi"),
    "search_hoa": ("/search/?q=dinh+thi+hoa", "search:dinh thi hoa"),
    "search_mai": ("/search/?q=ly+thi+mai", "search:ly thi mai"),
    "members_csv": ("/members/?export=csv", "members_csv"),
    "members_all_csv": ("/members/?status=all&export=csv", "members_csv"),
    "members_xlsx": ("/members/?export=xlsx", "members_xlsx"),
    "organizations_csv": ("/organizations/?export=csv", "orgs_csv"),
    "organizations_xlsx": ("/organizations/?status=all&export=xlsx", "orgs_xlsx"),
}
FOREIGN = {"user_admin": "gc_b", "user_khoi": "gc_b", "user_coso": "gc_b", "user_chibo": "cell_a2",
           "user_dangvien": "gc_a", "user_other": "gc_a"}


def _matches(query, name, code=""):
    key = fold(f"{code} {name}")
    return all(word in key for word in fold(query).split())


@pytest.mark.parametrize("list_key", list(LISTS))
@pytest.mark.parametrize("user_name", ["user_admin", "user_khoi", *ROLE_USERS])
def test_lists_show_exactly_the_users_subtree(request, client_for, world, user_name, list_key):
    org_keys, member_keys, ancestor_keys = VISIBLE[user_name]
    user = _user(request, user_name)
    url, kind = LISTS[list_key]
    url = url.format(foreign=world.orgs[FOREIGN[user_name]].pk)
    response = client_for(user).get(url)

    if user_name == "user_dangvien":
        # A member sees their own record only: the member list (and its exports) lead there,
        # organisation lists are refused, the search finds at most the own record.
        if kind.startswith("member") and "organization" not in url:
            assert response.status_code == 302
            assert response["Location"] == reverse("members:detail", args=[world.members["dangvien"].pk])
            return
        if kind.startswith(("org", "tree")):
            assert response.status_code in DENIED
            return
        if "organization=" in url:
            assert response.status_code == 302
            return

    # A filter on an organisation outside the subtree is refused (400, the filter named), never widened.
    refused = kind == "member_table:subset" and FOREIGN[user_name] not in org_keys
    assert response.status_code == (400 if refused else 200), url
    names = {k: m.full_name for k, m in world.members.items()}
    org_names = {k: o.name for k, o in world.orgs.items()}
    visible_members = {names[k] for k in member_keys}
    visible_orgs = {org_names[k] for k in org_keys}
    hidden_members = {k: names[k] for k in ALL_MEMBERS - member_keys}
    hidden_orgs = {k: org_names[k] for k in ALL_ORGS - org_keys}

    if kind == "member_table":
        assert set(member_table_names(response)) == visible_members
    elif kind == "member_table:van":
        assert set(member_table_names(response)) == {n for n in visible_members if _matches("van", n)}
    elif kind == "member_table:subset":
        assert not set(member_table_names(response)) & set(hidden_members.values())
    elif kind == "org_table":
        assert set(organization_table_names(response)) == visible_orgs
    elif kind == "tree":
        assert set(tree_names(response)) == visible_orgs
    elif kind.startswith("search:"):
        query = kind.split(":", 1)[1]
        found_members, found_orgs = search_results(response)
        assert set(found_members) == {n for n in visible_members if _matches(query, n)}
        assert set(found_orgs) == {world.orgs[k].name for k in org_keys
                                   if _matches(query, world.orgs[k].name, world.orgs[k].code)}
    elif kind == "members_csv":
        assert set(export_column(csv_rows(response), 0)) == visible_members
    elif kind == "members_xlsx":
        assert set(export_column(xlsx_rows(response), 0)) == visible_members
    elif kind == "orgs_csv":
        rows = csv_rows(response)
        assert set(export_column(rows, 1)) == visible_orgs
        assert not set(export_column(rows, 0)) & {world.orgs[k].code for k in hidden_orgs}
    elif kind == "orgs_xlsx":
        rows = xlsx_rows(response)
        assert set(export_column(rows, 1)) == visible_orgs
    else:  # pragma: no cover
        raise AssertionError(kind)

    # Nowhere on the page / in the file: no link to, and no name of, an object outside
    # (the name of an ancestor may appear as the "parent" of the user's own top organisation).
    body = text(response) if not kind.endswith("xlsx") else "\n".join(
        str(v) for row in xlsx_rows(response) for v in row if v is not None)
    assert not detail_links(body, "members") & {world.members[k].pk for k in hidden_members}
    assert not detail_links(body, "organizations") & {world.orgs[k].pk for k in hidden_orgs}
    for key, name in hidden_members.items():
        assert name not in body, f"{key} ({name}) shown to {user_name} at {url}"
    for key, name in hidden_orgs.items():
        if key not in ancestor_keys:
            assert name not in body, f"{key} ({name}) shown to {user_name} at {url}"


# ---- the member role --------------------------------------------------------------------------------------

def test_member_role_sees_only_the_own_record(client_for, world, user_dangvien):
    client = client_for(user_dangvien)
    own = world.members["dangvien"]
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[own.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert own.full_name in text(page)
    home = client.get("/")  # the member's own home: their record one tap away (issue 12)
    assert home.status_code == 200
    assert detail_links(text(home), "members") == {own.pk}
    for colleague in ("a1_full", "a1_prob", "a1_exempt", "a1_away"):
        assert client.get(reverse("members:detail", args=[world.members[colleague].pk])).status_code == 404
    # nothing to change, even on the own record
    assert client.get(reverse("members:edit", args=[own.pk])).status_code in DENIED
    assert client.get(reverse("members:transfer", args=[own.pk])).status_code in DENIED
    assert client.get(reverse("organizations:detail", args=[world.cell_a1.pk])).status_code in DENIED


# ---- the cell secretary ---------------------------------------------------------------------------------

def test_cell_secretary_views_and_edits_members_of_the_cell(client_for, world, user_chibo):
    from members.models import Member

    client = client_for(user_chibo)
    member = world.members["a1_full"]
    page = client.get(reverse("members:detail", args=[member.pk]))
    assert page.status_code == 200
    body = text(page)
    assert reverse("members:edit", args=[member.pk]) in body
    assert 'id="action-transfer"' not in body and reverse("members:end", args=[member.pk]) not in body
    assert client.get(reverse("members:edit", args=[member.pk])).status_code == 200
    response = client.post(reverse("members:edit", args=[member.pk]),
                           member_form_data(member, full_name="Lý Thị Mai Anh"))
    assert response.status_code == 302
    assert Member.objects.get(pk=member.pk).full_name == "Lý Thị Mai Anh"



# ---- members temporarily attending a cell of the user's subtree ---------------------------------------------

@pytest.fixture
def guest(world, actor):
    """A member of cell_b1 (gc_b) temporarily attending cell_a1 (gc_a)."""
    from members.services import member_transfer

    member = world.members["b1_full"]
    member_transfer(actor=actor, member=member, kind="temporary", effective_on=TODAY, reason="Biệt phái",
                    to_organization=world.cell_a1, until=TODAY + datetime.timedelta(days=183))
    member.refresh_from_db()
    return member


def test_host_committee_sees_a_guest_without_management_actions(client_for, guest, user_coso):
    page = client_for(user_coso).get(reverse("members:detail", args=[guest.pk]))
    assert page.status_code == 200
    assert 'id="action-transfer"' not in text(page)


@pytest.mark.parametrize("action", ["exempt", "end"])
def test_host_committee_cannot_manage_a_guest_from_another_subtree(client_for, world, guest, user_coso,
                                                                   db_snapshot, action):
    client = client_for(user_coso)
    url = reverse(f"members:{action}", args=[guest.pk])
    payload = member_payload(world, action, guest, "a")
    before = db_snapshot()
    response = client.post(url, payload)
    assert response.status_code in DENIED
    assert db_snapshot() == before


def test_committee_staff_reorganises_its_cells_but_not_its_own_committee(client_for, tree, user_coso, db_snapshot):
    client = client_for(user_coso)
    before = db_snapshot()
    for action in ("rename", "move", "transfer-out", "merge", "split", "dissolve", "edit"):
        assert client.get(f"/organizations/{tree.gc_a.pk}/{action}/").status_code in (403, 404), action
        assert client.post(f"/organizations/{tree.gc_a.pk}/{action}/", {
            "new_name": "Đảng bộ mới", "effective_on": "01/10/2025", "decision_number": "9-QĐ/ĐU",
            "to_committee": "Đảng bộ huyện", "reason": "x", "code": "X"}).status_code in (403, 404), action
    assert db_snapshot() == before
    # ...while a cell below it can be renamed, and a new cell established under the committee.
    assert client.get(f"/organizations/{tree.cell_a1.pk}/rename/").status_code == 200
    response = client.post("/organizations/new/", {
        "kind": tree.cell_a1.kind_id, "parent": tree.gc_a.pk, "code": "STC-TT", "name": "Chi bộ Thanh tra Sở",
        "established_on": "01/10/2025", "decision_number": "15-QĐ/ĐU"})
    assert response.status_code == 302
    from organizations.models import Organization

    assert Organization.objects.get(code="STC-TT").parent_id == tree.gc_a.pk


