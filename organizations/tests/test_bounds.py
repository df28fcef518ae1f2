"""Bounds on everything typed into the organisation pages: every decision date at and beyond its bounds (before
03/02/1930, on 31/12/9999, more than ten years ahead, 01/01/0001) is refused on its field with nothing written, never
a 500 — a rename effective 31/12/9999 first of all; the tree's date and the list's filters are refused (400) naming
the parameter; a 1 MiB reason is refused on its field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.testing.pages import TODAY, dmy, doc, form_errors, form_values
from core.validation import date_bounds

from .cases import snapshot

pytestmark = pytest.mark.django_db

LATEST = date_bounds().latest()
OUT_OF_BOUNDS = ["01/01/0001", "02/02/1930", "01/01/1900", "31/12/9999", dmy(LATEST + datetime.timedelta(days=1))]
FILLED = {"new_name": "Chi bộ Tên Mới", "to_committee": "Đảng bộ thành phố Vĩnh Yên", "decision_number": "50-QĐ/ĐUK",
          "reason": "Kiểm tra giới hạn", "part1_code": "TACH-1", "part1_name": "Chi bộ Tách Ra", "keep_source": "on",
          "from_committee": "Đảng bộ tỉnh Phú Thọ", "code": "MOI-1", "name": "Chi bộ Mới"}

# (page, its URL, the date field of its form)
PAGES = [
    ("create", lambda w: reverse("organizations:create"), "established_on"),
    ("transfer_in", lambda w: reverse("organizations:transfer_in"), "effective_on"),
    *[(action, (lambda a: lambda w: reverse(f"organizations:{a}", args=[w.cell_a1.pk]))(action), "effective_on")
      for action in ("rename", "move", "merge", "split", "transfer_out")],
    ("dissolve", lambda w: reverse("organizations:dissolve", args=[w.orgs["cell_a3"].pk]), "effective_on"),
]


@pytest.mark.parametrize("page, url, field", PAGES, ids=[p[0] for p in PAGES])
def test_every_decision_date_is_refused_beyond_its_bounds(client_for, world, user_khoi, page, url, field):
    client = client_for(user_khoi)
    url = url(world)
    drawn = form_values(client.get(url))
    filled = {**drawn, **{k: v for k, v in FILLED.items() if k in drawn},
              "new_parent": world.gc_b.pk, "sources": [world.orgs["cell_a3"].pk], "parent": world.gc_a.pk,
              "kind": world.cell_a1.kind_id}
    before = snapshot()
    for value in OUT_OF_BOUNDS:
        response = client.post(url, {**filled, field: value})
        assert response.status_code == 200, f"{page}={value}: {response.status_code}"
        assert doc(response).xpath(f'//*[@id="id_{field}_error"]'), \
            f"{page}={value} not refused on the field: {form_errors(response)}"
        assert form_values(response)[field] == value, "what was typed is kept"
    assert snapshot() == before


def test_a_rename_effective_31_12_9999_is_refused_by_the_service_too(world, actor):
    from organizations.services import organization_create, organization_rename

    before = snapshot()
    for value in (datetime.date(9999, 12, 31), LATEST + datetime.timedelta(days=1), datetime.date(1930, 2, 2)):
        with pytest.raises(ValidationError) as refused:
            organization_rename(actor=actor, organization=world.cell_a1, new_name="Chi bộ Tên Mới",
                                effective_on=value, decision_number="51-QĐ/ĐUK")
        assert list(refused.value.message_dict) == ["effective_on"]
    with pytest.raises(ValidationError) as refused:
        organization_create(actor=actor, kind=world.cell_a1.kind, parent=world.gc_a, code="MOI-2",
                            name="Chi bộ Mới 2", established_on=datetime.date(1, 1, 1), decision_number="52-QĐ/ĐUK")
    assert list(refused.value.message_dict) == ["established_on"]
    assert snapshot() == before


def test_a_one_mebibyte_reason_is_refused_on_the_reason_field(client_for, world, user_khoi, actor):
    from organizations.services import organization_rename, organization_update

    client = client_for(user_khoi)
    before = snapshot()
    for action, extra in (("rename", {"new_name": "Chi bộ Tên Mới", "effective_on": dmy(TODAY),
                                      "decision_number": "53-QĐ/ĐUK"}),
                          ("edit", {"host_agency": "Cơ quan khác"}),
                          ("split", {"part1_code": "TACH-1", "part1_name": "Chi bộ Tách Ra", "keep_source": "on",
                                     "effective_on": dmy(TODAY), "decision_number": "53-QĐ/ĐUK"})):
        url = reverse(f"organizations:{action}", args=[world.cell_a1.pk])
        response = client.post(url, {**form_values(client.get(url)), **extra, "reason": "x" * 1_048_576})
        assert response.status_code == 200, action
        assert doc(response).xpath('//*[@id="id_reason_error"]'), (action, form_errors(response))
    for call in (
        lambda: organization_rename(actor=actor, organization=world.cell_a1, new_name="Chi bộ Tên Mới",
                                    effective_on=TODAY, decision_number="54-QĐ/ĐUK", reason="x" * 1_048_576),
        lambda: organization_update(actor=actor, organization=world.cell_a1, host_agency="Khác",
                                    reason="x" * 1_048_576),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert "reason" in refused.value.message_dict
    assert snapshot() == before


@pytest.mark.parametrize("as_of", ["31/12/9999", "01/01/0001", "02/02/1930", "abc", "2020-13-01",
                                   dmy(LATEST + datetime.timedelta(days=1))])
def test_the_tree_as_of_a_date_beyond_the_bounds_is_refused_naming_it(client_for, world, user_khoi, as_of):
    response = client_for(user_khoi).get(f"/organizations/tree/?as_of={as_of}")
    assert response.status_code == 400
    assert doc(response).xpath('//*[@id="filter-errors"]//li[@data-field="as_of"]')


@pytest.mark.parametrize("query", ["min_members=-1", "min_members=abc", "min_members=1e400", "kind=nonsense",
                                   "cluster=abc", "status=nonsense", "tier=x", "holds_members=maybe"])
def test_a_list_parameter_that_is_not_valid_is_refused_naming_it(client_for, world, user_khoi, query):
    response = client_for(user_khoi).get(f"/organizations/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert doc(response).xpath(f'//*[@id="filter-errors"]//li[@data-field="{name}"]')


@pytest.mark.parametrize("query", ["min_members=" + "9" * 30, "page=99999", "page=abc", "sort=-" + "x" * 5000])
def test_huge_numbers_paging_and_sorting_never_fail(client_for, world, user_khoi, query):
    assert client_for(user_khoi).get(f"/organizations/?{query}").status_code in (200, 404)
