"""The basic statistics: the figures reconcile with the dashboard and with the member list their links open; a report
as of a day before a restructuring counts the organisations (and members) as they were; each user sees their own
subtree only; movements count what crossed the boundary of what is counted; the workbook holds the figures."""

import datetime
import io
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from openpyxl import load_workbook

from core.testing.pages import content, csv_rows, doc

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.date.today()
URL = "/reports/statistics/"


def figures(response) -> dict[str, tuple[int, str | None]]:
    """{data-figure key: (the number shown, the link or None)} of the statistics page."""
    assert response.status_code == 200
    found = {}
    for element in doc(response).xpath("//*[@data-figure]"):
        found[element.get("data-figure")] = (int(element.text_content()), element.get("href"))
    return found


def list_count(client, href: str) -> int:
    """The rows the member list shows for a link (its CSV export, header row left out)."""
    response = client.get(f"{href}&export=csv")
    assert response.status_code == 200, href
    return len(csv_rows(response)) - 1


def dashboard(client) -> dict[str, int]:
    page = doc(client.get("/"))
    return {el.get("data-figure"): int("".join(c for c in el.text_content() if c.isdigit()))
            for el in page.xpath("//*[@data-figure]")}


@pytest.fixture
def grown(world, actor, one_batch):
    """The test world with a slice of members of every kind (ended ones too), cells, committees and seats."""
    from apparatus.tests.cases import grow

    world.actor = actor
    with one_batch():
        grow(world, 1)
    return world


@pytest.mark.parametrize("user", ["khoi", "coso"])
def test_totals_reconcile_with_the_dashboard_and_the_member_list(request, client, grown, user):
    client.force_login(request.getfixturevalue(f"user_{user}"))
    shown = figures(client.get(URL))
    home = dashboard(client)
    total = shown["overview:total"][0]
    assert total > 0
    assert total == home["members"] == list_count(client, "/members/?registration=official")
    assert shown["summary:grassroots"][0] == home["grassroots"]
    assert shown["summary:cells"][0] == home["cells"]
    for key in ("summary:grassroots", "summary:cells", "by_kind:total"):  # the organisation list of the same rows
        n, href = shown[key]
        listed_n = doc(client.get(href)).xpath('//*[@id="result-count"]')[0].text_content().strip()
        assert listed_n == str(n), key
    assert shown["grassroots_committee:committee"][0] == home["committee"] > 0
    # each breakdown adds up to the total, and each figure is exactly the rows its link lists, which are the rows the
    # dashboard's own link for the same filter lists (today's members, officially registered)
    for table in ("gender", "age", "ethnicity", "religion", "education", "qualification", "theory_level"):
        assert shown[f"{table}:total"][0] == total, table
    dashboard_filters = {"overview:probationary": "status=probationary", "overview:full": "status=full"}
    for key, (n, href) in shown.items():
        table, code = key.split(":")
        if table not in ("gender", "age", "religion", "education", "qualification", "theory_level", "ethnicity",
                         "overview") or not n:
            continue
        assert href and href.startswith("/members/?"), key
        assert list_count(client, href) == n, key
        if code == "total":
            continue
        column = {"age": "age_band"}.get(table, table)
        current = dashboard_filters.get(key, f"{column}={code}")
        assert list_count(client, f"/members/?registration=official&{current}") == n, key


