"""Every URL is declared through the shared views and has a scope case, by construction."""

import pytest
from django.contrib.auth import views as auth_views
from django.urls import path

from core import views as shared
from core.testing import app_cases, uncovered, url_patterns

CASES = [case for cases in app_cases() for case in cases.scope]
# Django's own authentication pages (the login page draws the slot accounts.login).
DJANGO_VIEWS = (auth_views.LoginView, auth_views.LogoutView, auth_views.PasswordChangeView,
                auth_views.PasswordChangeDoneView)


def test_every_url_name_has_a_scope_case():
    assert uncovered(url_patterns(), CASES) == []


def test_every_scope_case_names_a_url_that_exists():
    names = set(url_patterns())
    assert sorted({case.url for case in CASES} - names) == []


@pytest.mark.parametrize("name,view", sorted(url_patterns().items()))
def test_every_page_is_declared_through_the_shared_views(name, view):
    view_class = getattr(view, "view_class", None)
    assert view_class is not None, f"{name} is a function view"
    assert issubclass(view_class, (shared.Page, *DJANGO_VIEWS)), f"{name}: {view_class} is not a core.views page"


# ---- the checks themselves fail when they should -------------------------------------------------------------

class Unlisted(shared.Page):
    needs = None


urlpatterns = [path("unlisted/", Unlisted.as_view(), name="unlisted"),
               path("plain/", lambda request: None, name="plain")]


def test_a_url_added_without_a_scope_case_is_reported():
    names = url_patterns("tests.test_urls")
    assert uncovered(names, CASES) == ["plain", "unlisted"]


def test_a_function_view_is_not_a_shared_view():
    view = url_patterns("tests.test_urls")["plain"]
    assert getattr(view, "view_class", None) is None


def test_the_browsers_icon_request_finds_the_icon(client):
    """A browser asks /favicon.ico on every address that names no icon (a feed, a file): not a 404 in the log."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200
