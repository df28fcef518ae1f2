"""Shared pytest fixtures: a small organisation tree, members and users with roles.

Everything is built through the real services (no mocks), on top of the data the
migrations seed (organisation kinds, rule data). Reuse freely; keep additions small.

    kinds            dict code -> OrganizationKind (seeded by organizations/0002)
    actor            a plain User that performs the writes (shows up as history_user)
    make_org         make_org("cell", parent, name=..., code=...) -> Organization via organization_create
    tree             SimpleNamespace(bloc, gc_a, cell_a1, cell_a2, gc_b, cell_b1, cell_b2, gcell, all)
    bloc, gc_a, ...  the same nodes as separate fixtures
    make_member      make_member(org, **overrides) -> Member via member_register (full member by default)
    make_user        make_user("name", role=Role.X, organization=org) -> User with a RoleAssignment
    client_for       client_for(user) -> a test Client logged in as `user` (None: anonymous)
    user_admin       role admin (no organisation: everything)
    user_khoi        bloc_standing on bloc (the whole tree)
    user_coso        committee_staff on gc_a (gc_a, cell_a1, cell_a2)
    user_chibo       cell_secretary on cell_a1
    user_dangvien    member role, linked through Member.user to `member_dangvien` of cell_a1
    user_other       committee_staff on gc_b (gc_b, cell_b1, cell_b2)
    db_snapshot      callable -> a comparable picture of the organisation/member tables,
                     to assert that a refused operation wrote nothing
    one_batch        `with one_batch(): ...` writes as one batch (figures recounted once, at its end), as a fixture does
    world            the tree plus two empty cells and named members in every cell, with the situations each
                     member action needs (probationary, exempt, temporarily away): see its docstring

All users have the password PASSWORD (so `client.login` works as well as `force_login`); passwords
are hashed with MD5 during tests (autouse `_fast_password_hasher`) to keep user creation cheap.

The tree (all established 01/01/2015 by decision "01-QĐ/ĐUK"):

    bloc    superior            "Đảng bộ Khối Các cơ quan tỉnh"   (root)
    ├── gc_a  grassroots_committee "Đảng bộ Sở Tài chính"
    │   ├── cell_a1  cell          "Chi bộ Phòng Ngân sách"
    │   └── cell_a2  cell          "Chi bộ Văn phòng Sở Tài chính"
    ├── gc_b  grassroots_committee "Đảng bộ Sở Y tế"
    │   ├── cell_b1  cell          "Chi bộ Phòng Nghiệp vụ Y"
    │   └── cell_b2  cell          "Chi bộ Văn phòng Sở Y tế"
    └── gcell grassroots_cell      "Chi bộ Ban Dân tộc"

The tree has no members; add them with make_member where a test needs them.
"""

import datetime
import itertools
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

PASSWORD = "Matkhau-2025!"
D = datetime.date
ESTABLISHED = datetime.date(2015, 1, 1)
DECISION = "01-QĐ/ĐUK"

# Realistic names (family, middle, given) with the matching gender; cycled by make_member.
_NAMES = [
    ("Nguyễn Văn An", "male"),
    ("Trần Thị Bích Ngọc", "female"),
    ("Lê Hoàng Cường", "male"),
    ("Phạm Thị Dung", "female"),
    ("Hoàng Văn Đức", "male"),
    ("Võ Thị Hạnh", "female"),
    ("Đặng Quốc Huy", "male"),
    ("Bùi Thị Lan", "female"),
    ("Đỗ Minh Khoa", "male"),
    ("Huỳnh Thị Ánh Tuyết", "female"),
]
_sequence = itertools.count(1)