def test_a_report_before_a_restructuring_counts_the_organisations_as_they_were(client, world, actor, user_khoi):
    """gc_b merged into gc_a: its cells move under gc_a and it ends. As of the day before, gc_b is still counted, with
    its cells and members under it; today it is gone and gc_a holds them all."""
    from organizations.models import Organization
    from organizations.services import organization_merge

    merged_on = TODAY - datetime.timedelta(days=30)
    before = merged_on - datetime.timedelta(days=1)
    client.force_login(user_khoi)
    then = figures(client.get(URL, {"as_of": before.isoformat()}))
    side_b_then = figures(client.get(URL, {"as_of": before.isoformat(), "organization": world.gc_b.pk}))
    side_a_then = figures(client.get(URL, {"as_of": before.isoformat(), "organization": world.gc_a.pk}))
    organization_merge(actor=actor, sources=[world.gc_b], target=world.gc_a, effective_on=merged_on,
                       decision_number="12-QĐ/ĐUK")
    assert Organization.objects.get(pk=world.gc_b.pk).status == Organization.Status.MERGED

    now = figures(client.get(URL))
    again = figures(client.get(URL, {"as_of": before.isoformat()}))
    side_b_again = figures(client.get(URL, {"as_of": before.isoformat(), "organization": world.gc_b.pk}))
    side_a_now = figures(client.get(URL, {"organization": world.gc_a.pk}))
    # the past does not change with the restructuring
    assert again == then and side_b_again == side_b_then
    assert then["summary:grassroots"][0] == 3 and now["summary:grassroots"][0] == 2
    assert then["by_kind:total"][0] == now["by_kind:total"][0] + 1
    # the members were counted under gc_b then, under gc_a now
    assert side_b_then["overview:total"][0] == 5 and side_a_then["overview:total"][0] == 6
    assert side_a_now["overview:total"][0] == 11 == now["overview:total"][0] - 1  # gcell's member is not under gc_a
    assert side_b_then["summary:cells"][0] == 3 and side_a_now["summary:cells"][0] == 6
    # the members the past figure links to are those of gc_b's cells on that day
    n, href = side_b_then["overview:total"]
    assert list_count(client, href) == n
    names = {row[0] for row in csv_rows(client.get(f"{href}&export=csv"))[1:]}
    assert world.b.full.full_name in names and world.a.full.full_name not in names
    # gc_b's as-of subtree: the merge moved its cells, yet on that day they were its own
    assert dict(parse_qsl(urlsplit(href).query))["organization"] == str(world.gc_b.pk)
    # the movements of the period do not count the merge's moves: they stayed inside what is counted
    assert now["movements:arrived"][0] == 0 and now["movements:left"][0] == 0


def movements(actor, world, *, died, day):
    """On `day`: side a's full member moved to side b, `died` died, a member admitted in side a's cell_a2."""
    from members import services as ms

    ms.member_transfer(actor=actor, member=world.a.full, kind="permanent", effective_on=day, reason="Điều động",
                       to_organization=world.cell_b1)
    ms.member_record_death(actor=actor, member=died, died_on=day, reason="Từ trần")
    return ms.member_admit(actor=actor, organization=world.cell_a2, admitted_on=day, decision_number="9-QĐ/ĐU",
                           full_name="Đoàn Thị Mới", gender="female", date_of_birth=D(1998, 5, 12),
                           citizen_id="001198012345", hometown="Vĩnh Phúc")


def test_movements_count_what_crossed_the_boundary(client, world, actor, user_khoi, user_coso):
    day = TODAY - datetime.timedelta(days=10)
    admitted = movements(actor, world, died=world.b.prob, day=day)
    since = {"since": (day - datetime.timedelta(days=1)).isoformat()}
    client.force_login(user_coso)
    a = figures(client.get(URL, since))
    assert a["movements:admitted"][0] == 1 and a["movements:left"][0] == 1 and a["movements:arrived"][0] == 0
    assert a["losses:total"][0] == 0
    client.force_login(user_khoi)
    bloc = figures(client.get(URL, since))
    # a move between two organisations of the Bloc is neither in nor out for the Bloc
    assert bloc["movements:left"][0] == 0 and bloc["movements:arrived"][0] == 0
    assert bloc["movements:admitted"][0] == 1 and bloc["losses:deceased"][0] == 1 and bloc["losses:total"][0] == 1
    b = figures(client.get(URL, {**since, "organization": world.gc_b.pk}))
    assert b["movements:arrived"][0] == 1 and b["losses:deceased"][0] == 1
    # before the period the admitted member is no member yet, the transferred one still in side a
    earlier = figures(client.get(URL, {"as_of": (day - datetime.timedelta(days=1)).isoformat(),
                                       "organization": world.gc_a.pk}))
    today = figures(client.get(URL, {"organization": world.gc_a.pk}))
    assert earlier["overview:total"][0] == today["overview:total"][0] == 6  # one left, one admitted
    n, href = earlier["overview:total"]
    names = {row[0] for row in csv_rows(client.get(f"{href}&export=csv"))[1:]}
    assert world.a.full.full_name in names and admitted.full_name not in names


