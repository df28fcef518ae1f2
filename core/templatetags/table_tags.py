"""A table's head and pagination written in Python (templates/django_tables2/bootstrap5.html): through the template
engine they cost the member list about a tenth of its page (a sort link per column, a link per page, each a
`querystring_replace`). The same elements as the library's template and ours before, attribute for attribute
(members/tests/test_list_rows.py)."""

from urllib.parse import urlencode

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_tables2.templatetags.django_tables2 import table_page_range

register = template.Library()


def _query(params: dict, key: str, value) -> str:
    """`querystring_replace key=value`: the page's parameters with one replaced, escaped for an attribute."""
    return escape("?" + urlencode({**params, key: value}, doseq=True))


@register.simple_tag(takes_context=True)
def table_head(context, table) -> SafeString:
    if not table.show_header:
        return mark_safe("")
    params = dict(context["request"].GET)
    field = table.prefixed_order_by_field
    cells = []
    for column in table.columns:
        header = conditional_escape(column.header)
        if column.orderable:
            header = f'<a href="{_query(params, field, column.order_by_alias.next)}">{header}</a>'
        cells.append(f'<th {column.attrs["th"].as_html()} scope="col">{header}</th>')
    return mark_safe(  # noqa: S308 - headers are escaped (a SafeString header stays as written), attributes by the library
        f'<thead {table.attrs["thead"].as_html()}><tr>{"".join(cells)}</tr></thead>')


@register.simple_tag(takes_context=True)
def table_pagination(context, table) -> SafeString:
    paginator = getattr(table, "paginator", None)
    if paginator is None or paginator.num_pages <= 1:
        return mark_safe("")
    page, params, field = table.page, dict(context["request"].GET), table.prefixed_page_field
    items = []
    if page.has_previous():
        items.append(f'<li class="previous page-item"><a href="{_query(params, field, page.previous_page_number())}"'
                     f' class="page-link" rel="prev"><span aria-hidden="true">&laquo;</span> {escape(_("Previous"))}</a></li>')
    for p in table_page_range(page, paginator):
        if p == "...":
            items.append('<li class="page-item disabled"><span class="page-link">…</span></li>')
        elif p == page.number:
            items.append(f'<li class="page-item active" aria-current="page"><a class="page-link"'
                         f' href="{_query(params, field, p)}">{p}</a></li>')
        else:
            items.append(f'<li class="page-item"><a class="page-link" href="{_query(params, field, p)}">{p}</a></li>')
    if page.has_next():
        items.append(f'<li class="next page-item"><a href="{_query(params, field, page.next_page_number())}"'
                     f' class="page-link" rel="next">{escape(_("Next"))} <span aria-hidden="true">&raquo;</span></a></li>')
    return mark_safe(  # noqa: S308 - numbers, escaped labels and escaped addresses
        f'<nav aria-label="{escape(_("Pages"))}"><ul class="pagination pagination-sm flex-wrap justify-content-center'
        f' mt-2 mb-0">{"".join(items)}</ul></nav>')
