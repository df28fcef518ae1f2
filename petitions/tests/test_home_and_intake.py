"""The petitions' to-do links to exactly its rows, the register opens for whoever the menu shows it to, the intake
form checks the sender being typed, the classification's picker tells same-named organisations apart, and the steps
that cannot be undone ask first.

gc_a's register holds, about cell_a1: one letter overdue (received long ago, in coso's hands), one due soon, one
settled. `chair_a` chairs gc_a's inspection committee with no role assignment.
"""

import datetime

import pytest
from django.test import Client

from core.testing.pages import doc, text

from .conftest import SENDER, D

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
CELL_KIND = "cell"


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def letters(receive, classify, settle, actor, gc_a, user_coso):
    from petitions import services
    from petitions.models import Petition
    from petitions.selectors import due_soon_days

    overdue = classify(receive(gc_a, received_on=D(2025, 3, 3), summary="Đơn quá hạn"))
    services.petition_assign(actor=actor, petition=overdue, users=[user_coso], assigned_on=overdue.classified_on)
    soon = classify(receive(gc_a, received_on=D(2025, 3, 4), summary="Đơn sắp đến hạn"))
    # a deadline within the due-soon window, whatever today is
    Petition.objects.filter(pk=soon.pk).update(due_on=TODAY + datetime.timedelta(days=max(due_soon_days(TODAY) - 1, 0)))
    settled = settle(classify(receive(gc_a, received_on=D(2025, 3, 5), summary="Đơn đã giải quyết")), user_coso)
    return {"overdue": overdue, "soon": soon, "settled": settled}


def register_rows(c, url) -> list[str]:
    response = c.get(url)
    assert response.status_code == 200, url
    page = doc(response)
    rows = page.xpath('//table[@id="petition-table"]/tbody/tr/@data-number')
    assert page.xpath('//*[@id="result-count"]/text()') == [str(len(rows))], url
    return rows


@pytest.mark.parametrize("who", ["coso", "chair"])
def test_each_to_do_badge_opens_exactly_its_rows(who, letters, user_coso, chair_a):
    c = client(user_coso if who == "coso" else chair_a)
    todo = doc(c.get("/petitions/todo/"))
    badges = {a.get("data-figure"): a for a in todo.xpath('//a[@data-figure]')}
    expected = {"petitions-overdue": [letters["overdue"].register_number],
                "petitions-due-soon": [letters["soon"].register_number]}
    if who == "coso":  # the handler has the letter in hand; the chair holds none
        expected["petitions-in-hand"] = [letters["overdue"].register_number]
    assert set(badges) == set(expected)
    for key, a in badges.items():
        rows = register_rows(c, a.get("href"))
        assert int(a.text_content().split()[0]) == len(rows), key
        assert rows == expected[key], key


