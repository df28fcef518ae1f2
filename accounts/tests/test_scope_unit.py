"""accounts.scope: which organisations each role covers (its subtree), against the real database."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, RoleAssignment
from core.scope import (
    ALL,
    CONFIGURE,
    EDIT_MEMBER,
    ESTABLISH,
    EXPORT,
    MANAGE_MEMBERS,
    RESTRUCTURE,
    VIEW,
    compute_scope,
    forget_scope,
    scope_for,
)
from organizations.models import Organization
from organizations.selectors import subtree_ids

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def ids(*orgs):
    return frozenset(o.pk for o in orgs)


def test_admin_sees_everything(user_admin, tree):
    scope = compute_scope(user_admin)
    for action in (VIEW, EDIT_MEMBER, MANAGE_MEMBERS, RESTRUCTURE, CONFIGURE, EXPORT):
        assert scope.sees_everything(action) and scope.org_ids(action) is ALL
        assert scope.covers(tree.gcell.pk, action) and scope.can(action)
    assert scope.roles == frozenset({Role.ADMIN}) and scope.own_member_id is None


def test_admin_role_on_an_organisation_still_covers_everything(make_user, tree):
    user = make_user("admin_co_to_chuc", Role.ADMIN, tree.cell_a1)
    assert compute_scope(user).sees_everything(CONFIGURE)


def test_bloc_standing_covers_the_whole_tree(user_khoi, tree):
    scope = compute_scope(user_khoi)
    # The subtree of the installation's only root is everything: kept as ALL, not as an id list.
    assert scope.sees_everything(VIEW) and scope.sees_everything(RESTRUCTURE)
    assert all(scope.covers(o.pk) and scope.covers(o.pk, RESTRUCTURE) for o in tree.all)
    assert not scope.can(CONFIGURE) and scope.org_ids(CONFIGURE) == frozenset()


def test_bloc_standing_on_one_of_two_roots_covers_only_that_tree(make_org, make_user, tree):
    other_root = make_org("superior", None, code="DBH", name="Đảng bộ huyện Tam Đảo")
    other_cell = make_org("grassroots_cell", other_root, code="TD-CB", name="Chi bộ xã Hồ Sơn")
    scope = compute_scope(make_user("khoi_2", Role.BLOC_STANDING, tree.bloc))
    assert not scope.sees_everything(VIEW)
    assert scope.org_ids(VIEW) == ids(*tree.all)
    assert not scope.covers(other_root.pk) and not scope.covers(other_cell.pk)


def test_committee_staff_covers_its_committee_subtree(user_coso, user_other, tree):
    scope = compute_scope(user_coso)
    for action in (VIEW, EDIT_MEMBER, MANAGE_MEMBERS, ESTABLISH, EXPORT):
        assert scope.org_ids(action) == ids(tree.gc_a, tree.cell_a1, tree.cell_a2)
    # It reorganises its cells; renaming or dissolving the committee itself is the Bloc's decision.
    assert scope.org_ids(RESTRUCTURE) == ids(tree.cell_a1, tree.cell_a2)
    assert not scope.covers(tree.bloc.pk) and not scope.covers(tree.cell_b1.pk) and not scope.covers(None)
    other = compute_scope(user_other)
    assert other.org_ids(VIEW) == ids(tree.gc_b, tree.cell_b1, tree.cell_b2)
    assert other.roles == frozenset({Role.COMMITTEE_STAFF})


def test_cell_secretary_covers_its_cell_only(user_chibo, tree):
    scope = compute_scope(user_chibo)
    assert scope.org_ids(VIEW) == ids(tree.cell_a1)
    assert scope.covers(tree.cell_a1.pk, EDIT_MEMBER) and scope.covers(tree.cell_a1.pk, EXPORT)
    assert not scope.can(MANAGE_MEMBERS) and not scope.can(RESTRUCTURE)
    assert not scope.covers(tree.cell_a1.pk, MANAGE_MEMBERS)
    assert not scope.is_member_only


def test_subtree_includes_deeper_levels_and_ended_units(actor, make_org, user_coso, tree):
    from organizations.services import organization_dissolve

    sub = make_org("sub_committee", tree.gc_a, name="Đảng bộ bộ phận Thanh tra")
    deep = make_org("cell", sub, name="Chi bộ Thanh tra 1")
    group = make_org("party_group", deep, name="Tổ đảng 1")
    old = make_org("cell", tree.gc_a, name="Chi bộ cũ")
    organization_dissolve(actor=actor, organization=old, effective_on=datetime.date(2020, 1, 1),
                          decision_number="1")
    assert compute_scope(user_coso).org_ids(VIEW) == ids(tree.gc_a, tree.cell_a1, tree.cell_a2, sub, deep, group, old)


def test_member_role_covers_only_the_own_record(user_dangvien, member_dangvien, tree):
    scope = compute_scope(user_dangvien)
    assert scope.own_member_id == member_dangvien.pk
    assert not scope.can(VIEW) and scope.org_ids(VIEW) == frozenset()
    assert not scope.covers(tree.cell_a1.pk)
    assert scope.is_member_only and scope.roles == frozenset({Role.MEMBER})


def test_member_role_without_a_linked_member(make_user):
    scope = compute_scope(make_user("chua_lien_ket", Role.MEMBER))
    assert scope.own_member_id is None and not scope.is_member_only and not scope.can(VIEW)


def test_union_of_assignments(user_coso, tree):
    RoleAssignment.objects.create(user=user_coso, role=Role.CELL_SECRETARY, organization=tree.cell_b1)
    RoleAssignment.objects.create(user=user_coso, role=Role.CELL_SECRETARY, organization=tree.gcell)
    scope = compute_scope(user_coso)
    a_subtree = ids(tree.gc_a, tree.cell_a1, tree.cell_a2)
    assert scope.org_ids(VIEW) == a_subtree | ids(tree.cell_b1, tree.gcell)
    assert scope.org_ids(EDIT_MEMBER) == a_subtree | ids(tree.cell_b1, tree.gcell)
    assert scope.org_ids(MANAGE_MEMBERS) == a_subtree  # the secretary role does not grant it
    assert scope.roles == frozenset({Role.COMMITTEE_STAFF, Role.CELL_SECRETARY})


def test_member_role_combined_with_a_staff_role(user_dangvien, member_dangvien, tree):
    RoleAssignment.objects.create(user=user_dangvien, role=Role.CELL_SECRETARY, organization=tree.cell_a1)
    scope = compute_scope(user_dangvien)
    assert scope.own_member_id == member_dangvien.pk and scope.org_ids(VIEW) == ids(tree.cell_a1)
    assert not scope.is_member_only


def test_the_roles_and_the_own_record_are_read_in_one_query(user_dangvien, member_dangvien, tree):
    """Every request computes a scope: the providers' rows (the roles, the tree's roots for an assignment at the
    only root, the own record) come in one round trip, whatever the providers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    RoleAssignment.objects.create(user=user_dangvien, role=Role.BLOC_STANDING, organization=tree.bloc)
    with CaptureQueriesContext(connection) as queries:
        scope = compute_scope(user_dangvien)
    assert len(queries) == 1
    assert scope.own_member_id == member_dangvien.pk and scope.sees_everything() and scope.view_roots == (tree.bloc.pk,)


