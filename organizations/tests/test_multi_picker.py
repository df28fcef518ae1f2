"""The multiple organisation picker (organizations.widgets.OrganizationMultiPicker) on the merge form: a list while
the choices are few; above SELECT_MAX the organisations chosen (each a hidden field and a button that takes it out)
and a search box, never the organisations the user may restructure, and what was chosen kept when the form is
refused (a name only for what the user may choose)."""

import datetime

import pytest
from django.urls import reverse

from core.testing.pages import dmy, doc
from organizations.models import Organization
from organizations.testing import add_cells
from organizations.widgets import SELECT_MAX

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def many_cells(gc_a, kinds):
    return add_cells(gc_a, kinds["cell"], SELECT_MAX + 5)


def chips(response) -> dict[str, str]:
    page = doc(response)
    return {li.get("data-chosen"): " ".join(li.xpath("./span")[0].text_content().split())
            for li in page.xpath('//*[@data-picker-multiple="sources"]/ul/li[@data-chosen]')}


def test_few_choices_stay_a_list(client_for, user_khoi, tree):
    page = doc(client_for(user_khoi).get(reverse("organizations:merge", args=[tree.cell_a1.pk])))
    options = page.xpath('//select[@name="sources"][@multiple]/option/@value')
    assert str(tree.cell_a2.pk) in options and str(tree.cell_a1.pk) not in options
    assert not page.xpath("//*[@data-picker-multiple]")


def test_many_choices_become_a_search_that_lists_none(client_for, user_khoi, tree, many_cells):
    response = client_for(user_khoi).get(reverse("organizations:merge", args=[tree.cell_a1.pk]))
    page = doc(response)
    assert not page.xpath('//select[@name="sources"]')
    assert not any(cell.name in response.content.decode() for cell in many_cells)
    (picker,) = page.xpath('//*[@data-picker-multiple="sources"]')
    assert "action=restructure" in picker.get("data-picker")
    search = client_for(user_khoi).get(picker.get("data-picker") + "&q=chi bo")
    offered = [int(pk) for pk in doc(search).xpath("//button[@data-id]/@data-id")]
    assert offered and tree.cell_a1.pk not in offered  # never the organisation merged into
    box = page.xpath('//input[@id="id_sources"]')[0]
    assert box.get("name") is None and page.xpath('//label[@for="id_sources"]')
    assert chips(response) == {}


def test_a_refused_form_keeps_every_organisation_chosen(client_for, user_khoi, user_coso, tree, many_cells):
    url = reverse("organizations:merge", args=[tree.cell_a1.pk])
    chosen = [many_cells[3], many_cells[7]]
    response = client_for(user_khoi).post(url, {"sources": [str(c.pk) for c in chosen], "effective_on": "",
                                                "decision_number": ""})
    assert response.status_code == 200 and Organization.objects.filter(pk__in=[c.pk for c in chosen],
                                                                         status="active").count() == 2
    assert chips(response) == {str(c.pk): c.name for c in chosen}
    hidden = doc(response).xpath('//*[@data-picker-multiple]/ul//input[@type="hidden"][@name="sources"]/@value')
    assert hidden == [str(c.pk) for c in chosen]
    # an organisation the user may not restructure, sent by hand: refused on the field, kept without its name
    outside = tree.cell_b1
    refused = client_for(user_coso).post(url, {"sources": [str(chosen[0].pk), str(outside.pk)],
                                               "effective_on": dmy(TODAY), "decision_number": "9-QĐ"})
    assert refused.status_code == 200
    assert doc(refused).xpath('//*[@id="id_sources_error"]')
    assert chips(refused) == {str(chosen[0].pk): chosen[0].name, str(outside.pk): str(outside.pk)}
    assert outside.name not in refused.content.decode()


def test_the_merge_goes_through_with_the_organisations_chosen(client_for, user_khoi, tree, many_cells):
    url = reverse("organizations:merge", args=[tree.cell_a1.pk])
    sources = many_cells[:2]
    response = client_for(user_khoi).post(url, {"sources": [str(c.pk) for c in sources], "effective_on": dmy(TODAY),
                                                "decision_number": "12-QĐ/ĐUK", "reason": "Sắp xếp"})
    assert response.status_code == 302
    assert set(Organization.objects.filter(pk__in=[c.pk for c in sources]).values_list("status", flat=True)) == {
        Organization.Status.MERGED}
