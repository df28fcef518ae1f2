"""The moderators' queue: e-mail and address for moderators only; each decision kept with its time and reason."""

import pytest

from news.models import Comment, CommentDecision

from .factories import comment

pytestmark = pytest.mark.django_db

EMAIL, IP = "rieng.tu@example.vn", "192.0.2.44"


@pytest.fixture
def held(news_site):
    return comment(news_site[2][0], "Bạn đọc riêng tư", email=EMAIL, ip=IP)


def test_only_moderators_see_the_e_mail_and_the_address(client, client_for, user_khoi, user_coso, user_chibo, held):
    queue = client_for(user_khoi).get("/news/comments/").content.decode()
    detail = client_for(user_khoi).get(f"/news/comments/{held.pk}/").content.decode()
    assert EMAIL in queue and IP in queue and EMAIL in detail and IP in detail
    for user in (user_coso, user_chibo):
        assert client_for(user).get("/news/comments/").status_code == 403
        assert client_for(user).get(f"/news/comments/{held.pk}/").status_code == 404
    held.status = Comment.Status.APPROVED
    held.save()
    public = client.get(held.article.url).content.decode()
    assert "Bạn đọc riêng tư" in public and EMAIL not in public and IP not in public


def test_every_decision_is_kept_with_its_time(client_for, user_khoi, held):
    moderator = client_for(user_khoi)
    assert moderator.post(f"/news/comments/{held.pk}/approve/").status_code == 302
    assert moderator.post(f"/news/comments/{held.pk}/reject/", {"reason": "Vi phạm nội quy"}).status_code == 302
    assert moderator.post(f"/news/comments/{held.pk}/reply/", {"reply": "Ban biên tập đã tiếp thu."}).status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.REJECTED and held.reason == "Vi phạm nội quy"
    assert held.decided_by == user_khoi and held.decided_at is not None
    steps = list(CommentDecision.objects.filter(comment=held).values_list("action", "reason"))
    assert steps == [("approve", ""), ("reject", "Vi phạm nội quy"), ("reply", "Ban biên tập đã tiếp thu.")]
    assert all(d.at for d in CommentDecision.objects.all())
    detail = moderator.get(f"/news/comments/{held.pk}/").content.decode()
    assert detail.count("data-decision=") == 3


def test_a_rejection_needs_a_reason(client_for, user_khoi, held):
    response = client_for(user_khoi).post(f"/news/comments/{held.pk}/reject/", {"reason": "  "})
    assert response.status_code == 200
    held.refresh_from_db()
    assert held.status == Comment.Status.HELD and not CommentDecision.objects.exists()


def test_a_status_the_queue_does_not_know_is_refused(client_for, user_khoi, held):
    assert client_for(user_khoi).get("/news/comments/?status=bogus").status_code == 400


def test_an_article_deleted_in_the_cms_leaves_its_comments_and_their_decisions(client_for, user_khoi, held):
    moderator = client_for(user_khoi)
    assert moderator.post(f"/news/comments/{held.pk}/reject/", {"reason": "Vi phạm nội quy"}).status_code == 302
    title = held.article.title
    held.article.delete()
    held.refresh_from_db()
    assert held.article is None and held.article_title == title and held.status == Comment.Status.REJECTED
    assert list(CommentDecision.objects.filter(comment=held).values_list("action", flat=True)) == ["reject"]
    for url in ("/news/comments/?status=rejected", f"/news/comments/{held.pk}/"):
        response = moderator.get(url)
        assert response.status_code == 200 and title in response.content.decode()
