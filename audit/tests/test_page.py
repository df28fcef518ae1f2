"""The security log page: administrators read, filter and export it; nobody else opens it (403), whatever subtree
they hold; its query count does not grow with the log."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from audit.models import SecurityEvent
from audit.selectors import may_read_security_log
from core import security
from core.scope import CONFIGURE, Scope
from core.testing import count_queries
from core.testing.pages import csv_rows, doc, xlsx_rows

pytestmark = [pytest.mark.django_db, pytest.mark.urls("audit.tests.urls")]

URL = "/audit/"


def shown(response) -> list[tuple[str, str]]:
    """(kind, detail) of the rows shown, in order."""
    rows = doc(response).xpath('//table[@id="security-table"]/tbody/tr[@data-event]')
    details = [" ".join(row.xpath("./td[6]")[0].text_content().split()) for row in rows]
    return [(row.get("data-kind"), "" if detail == "—" else detail) for row, detail in zip(rows, details, strict=True)]


def record(kind, *, user=None, address="10.0.0.1", path="/members/", detail="", when=None):
    request = RequestFactory().get(path, REMOTE_ADDR=address)
    request.user = user or AnonymousUser()
    security.security_event(kind, request=request, user=user, detail=detail)
    event = SecurityEvent.objects.latest("id")
    if when is not None:
        SecurityEvent.objects.filter(pk=event.pk).update(when=when)  # the test sets the clock back
    return event


@pytest.fixture
def log(user_khoi, user_coso):
    SecurityEvent.objects.all().delete()  # the logins of the fixtures' clients
    now = timezone.now()
    record(security.LOGIN_FAILED, address="192.0.2.50", path="/accounts/login/", detail="khoi",
           when=now - datetime.timedelta(days=40))
    record(security.LOCKOUT, address="192.0.2.50", path="/accounts/login/", detail="khoi",
           when=now - datetime.timedelta(days=39))
    record(security.LOGIN, user=user_khoi, address="10.0.0.5", path="/accounts/login/", detail="",
           when=now - datetime.timedelta(days=10))
    record(security.EXPORT, user=user_khoi, address="10.0.0.5", path="/members/?export=csv",
           detail="format=csv rows=12 path=/members/", when=now - datetime.timedelta(days=2))
    record(security.NOT_FOUND, user=user_coso, address="10.0.1.9", path="/members/77/", detail="members.member")


def test_the_administrator_reads_the_log_newest_first(client_for, user_admin, log):
    response = client_for(user_admin).get(URL)
    assert response.status_code == 200
    kinds = [kind for kind, _detail in shown(response)]
    # (the administrator's own login, from client_for, may come first)
    assert kinds[-5:] == [
        security.NOT_FOUND, security.EXPORT, security.LOGIN, security.LOCKOUT, security.LOGIN_FAILED]
    page = doc(response)
    assert page.xpath('//form[@id="filter-form"]') and page.xpath('//button[@id="filter-toggle"]')
    assert page.xpath('//div[contains(@class, "table-responsive")]//table[@id="security-table"]')
    assert page.xpath('//a[@id="nav-security-log"]/@href') == [URL]


def test_a_superuser_reads_the_log(client_for, django_user_model, log):
    root = django_user_model.objects.create_superuser("goc", password="Matkhau-2025!")
    assert client_for(root).get(URL).status_code == 200


@pytest.mark.parametrize("query,expected", [
    ("kind=lockout", [(security.LOCKOUT, "khoi")]),
    ("user=khoi", [(security.EXPORT, "format=csv rows=12 path=/members/"), (security.LOGIN, ""),
                   (security.LOCKOUT, "khoi"), (security.LOGIN_FAILED, "khoi")]),
    ("user=thuong_vu&kind=export", [(security.EXPORT, "format=csv rows=12 path=/members/")]),
    ("address=192.0.2.50", [(security.LOCKOUT, "khoi"), (security.LOGIN_FAILED, "khoi")]),
    ("address=10.0.", [(security.NOT_FOUND, "members.member"), (security.EXPORT, "format=csv rows=12 path=/members/"),
                       (security.LOGIN, "")]),
    ("q=members/77", [(security.NOT_FOUND, "members.member")]),
    ("q=rows=12", [(security.EXPORT, "format=csv rows=12 path=/members/")]),
])
def test_each_filter(client_for, user_admin, log, query, expected):
    response = client_for(user_admin).get(f"{URL}?{query}")
    assert response.status_code == 200
    assert [row for row in shown(response) if row != (security.LOGIN, "") or "user=khoi" in query
            or "address=10.0." in query] == expected


def test_the_date_filters_bound_the_days(client_for, user_admin, log):
    today = timezone.localdate()
    since = (today - datetime.timedelta(days=39)).strftime("%d/%m/%Y")
    until = (today - datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    response = client_for(user_admin).get(f"{URL}?since={since}&until={until}")
    assert [kind for kind, _d in shown(response)] == [security.LOGIN, security.LOCKOUT]


@pytest.mark.parametrize("query", ["kind=nonsense", "since=31/02/2025", "until=yesterday", "since=01/01/1900",
                                   "address=example.org", "kind=nonsense&export=csv"])
def test_a_filter_value_it_cannot_accept_is_refused(client_for, user_admin, log, query):
    response = client_for(user_admin).get(f"{URL}?{query}")
    assert response.status_code == 400
    assert "html" in response["Content-Type"]
    name = query.split("=", 1)[0]
    assert doc(response).xpath(f'//*[@id="filter-errors"]//*[@data-field="{name}"]')


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_filtered_log_exports(client_for, user_admin, log, fmt):
    response = client_for(user_admin).get(f"{URL}?address=192.0.2.50&export={fmt}")
    assert response.status_code == 200
    rows = csv_rows(response) if fmt == "csv" else [list(r) for r in xlsx_rows(response)]
    assert len(rows) == 3  # the header, the lockout and the failure
    header = [str(h) for h in rows[0]]
    assert len(header) == 10  # every column, the hidden ones (organisation, request id, browser) included
    assert [row[3] for row in rows[1:]] == ["192.0.2.50", "192.0.2.50"]
    assert [row[4] for row in rows[1:]] == ["GET /accounts/login/", "GET /accounts/login/"]
    when = datetime.datetime.strptime(rows[1][0], "%d/%m/%Y %H:%M:%S")  # the local time, to the second
    assert when.date() <= timezone.localdate()


@pytest.mark.parametrize("name", ["khoi", "coso", "chibo", "dangvien", "other"])
def test_nobody_else_opens_the_log(request, client_for, log, name):
    user = request.getfixturevalue(f"user_{name}")
    client = client_for(user)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}?export=csv").status_code == 403
    assert not doc(client.get("/")).xpath('//a[@id="nav-security-log"]')


def test_staff_rights_alone_do_not_open_the_log(client_for, user_other):
    user_other.is_staff = True
    user_other.save()
    assert client_for(user_other).get(URL).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client_for):
    response = client_for(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_configuring_a_subtree_is_not_enough(world, user_other):
    """Only the whole installation's configuration opens the log (the roles grant CONFIGURE everywhere only today;
    a scope limited to a subtree, as another role might grant, is refused)."""
    subtree = Scope(actions={CONFIGURE: frozenset({world.orgs["gc_b"].pk, world.orgs["cell_b1"].pk})})
    assert not may_read_security_log(user_other, subtree)
    assert may_read_security_log(user_other, Scope(actions={CONFIGURE: None}))


def grow(user, factor):
    for i in range(40 * factor):
        record((security.LOGIN, security.EXPORT, security.REFUSED, security.IDENTITY_READ)[i % 4],
               user=user if i % 3 else None, address=f"10.0.{i % 5}.{i % 200}", detail=f"sự kiện {i}")


@pytest.mark.parametrize("query", ["", "?kind=export&user=khoi&since=01/01/2020&address=10.0.", "?export=csv"])
def test_the_query_count_does_not_grow_with_the_log(client_for, user_admin, user_khoi, query):
    client = client_for(user_admin)
    grow(user_khoi, 1)
    small, *_ = count_queries(client, URL + query)
    grow(user_khoi, 5)
    big, response, *_ = count_queries(client, URL + query)
    assert small == big <= (7 if "export" in query else 6)  # an export adds its own event
    if not query:
        assert len(shown(response)) == 50  # a full page