@pytest.fixture
def client_for(db):
    """client_for(user) -> a test Client logged in as `user` (None: anonymous)."""
    from django.test import Client

    def _client(user):
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return _client


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the product's language. A request made with the English cookie leaves English active in
    the worker's thread (the language middleware activates per request, as Django's does), and a later test on the
    same worker that checks a service's message would read it in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _figures_kept(request):
    """After every test that wrote through the services, the organisations' kept figures (organizations.figures)
    and the cells' kept compliance (meetings.figures) equal a recount from scratch: a service, a signal or a batch
    that forgot one fails the test that used it. A test that writes around the services on purpose (a queryset
    update, a raw bulk load) is marked `figures_unkept`."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    uses_db = marker is not None or "db" in names
    transactional = (marker is not None and marker.kwargs.get("transaction")) or names & {"transactional_db",
                                                                                       "live_server"}
    if not uses_db or transactional or request.node.get_closest_marker("figures_unkept"):
        yield
        return
    request.getfixturevalue("db")
    yield
    if not _written_since_checked.pop():
        return  # nothing written since the last recount that agreed (a class's shared data read test after test)
    from meetings.figures import compliance_recount, compliance_stored
    from organizations.figures import figures_recount, figures_stored

    stored, fresh = figures_stored(), figures_recount()
    wrong = sorted(pk for pk in stored.keys() | fresh.keys() if stored.get(pk) != fresh.get(pk))
    assert not wrong, (f"the kept figures of {len(wrong)} organisations differ from a recount, e.g. "
                       + "; ".join(f"{pk}: kept {stored.get(pk)}, recounted {fresh.get(pk)}" for pk in wrong[:3]))
    stored, fresh = compliance_stored(), compliance_recount()
    wrong = sorted(key for key in stored.keys() | fresh.keys() if stored.get(key) != fresh.get(key))
    assert not wrong, (f"the kept compliance of {len(wrong)} cell-months differs from a recount, e.g. "
                       + "; ".join(f"{key}: kept {stored.get(key)}, recounted {fresh.get(key)}" for key in wrong[:3]))


@pytest.fixture(autouse=True, scope="session")
def _media_in_a_temporary_directory(tmp_path_factory):
    """Uploaded files written by tests go to a temporary directory, never into the working tree."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


class _WrittenSinceChecked:
    """Whether the test database saw a statement that may write since `_figures_kept` last found the kept figures
    equal to a recount: a rolled-back test returns the data to what was checked, and a recount of a class's shared
    data (the whole demo Bloc) after each of its read-only tests would cost more than all those tests."""

    READS = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "PRAGMA", "SET ", "SHOW", "EXPLAIN")
    WRITES = ("INSERT", "UPDATE", "DELETE")  # in a WITH (a common table expression reads, unless it holds one)
    # What a page view writes that no kept figure reads: a sign-in's session and last login, the security log, the
    # sign-in attempts (a demo class's page views wrote these, and each cost a recount of the whole Bloc)
    UNCOUNTED = (*(f'{verb} "{table}' for verb in ("INSERT INTO", "UPDATE", "DELETE FROM")
                   for table in ("DJANGO_SESSION", "AUDIT_SECURITYEVENT", "AXES_")),
                 'UPDATE "AUTH_USER" SET "LAST_LOGIN" =')

    def __init__(self):
        self.written = True

    def __call__(self, execute, sql, params, many, context):
        if not self.written:
            statement = sql.lstrip().upper()
            if not (statement.startswith(self.READS) or statement.startswith(self.UNCOUNTED)
                    or statement.startswith("WITH") and not any(word in statement for word in self.WRITES)):
                self.written = True
        return execute(sql, params, many, context)

    def pop(self) -> bool:
        written, self.written = self.written, False
        return written


_written_since_checked = _WrittenSinceChecked()


@pytest.fixture(autouse=True, scope="session")
def _writes_noticed():
    from django.db import connections

    for connection in connections.all():
        connection.execute_wrappers.append(_written_since_checked)
    yield


@contextmanager
def _one_batch():
    from meetings.figures import compliance_batch
    from organizations.figures import figures_batch

    with figures_batch(), compliance_batch():
        yield


@pytest.fixture
def one_batch():
    """`with one_batch(): ...` builds a test's data as one batch, as an import does (see pytest_fixture_setup)."""
    return _one_batch


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """A fixture builds its data as one batch, as an import does: the kept figures and compliance of what it wrote
    are recounted once at its end instead of after each service it calls (most of a fixture's time otherwise). What
    a test does itself is still counted service by service, and `_figures_kept` compares the result with a recount.
    A class's or module's shared data (the demo generator) keeps its own batches."""
    if fixturedef.scope != "function":
        return (yield)
    with _one_batch():
        return (yield)


