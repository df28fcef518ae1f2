from django.conf import settings

from core.scope import scope_for


def site(request):
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "scope": scope_for(user) if user is not None and user.is_authenticated else None,
    }
