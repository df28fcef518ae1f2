from django import template

from core.menu import menu

register = template.Library()


@register.inclusion_tag("core/_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    namespace = getattr(getattr(request, "resolver_match", None), "namespace", "")
    return {"groups": menu.for_user(request.user), "namespace": namespace}
