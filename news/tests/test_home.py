"""The home page's news block: a moderator is shown the comments waiting for a decision (those past the legal time
counted apart) and the articles waiting for their approval; nobody else sees it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from news.models import Comment

from .factories import article, comment, complaint

pytestmark = pytest.mark.django_db


def _block(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_moderator_sees_what_waits_and_what_is_late(client_for, user_khoi, news_site):
    _home, _sections, articles = news_site
    comment(articles[0], "Bạn đọc mới")
    late = comment(articles[0], "Bạn đọc chờ lâu")
    Comment.objects.filter(pk=late.pk).update(created_at=timezone.now() - datetime.timedelta(hours=30))
    comment(articles[0], "Đã duyệt", status=Comment.Status.APPROVED)
    complaint(articles[0], "Người phản ánh")
    html = _block(client_for(user_khoi))
    assert 'id="home-news"' in html
    assert 'data-news-held="2"' in html and 'data-news-overdue="1"' in html
    assert 'data-news-complaints="1"' in html and "data-news-complaints-overdue" not in html
    assert "data-news-approve" not in html


def test_an_article_submitted_for_approval_reaches_the_moderators_block(client_for, make_user, user_khoi, tree,
                                                                         news_site):
    from accounts.models import Role

    _home, sections, _articles = news_site
    editor = make_user("bien_tap_home", role=Role.NEWS_EDITOR, organization=tree.bloc)
    page = article(sections["thoi-su"], "Bài chờ duyệt", datetime.date(2018, 6, 2), slug="cho-duyet", publish=False,
                   user=editor)
    page.get_workflow().start(page, editor)
    user_khoi.groups.add(Group.objects.get(name="Moderators"))
    html = _block(client_for(user_khoi))
    assert 'data-news-approve="1"' in html and "data-news-held" not in html
    assert 'id="home-news"' not in _block(client_for(editor))  # an editor approves nothing, moderates nothing


def test_nobody_else_sees_the_block(client_for, user_coso, user_chibo, news_site):
    _home, _sections, articles = news_site
    comment(articles[0], "Bạn đọc")
    for user in (user_coso, user_chibo):
        assert 'id="home-news"' not in _block(client_for(user))
