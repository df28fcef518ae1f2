"""Every figure and to-do item of the inspection pages links to exactly its rows, and the inspection committee's
members (a seat, no role) find their work: the home's "my cases" block, the case list, the statistics.

The world: the Bloc's standing committee's 2026 programme with three items — one just planned (its decision due
on the first day of the plan, long past), one concluded with two remedies of cell_a1 (one overdue, one reported done
and awaiting the check), one closed. `seat` is a member of cell_b1 on the Bloc's inspection committee with no role:
they hold these files by the seat alone.
"""

import datetime

import pytest
from django.test import Client

from core.testing.pages import doc, text

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


@pytest.fixture
def seat(actor, bloc, cell_b1, make_member, make_user):
    from accounts.models import Role
    from apparatus.models import Body
    from apparatus.services import body_create, seat_assign, term_open

    term = term_open(actor=actor, organization=bloc, label="2020–2025", congress_on=D(2020, 10, 1))
    body = body_create(actor=actor, term=term, kind=Body.Kind.INSPECTION_COMMITTEE)
    member = make_member(cell_b1, full_name="Cao Duy Giang", gender="male")
    user = make_user("uy_vien_ubkt", Role.MEMBER)
    member.user = user
    member.save()
    seat_assign(actor=actor, body=body, member=member, position="inspection_chair", started_on=D(2020, 10, 1))
    return user


@pytest.fixture
def files(make_case, conclude, advance, user_khoi, cell_a1, actor):
    """A planned item, a concluded one with two remedies (overdue; reported done), a closed one."""
    from inspections import services

    planned = make_case(title="Kiểm tra mới lập kế hoạch")
    concluded = conclude(make_case(title="Giám sát đã kết luận"))
    overdue = services.remedy_add(actor=user_khoi, case=concluded, text="Khắc phục quá hạn", organization=cell_a1,
                                  deadline=TODAY - datetime.timedelta(days=3))
    reported = services.remedy_add(actor=user_khoi, case=concluded, text="Khắc phục đã báo cáo",
                                   organization=cell_a1, deadline=TODAY + datetime.timedelta(days=30))
    services.remedy_report(actor=user_khoi, remedy=reported, reported_on=TODAY, text="Đã xong", done=True,
                           evidence_title="Biên bản")
    closed = conclude(make_case(title="Giám sát đã kết thúc"))
    closed = advance(closed, "notified", on=D(2026, 4, 25))
    closed = advance(closed, "closed", on=D(2026, 4, 26))
    return {"planned": planned, "concluded": concluded, "closed": closed, "overdue": overdue, "reported": reported}


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def rows_of(c: Client, url: str, table: str) -> list[str]:
    """The rows a linked page shows, checking that its count badge says the same."""
    response = c.get(url)
    assert response.status_code == 200, url
    page = doc(response)
    ids = page.xpath(f'//table[@id="{table}"]/tbody/tr/@data-case | //table[@id="{table}"]/tbody/tr/@data-remedy')
    assert page.xpath('//*[@id="result-count"]/text()') == [str(len(ids))], url
    return ids


def figures(page, scope: str = "") -> dict[str, tuple[str, str]]:
    """{data-figure: (count shown, link)} of the linked figures in the page (or under the element `scope`)."""
    return {a.get("data-figure"): (a.text_content().strip(), a.get("href"))
            for a in page.xpath(f'{scope}//a[@data-figure]')}


def count_in(label: str) -> int:
    return int(label.split()[0])


def test_the_seat_sees_my_cases_on_home_and_each_count_opens_exactly_its_rows(seat, files):
    c = client(seat)
    home = doc(c.get("/"))
    block = home.xpath('//*[@id="my-cases"]')
    assert block, "the inspection committee's member has the block of their case files"
    shown = figures(home, '//*[@id="my-cases"]')
    assert set(shown) == {"cases-open", "cases-overdue", "remedies-to-check", "remedies-overdue"}
    expected_rows = {"cases-open": {files["planned"].pk, files["concluded"].pk},
                     "cases-overdue": {files["planned"].pk, files["concluded"].pk},
                     "remedies-to-check": {files["reported"].pk}, "remedies-overdue": {files["overdue"].pk}}
    for key, (label, href) in shown.items():
        table = "case-table" if key.startswith("cases") else "remedy-table"
        ids = rows_of(c, href, table)
        assert count_in(label) == len(ids), key
        assert {int(i) for i in ids} == expected_rows[key], key
    # each item links to its case file, which opens; what is due next is said with its date
    items = home.xpath('//*[@id="my-cases"]//li[@data-case]')
    assert [int(li.get("data-case")) for li in items] == [files["planned"].pk, files["concluded"].pk]
    for li in items:
        href = li.xpath(".//a/@href")[0]
        assert c.get(href).status_code == 200
    planned = text(c.get("/")).split(str(files["planned"].title))[1]
    assert files["planned"].planned_from.strftime("%d/%m/%Y") in planned[:600]


