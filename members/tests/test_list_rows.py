"""The member list writes its rows out (members/_member_table.html) instead of rendering them cell by cell through
django-tables2: the same cells, class for class and character for character, as the library's own rendering of the
table, for every kind of member the list shows."""

import datetime
from pathlib import Path

import django_tables2
import lxml.html
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django_tables2 import RequestConfig

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


# -- the table's head, its pagination and the filters, written in Python: the same elements as the templates before --

LIBRARY_TABLE = Path(django_tables2.__file__).parent / "templates" / "django_tables2" / "bootstrap5.html"
# the project's pagination before it was written in Python (core/templatetags/table_tags.py)
OLD_PAGINATION = """{% load i18n django_tables2 %}{% if table.page and table.paginator.num_pages > 1 %}
<nav aria-label="{% translate 'Pages' %}">
  <ul class="pagination pagination-sm flex-wrap justify-content-center mt-2 mb-0">
    {% if table.page.has_previous %}
    <li class="previous page-item"><a href="{% querystring_replace table.prefixed_page_field=table.page.previous_page_number %}" class="page-link" rel="prev"><span aria-hidden="true">&laquo;</span> {% translate "Previous" %}</a></li>
    {% endif %}
    {% for p in table.page|table_page_range:table.paginator %}
    <li class="page-item{% if table.page.number == p %} active{% endif %}{% if p == '...' %} disabled{% endif %}"{% if table.page.number == p %} aria-current="page"{% endif %}>{% if p == '...' %}<span class="page-link">…</span>{% else %}<a class="page-link" href="{% querystring_replace table.prefixed_page_field=p %}">{{ p }}</a>{% endif %}</li>
    {% endfor %}
    {% if table.page.has_next %}
    <li class="next page-item"><a href="{% querystring_replace table.prefixed_page_field=table.page.next_page_number %}" class="page-link" rel="next">{% translate "Next" %} <span aria-hidden="true">&raquo;</span></a></li>
    {% endif %}
  </ul>
</nav>
{% endif %}"""  # noqa: E501
# the filters' loop before filter_fields (core/templates/core/filter_form.html)
OLD_FILTERS = """{% load form_tags %}<div>{% for field in filter.form %}
    <div class="col-sm-6 col-md-4 col-xl">
      <label class="form-label small mb-0" for="{{ field.id_for_label }}">{{ field.label }}</label>
      {% if field.field.widget.is_picker %}{{ field }}{% elif field.field.widget.input_type == 'select' %}{{ field|filter_select }}{% else %}<input name="{{ field.html_name }}" id="{{ field.id_for_label }}" value="{{ field.value|default:'' }}" class="form-control form-control-sm" type="search">{% endif %}
    </div>
    {% endfor %}</div>"""  # noqa: E501


def shape(element) -> tuple:
    """An element as a browser reads it: tag, attributes, texts without the layout's whitespace, children."""
    def text(value):
        return " ".join((value or "").split())
    return (element.tag, sorted(element.attrib.items()), text(element.text),
            [shape(child) + (text(child.tail),) for child in element])


def parts(html: str, xpath: str) -> list:
    return [shape(e) for e in lxml.html.fromstring(f"<div>{html}</div>").xpath(xpath)]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("query", ["", "?page=2&sort=-full_name&gender=female", "?page=5&q=<b>&status=all",
                                   "?page=9&sort=organization", "?status=all&page=3&q=a+b&q=c%26d&sort=organization"])
def test_the_head_and_pagination_are_the_templates(world, language, query):
    from core.templatetags.table_tags import table_head, table_pagination

    request = RequestFactory().get(f"/members/{query}")
    table = MemberTable(Member.objects.select_related("organization", "temporary_organization"))
    RequestConfig(request, paginate={"per_page": 2}).configure(table)
    assert table.paginator.num_pages > 2
    context = {"table": table, "request": request}
    with translation.override(language):
        library = Template(LIBRARY_TABLE.read_text()).render(Context(context))
        old = Template(OLD_PAGINATION).render(Context(context))
        head, pages = table_head(context, table), table_pagination(context, table)
    assert parts(head, "//thead") == parts(library, "//thead") and "<a href=" in head
    assert parts(pages, "//nav") == parts(old, "//nav") and 'aria-current="page"' in pages
    single = MemberTable(Member.objects.filter(pk=Member.objects.values("pk")[:1]))
    RequestConfig(request, paginate={"per_page": 25}).configure(single)
    assert table_pagination({"table": single, "request": request}, single) == ""  # one page: no pagination


@pytest.mark.parametrize("query", ["", "gender=female&status=all&q=Nguyễn \"x\"&as_of=01/02/2024",
                                   "organization={cell}&ethnicity=Kinh&age_band=x&since=2024-13-01"])
def test_the_filters_are_the_templates(world, tree, user_khoi, user_chibo, query):
    from django.http import QueryDict

    from core.templatetags.form_tags import filter_fields
    from members.filters import MemberFilter
    from members.selectors import member_list_qs

    for user in (user_khoi, user_chibo):  # a search box for the organisation, then a short list
        data = QueryDict(query.format(cell=tree.cell_a1.pk))
        with translation.override("vi"):
            filters = MemberFilter(data, queryset=member_list_qs(user), user=user)
            filters.form.is_valid()
            old = Template(OLD_FILTERS).render(Context({"filter": filters}))
            own = filter_fields(filters.form)
        assert parts(own, "./div") == parts(old, "./div/div") and len(parts(own, "./div")) == len(filters.form.fields)
