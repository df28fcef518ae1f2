from django import template

register = template.Library()


@register.filter
def covers(scope, organization_id) -> bool:
    """Whether the user may open the organisation's page: link it only then."""
    return bool(scope) and scope.covers(organization_id)


@register.filter
def can(scope, action: str) -> bool:
    """Whether the user may do `action` anywhere (to show a menu entry or a button): {% if scope|can:"export" %}."""
    return bool(scope) and scope.can(action)