def test_the_register_is_in_the_menu_of_whoever_it_has_rows_for(letters, user_coso, chair_a, user_dangvien,
                                                                 user_chibo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.scope import scope_for
    from petitions.selectors import may_open_register

    for user, shown in ((user_coso, True), (chair_a, True), (user_dangvien, False), (user_chibo, False)):
        page = text(client(user).get("/"))
        assert ('id="nav-petition-register"' in page) is shown, user
        scope_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert may_open_register(user) is shown
        assert len(queries) <= 1, user
        if shown:
            assert client(user).get("/petitions/").status_code == 200


def check(c, organization, name, address="", anonymous=False):
    data = {"organization": organization.pk if organization else "", "sender_name": name,
            "sender_address": address}
    if anonymous:
        data["anonymous"] = "on"
    return c.post("/petitions/receive/sender-check/", data)


def test_the_clerk_checks_the_sender_being_typed(receive, classify, gc_a, gc_b, user_coso, user_khoi, actor):
    from petitions.models import Access
    from petitions.services import petition_assign

    earlier = receive(gc_a, summary="Thư trước của cùng người")
    masked = receive(gc_a, summary="Thư cùng người, người khác giải quyết")
    receive(gc_a, sender_name="Người khác", summary="Thư của người khác")
    receive(gc_b, summary="Thư gửi cơ sở khác")  # same sender, another register: not compared
    # coso handles `earlier` (its sender is shown to them); `masked`, handled by someone else, shows coso •••
    for letter, handler in ((earlier, user_coso), (masked, user_khoi)):
        classify(letter)
        petition_assign(actor=actor, petition=letter, users=[handler], assigned_on=letter.received_on)
    c = client(user_coso)
    assert 'id="check-sender"' in text(c.get("/petitions/receive/"))
    # typed in another case, without diacritics, with other punctuation: the same sender
    found = doc(check(c, gc_a, "nguyen van to", "So 5, pho Me Linh - Vinh Yen"))
    # only letters whose sender the clerk may see are compared: typing a name never unmasks a letter
    assert found.xpath('//*[@id="sender-check-found"]//li/@data-number') == [earlier.register_number]
    assert SENDER[0] not in text(check(c, gc_a, "nguyen van to", "So 5 pho Me Linh Vinh Yen"))
    # each letter found is an opening that showed its sender, in its access log
    assert Access.objects.filter(petition=earlier, user=user_coso, via="sender_check", identity_shown=True).count() == 2
    assert doc(check(c, gc_a, "Nguyễn Văn Tố", "Hà Nội")).xpath('//*[@id="sender-check-none"]')
    assert doc(check(c, gc_a, "", "")).xpath('//*[@id="sender-check-no-name"]')
    assert doc(check(c, gc_a, "Nguyễn Văn Tố", SENDER[1], anonymous=True)).xpath('//*[@id="sender-check-no-name"]')
    # a register the clerk does not keep is refused, and nothing is logged
    before = Access.objects.count()
    assert doc(check(c, gc_b, "Nguyễn Văn Tố", SENDER[1])).xpath('//*[@id="sender-check-refused"]')
    assert Access.objects.count() == before
    assert client(user_coso).get("/petitions/receive/sender-check/").status_code == 200


def test_the_check_is_refused_to_whoever_keeps_no_register(user_chibo, user_dangvien, gc_a, receive):
    receive(gc_a)
    for user in (user_chibo, user_dangvien):
        assert check(client(user), gc_a, "Nguyễn Văn Tố", SENDER[1]).status_code == 403


def test_the_classification_names_each_organisation_with_where_it_sits(receive, gc_a, cell_a1, make_org, user_coso,
                                                                        gc_b):
    twin = make_org(CELL_KIND, gc_b, name="Chi bộ Phòng Kế hoạch")
    mine = make_org(CELL_KIND, gc_a, name="Chi bộ Phòng Kế hoạch")
    petition = receive(gc_a)
    page = doc(client(user_coso).get(f"/petitions/{petition.pk}/classify/"))
    options = {o.get("value"): o.text_content() for o in page.xpath('//select[@id="id_subject_organization"]/option')
               if o.get("value")}
    # any active organisation (a letter may concern one outside the register's subtree), namesakes told apart
    assert options[str(twin.pk)] == f"Chi bộ Phòng Kế hoạch — {gc_b.name}"
    assert options[str(mine.pk)] == f"Chi bộ Phòng Kế hoạch — {gc_a.name}"
    assert str(gc_b.pk) in options and str(gc_a.pk) in options
    names = [label.split(" — ")[0] for label in options.values()]
    from core.text import collation_key

    assert names == sorted(names, key=collation_key)


def test_steps_that_cannot_be_undone_ask_first(letters, user_coso, receive, gc_a):
    c = client(user_coso)
    received = receive(gc_a)
    for url in (f"/petitions/{received.pk}/classify/", f"/petitions/{letters['overdue'].pk}/conclude/",
                f"/petitions/{letters['settled'].pk}/notify/"):
        assert doc(c.get(url)).xpath('//form[@id="action-form"]/@data-confirm'), url
    assert not doc(c.get(f"/petitions/{letters['overdue'].pk}/verify/")).xpath('//form[@id="action-form"]/@data-confirm')