@pytest.mark.parametrize("started_on, ended_on, counted", [
    (None, TODAY, False),          # ended today: [from, to) excludes today
    (None, TODAY - DAY, False),    # ended yesterday
    (TODAY + DAY, None, False),    # starts tomorrow
    (TODAY, None, True),           # starts today
    (TODAY - 30 * DAY, TODAY + DAY, True),
])
def test_assignment_dates(make_user, tree, started_on, ended_on, counted):
    user = make_user("tam_thoi", Role.COMMITTEE_STAFF, tree.gc_b, started_on=started_on, ended_on=ended_on)
    scope = compute_scope(user)
    assert scope.covers(tree.cell_b1.pk) is counted
    assert scope.can(VIEW) is counted


def test_ended_assignment_ignored_beside_a_current_one(user_coso, tree):
    RoleAssignment.objects.create(user=user_coso, role=Role.BLOC_STANDING, organization=tree.bloc,
                                  started_on=datetime.date(2020, 1, 1), ended_on=TODAY - DAY)
    RoleAssignment.objects.create(user=user_coso, role=Role.ADMIN, ended_on=TODAY - DAY)
    scope = compute_scope(user_coso)
    assert scope.org_ids(VIEW) == ids(tree.gc_a, tree.cell_a1, tree.cell_a2)
    assert scope.roles == frozenset({Role.COMMITTEE_STAFF})


def test_superuser_sees_everything_without_assignments(django_user_model, tree):
    user = django_user_model.objects.create_superuser(username="sieu_quan_tri", password="x")
    scope = compute_scope(user)
    assert scope.sees_everything(VIEW) and scope.sees_everything(CONFIGURE)
    assert scope.covers(tree.cell_b2.pk, RESTRUCTURE)


def test_no_scope_for_anonymous_inactive_or_unassigned(make_user, user_coso):
    assert compute_scope(AnonymousUser()).actions == {}
    user_coso.is_active = False
    user_coso.save()
    assert compute_scope(user_coso).actions == {}
    plain = compute_scope(make_user("khong_vai_tro"))
    assert plain.actions == {} and not plain.can(VIEW) and plain.own_member_id is None


def test_scope_follows_the_tree_after_a_move(actor, user_coso, user_other, tree):
    from organizations.services import organization_move

    organization_move(actor=actor, organization=tree.cell_b1, new_parent=tree.gc_a,
                      effective_on=datetime.date(2025, 1, 1), decision_number="1")
    assert compute_scope(user_coso).covers(tree.cell_b1.pk)
    assert not compute_scope(user_other).covers(tree.cell_b1.pk)


