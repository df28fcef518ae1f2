from django import template

register = template.Library()


@register.filter
def figure(organization, figure) -> int:
    """An organisation's own count for a registered figure (organizations.hooks.figures), annotated by with_figures."""
    return getattr(organization, f"figure_{figure.key}", 0) or 0
