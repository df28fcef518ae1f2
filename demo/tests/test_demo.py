"""The demo data reproduces the seed article's figures, is realistic, reproducible and loads once."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q

from accounts.models import Role, RoleAssignment
from core.scope import compute_scope
from core.testing import deferred_checks_done
from demo.generator import (
    DEMO_PASSWORD,
    DEMO_USERS,
    MERGE_ON,
    RENAME_ON,
    ROOT_CODE,
    SCALES,
    TRANSFER_IN_ON,
    TRANSFER_OUT_ON,
    add_months,
    build_plan,
    generate,
)
from members.choices import ACTIVE_STATUSES, ETHNICITY_CHOICES
from members.models import Member, Membership
from organizations.models import Cluster, Organization, OrganizationVersion, RestructuringEvent

ACTIVE = Organization.Status.ACTIVE
TODAY = datetime.date.today()


def committee_sizes() -> dict[int, int]:
    return dict(
        Member.objects.filter(status__in=ACTIVE_STATUSES, organization__parent__kind__code="grassroots_committee")
        .values("organization__parent").annotate(n=Count("id")).values_list("organization__parent", "n")
    )


@pytest.mark.django_db
class TestBlocDemo:
    """The bloc-size demo, loaded once for the class inside a transaction rolled back at the end."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def bloc(cls, django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            result = generate(**SCALES["bloc"])
            deferred_checks_done()
            cls.result = result
            yield result
            transaction.set_rollback(True)

    def test_root(self):
        root = Organization.objects.get(code=ROOT_CODE)
        assert root.kind.code == "superior" and root.parent_id is None
        assert root.name == "Đảng bộ Khối Các cơ quan tỉnh Vĩnh Phúc"
        assert root.host_agency == "Tỉnh ủy Vĩnh Phúc"
        assert root.established_on == datetime.date(1997, 1, 1)

    def test_the_article_figures(self):
        root = Organization.objects.get(code=ROOT_CODE)
        grassroots = Organization.objects.filter(parent=root, status=ACTIVE)
        assert grassroots.count() == 55
        assert set(grassroots.values_list("kind__code", flat=True)) == {"grassroots_committee", "grassroots_cell"}
        assert Organization.objects.filter(kind__code="cell", status=ACTIVE).count() == 287
        assert not Organization.objects.filter(status=ACTIVE).exclude(pk=root.pk).filter(parent__isnull=True).exists()
        members = Member.objects.filter(status__in=ACTIVE_STATUSES).count()
        assert 3900 <= members < 4000
        assert self.result["members"] == members and self.result["grassroots"] == 55 and self.result["cells"] == 287

    def test_five_clusters_each_used(self):
        assert Cluster.objects.count() == 5
        root = Organization.objects.get(code=ROOT_CODE)
        grassroots = Organization.objects.filter(parent=root, status=ACTIVE)
        assert not grassroots.filter(cluster__isnull=True).exists()
        for cluster in Cluster.objects.annotate(n=Count("organizations", filter=Q(organizations__status=ACTIVE))):
            assert cluster.n >= 1, cluster.name

    def test_every_cell_has_three_full_members(self):
        cells = Organization.objects.filter(kind__holds_members=True, status=ACTIVE).annotate(
            full=Count("members", filter=Q(members__status="full")))
        assert cells.count() == 287 + Organization.objects.filter(kind__code="grassroots_cell", status=ACTIVE).count()
        assert min(cells.values_list("full", flat=True)) >= 3

    def test_committee_and_cell_sizes(self):
        sizes = committee_sizes()
        committees = Organization.objects.filter(kind__code="grassroots_committee", status=ACTIVE)
        assert set(sizes) == set(committees.values_list("id", flat=True))
        assert min(sizes.values()) >= 30
        assert sum(1 for n in sizes.values() if n >= 200) >= 4
        for committee in committees.annotate(n=Count("children", filter=Q(children__status=ACTIVE))):
            assert committee.n >= 1, committee.name
        grassroots_cells = Organization.objects.filter(kind__code="grassroots_cell", status=ACTIVE).annotate(
            n=Count("members", filter=Q(members__status__in=ACTIVE_STATUSES)))
        assert grassroots_cells.exists()
        assert max(grassroots_cells.values_list("n", flat=True)) < 30
        assert not Member.objects.filter(status__in=ACTIVE_STATUSES, organization__kind__holds_members=False).exists()

    def test_names_and_codes(self):
        root = Organization.objects.get(code=ROOT_CODE)
        names = set(Organization.objects.filter(parent=root).values_list("name", flat=True))
        for expected in ("Đảng bộ Sở Y tế", "Đảng bộ Sở Giáo dục và Đào tạo", "Chi bộ Ban Dân tộc tỉnh",
                         "Đảng bộ Văn phòng UBND tỉnh", "Đảng bộ Bệnh viện Đa khoa tỉnh",
                         "Chi bộ Liên minh Hợp tác xã tỉnh"):
            assert expected in names
        assert Organization.objects.get(name="Đảng bộ Sở Y tế").code == "DU-SYT"
        assert Organization.objects.get(name="Chi bộ Ban Dân tộc tỉnh").code == "CB-BDT"
        assert Organization.objects.filter(name="Chi bộ Khoa Nội tổng hợp", kind__code="cell").exists()
        assert not Organization.objects.filter(host_agency="").exists()
        assert Organization.objects.get(code="DU-SYT").host_agency == "Sở Y tế"
        assert set(Member.objects.filter(organization__parent__code="DU-SYT").values_list("agency", flat=True)) == {
            "Sở Y tế"}

    def test_citizen_ids(self):
        rows = list(Member.objects.values_list("citizen_id", "date_of_birth", "gender"))
        ids = [cid for cid, _born, _gender in rows]
        assert all(cid and re.fullmatch(r"\d{12}", cid) for cid in ids)
        assert len(set(ids)) == len(ids)
        for cid, born, gender in rows:
            century = 0 if born.year < 2000 else 2
            assert cid[:3] == "026"
            assert int(cid[3]) == century + (0 if gender == "male" else 1)
            assert cid[4:6] == f"{born.year % 100:02d}"
        cards = [c for c in Member.objects.values_list("card_number", flat=True) if c]
        assert len(set(cards)) == len(cards)

    def test_members_are_realistic(self):
        active = list(Member.objects.filter(status__in=ACTIVE_STATUSES))
        for member in active:
            assert 22 <= member.age_on(TODAY) <= 65, member
            assert 18 <= member.age_on(member.admitted_on) <= 60, member
            assert datetime.date(1975, 1, 1) <= member.admitted_on <= TODAY
            assert member.agency and member.position and member.hometown.endswith("tỉnh Vĩnh Phúc")
            assert re.fullmatch(r"09\d{8}", member.phone) or member.phone == ""
            words = member.full_name.split()
            assert 3 <= len(words) <= 4
            if "Thị" in words[1:-1]:
                assert member.gender == "female", member
            if "Văn" in words[1:-1]:
                assert member.gender == "male", member
            recent = add_months(member.admitted_on, 12) > TODAY
            if recent:
                assert member.status == "probationary" and member.full_on is None
            else:
                assert member.status == "full" and member.full_on == add_months(member.admitted_on, 12)
        probationary = sum(m.status == "probationary" for m in active)
        assert 0.015 <= probationary / len(active) <= 0.035
        men = sum(m.gender == "male" for m in active) / len(active)
        assert 0.5 <= men <= 0.6
        ethnicity = Counter(m.ethnicity for m in active)
        assert ethnicity["kinh"] / len(active) > 0.9 and len(ethnicity) >= 4
        assert set(ethnicity) <= {code for code, _label in ETHNICITY_CHOICES}
        assert {m.religion for m in active} >= {"none", "buddhism", "catholicism"}
        qualification = Counter(m.qualification for m in active)
        assert 0.12 <= qualification["master"] / len(active) <= 0.28 and qualification["bachelor"] > len(active) / 2
        assert {m.theory_level for m in active} == {"none", "elementary", "intermediate", "advanced", "bachelor"}
        assert sum(m.exempted_since is not None for m in active) >= 3
        assert all(m.age_on(TODAY) >= 55 for m in active if m.exempted_since)
        away = [m for m in active if m.temporary_organization_id or m.temporary_external]
        assert len(away) >= 3
        for member in away:
            assert member.organization_id and member.temporary_organization_id != member.organization_id
            assert member.memberships.filter(kind="temporary", ended_on__isnull=True).count() == 1

    def test_leavers(self):
        gone = Member.objects.exclude(status__in=ACTIVE_STATUSES)
        assert 20 <= gone.count() <= 80
        assert len(set(gone.values_list("status", flat=True))) >= 4
        assert not Membership.objects.filter(member__in=gone, ended_on__isnull=True).exists()
        for member in gone:
            assert member.status_since <= TODAY
            assert member.memberships.order_by("-started_on").first().ended_on == member.status_since

    def test_memberships_cover_each_members_time(self):
        for member in Member.objects.prefetch_related("memberships"):
            periods = sorted((p for p in member.memberships.all() if p.kind == "permanent"),
                             key=lambda p: p.started_on)
            assert periods[0].started_on == member.admitted_on, member
            for before, after in zip(periods, periods[1:], strict=False):
                assert before.ended_on == after.started_on, member
            if member.status in ACTIVE_STATUSES:
                assert periods[-1].ended_on is None and periods[-1].organization_id == member.organization_id

    def test_history_makes_the_past_differ(self):
        for org in Organization.objects.all():
            first = org.versions.order_by("valid_from").first()
            assert first.valid_from == org.established_on, org
            assert org.versions.filter(valid_to__isnull=True).exists() == org.is_active
        kinds = set(RestructuringEvent.objects.values_list("kind", flat=True))
        assert {"create", "transfer_in", "transfer_out", "rename", "merge"} <= kinds

        def alive(on, kind_codes):
            return (OrganizationVersion.objects.filter(valid_from__lte=on, kind__code__in=kind_codes)
                    .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).count())

        grassroots = ("grassroots_committee", "grassroots_cell")
        assert alive(TODAY, grassroots) == 55 and alive(TODAY, ("cell",)) == 287
        assert alive(datetime.date(2020, 1, 1), grassroots) == 56  # the cell handed over in 2021 was still here
        eve = MERGE_ON - datetime.timedelta(days=1)
        younger = Organization.objects.filter(kind__code="cell", status=ACTIVE, established_on__gt=eve).count()
        assert alive(eve, ("cell",)) == 287 + 1 - younger  # the merged-away cell was still there
        assert alive(TRANSFER_IN_ON - datetime.timedelta(days=1), grassroots) == 55
        renamed = RestructuringEvent.objects.filter(kind="rename", effective_on=RENAME_ON).get().organization
        before = renamed.versions.filter(valid_to=RENAME_ON).get()
        assert before.name != renamed.name
        out = RestructuringEvent.objects.get(kind="transfer_out").organization
        assert out.status == "transferred_out" and out.ended_on == TRANSFER_OUT_ON
        assert out.members.exists() and not out.members.filter(status__in=ACTIVE_STATUSES).exists()
        merged = Organization.objects.get(status="merged")
        assert not merged.members.filter(status__in=ACTIVE_STATUSES).exists()
        assert Membership.objects.filter(organization=merged, ended_on=MERGE_ON).exists()

    def test_demo_users(self):
        User = get_user_model()
        users = {u.username: u for u in User.objects.filter(username__in=[name for name, _ in DEMO_USERS])}
        assert set(users) == {"admin", "khoi", "coso", "chibo", "dangvien"}
        for user in users.values():
            assert user.check_password(DEMO_PASSWORD) and user.first_name and user.last_name
        assert users["admin"].is_superuser and users["admin"].is_staff
        roles = {ra.user.username: ra for ra in RoleAssignment.objects.select_related("user", "organization")
                 .exclude(role=Role.NEWS_EDITOR)}
        root = Organization.objects.get(code=ROOT_CODE)
        assert (roles["admin"].role, roles["admin"].organization) == (Role.ADMIN, root)
        assert (roles["khoi"].role, roles["khoi"].organization) == (Role.BLOC_STANDING, root)
        committee = roles["coso"].organization
        assert roles["coso"].role == Role.COMMITTEE_STAFF and committee.kind.code == "grassroots_committee"
        assert committee_sizes()[committee.pk] >= 200
        # coso also writes its committee's section of the news site (demo/news_data.py)
        assert RoleAssignment.objects.filter(user=users["coso"], role=Role.NEWS_EDITOR, organization=committee).exists()
        cell = roles["chibo"].organization
        assert roles["chibo"].role == Role.CELL_SECRETARY and cell.parent_id == committee.pk and cell.is_active
        assert (roles["dangvien"].role, roles["dangvien"].organization) == (Role.MEMBER, cell)
        member = users["dangvien"].member
        assert member.organization == cell and member.status == "full"
        assert member.full_name == f"{users['dangvien'].last_name} {users['dangvien'].first_name}"
        scope = compute_scope(users["coso"])
        assert scope.covers(cell.pk) and not scope.covers(root.pk)
        assert compute_scope(users["dangvien"]).own_member_id == member.pk

    def test_demo_logins_command(self):
        out = io.StringIO()
        call_command("demo_logins", stdout=out)
        text = out.getvalue()
        assert DEMO_PASSWORD in text
        for username, _label in DEMO_USERS:
            assert username in text
        assert "Đảng bộ Khối Các cơ quan tỉnh Vĩnh Phúc" in text

    def test_if_empty_leaves_a_loaded_database_alone(self):
        before = (Organization.objects.count(), Member.objects.count())
        out = io.StringIO()
        call_command("load_demo", "--if-empty", stdout=out)
        assert "not loaded" in out.getvalue()
        assert (Organization.objects.count(), Member.objects.count()) == before


