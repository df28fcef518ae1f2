"""One policy for a filter the page does not understand: refused (400), the filter named, nothing listed or
exported — never the unfiltered rows. Every list and report page is found by walking the URLs, and every filter of
it that is not free text is tried with a value it cannot accept, on the page and on its export."""

import django_filters
import pytest
from django import forms
from django.urls import reverse

from core.testing import app_cases, app_of, builders_for, url_patterns
from core.testing.pages import doc
from core.views import ExportMixin, ListPage, ReportPage

pytestmark = pytest.mark.django_db

CASES = {case.url: case for cases in app_cases() for case in cases.scope}
PAGES = sorted(name for name, view in url_patterns().items()
               if issubclass(getattr(view, "view_class", object), ListPage | ReportPage))
FREE_TEXT = (forms.CharField,)


def parameters(view_class) -> list[str]:
    """The page's parameters that only accept some values (free-text search excluded)."""
    if issubclass(view_class, ListPage):
        fields = {name: f.field_class for name, f in view_class.filterset_class.base_filters.items()
                  if not isinstance(f, django_filters.CharFilter)}
    else:
        fields = {name: type(f) for name, f in (view_class.params_form.base_fields.items()
                                                if view_class.params_form else ())}
    return sorted(name for name, field in fields.items()
                  if not (issubclass(field, FREE_TEXT) and not issubclass(field, forms.ChoiceField)))


def page_url(w, name) -> str:
    case = CASES[name]
    place = next((p for p in case.at if case.allows("khoi", p)), None)
    return reverse(name, args=case.args(w, place) if case.args else [])


def test_the_walk_finds_the_lists():
    assert {"members:list", "organizations:list", "organizations:tree"} <= set(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_every_filter_refuses_a_value_it_cannot_accept(request, client_for, world, user_khoi, user_admin, name):
    from tests.test_scope_cases import scope_world

    w = scope_world(request, world)
    for build in builders_for(app_of(name)):
        build(w)
    view_class = url_patterns()[name].view_class
    # The security log is the administrator's page alone (audit); every other list is walked as the Bloc's user.
    client = client_for(user_admin if app_of(name) == "audit" else user_khoi)
    url = page_url(w, name)
    params = parameters(view_class)
    assert params or view_class.__name__ in NO_PARAMETERS, f"{name} has no parameter to check"
    exports = issubclass(view_class, ExportMixin) and view_class.exportable()
    for param in [*params, "export"]:
        with_export = exports and param != "export"
        for query in [f"{param}=bogus%C2%A7", *([f"{param}=bogus%C2%A7&export=xlsx"] if with_export else [])]:
            response = client.get(f"{url}?{query}")
            assert response.status_code == 400, f"{url}?{query}: {response.status_code}"
            assert "html" in response["Content-Type"], f"{url}?{query} answered a file"
            named = doc(response).xpath(f'//*[@id="filter-errors"]//*[@data-field="{param}"]')
            assert named, f"{url}?{query}: the filter {param!r} is not named"


# Report pages with nothing to filter: their GET parameters are none.
NO_PARAMETERS = {"StaffingReport"}