@pytest.hookimpl(optionalhook=True)  # a run without xdist (-p no:xdist) has no such hook
def pytest_xdist_make_scheduler(config, log):
    """The tests of one class go to one worker, as whole units (the demo classes build the Bloc once for the class:
    split over two workers it was built twice); every other test goes wherever a worker is free, as with
    `--dist load`. (xdist's own `loadgroup` relies on renaming the tests, which pytest 9.2 no longer allows.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ClassesTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path, _, rest = nodeid.partition("::")
            name = rest.split("::")
            return f"{path}::{name[0]}" if len(name) > 1 else nodeid

    return ClassesTogether(config, log)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Tests only: a cheap hasher, so that creating users costs milliseconds instead of ~0.3 s each."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield



@pytest.fixture(autouse=True, scope="session")
def _date_bounds_kept_until_a_rule_changes():
    """The date bounds a process keeps (rules.bounds) expire after BOUNDS_CACHE_SECONDS in production; in tests they
    are dropped only when a rule changes (its signal), so that a query count never depends on whether those seconds
    happened to run out between a warm-up request and the one counted (CI saw 18 queries against 17 that way)."""
    from django.test import override_settings

    with override_settings(BOUNDS_CACHE_SECONDS=10 ** 9):
        yield

@pytest.fixture
def kinds(db):
    """Organisation kinds seeded by the migration, by code."""
    from organizations.models import OrganizationKind

    return {kind.code: kind for kind in OrganizationKind.objects.all()}


@pytest.fixture
def actor(django_user_model):
    """The user who performs the writes in a test (history_user of the rows it produces)."""
    return django_user_model.objects.create_user(
        username="can_bo_to_chuc", password=PASSWORD, first_name="Thu", last_name="Nguyễn Thị"
    )


@pytest.fixture
def make_org(actor, kinds):
    """make_org(kind_code, parent, name=None, code=None, established_on=2015-01-01, **kwargs)."""
    from organizations.services import organization_create

    def _make(kind_code, parent, *, name=None, code=None, established_on=ESTABLISHED, decision_number=DECISION,
              **kwargs):
        number = next(_sequence)
        return organization_create(
            actor=actor, kind=kinds[kind_code], parent=parent, code=code or f"TC{number:04d}",
            name=name or f"Tổ chức số {number}", established_on=established_on, decision_number=decision_number,
            **kwargs,
        )

    return _make


@pytest.fixture
def tree(make_org):
    """The small tree described in the module docstring, as a namespace (plus `.all`, a list)."""
    bloc = make_org("superior", None, code="DBK", name="Đảng bộ Khối Các cơ quan tỉnh")
    gc_a = make_org("grassroots_committee", bloc, code="STC", name="Đảng bộ Sở Tài chính",
                    host_agency="Sở Tài chính")
    cell_a1 = make_org("cell", gc_a, code="STC-NS", name="Chi bộ Phòng Ngân sách")
    cell_a2 = make_org("cell", gc_a, code="STC-VP", name="Chi bộ Văn phòng Sở Tài chính")
    gc_b = make_org("grassroots_committee", bloc, code="SYT", name="Đảng bộ Sở Y tế", host_agency="Sở Y tế")
    cell_b1 = make_org("cell", gc_b, code="SYT-NVY", name="Chi bộ Phòng Nghiệp vụ Y")
    cell_b2 = make_org("cell", gc_b, code="SYT-VP", name="Chi bộ Văn phòng Sở Y tế")
    gcell = make_org("grassroots_cell", bloc, code="BDT", name="Chi bộ Ban Dân tộc", host_agency="Ban Dân tộc")
    nodes = dict(bloc=bloc, gc_a=gc_a, cell_a1=cell_a1, cell_a2=cell_a2, gc_b=gc_b, cell_b1=cell_b1,
                 cell_b2=cell_b2, gcell=gcell)
    return SimpleNamespace(**nodes, all=list(nodes.values()))


@pytest.fixture
def bloc(tree):
    return tree.bloc


@pytest.fixture
def gc_a(tree):
    return tree.gc_a


@pytest.fixture
def gc_b(tree):
    return tree.gc_b


@pytest.fixture
def cell_a1(tree):
    return tree.cell_a1


@pytest.fixture
def cell_a2(tree):
    return tree.cell_a2


@pytest.fixture
def cell_b1(tree):
    return tree.cell_b1


@pytest.fixture
def cell_b2(tree):
    return tree.cell_b2


@pytest.fixture
def gcell(tree):
    return tree.gcell


@pytest.fixture
def make_member(actor):
    """make_member(organization, **overrides) -> a member registered through member_register.

    Defaults: full member, admitted 15/03/2016, full 15/03/2017, born 1985, a unique 12-digit
    citizen ID and card number, a Vietnamese name and matching gender. Pass status="probationary"
    for a probationary member (then admitted 01/09/2025 and full_on None by default). Any FILE_FIELDS or register
    argument (joined_on, reason ...) can be overridden.
    """
    from members.choices import Status
    from members.services import member_register

    def _make(organization, **overrides):
        number = next(_sequence)
        name, gender = _NAMES[number % len(_NAMES)]
        status = overrides.pop("status", Status.FULL)
        default_admitted_on = datetime.date(2016, 3, 15) if status == Status.FULL else datetime.date(2025, 9, 1)
        admitted_on = overrides.pop("admitted_on", default_admitted_on)
        default_full_on = datetime.date(admitted_on.year + 1, admitted_on.month, admitted_on.day) \
            if status == Status.FULL else None
        data = dict(
            full_name=name, gender=gender, date_of_birth=datetime.date(1985, 1 + number % 12, 1 + number % 28),
            citizen_id=f"0010850{number:05d}", card_number=f"TD{number:06d}", hometown="Thừa Thiên Huế",
            position="Chuyên viên", agency=organization.host_agency or "Văn phòng",
        )
        data.update(overrides)
        full_on = data.pop("full_on", default_full_on)
        return member_register(actor=actor, organization=organization, status=status, admitted_on=admitted_on,
                               full_on=full_on, **data)

    return _make


@pytest.fixture
def make_user(django_user_model):
    """make_user(username, role=None, organization=None, **assignment_fields) -> User (+ RoleAssignment)."""
    from accounts.models import RoleAssignment

    def _make(username, role=None, organization=None, **assignment):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD)
        if role:
            RoleAssignment.objects.create(user=user, role=role, organization=organization, **assignment)
        return user

    return _make


@pytest.fixture
def user_admin(make_user):
    from accounts.models import Role

    return make_user("quan_tri", Role.ADMIN)


@pytest.fixture
def user_khoi(make_user, bloc):
    from accounts.models import Role

    return make_user("thuong_vu_khoi", Role.BLOC_STANDING, bloc)


@pytest.fixture
def user_coso(make_user, gc_a):
    from accounts.models import Role

    return make_user("can_bo_co_so", Role.COMMITTEE_STAFF, gc_a)


@pytest.fixture
def user_chibo(make_user, cell_a1):
    from accounts.models import Role

    return make_user("bi_thu_chi_bo", Role.CELL_SECRETARY, cell_a1)


@pytest.fixture
def member_dangvien(make_member, cell_a1):
    """The member of cell_a1 whose account is `user_dangvien`."""
    return make_member(cell_a1, full_name="Trương Văn Hùng", gender="male")


@pytest.fixture
def user_dangvien(make_user, member_dangvien):
    from accounts.models import Role
    from members.models import Member

    user = make_user("dang_vien", Role.MEMBER)
    Member.objects.filter(pk=member_dangvien.pk).update(user=user)
    member_dangvien.refresh_from_db()
    return user


@pytest.fixture
def user_other(make_user, gc_b):
    from accounts.models import Role

    return make_user("can_bo_co_so_khac", Role.COMMITTEE_STAFF, gc_b)


@pytest.fixture
def db_snapshot(db):
    """Call it before and after an operation: equal results mean nothing was written.

    Covers organisations (and their history, versions, restructuring events) and members (and
    their history, membership periods), with the fields the services change.
    """
    from members.models import Member, Membership
    from organizations.models import Organization, OrganizationVersion, RestructuringEvent

    def _snapshot():
        return {
            "organizations": list(Organization.objects.order_by("pk").values_list(
                "pk", "name", "parent_id", "kind_id", "status", "ended_on", "external_superior")),
            "organization_history": Organization.history.count(),
            "versions": list(OrganizationVersion.objects.order_by("pk").values_list(
                "pk", "name", "parent_id", "valid_from", "valid_to")),
            "events": RestructuringEvent.objects.count(),
            "members": list(Member.objects.order_by("pk").values_list(
                "pk", "full_name", "citizen_id", "status", "status_since", "organization_id",
                "temporary_organization_id", "temporary_external", "full_on", "exempted_since")),
            "member_history": Member.history.count(),
            "memberships": list(Membership.objects.order_by("pk").values_list(
                "pk", "organization_id", "kind", "started_on", "ended_on")),
        }

    return _snapshot


@pytest.fixture
def world(tree, make_org, make_member, member_dangvien, actor):
    """Named members in every cell, plus an empty cell on each side.

    Side a (gc_a): cell_a1 has full / probationary / exempt / temporarily-away members and the
    `dangvien` member; cell_a2 one member; cell_a3 is empty. Side b (gc_b) mirrors it. gcell has one.
    The temporarily-away members attend an organisation OUTSIDE the installation, so no page of one
    side has a reason to name an organisation of the other side.
    """
    from members import services as ms

    cell_a3 = make_org("cell", tree.gc_a, code="STC-KH", name="Chi bộ Phòng Kế hoạch")
    cell_b3 = make_org("cell", tree.gc_b, code="SYT-D", name="Chi bộ Phòng Dược")

    def side(cell, names):
        full, prob, exempt, away = names
        m = SimpleNamespace()
        m.full = make_member(cell, full_name=full[0], gender=full[1])
        m.prob = make_member(cell, full_name=prob[0], gender=prob[1], status="probationary",
                             admitted_on=D(2023, 6, 1))
        m.exempt = make_member(cell, full_name=exempt[0], gender=exempt[1])
        ms.member_exempt(actor=actor, member=m.exempt, effective_on=D(2024, 1, 1), reason="Tuổi cao, sức yếu")
        m.away = make_member(cell, full_name=away[0], gender=away[1])
        ms.member_transfer(actor=actor, member=m.away, kind="temporary", effective_on=D(2024, 9, 1),
                           reason="Đi học", to_external="Đảng bộ Trường Chính trị tỉnh",
                               until=D(2024, 9, 1) + datetime.timedelta(days=183))
        return m

    a = side(tree.cell_a1, [("Lý Thị Mai", "female"), ("Phan Văn Tài", "male"), ("Cao Thị Nga", "female"),
                            ("Vũ Văn Thành", "male")])
    b = side(tree.cell_b1, [("Đinh Thị Hoa", "female"), ("Lưu Văn Khánh", "male"), ("Hà Thị Yến", "female"),
                            ("Tống Văn Lợi", "male")])
    a2 = make_member(tree.cell_a2, full_name="Tạ Văn Quang", gender="male")
    b2 = make_member(tree.cell_b2, full_name="Mai Văn Sơn", gender="male")
    g = make_member(tree.gcell, full_name="Kiều Thị Oanh", gender="female")
    for m in (a.full, a.prob, a.exempt, a.away, b.full, b.prob, b.exempt, b.away, a2, b2, g):
        m.refresh_from_db()
    orgs = dict(bloc=tree.bloc, gc_a=tree.gc_a, cell_a1=tree.cell_a1, cell_a2=tree.cell_a2, cell_a3=cell_a3,
                gc_b=tree.gc_b, cell_b1=tree.cell_b1, cell_b2=tree.cell_b2, cell_b3=cell_b3, gcell=tree.gcell)
    members = dict(a1_full=a.full, a1_prob=a.prob, a1_exempt=a.exempt, a1_away=a.away, dangvien=member_dangvien,
                   a2_full=a2, b1_full=b.full, b1_prob=b.prob, b1_exempt=b.exempt, b1_away=b.away, b2_full=b2,
                   gcell_full=g)
    return SimpleNamespace(orgs=orgs, members=members, a=a, b=b, **orgs)


@pytest.fixture(autouse=True, scope="session")
def _job_queue_in_memory():
    """The test run's job queue is in memory and runs a job in this process when its transaction commits (settings:
    QUEUE_URL is "memory" under pytest); a QUEUE_URL left in the shell must not send the tests' jobs to a real queue.
    A test that wants one asks for it (jobs/tests/test_worker.py)."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