# --- small size, pure plan ---------------------------------------------------------------------------------------

def _load_and_roll_back(**kwargs) -> tuple[dict, list]:
    with transaction.atomic():
        result = generate(**kwargs)
        people = list(Member.objects.order_by("id").values_list("full_name", "date_of_birth", "citizen_id"))
        transaction.set_rollback(True)
    return result, people


@pytest.mark.django_db
def test_same_seed_same_people():
    first, people = _load_and_roll_back(seed=7, **SCALES["small"])
    again, people_again = _load_and_roll_back(seed=7, **SCALES["small"])
    other, other_people = _load_and_roll_back(seed=8, **SCALES["small"])
    assert people == people_again and first["digest"] == again["digest"]
    assert other["digest"] != first["digest"] and other_people[:20] != people[:20]


@pytest.mark.django_db
def test_small_size_has_the_figures_and_the_users():
    result = generate(**SCALES["small"])
    assert (result["grassroots"], result["cells"], result["members"]) == (6, 12, 300)
    assert result["inactive"] > 0 and result["restructuring_events"] == 4
    usernames = set(RoleAssignment.objects.values_list("user__username", flat=True))
    assert usernames == {"admin", "khoi", "coso", "chibo", "dangvien"}
    assert get_user_model().objects.get(username="dangvien").member.is_active
    # the news site: coso writes its committee's section only (a second role), khoi every section and moderates
    from news.models import ArticlePage, SectionPage

    coso, khoi = (get_user_model().objects.get(username=name) for name in ("coso", "khoi"))
    committee = RoleAssignment.objects.get(user=coso, role=Role.COMMITTEE_STAFF).organization
    own = SectionPage.objects.get(organization=committee)
    bloc = SectionPage.objects.get(slug="thoi-su")
    assert own.permissions_for_user(coso).can_add_subpage() and not own.permissions_for_user(coso).can_publish()
    assert not bloc.permissions_for_user(coso).can_add_subpage()
    assert bloc.permissions_for_user(khoi).can_publish() and own.permissions_for_user(khoi).can_publish()
    pending = ArticlePage.objects.child_of(own).get(live=False)
    assert pending.owner == coso and pending.current_workflow_state.status == "in_progress"


