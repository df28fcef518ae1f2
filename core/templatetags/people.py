from django import template

register = template.Library()


@register.filter
def display_name(user) -> str:
    """A user's name the Vietnamese way: family and middle names (last_name), then the given name."""
    if user is None:
        return ""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()
