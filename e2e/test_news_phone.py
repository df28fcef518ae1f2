"""The public news site in the browser (issue 20): a reader on a 390 px phone opens the founding article, sends a
comment and is told it awaits moderation; the Bloc's standing committee approves it in the queue; the reader then
sees it under the article. No page is wider than the screen, and the browser reports no error (the CSP included)."""

import pytest

from e2e.pages import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FOUNDING = "/tin-tuc/thoi-su/trao-doi-ve-mo-hinh-to-chuc-bo-may-va-nghiep-vu-cong-tac-xay-dung-dang/"
TEXT = "Chi bộ chúng tôi rất quan tâm đến kiến nghị về biên chế chuyên trách."


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_reader_comments_and_the_moderator_approves(page, demo_small):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size(PHONE)
    page.context.clear_cookies()
    page.goto(page.base_url + FOUNDING)
    assert page.locator("#news-article-date").inner_text() == "14/05/2018"
    assert page.locator("#news-article-section").inner_text() == "Thời sự"
    assert page.locator("figure figcaption").count() == 1
    assert width(page) <= PHONE["width"]
    page.fill("#id_name", "Nguyễn Thị Bạn Đọc")
    page.fill("#id_email", "bandoc@example.vn")
    page.fill("#id_text", TEXT)
    page.click("#news-comment-send")
    page.wait_for_selector("#news-comment-held")
    assert TEXT not in page.locator("#binh-luan").inner_text()

    login(page, "khoi")
    page.goto(page.base_url + "/news/comments/")
    card = page.locator("#news-queue div[data-comment]", has_text=TEXT)
    assert "bandoc@example.vn" in card.inner_text()
    assert width(page) <= PHONE["width"]
    card.locator("button[data-approve]").click()
    page.wait_for_selector(".alert-success")

    page.context.clear_cookies()
    page.goto(page.base_url + FOUNDING)
    comments = page.locator("#binh-luan").inner_text()
    assert TEXT in comments and "Nguyễn Thị Bạn Đọc" in comments and "bandoc@example.vn" not in comments
    assert not errors, errors


def test_a_reader_searches_from_the_masthead_on_a_phone(page):
    """The masthead's search box fits a 390 px screen; "ha noi" finds "Hà Nội"; the section offers its feed."""
    import datetime

    from news.tests.factories import article, site

    _home, sections, _articles = site(n_articles=1)
    article(sections["thoi-su"], "Hội nghị Ban Chấp hành tại Hà Nội", datetime.date(2020, 3, 2), slug="hoi-nghi")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/tin-tuc/thoi-su/")
    assert page.locator("#news-section-feed").is_visible()
    box = page.locator("#news-search-q").bounding_box()
    go = page.locator("#news-search-go").bounding_box()
    assert box["x"] >= 0 and go["x"] + go["width"] <= PHONE["width"] and box["width"] >= 200
    assert width(page) <= PHONE["width"]
    page.fill("#news-search-q", "ha noi")
    page.click("#news-search-go")
    page.wait_for_selector("#news-found")
    assert page.locator('#news-found article[data-article="hoi-nghi"]').count() == 1
    assert width(page) <= PHONE["width"]
    assert not errors, errors