@pytest.mark.django_db
def test_load_demo_if_empty_twice_does_not_duplicate():
    assert not Organization.objects.exists()
    first, second = io.StringIO(), io.StringIO()
    call_command("load_demo", "--if-empty", "--scale", "small", stdout=first)
    counts = (Organization.objects.count(), Member.objects.count(), Membership.objects.count())
    call_command("load_demo", "--if-empty", "--scale", "small", stdout=second)
    assert "Created 6 grassroots organisations" in first.getvalue()
    assert "not loaded" in second.getvalue()
    assert (Organization.objects.count(), Member.objects.count(), Membership.objects.count()) == counts


def test_the_plan_scales_to_a_province():
    plan = build_plan(seed=2018, grassroots=700, cells=3000, members=100_000)
    active_grassroots = [o for o in plan.grassroots if o.special != "transfer_out"]
    active_cells = [o for o in plan.cells if o.special != "merge_source"]
    assert len(active_grassroots) == 700 and len(active_cells) == 3000
    assert sum(o.size for o in plan.holders if o.special != "transfer_out") == 100_000
    codes = [plan.root.code] + [o.code for o in plan.grassroots + plan.cells]
    assert len(codes) == len(set(codes)) and max(len(c) for c in codes) <= 40
    assert all(o.size >= 4 for o in plan.cells) and all(o.size < 30 for o in plan.grassroots
                                                         if o.kind == "grassroots_cell")


def test_too_few_members_is_refused():
    with pytest.raises(ValueError):
        build_plan(seed=1, grassroots=10, cells=20, members=50)


def test_demo_users_use_the_role_labels():
    labels = dict(Role.choices)
    roles = ["admin", "bloc_standing", "committee_staff", "cell_secretary", "member"]
    assert [str(label) for _u, label in DEMO_USERS] == [str(labels[r]) for r in roles]