def listed(client, href) -> set[str]:
    return {row[0] for row in csv_rows(client.get(f"{href}&export=csv"))[1:]}


def test_each_movement_links_to_the_members_it_counts(client, world, actor, user_khoi, user_coso, user_other):
    """Each movement and loss figure opens the member list of exactly its members, those who have moved out of the
    reader's organisations included (named, not opened); a user of the other side, who never had them, does not
    find them."""
    day = TODAY - datetime.timedelta(days=10)
    moved = world.a.full
    admitted = movements(actor, world, died=world.a.prob, day=day)
    since = {"since": (day - datetime.timedelta(days=1)).isoformat()}
    expected = {"movements:admitted": {admitted.full_name}, "movements:left": {moved.full_name},
                "losses:deceased": {world.a.prob.full_name}, "losses:total": {world.a.prob.full_name}}
    for user, params in ((user_coso, since), (user_khoi, {**since, "organization": world.gc_a.pk})):
        client.force_login(user)
        shown = figures(client.get(URL, params))
        for key, names in expected.items():
            n, href = shown[key]
            assert n == len(names) and href, key
            assert listed(client, href) == names, key
            page = client.get(href)
            assert page.status_code == 200, key
            assert doc(page).xpath('//*[@id="result-count"]')[0].text_content().strip() == str(n), key
            assert doc(page).xpath('//*[@id="movement-note"]'), key
        assert shown["movements:arrived"] == (0, shown["movements:arrived"][1])
    # the Bloc: the move stayed inside it, so it is neither in nor out; the list agrees
    bloc = figures(client.get(URL, since))
    assert bloc["movements:left"] == (0, None)  # nothing to open
    assert listed(client, f"/members/?{urlencode({**since, 'movement': 'left'})}") == set()
    # the member who moved out of coso's organisations is named in the list of the past, without a link to a file
    # that is another organisation's now
    client.force_login(user_coso)
    page = doc(client.get(shown["movements:left"][1]))
    assert page.xpath(f'//*[@data-former][text()="{moved.full_name}"]')
    assert not page.xpath(f'//a[@href="/members/{moved.pk}/"]')
    assert client.get(f"/members/{moved.pk}/").status_code == 404
    assert moved.full_name not in listed(client, "/members/?status=all")  # today's list: no longer coso's
    # the other side never had coso's admitted member: no way to them
    client.force_login(user_other)
    assert client.get(f"/members/{admitted.pk}/").status_code == 404
    assert admitted.full_name not in listed(client, f"/members/?{urlencode({**since, 'movement': 'admitted'})}")


def test_each_user_sees_only_their_subtree(client, world, user_khoi, user_coso, user_chibo, user_dangvien):
    client.force_login(user_khoi)
    bloc = figures(client.get(URL))["overview:total"][0]
    client.force_login(user_coso)
    side_a = figures(client.get(URL))
    assert side_a["overview:total"][0] == 6 < bloc
    assert side_a["summary:grassroots"][0] == 1 and side_a["summary:cells"][0] == 3
    # an organisation outside the scope is no choice at all: refused, nothing computed
    refused = client.get(URL, {"organization": world.gc_b.pk})
    assert refused.status_code == 400 and not doc(refused).xpath("//*[@data-figure]")
    assert client.get(URL, {"organization": world.gc_b.pk, "export": "xlsx"}).status_code == 400
    client.force_login(user_chibo)
    cell = figures(client.get(URL))
    assert cell["overview:total"][0] == 5 and cell["summary:grassroots"][0] == 0
    client.force_login(user_dangvien)
    assert client.get(URL).status_code in (403, 404)


