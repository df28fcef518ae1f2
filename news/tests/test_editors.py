"""Who writes where on the news site follows the app's roles (news.editors), checked with Wagtail's own permission
checks and real requests to the CMS: the news site editor of gc_a writes gc_a's section only (not the Bloc's, not
gc_b's), submits and never publishes; a moderator approves; an ended assignment takes the right away at the next
sync or login; the administrator assigns the role on the user's page; in the app the role opens nothing else."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission

from accounts.models import Role, RoleAssignment
from core.scope import NEWS_WRITE, VIEW, compute_scope
from news import editors
from news.models import SectionEditors, SectionPage

from .factories import article, site

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)
EDIT = "/cms/pages/{}/edit/"
ADD = "/cms/pages/add/news/articlepage/{}/"
REFUSED = (302, 403)


@pytest.fixture
def news(tree):
    """The Bloc's sections (the tree's root's), a section of gc_a and one of gc_b, an article in each."""
    home, sections, _articles = site(n_articles=1)
    sections["a"] = home.add_child(instance=SectionPage(title="Tin cơ sở – Sở Tài chính", slug="so-tai-chinh",
                                                        organization=tree.gc_a))
    sections["b"] = home.add_child(instance=SectionPage(title="Tin cơ sở – Sở Y tế", slug="so-y-te",
                                                        organization=tree.gc_b))
    pages = {key: article(sections[key], f"Bài của {key}", datetime.date(2018, 6, 1), slug=f"bai-cua-{key}")
             for key in ("thoi-su", "a", "b")}
    return home, sections, pages


@pytest.fixture
def editor_a(make_user, tree):
    return make_user("bien_tap_a", Role.NEWS_EDITOR, tree.gc_a)


@pytest.fixture
def moderator(make_user):
    user = make_user("kiem_duyet")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def group_of(section) -> Group:
    return SectionEditors.objects.get(section=section).group


def in_group(user, section) -> bool:
    return user.groups.filter(pk=group_of(section).pk).exists()


def test_sections_belong_to_the_bloc_and_each_has_its_group(news, tree):
    home, sections, _pages = news
    bloc_sections = [s for key, s in sections.items() if key not in ("a", "b")]
    assert {s.organization_id for s in bloc_sections} == {tree.bloc.pk}
    for section in sections.values():
        group = group_of(section)
        rights = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission__codename"))
        assert rights == {(section.pk, "add_page"), (section.pk, "change_page")}  # never publish
        assert group.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.filter(name="Editors").exists()  # writing follows the roles only (news 0003)


def test_the_editor_of_gc_a_writes_its_section_and_nothing_else(news, editor_a):
    home, sections, pages = news
    assert compute_scope(editor_a).can(NEWS_WRITE)
    section = sections["a"].permissions_for_user(editor_a)
    assert section.can_add_subpage() and section.can_edit()
    mine = pages["a"].permissions_for_user(editor_a)
    assert mine.can_edit() and not mine.can_publish() and not mine.can_unpublish()
    for key in ("thoi-su", "xay-dung-dang", "b"):
        other = sections[key].permissions_for_user(editor_a)
        assert not other.can_add_subpage() and not other.can_edit(), key
    for key in ("thoi-su", "b"):
        assert not pages[key].permissions_for_user(editor_a).can_edit(), key
    assert not home.permissions_for_user(editor_a).can_add_subpage()


def test_the_cms_answers_the_same(client_for, news, editor_a):
    _home, sections, pages = news
    client = client_for(editor_a)
    assert client.get("/cms/").status_code == 200
    assert client.get(EDIT.format(pages["a"].pk)).status_code == 200
    assert client.get(ADD.format(sections["a"].pk)).status_code == 200
    for key in ("thoi-su", "b"):
        assert client.get(EDIT.format(pages[key].pk)).status_code in REFUSED, key
        assert client.get(ADD.format(sections[key].pk)).status_code in REFUSED, key


def _article_form(title: str, slug: str, **extra) -> dict:
    data = {"title": title, "slug": slug, "date": "2018-06-05", "lead": "Tin ngắn.", "body-count": "0",
            "author": "Văn phòng", "source": "", "comments_open": "on",
            "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000"}
    data.update(extra)
    return data


