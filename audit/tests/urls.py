"""The project's URLs with the security log routed, for these tests until dangbo/urls.py routes /audit/ itself
(named as a string: audit sits below the project in the layers)."""

from django.urls import include, path

urlpatterns = [path("audit/", include("audit.urls")), path("", include("dangbo.urls"))]
