"""The public site: no login, live pages only, comments shown once approved, the comment form's limits."""

import datetime

import pytest
from django.test import override_settings

from news.models import Comment

from .factories import article, comment

pytestmark = pytest.mark.django_db


def test_home_section_and_article_open_without_login(client, news_site):
    home, sections, articles = news_site
    for url in ("/tin-tuc/", "/tin-tuc/thoi-su/", articles[0].url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="vi">' in response.content.decode()
    page = client.get(articles[1].url).content.decode()
    assert "Thời sự" in page and "Bài viết số 2" in page
    assert 'id="news-older"' in page and 'id="news-newer"' in page


def test_a_home_page_placed_deeper_in_the_cms_still_serves_its_pages(client, news_site):
    """The CMS lets a home page sit below another page: its sections and articles still find it."""
    from wagtail.models import Page

    home, _sections, articles = news_site
    portal = Page.get_first_root_node().add_child(instance=Page(title="Cổng thông tin", slug="cong-thong-tin"))
    home.move(portal, pos="last-child")
    articles[0].refresh_from_db()
    for url in ("/tin-tuc/", "/tin-tuc/thoi-su/", articles[0].url):
        response = client.get(url)
        assert response.status_code == 200 and "Bài viết số 1" in response.content.decode(), url


def test_a_draft_is_not_served(client, news_site):
    home, sections, _articles = news_site
    draft = article(sections["thoi-su"], "Bản nháp chưa duyệt", datetime.date(2018, 6, 1), slug="ban-nhap",
                    publish=False)
    assert client.get(draft.url or "/tin-tuc/thoi-su/ban-nhap/").status_code == 404
    assert "Bản nháp chưa duyệt" not in client.get("/tin-tuc/thoi-su/").content.decode()
    assert "Bản nháp chưa duyệt" not in client.get("/tin-tuc/").content.decode()


def test_the_app_s_pages_still_need_a_login(client):
    for url in ("/", "/news/comments/", "/members/", "/cms/"):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_a_comment_is_invisible_until_approved(client, client_for, user_khoi, news_site):
    _home, _sections, articles = news_site
    page = articles[0]
    response = client.post(page.url, {"name": "Nguyễn Văn Bạn Đọc", "email": "bandoc@example.vn",
                                      "text": "Ý kiến của tôi về bài viết.", "website": ""})
    assert response.status_code == 302 and "binh-luan=cho-duyet" in response["Location"]
    held = client.get(response["Location"]).content.decode()
    assert 'id="news-comment-held"' in held
    assert "Ý kiến của tôi về bài viết." not in held
    saved = Comment.objects.get()
    assert saved.status == Comment.Status.HELD and saved.ip == "127.0.0.1"
    moderator = client_for(user_khoi)
    assert moderator.post(f"/news/comments/{saved.pk}/approve/").status_code == 302
    shown = client.get(page.url).content.decode()
    assert "Ý kiến của tôi về bài viết." in shown and "Nguyễn Văn Bạn Đọc" in shown
    assert "bandoc@example.vn" not in shown and "127.0.0.1" not in shown
    assert saved.decisions.get().by == user_khoi


def test_rejected_and_spam_comments_stay_hidden(client, news_site):
    page = news_site[2][0]
    comment(page, "Người bị từ chối", status=Comment.Status.REJECTED, text="Nội dung vi phạm")
    comment(page, "Quảng cáo", status=Comment.Status.SPAM, text="Mua hàng giá rẻ")
    comment(page, "Đang chờ", text="Chưa duyệt")
    comment(page, "Đã duyệt", status=Comment.Status.APPROVED, text="Đã được duyệt")
    body = client.get(page.url).content.decode()
    assert "Đã được duyệt" in body
    for hidden in ("Nội dung vi phạm", "Mua hàng giá rẻ", "Chưa duyệt"):
        assert hidden not in body


def test_the_honeypot_refuses_without_writing(client, news_site):
    page = news_site[2][0]
    response = client.post(page.url, {"name": "Robot", "email": "r@example.vn", "text": "Xin chào",
                                      "website": "http://spam.example"})
    assert response.status_code == 302  # told the same as a person, so it learns nothing
    assert not Comment.objects.exists()


@override_settings(NEWS_COMMENT_RATE=2, NEWS_COMMENT_RATE_MINUTES=10)
def test_the_rate_limit_refuses_without_writing(client, news_site):
    page = news_site[2][0]
    data = {"name": "Bạn đọc", "email": "b@example.vn", "text": "Bình luận", "website": ""}
    assert client.post(page.url, data).status_code == 302
    assert client.post(page.url, data).status_code == 302
    refused = client.post(page.url, data)
    assert refused.status_code == 429
    assert 'id="news-comment-refused"' in refused.content.decode()
    assert "Bạn đọc" in refused.content.decode()  # what was typed is kept
    assert Comment.objects.count() == 2
    other = client.post(page.url, data, REMOTE_ADDR="198.51.100.7")  # another address is not held back
    assert other.status_code == 302 and Comment.objects.count() == 3


@override_settings(NEWS_COMMENT_MAX_LINKS=1, NEWS_COMMENT_MAX_LENGTH=50)
def test_links_and_length_are_limited(client, news_site):
    page = news_site[2][0]
    links = client.post(page.url, {"name": "A", "email": "a@example.vn", "website": "",
                                   "text": "http://a.example http://b.example"})
    long = client.post(page.url, {"name": "A", "email": "a@example.vn", "website": "", "text": "x" * 51})
    empty = client.post(page.url, {"name": "", "email": "khong-phai-email", "website": "", "text": "ok"})
    assert links.status_code == long.status_code == empty.status_code == 400
    assert not Comment.objects.exists()


def test_comments_closed_on_an_article(client, news_site):
    page = news_site[2][0]
    page.comments_open = False
    page.save_revision().publish()
    response = client.post(page.url, {"name": "A", "email": "a@example.vn", "website": "", "text": "ok"})
    assert response.status_code == 400 and not Comment.objects.exists()