def test_the_editor_writes_and_submits_in_the_cms_and_a_moderator_publishes(client_for, news, editor_a, moderator):
    from news.models import ArticlePage

    _home, sections, _pages = news
    client = client_for(editor_a)
    response = client.post(ADD.format(sections["a"].pk),
                           _article_form("Hội nghị cơ sở", "hoi-nghi-co-so", **{"action-submit": "1"}))
    assert response.status_code == 302, response.context and response.context["form"].errors
    page = ArticlePage.objects.get(slug="hoi-nghi-co-so")
    assert page.get_parent().pk == sections["a"].pk and not page.live and page.owner == editor_a
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"  # submitted, not published
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor_a) == []  # the editor cannot approve
    assert not page.permissions_for_user(editor_a).can_publish()
    # the Bloc's section refuses the same form, and nothing is written
    refused = client.post(ADD.format(sections["thoi-su"].pk), _article_form("Không được", "khong-duoc"))
    assert refused.status_code in REFUSED and not ArticlePage.objects.filter(slug="khong-duoc").exists()

    task.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live and page.revisions.count() >= 1
    assert client_for(None).get(page.url).status_code == 200


def test_the_bloc_standing_committee_writes_every_section(news, user_khoi):
    _home, sections, _pages = news
    assert all(sections[key].permissions_for_user(user_khoi).can_add_subpage() for key in sections)
    assert all(in_group(user_khoi, section) for section in sections.values())


def test_an_ended_assignment_takes_the_right_away_at_the_login(client_for, news, editor_a):
    _home, sections, pages = news
    assert in_group(editor_a, sections["a"])
    # the assignment's end reached (written around the signals, as the calendar does): no sync yet
    RoleAssignment.objects.filter(user=editor_a).update(started_on=TODAY - 30 * DAY, ended_on=TODAY)
    assert in_group(editor_a, sections["a"])
    client = client_for(editor_a)  # the login syncs
    assert not in_group(editor_a, sections["a"])
    assert client.get(EDIT.format(pages["a"].pk)).status_code in REFUSED
    assert not pages["a"].permissions_for_user(type(editor_a).objects.get(pk=editor_a.pk)).can_edit()


def test_an_assignment_starting_later_gives_the_right_on_its_day(news, editor_a):
    _home, sections, _pages = news
    RoleAssignment.objects.filter(user=editor_a).update(started_on=TODAY + DAY)
    call_command("news_sync_editors", stdout=io.StringIO())
    assert not in_group(editor_a, sections["a"])
    RoleAssignment.objects.filter(user=editor_a).update(started_on=TODAY)
    call_command("news_sync_editors", stdout=io.StringIO())
    assert in_group(editor_a, sections["a"])


def test_an_assignment_ended_or_removed_in_the_administration_takes_effect_at_once(news, editor_a):
    _home, sections, _pages = news
    assignment = RoleAssignment.objects.get(user=editor_a)
    assignment.ended_on = TODAY
    assignment.save()
    assert not in_group(editor_a, sections["a"])
    assignment.ended_on = None
    assignment.save()
    assert in_group(editor_a, sections["a"])
    assignment.delete()
    assert not in_group(editor_a, sections["a"])


def test_a_section_given_to_another_organisation_changes_its_writers(news, editor_a, make_user, tree):
    _home, sections, _pages = news
    editor_b = make_user("bien_tap_b", Role.NEWS_EDITOR, tree.gc_b)
    section = sections["a"]
    section.organization = tree.gc_b
    section.title = "Tin cơ sở – Sở Y tế 2"
    section.save_revision().publish()
    assert not in_group(editor_a, section) and in_group(editor_b, section)
    assert "Sở Y tế 2" in group_of(section).name
    section.delete()
    assert not SectionEditors.objects.filter(section_id=section.pk).exists()
    assert not editor_b.groups.filter(name__contains="Sở Y tế 2").exists()


