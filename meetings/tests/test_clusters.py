"""Clusters: a subordinate cell pilots a thematic meeting for its grassroots organisation's cluster."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import MeetingKind
from meetings.selectors import cluster_pilots
from organizations.models import Cluster

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(tree):
    cluster = Cluster.objects.create(code="cum-3", name="Cụm 3 – Khối kinh tế tổng hợp")
    for organization in (tree.gc_a, tree.gc_b):
        organization.cluster = cluster
        organization.save()
    return cluster


def _pilot(actor, cell, on, observer_from=None):
    meeting = services.meeting_plan(actor=actor, organization=cell, kind=MeetingKind.THEMATIC, planned_on=on,
                                    topic="Nâng cao chất lượng sinh hoạt chi bộ", is_pilot=True)
    if observer_from is not None:
        services.meeting_add_guest(actor=actor, meeting=meeting, name="Đại biểu quan sát", observer_from=observer_from)
    return meeting


def test_a_cell_pilots_for_its_grassroots_organisations_cluster(actor, tree, cluster, user_khoi, user_other):
    pilot = _pilot(actor, tree.cell_a1, D(2026, 9, 17), observer_from=tree.gc_b)
    result = {c.cluster.code: c for c in cluster_pilots(user_khoi)}
    assert [m.pk for m in result["cum-3"].pilots] == [pilot.pk]
    assert result["cum-3"].pilots[0].observer_names == [tree.gc_b.name]
    assert {o.pk for o in result["cum-3"].organizations} == {tree.gc_a.pk, tree.gc_b.pk}
    other = {c.cluster.code: c for c in cluster_pilots(user_other)}
    assert other["cum-3"].pilots == [] and [o.pk for o in other["cum-3"].organizations] == [tree.gc_b.pk]


def test_a_cell_outside_any_cluster_cannot_pilot(actor, tree):
    with pytest.raises(ValidationError) as error:
        _pilot(actor, tree.cell_a1, D(2026, 9, 17))
    assert "is_pilot" in error.value.error_dict


def test_the_cluster_page_lists_every_pilot(client, actor, tree, cluster, user_khoi, make_org):
    """(Its query count, the same whatever the number of pilots: cases.py's QUERY_CASES.)"""
    client.force_login(user_khoi)
    _pilot(actor, tree.cell_a1, D(2026, 3, 12), observer_from=tree.gc_b)
    for i in range(3):
        cell = make_org("cell", tree.gc_b, name=f"Chi bộ Khoa thử {i}")
        _pilot(actor, cell, D(2026, 4 + i, 9), observer_from=tree.gc_a)
    response = client.get("/meetings/clusters/")
    assert response.status_code == 200
    assert response.content.decode().count('class="mb-2 pilot"') == 4
