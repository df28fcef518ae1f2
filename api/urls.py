from django.urls import path

from . import views
from .base import with_language
from .v1 import api

app_name = "api"
urlpatterns = [
    path("tokens/", views.TokenList.as_view(), name="tokens"),
    path("tokens/new/", views.TokenCreate.as_view(), name="token_create"),
    path("tokens/<int:pk>/revoke/", views.TokenRevoke.as_view(), name="token_revoke"),
]


def v1_urls():
    """/api/v1/ (namespace api-v1): django-ninja's views, each answering in the request's language."""
    patterns, app, namespace = api.urls
    for pattern in patterns:
        pattern.callback = with_language(pattern.callback)
    return patterns, app, namespace
