from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.menu import menu

register = template.Library()

# The menu drawn once per set of entries shown, page section and language, and kept by the process: the entries,
# labels and addresses are fixed once the apps are ready, and through the template engine the menu cost every page
# about 2.5 ms (a tenth of the member list's). Kept: a few hundred at most (roles × sections × languages).
_drawn: dict[tuple, SafeString] = {}
_DRAWN_MAX = 1000


@register.simple_tag(takes_context=True)
def main_menu(context) -> SafeString:
    request = context.get("request")
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "")
    visible = menu.visible(request.user)
    key = (tuple(entry.key for entry in visible), namespace, get_language(), get_script_prefix(), get_urlconf())
    html = _drawn.get(key)
    if html is None:
        if len(_drawn) >= _DRAWN_MAX:
            _drawn.clear()
        html = _drawn[key] = mark_safe(render_to_string(  # noqa: S308 - a template's output, escaped by it
            "core/_menu.html", {"groups": menu.groups_of(visible), "namespace": namespace}))
    return html


_addresses: dict[tuple, str] = {}


@register.simple_tag
def layout_url(name: str) -> str:
    """`{% url name %}` for the layout's links that take no argument, reversed once per process (and URL
    configuration): each reverse costs about 80 µs, and the layout has nine on every page."""
    key = (name, get_script_prefix(), get_urlconf())
    url = _addresses.get(key)
    if url is None:
        if len(_addresses) >= _DRAWN_MAX:
            _addresses.clear()
        url = _addresses[key] = reverse(name)
    return url
