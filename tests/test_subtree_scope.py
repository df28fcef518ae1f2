"""A subtree read by a recursive walk down parent_id (organizations.selectors.subtrees_ids / subtree_q) is the same
set as the walk over the whole tree's children map it replaced, for every organisation, before and after the tree
is restructured; a user's scope is built from it without reading the whole tree."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from core.scope import VIEW, compute_scope
from members.models import Member
from organizations import services
from organizations.models import Organization
from organizations.selectors import children_map, subtree_ids, subtree_q, subtrees_ids

pytestmark = pytest.mark.django_db
ON = datetime.date(2024, 6, 1)


@pytest.fixture
def deep(tree, make_org):
    """Two more levels under gc_a: a sub-committee with two cells, one of which... has none below."""
    sub = make_org("sub_committee", tree.gc_a, code="STC-BP", name="Đảng bộ bộ phận Thanh tra")
    low1 = make_org("cell", sub, code="STC-BP1", name="Chi bộ Thanh tra 1")
    low2 = make_org("cell", sub, code="STC-BP2", name="Chi bộ Thanh tra 2")
    return sub, low1, low2


def walked(pk):
    return subtree_ids(pk, children_map())


def assert_same_everywhere():
    for pk in Organization.objects.values_list("pk", flat=True):
        assert subtree_ids(pk) == walked(pk), pk
        assert set(Organization.objects.filter(subtree_q("id", pk)).values_list("pk", flat=True)) == walked(pk), pk


def test_equal_to_the_walk_for_every_organisation(deep):
    assert_same_everywhere()
    sub, low1, low2 = deep
    assert subtree_ids(sub.pk) == {sub.pk, low1.pk, low2.pk}


def test_equal_after_a_move_a_merge_and_a_split(actor, tree, deep):
    sub, low1, low2 = deep
    services.organization_move(actor=actor, organization=sub, new_parent=tree.gc_b, effective_on=ON,
                               decision_number="1-QĐ/ĐUK")
    assert_same_everywhere()
    assert low1.pk in subtree_ids(tree.gc_b.pk) and low1.pk not in subtree_ids(tree.gc_a.pk)
    services.organization_merge(actor=actor, sources=[tree.cell_b2], target=tree.cell_b1, effective_on=ON,
                                decision_number="2-QĐ/ĐUK")
    services.organization_split(actor=actor, source=sub.__class__.objects.get(pk=sub.pk), effective_on=ON,
                                decision_number="3-QĐ/ĐUK", keep_source=True,
                                parts=[{"code": "TACH", "name": "Đảng bộ bộ phận Tách", "children": [low2.pk]}])
    assert_same_everywhere()


def test_several_roots_at_once(tree, deep):
    sub, low1, low2 = deep
    assert subtrees_ids([sub.pk, tree.cell_b1.pk]) == {sub.pk, low1.pk, low2.pk, tree.cell_b1.pk}
    assert subtrees_ids([]) == set()


def test_member_filter_by_subtree_reads_no_id_list(make_member, deep, tree):
    sub, low1, _low2 = deep
    inside, outside = make_member(low1), make_member(tree.cell_b1)
    found = set(Member.objects.filter(subtree_q("organization_id", tree.gc_a.pk)).values_list("pk", flat=True))
    assert inside.pk in found and outside.pk not in found


def test_scope_reads_the_subtree_not_the_tree(make_user, tree, deep):
    """A committee's user: its subtree, by one walk; the tree's other rows are never read (no children map)."""
    user = make_user("can_bo_bp", Role.COMMITTEE_STAFF, deep[0])
    with CaptureQueriesContext(connection) as captured:
        scope = compute_scope(user)
    assert scope.org_ids(VIEW) == frozenset(subtree_ids(deep[0].pk))
    sqls = [q["sql"] for q in captured.captured_queries]
    assert any("WITH RECURSIVE" in sql for sql in sqls)
    assert not any('"parent_id" FROM "organizations_organization"' in sql and "WHERE" not in sql for sql in sqls)
    whole = make_user("ca_khoi", Role.BLOC_STANDING, tree.bloc)
    assert compute_scope(whole).sees_everything(VIEW)  # the only root: everything, no id list
