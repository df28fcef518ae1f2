from django.conf import settings


def site(request):
    from accounts.scope import scope_for

    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "scope": scope_for(user) if user is not None and user.is_authenticated else None,
    }
