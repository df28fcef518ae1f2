"""Editors publish through Wagtail's moderation workflow: draft → submitted → approved by a moderator → published,
revisions kept; an editor cannot publish or approve on their own; drafts never reach readers. The editor here is the
Bloc's news site editor (a role: news.editors; test_editors.py for the sections of other organisations)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from accounts.models import Role

from .factories import article

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_user, bloc):
    editor = make_user("bien_tap", Role.NEWS_EDITOR, bloc)
    moderator = make_user("kiem_duyet")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    return editor, moderator


def test_the_groups_and_the_workflow_come_with_the_migrations(news_site):
    home, sections, _articles = news_site
    # the reviewers are Wagtail's Moderators; its generic Editors group is gone (writing follows the roles)
    assert Group.objects.filter(name="Moderators").exists() and not Group.objects.filter(name="Editors").exists()
    workflow = sections["thoi-su"].get_workflow()
    assert workflow is not None and workflow.active
    assert Workflow.objects.filter(pk=workflow.pk).exists()


def test_draft_submitted_approved_published(client, news_site, people):
    editor, moderator = people
    _home, sections, _articles = news_site
    page = article(sections["thoi-su"], "Bài chờ duyệt", datetime.date(2018, 6, 2), slug="bai-cho-duyet",
                   publish=False, user=editor)
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(moderator).can_publish()
    assert client.get("/tin-tuc/thoi-su/bai-cho-duyet/").status_code == 404  # a draft

    state = page.get_workflow().start(page, editor)  # submitted
    page.refresh_from_db()
    assert state.status == "in_progress" and not page.live
    assert client.get("/tin-tuc/thoi-su/bai-cho-duyet/").status_code == 404  # submitted, not yet approved

    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, editor) == []  # the editor cannot approve their own article
    assert "approve" in [name for name, *_rest in task.get_actions(page, moderator)]
    task.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    state.refresh_from_db()
    assert state.status == "approved" and page.live
    assert client.get("/tin-tuc/thoi-su/bai-cho-duyet/").status_code == 200
    assert page.revisions.count() >= 1


def test_a_moderator_may_send_it_back(news_site, people):
    editor, moderator = people
    page = article(news_site[1]["van-ban"], "Văn bản mới", datetime.date(2018, 6, 3), slug="van-ban-moi",
                   publish=False, user=editor)
    state = page.get_workflow().start(page, editor)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject")
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == "needs_changes" and not page.live


def test_only_logged_in_editors_reach_the_cms(client, client_for, people, news_site):
    editor, _moderator = people
    assert client.get("/cms/").status_code == 302
    assert client_for(editor).get("/cms/").status_code == 200


def test_the_cms_offers_no_second_way_to_reset_or_change_a_password(client, client_for, people, news_site):
    editor, _moderator = people
    assert client.get("/cms/password_reset/").status_code == 404
    assert client.post("/cms/password_reset/", {"email": editor.email or "x@example.vn"}).status_code == 404
    assert b'name="new_password1"' not in client_for(editor).get("/cms/account/").content
