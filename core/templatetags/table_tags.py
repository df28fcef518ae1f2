"""A table's head and pagination written in Python (templates/django_tables2/bootstrap5.html): through the template
engine they cost the member list about a tenth of its page (a sort link per column, a link per page, each a
`querystring_replace`). The same elements as the library's template and ours before, attribute for attribute
(members/tests/test_list_rows.py)."""

from html import escape as esc  # the stdlib's, for plain texts (Django's, lazy-aware, costs more per call)
from urllib.parse import quote_plus, urlencode

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_tables2.templatetags.django_tables2 import table_page_range

register = template.Library()


class _Queries:
    """`querystring_replace key=value` for one key and many values: the page's parameters with that one replaced,
    escaped for an attribute. The other parameters are encoded once, not once per link (a page has a link per
    column and per page), in their places, as `urlencode({**params, key: value}, doseq=True)` would have them."""

    def __init__(self, params: dict, key: str):
        self.parts = [(name, urlencode({name: values}, doseq=True)) for name, values in params.items()]
        if key not in params:
            self.parts.append((key, None))
        self.key, self.name = key, quote_plus(key)

    def __call__(self, value: str | int) -> str:
        encoded = f"{self.name}={quote_plus(str(value))}"
        return esc("?" + "&".join(part for part in (encoded if name == self.key else text
                                                       for name, text in self.parts) if part))


@register.simple_tag(takes_context=True)
def table_head(context, table) -> SafeString:
    if not table.show_header:
        return mark_safe("")
    query = _Queries(dict(context["request"].GET), table.prefixed_order_by_field)
    cells = []
    for column in table.columns:
        header = conditional_escape(column.header)
        if column.orderable:
            header = f'<a href="{query(column.order_by_alias.next)}">{header}</a>'
        cells.append(f'<th {column.attrs["th"].as_html()} scope="col">{header}</th>')
    return mark_safe(  # noqa: S308 - headers are escaped (a SafeString header stays as written), attributes by the library
        f'<thead {table.attrs["thead"].as_html()}><tr>{"".join(cells)}</tr></thead>')


@register.simple_tag(takes_context=True)
def table_pagination(context, table) -> SafeString:
    paginator = getattr(table, "paginator", None)
    if paginator is None or paginator.num_pages <= 1:
        return mark_safe("")
    page, query = table.page, _Queries(dict(context["request"].GET), table.prefixed_page_field)
    items = []
    if page.has_previous():
        items.append(f'<li class="previous page-item"><a href="{query(page.previous_page_number())}"'
                     f' class="page-link" rel="prev"><span aria-hidden="true">&laquo;</span> {escape(_("Previous"))}</a></li>')
    for p in table_page_range(page, paginator):
        if p == "...":
            items.append('<li class="page-item disabled"><span class="page-link">…</span></li>')
        elif p == page.number:
            items.append(f'<li class="page-item active" aria-current="page"><a class="page-link"'
                         f' href="{query(p)}">{p}</a></li>')
        else:
            items.append(f'<li class="page-item"><a class="page-link" href="{query(p)}">{p}</a></li>')
    if page.has_next():
        items.append(f'<li class="next page-item"><a href="{query(page.next_page_number())}"'
                     f' class="page-link" rel="next">{escape(_("Next"))} <span aria-hidden="true">&raquo;</span></a></li>')
    return mark_safe(  # noqa: S308 - numbers, escaped labels and escaped addresses
        f'<nav aria-label="{escape(_("Pages"))}"><ul class="pagination pagination-sm flex-wrap justify-content-center'
        f' mt-2 mb-0">{"".join(items)}</ul></nav>')