def test_publishing_a_section_unchanged_reads_no_writer(news, editor_a):
    """A section published again with the same name and organisation (its lead edited, say) does not sync every
    writer inside the CMS's request; a rename renames its group only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _home, sections, _pages = news
    section = sections["a"]
    section.search_description = "Tin của các đảng bộ cơ sở"
    with CaptureQueriesContext(connection) as queries:
        section.save_revision().publish()
    assert not [q["sql"] for q in queries if "accounts_roleassignment" in q["sql"]]
    section.title = "Tin cơ sở mới"
    with CaptureQueriesContext(connection) as queries:
        section.save_revision().publish()
    assert not [q["sql"] for q in queries if "accounts_roleassignment" in q["sql"]]
    assert "Tin cơ sở mới" in group_of(section).name and in_group(editor_a, section)


def test_a_hand_made_change_is_undone_and_a_second_sync_writes_nothing(news, editor_a, make_user,
                                                                     django_assert_max_num_queries):
    _home, sections, _pages = news
    stranger = make_user("nguoi_ngoai", Role.COMMITTEE_STAFF, sections["a"].organization)
    stranger.groups.add(group_of(sections["thoi-su"]))  # by hand in the CMS
    group_of(sections["b"]).permissions.clear()
    result = editors.editors_sync_all()
    assert result["removed"] == 1 and not stranger.groups.exists()
    assert group_of(sections["b"]).permissions.exists()
    assert editors.editors_sync_all() | {"sections": 0, "users": 0} == {
        "sections": 0, "users": 0, "added": 0, "removed": 0, "groups_removed": 0}
    with django_assert_max_num_queries(7):  # the sections, the user's groups, the scope (3), a savepoint: no write
        assert editors.editors_sync_user(user=editor_a) == (0, 0)


def test_superusers_and_inactive_users_are_in_no_section_group(news, editor_a, django_user_model):
    _home, sections, _pages = news
    editor_a.is_active = False
    editor_a.save()
    editors.editors_sync_user(user=editor_a)
    assert not editor_a.groups.exists()
    root = django_user_model.objects.create_superuser("sieu_quan_tri", password="x-Matkhau-2025")
    editors.editors_sync_user(user=root)
    assert not root.groups.exists() and sections["thoi-su"].permissions_for_user(root).can_publish()


def test_the_organisation_of_a_section_is_chosen_by_a_moderator_not_its_editors(client_for, news, editor_a,
                                                                              moderator):
    _home, sections, _pages = news
    url = EDIT.format(sections["a"].pk)
    editor_page = client_for(editor_a).get(url)
    assert editor_page.status_code == 200 and b'name="organization"' not in editor_page.content
    moderator_page = client_for(moderator).get(url)
    assert moderator_page.status_code == 200 and b'name="organization"' in moderator_page.content


def test_the_administrator_assigns_the_role_on_the_users_page(client_for, news, tree, make_user, django_user_model):
    from accounts.tests.test_admin import _change_data

    _home, sections, _pages = news
    superuser = django_user_model.objects.create_superuser("sysadmin", password="x-Matkhau-2025")
    user = make_user("bien_tap_moi")
    page = f"/admin/auth/user/{user.pk}/change/"
    form = client_for(superuser).get(page)
    assert b'value="news_editor"' in form.content
    response = client_for(superuser).post(page, _change_data(user, [(Role.NEWS_EDITOR, tree.gc_a, "")]))
    assert response.status_code == 302, response.context and response.context["errors"]
    assert RoleAssignment.objects.get(user=user).role == Role.NEWS_EDITOR
    assert in_group(user, sections["a"]) and not in_group(user, sections["b"])
    # without its organisation the role is refused on the row, nothing written
    other = make_user("bien_tap_thieu")
    refused = client_for(superuser).post(f"/admin/auth/user/{other.pk}/change/",
                                         _change_data(other, [(Role.NEWS_EDITOR, None, "")]))
    assert refused.status_code == 200 and not RoleAssignment.objects.filter(user=other).exists()


def test_in_the_app_the_role_opens_nothing_but_the_news_site(client_for, news, editor_a, tree):
    from django.urls import reverse

    from core.menu import menu

    scope = compute_scope(editor_a)
    assert scope.org_ids(NEWS_WRITE) == frozenset({tree.gc_a.pk, tree.cell_a1.pk, tree.cell_a2.pk})
    assert not scope.can(VIEW) and set(scope.actions) == {NEWS_WRITE}
    client = client_for(editor_a)
    assert client.get("/").status_code == 200
    shown = {e["key"] for group in menu.for_user(editor_a) for e in group["entries"]}
    by_action = {e.key for e in menu.entries if e.visible.__name__.startswith("holds_")}
    assert shown & by_action == {"news-sections"}  # beside the pages everyone has (the rules, the calendar)
    sections = client.get(reverse("news:sections"))
    assert sections.status_code == 200
    from core.testing.pages import doc

    assert doc(sections).xpath('//div[@id="news-sections"]/div/@data-section') == [str(news[1]["a"].pk)]
    for url in (reverse("organizations:detail", args=[tree.gc_a.pk]), reverse("news:queue")):
        assert client.get(url).status_code in (403, 404), url
