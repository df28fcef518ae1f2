from django import template
from django.utils.safestring import mark_safe

from core.registry import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot_name: str, obj=None):
    """Draw the panels registered in the slot `slot_name` for `obj`, with the page's context around them."""
    slot = registry.slots[slot_name]  # a slot the page names but nobody declared is a programming error
    request = context.get("request")
    parts = []
    for panel in slot.panels:
        values = panel.context(request, obj)
        if values is None:
            continue
        with context.push(values, panel_name=panel.name):
            parts.append(context.template.engine.get_template(panel.template).render(context))
    return mark_safe("".join(parts))  # each part is a rendered template, escaped by its own autoescape