def test_a_member_with_no_case_file_has_no_block_and_no_case_list(user_dangvien, files):
    c = client(user_dangvien)
    assert not doc(c.get("/")).xpath('//*[@id="my-cases"]')
    assert c.get("/inspections/cases/").status_code == 404


def test_the_seat_reaches_statistics_and_cases_from_the_inspection_page(seat, files):
    from inspections import selectors

    page = doc(client(seat).get("/inspections/"))
    assert page.xpath('//*[@id="statistics-link"]/@href') == ["/inspections/statistics/"]
    assert page.xpath('//*[@id="cases-link"]/@href') == ["/inspections/cases/?stage=open"]
    assert not page.xpath('//*[@id="new-programme"]')  # a seat starts no programme (INSPECT)
    assert selectors.has_inspection_work(seat) and selectors.holds_case_files(seat)


def test_statistics_counts_open_exactly_their_rows(user_khoi, files):
    c = client(user_khoi)
    page = doc(c.get("/inspections/statistics/?period=year&year=2026"))
    linked = page.xpath('//main//a[@data-figure]')
    assert len(linked) >= 8
    for a in linked:
        href = a.get("href")
        table = "case-table" if href.startswith("/inspections/cases/") else "remedy-table"
        assert int(a.text_content()) == len(rows_of(c, href, table)), href
    by_type = page.xpath('//table[@id="by-type"]//tr[@data-type="lower_organization"]//a[@data-figure="planned"]')
    assert by_type and by_type[0].text_content() == "3"
    closed = page.xpath('//table[@id="by-type"]//tr[@data-type="total"]//a[@data-figure="closed"]')
    assert {int(i) for i in rows_of(c, closed[0].get("href"), "case-table")} == {files["closed"].pk}


def test_the_index_and_the_to_do_counts_open_exactly_their_rows(user_khoi, user_chibo, files):
    khoi = client(user_khoi)
    index = doc(khoi.get("/inspections/"))
    label, href = figures(index)["overdue-remedies"]
    assert int(label) == len(rows_of(khoi, href, "remedy-table")) == len(
        index.xpath('//*[@id="overdue-remedies"]//tr[@data-remedy]'))
    chibo = client(user_chibo)  # cell_a1's secretary must carry the overdue remedy out
    home = doc(chibo.get("/"))
    label, href = figures(home, '//*[@id="remedy-todo"]')["remedies-to-carry-out"]
    assert [int(i) for i in rows_of(chibo, href, "remedy-table")] == [files["overdue"].pk] and label == "1"


def test_filters_refuse_what_they_do_not_know(user_khoi, files):
    c = client(user_khoi)
    assert c.get("/inspections/cases/?stage=late").status_code == 400
    assert c.get("/inspections/cases/?event=planned&since=31/02/2026").status_code == 400
    assert c.get("/inspections/remedies/?role=everyone").status_code == 400


def test_irreversible_steps_ask_for_confirmation(user_khoi, files):
    c = client(user_khoi)
    case = files["planned"]
    step = doc(c.get(f"/inspections/cases/{case.pk}/step/"))
    assert step.xpath('//form[@id="action-form"]/@data-confirm')
    assert doc(c.get(f"/inspections/cases/{case.pk}/discipline/new/")).xpath('//form[@id="action-form"]/@data-confirm')
    check = doc(c.get(f"/inspections/remedies/{files['reported'].pk}/check/"))
    assert check.xpath('//form[@id="action-form"]/@data-confirm')
    edit = doc(c.get(f"/inspections/cases/{case.pk}/edit/"))
    assert not edit.xpath('//form[@id="action-form"]/@data-confirm')  # editing the item can be done again


def test_the_menu_asks_at_most_one_query_of_a_member(user_dangvien, seat, files):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.scope import scope_for
    from inspections.selectors import has_inspection_work

    for user, expected in ((user_dangvien, False), (seat, True)):
        scope_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert has_inspection_work(user) is expected
        assert len(queries) <= 1