def test_bad_parameters_are_refused(client, world, user_khoi):
    client.force_login(user_khoi)
    assert client.get(URL, {"as_of": "31/02/2025"}).status_code == 400
    assert client.get(URL, {"as_of": "01/01/2025", "since": "02/01/2025"}).status_code == 400
    assert client.get(URL, {"export": "csv"}).status_code == 400
    assert client.get("/members/", {"as_of": "không phải ngày"}).status_code == 400


def test_the_workbook_has_one_sheet_per_form_with_its_header_and_figures(client, world, user_coso):
    client.force_login(user_coso)
    shown = figures(client.get(URL))
    response = client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(content(response)))
    assert len(workbook.worksheets) == 4
    members, movements, organizations, committees = workbook.worksheets
    for sheet, code in zip(workbook.worksheets, ("TK-1", "TK-2", "TK-3", "TK-4"), strict=True):
        assert sheet["A1"].value == world.gc_a.name.upper()  # coso's committee heads every sheet
        assert code in sheet["A2"].value  # the form's code, said unconfirmed
        assert TODAY.strftime("%d/%m/%Y") in sheet["A4"].value
        assert "HD 11-HD/BTCTW" in sheet["A5"].value
    rows = [row for row in members.iter_rows(values_only=True) if row and row[0]]
    numbers = [row[1] for row in rows if len(row) > 1 and isinstance(row[1], int)]
    assert numbers[0] == shown["overview:total"][0] == 6
    assert numbers.count(6) >= 8  # the total, and the total of each breakdown
    ethnic = [row for row in rows if row[0] == "Kinh"]
    assert ethnic and ethnic[0][1] == shown["ethnicity:kinh"][0]
    kinds = {row[0]: row[1] for row in organizations.iter_rows(values_only=True) if row and row[0]}
    assert kinds["Chi bộ trực thuộc"] == shown["by_kind:cell"][0] == 3


def test_the_form_codes_are_rule_data_marked_unconfirmed(client, world, user_khoi):
    from rules.codes import STATISTICS_FORMS
    from rules.selectors import rule_get

    rule = rule_get(STATISTICS_FORMS, on=TODAY)
    assert rule.unconfirmed and "HD 11-HD/BTCTW" in rule.regulation
    client.force_login(user_khoi)
    page = doc(client.get(URL))
    assert len(page.xpath("//section[@data-form]")) == 4
    assert len(page.xpath("//section[@data-form]//*[@data-unconfirmed]")) == 4
    assert [el.text_content() for el in page.xpath("//*[@data-form-code]")] == ["TK-1", "TK-2", "TK-3", "TK-4"]


def test_the_member_list_as_of_a_day_reads_the_membership_periods(client, world, actor, user_khoi):
    """The list's own filter, as the statistics link it: registered on the day, status and age judged on that day."""
    from members import services as ms

    day = TODAY - datetime.timedelta(days=5)
    ms.member_transfer(actor=actor, member=world.a.full, kind="permanent", effective_on=day, reason="Điều động",
                       to_organization=world.cell_b1)
    client.force_login(user_khoi)

    def names(**params):
        response = client.get(f"/members/?{urlencode({**params, 'export': 'csv'})}")
        assert response.status_code == 200
        return {row[0] for row in csv_rows(response)[1:]}

    before = (day - datetime.timedelta(days=1)).isoformat()
    assert world.a.full.full_name in names(as_of=before, organization=world.cell_a1.pk)
    assert world.a.full.full_name not in names(as_of=before, organization=world.cell_b1.pk)
    assert world.a.full.full_name in names(as_of=day.isoformat(), organization=world.cell_b1.pk)
    # probationary on a day before full membership
    assert world.a.full.full_name in names(as_of="2016-06-01", status="probationary")
    assert world.a.full.full_name not in names(as_of="2016-06-01", status="full")
    assert world.a.prob.full_name not in names(as_of="2016-06-01")  # admitted in 2023
