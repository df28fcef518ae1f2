"""The member list writes its rows out (members/_member_table.html) instead of rendering them cell by cell through
django-tables2: the same cells, class for class and character for character, as the library's own rendering of the
table, for every kind of member the list shows."""

import datetime

import lxml.html
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from members.models import Member
from members.tables import MemberTable

pytestmark = pytest.mark.django_db


def cells(rows, template: str) -> list:
    table = MemberTable(rows, template_name=template)
    table.paginate(per_page=len(rows))
    html = Template("{% load django_tables2 %}{% render_table t %}").render(
        Context({"t": table, "request": RequestFactory().get("/members/")}))
    return [(tr.get("class"), [(frozenset((td.get("class") or "").split()), inner(td)) for td in tr.xpath("./td")])
            for tr in lxml.html.fromstring(html).xpath("//tbody/tr")]


def inner(element) -> str:
    return (element.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in element)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_written_rows_are_the_librarys(world, tree, language):
    members = list(Member.objects.select_related("organization", "temporary_organization").order_by("pk"))
    # every branch of a row, set on the records as read (nothing saved)
    variants = []
    for n, member in enumerate(members):
        if n % 6 == 1:
            member.temporary_organization, member.temporary_organization_id = tree.cell_b1, tree.cell_b1.pk
        elif n % 6 == 2:
            member.temporary_external = "Đảng bộ Công an tỉnh <Phú Thọ>"
        elif n % 6 == 3:
            member.organization, member.organization_id, member.home_external = None, None, "Tỉnh ủy & khác"
        elif n % 6 == 4:
            member.exempted_since, member.position, member.theory_level = datetime.date(2024, 1, 2), "", ""
        elif n % 6 == 5:
            member.admitted_on, member.date_of_birth = None, None
        variants.append(member)
    assert len(variants) >= 6
    with translation.override(language):
        own, library = cells(variants, "members/_member_table.html"), cells(variants, "django_tables2/bootstrap5.html")
    assert len(own) == len(variants) and own == library
    assert any("&lt;Phú Thọ&gt;" in html for _tr, row in own for _c, html in row)  # escaped, as the library does


def test_no_row_says_so_as_the_library_does(world):
    with translation.override("vi"):
        own, library = cells([], "members/_member_table.html"), cells([], "django_tables2/bootstrap5.html")
    assert own == library and len(own) == 1 and own[0][1][0][1] == str(MemberTable.Meta.empty_text)
