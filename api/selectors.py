"""Reads of API tokens: a user sees and revokes only their own."""

from django.http import Http404

from .models import ApiToken


def token_list(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get(user, pk, action: str = "") -> ApiToken:
    """The user's own token, or 404 (anyone else's, an administrator's included, is not found)."""
    try:
        return token_list(user).get(pk=pk)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