def test_scope_for_caches_on_the_user_and_forget_scope_clears(user_coso, tree):
    first = scope_for(user_coso)
    assert scope_for(user_coso) is first
    RoleAssignment.objects.create(user=user_coso, role=Role.CELL_SECRETARY, organization=tree.gcell)
    assert not scope_for(user_coso).covers(tree.gcell.pk)  # cached for the request
    forget_scope(user_coso)
    assert scope_for(user_coso).covers(tree.gcell.pk)
    forget_scope(user_coso)
    forget_scope(user_coso)  # forgetting twice is harmless


def test_org_q_filters_organisations(user_coso, user_admin, tree):
    scope = compute_scope(user_coso)
    assert set(Organization.objects.filter(scope.org_q())) == {tree.gc_a, tree.cell_a1, tree.cell_a2}
    assert set(Organization.objects.filter(scope.org_q(action=CONFIGURE))) == set()
    assert Organization.objects.filter(compute_scope(user_admin).org_q()).count() == len(tree.all)


def test_subtree_ids_helper(tree):
    assert subtree_ids(tree.gc_b.pk) == {tree.gc_b.pk, tree.cell_b1.pk, tree.cell_b2.pk}
    assert subtree_ids(tree.cell_b1.pk) == {tree.cell_b1.pk}
    assert subtree_ids(tree.bloc.pk) == set(ids(*tree.all))


def test_an_assignment_without_its_organisation_grants_nothing(make_user, tree, django_user_model):
    user = django_user_model.objects.create_user("thieu_to_chuc", password="x")
    RoleAssignment.objects.create(user=user, role=Role.CELL_SECRETARY, organization=None)
    scope = compute_scope(user)
    assert not scope.can(VIEW) and not scope.sees_everything(VIEW)


def test_the_admin_form_refuses_an_assignment_without_organisation(django_user_model):
    from django.core.exceptions import ValidationError

    user = django_user_model.objects.create_user("thieu_to_chuc_2", password="x")
    with pytest.raises(ValidationError) as info:
        RoleAssignment(user=user, role=Role.COMMITTEE_STAFF).full_clean()
    assert "organization" in info.value.message_dict


@pytest.mark.parametrize("role", [Role.BLOC_STANDING, Role.COMMITTEE_STAFF, Role.CELL_SECRETARY])
def test_the_roots_read_on_the_way_are_the_scopes_roots(make_user, make_org, user_khoi, user_admin, tree, role):
    """Scope.view_roots (the top of what VIEW covers, known without a query) is what scope_roots finds from the
    tree, for an assignment at every organisation, for nested and side-by-side assignments, with two roots."""
    from organizations.figures import scope_roots, view_roots

    def check(user):
        scope = compute_scope(user)
        expected = scope_roots(None if scope.sees_everything() else scope.org_ids())
        assert sorted(view_roots(scope)) == sorted(expected), user.username  # the same roots (their order: none)
        return scope

    assert check(user_khoi).view_roots == (tree.bloc.pk,)  # read while deciding it sees everything
    assert check(user_admin).view_roots is None  # an administrator's: not read, found from the tree
    for n, org in enumerate(tree.all):
        check(make_user(f"one_{role}_{n}", role, org))
    both = make_user(f"nested_{role}", role, tree.gc_a)
    RoleAssignment.objects.create(user=both, role=role, organization=tree.cell_a1)  # inside the first
    RoleAssignment.objects.create(user=both, role=Role.CELL_SECRETARY, organization=tree.cell_b1)  # beside it
    assert check(both).view_roots == tuple(sorted((tree.gc_a.pk, tree.cell_b1.pk)))
    make_org("superior", None, code="DBH2", name="Đảng bộ huyện Lập Thạch")  # a second root: the Bloc is a subtree
    check(make_user(f"two_roots_{role}", role, tree.bloc))


def test_the_written_out_assignments_are_the_orms(make_user, user_coso, tree):
    """accounts.scope.assignments_in_force (its SQL written out) reads what the ORM's query reads, at every boundary
    of an assignment's dates."""
    from django.db.models import Q

    from accounts.scope import assignments_in_force

    for n, (started_on, ended_on) in enumerate([(None, TODAY), (None, TODAY - DAY), (TODAY + DAY, None),
                                                 (TODAY, None), (TODAY - 30 * DAY, TODAY + DAY), (None, None)]):
        RoleAssignment.objects.create(user=user_coso, role=Role.CELL_SECRETARY, organization=tree.all[n % len(tree.all)],
                                      started_on=started_on, ended_on=ended_on)
    for day in (TODAY - 31 * DAY, TODAY - DAY, TODAY, TODAY + DAY, TODAY + 2 * DAY):
        orm = (RoleAssignment.objects.filter(user=user_coso)
               .filter(Q(started_on__isnull=True) | Q(started_on__lte=day))
               .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
               .values_list("role", "organization_id", "organization__parent_id"))
        read = assignments_in_force(user_coso.pk, day)
        assert sorted(row[:3] for row in read) == sorted(orm), day
        roots = Organization.objects.filter(parent__isnull=True).count()
        assert all(n == (roots if org and parent is None else None) for _r, org, parent, n in read), day
    assert len(assignments_in_force(user_coso.pk, TODAY)) == 4  # the committee's, and three of the six
