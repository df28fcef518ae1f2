"""The readers' ways to find articles: the search (marks or none), the RSS feeds, the sitemap. No login; live public
articles only (never a draft, a withdrawn article or one behind a view restriction); fixed query counts."""

import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from lxml import etree
from wagtail.models import PageViewRestriction

from core.testing.pages import doc
from news.models import ArticlePage, SectionPage

from .factories import article, body

pytestmark = pytest.mark.django_db

SEARCH = "/tin-tuc/tim-kiem/"
SITE_FEED = "/tin-tuc/rss/"
SECTION_FEED = "/tin-tuc/thoi-su/rss/"
SITEMAP = "/tin-tuc/sitemap.xml"


def found(response) -> list[str]:
    return doc(response).xpath('//div[@id="news-found"]/article/@data-article')


def feed(response) -> etree._Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = etree.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root


def feed_links(response) -> list[str]:
    return feed(response).xpath("/rss/channel/item/link/text()")


def sitemap_locs(response) -> list[str]:
    assert response.status_code == 200
    root = etree.fromstring(response.content)
    return root.xpath("//s:url/s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"})


@pytest.fixture
def texts(news_site):
    """Marked and unmarked Vietnamese in the title, the lead and the body, a draft and a restricted article."""
    home, sections, _articles = news_site
    thoi_su, xd = sections["thoi-su"], sections["xay-dung-dang"]
    marked = article(thoi_su, "Hội nghị Ban Chấp hành tại Hà Nội", datetime.date(2020, 3, 2), slug="hoi-nghi",
                     lead="Đại biểu bàn về công tác cán bộ.")
    marked.body = body("Tăng cường xây dựng Đảng, chỉnh đốn <b>Đảng</b>.", "Đoàn kết trong Đảng bộ.")
    marked.save_revision().publish()
    plain = article(xd, "Tin khong dau ve ha noi", datetime.date(2020, 3, 3), slug="khong-dau",
                    lead="Bai viet ve dang bo va cong tac can bo.")
    other = article(xd, "Thể thao và văn hoá", datetime.date(2020, 3, 4), slug="the-thao", lead="Giải bóng đá.")
    draft = article(thoi_su, "Bản nháp về Hà Nội và Đảng", datetime.date(2020, 3, 5), slug="nhap-ha-noi",
                    publish=False)
    hidden = article(thoi_su, "Hội nghị kín về Hà Nội và Đảng", datetime.date(2020, 3, 6), slug="kin-ha-noi")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    return {"marked": marked, "plain": plain, "other": other, "draft": draft, "hidden": hidden}


# ---- search ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["ha noi", "Hà Nội", "HÀ NỘI", "hà noi", "Ha Nội", "Hà  Nội!"])
def test_search_is_blind_to_marks_and_case_both_ways(client, texts, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert sorted(found(response)) == ["hoi-nghi", "khong-dau"]


@pytest.mark.parametrize("query,slugs", [
    ("đảng", ["hoi-nghi", "khong-dau"]),  # đ is folded to d: a word of the body, and "dang" of the lead
    ("dang", ["hoi-nghi", "khong-dau"]),
    ("ĐẢNG BỘ", ["hoi-nghi", "khong-dau"]),
    ("xây dựng", ["hoi-nghi"]),  # the body only
    ("can bo", ["hoi-nghi", "khong-dau"]),  # the lead
    ("văn hóa", ["the-thao"]),  # "hoá" and "hóa": the same folded word
    ("chap", ["hoi-nghi"]),  # a word begins ("Chấp hành")…
    ("hap", []),  # …never merely inside a word
])
def test_search_reads_title_lead_and_body(client, texts, query, slugs):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert sorted(found(response)) == slugs


def test_search_is_newest_first_and_finds_neither_drafts_nor_restricted_articles(client, texts):
    response = client.get(SEARCH, {"q": "ha noi"})
    assert found(response) == ["khong-dau", "hoi-nghi"]
    for query in ("nhap", "kin"):
        assert found(client.get(SEARCH, {"q": query})) == []


def test_search_reads_the_live_text_not_a_draft_s_and_drops_withdrawn_articles(client, texts):
    page = ArticlePage.objects.get(pk=texts["other"].pk)
    page.title = "Bóng chuyền bãi biển"
    page.save_revision()  # a draft of a live article: readers still see, and find, the live text
    assert found(client.get(SEARCH, {"q": "bong chuyen"})) == []
    assert found(client.get(SEARCH, {"q": "the thao"})) == ["the-thao"]
    page.get_latest_revision().publish()
    assert found(client.get(SEARCH, {"q": "bong chuyen"})) == ["the-thao"]
    ArticlePage.objects.get(pk=page.pk).unpublish()
    assert found(client.get(SEARCH, {"q": "bong chuyen"})) == []


def test_a_restricted_section_s_articles_are_not_found(client, texts):
    section = SectionPage.objects.get(slug="xay-dung-dang")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert found(client.get(SEARCH, {"q": "ha noi"})) == ["hoi-nghi"]


def test_search_paginates_and_keeps_the_query(client, news_site):
    section = news_site[1]["thoi-su"]
    for n in range(15):
        article(section, f"Đại hội chi bộ số {n}", datetime.date(2021, 1, 1) + datetime.timedelta(days=n),
                slug=f"dai-hoi-{n}")
    first = client.get(SEARCH, {"q": "dai hoi"})
    assert len(found(first)) == 12
    assert found(first)[0] == "dai-hoi-14"
    assert doc(first).xpath('//p[@id="news-find-count"]/@data-count') == ["15"]
    older = doc(first).xpath('//a[@id="news-find-older"]/@href')
    assert older == ["?q=dai%20hoi&trang=2"]
    second = client.get(SEARCH + older[0])
    assert found(second) == [f"dai-hoi-{n}" for n in (2, 1, 0)]
    assert doc(second).xpath('//a[@id="news-find-newer"]/@href') == ["?q=dai%20hoi&trang=1"]
    assert len(found(client.get(SEARCH, {"q": "dai hoi", "trang": "khong-phai-so"}))) == 12
    assert found(client.get(SEARCH, {"q": "dai hoi", "trang": "99"})) == found(second)


def test_an_empty_query_shows_the_box(client, texts):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(SEARCH, params)
        assert response.status_code == 200
        page = doc(response)
        assert page.xpath('//form[@id="news-find-form"]//input[@name="q"]')
        assert not page.xpath('//div[@id="news-found"]') and not page.xpath('//*[@id="news-find-error"]')


@pytest.mark.parametrize("query", ["x" * 201, " ".join(["tin"] * 11), "!!! ???", "ha\x00noi"],
                         ids=["too-long", "too-many-words", "no-word", "nul"])
def test_a_bad_query_says_so_on_the_field(client, texts, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 400
    page = doc(response)
    assert page.xpath('//*[@id="news-find-error"]') and not page.xpath('//div[@id="news-found"]')
    if "\x00" not in query:
        assert page.xpath('//form[@id="news-find-form"]//input[@name="q"]/@value') == [query]  # kept as typed


def test_the_masthead_has_a_search_box_on_every_public_page(client, texts):
    for url in ("/tin-tuc/", "/tin-tuc/thoi-su/", texts["marked"].url):
        form = doc(client.get(url)).xpath('//form[@id="news-search"]')
        assert form and form[0].get("action") == SEARCH and form[0].get("method") == "get", url
        assert form[0].xpath('.//input[@name="q"][@type="search"]'), url


def test_the_search_text_follows_the_content(news_site):
    page = news_site[2][0]
    assert page.search_text == " bai viet so 1 noi dung"  # each word once
    page.lead = "Đồng chí Bí thư, Ban Thường vụ."
    page.save(update_fields=["lead"])
    page.refresh_from_db()
    assert page.search_text == " bai viet so 1 dong chi bi thu ban thuong vu noi dung"


def test_the_migration_fills_the_articles_already_written(texts):
    from django.apps import apps

    ArticlePage.objects.update(search_text="")
    importlib.import_module("news.migrations.0003_article_search_text").fill(apps, None)
    assert ArticlePage.objects.get(pk=texts["marked"].pk).search_text == (
        " hoi nghi ban chap hanh tai ha noi dai bieu ve cong tac can bo"
        " tang cuong xay dung dang chinh don doan ket trong")


@pytest.mark.parametrize("model", [SectionPage, ArticlePage])
@pytest.mark.parametrize("slug", ["tim-kiem", "rss"])
def test_a_page_may_not_take_a_route_s_slug(news_site, model, slug):
    home, sections, articles = news_site
    page = sections["thoi-su"] if model is SectionPage else articles[0]
    page.slug = slug
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "slug" in refused.value.message_dict


# ---- feeds -------------------------------------------------------------------------------------------------------

def test_the_site_feed_holds_the_live_public_articles_newest_first(client, texts):
    root = feed(client.get(SITE_FEED))
    assert root.xpath("/rss/channel/link/text()") == ["http://testserver/tin-tuc/"]
    links = root.xpath("/rss/channel/item/link/text()")
    assert links[:2] == ["http://testserver/tin-tuc/xay-dung-dang/the-thao/",
                         "http://testserver/tin-tuc/xay-dung-dang/khong-dau/"]
    assert not any("nhap-ha-noi" in link or "kin-ha-noi" in link for link in links)
    assert len(links) == 6  # the three of the fixture's site, three here
    first = root.xpath("/rss/channel/item")[0]
    assert first.findtext("title") == "Thể thao và văn hoá"
    assert first.findtext("description") == "Giải bóng đá."
    assert first.findtext("pubDate").startswith("Wed, 04 Mar 2020 00:00:00")
    assert first.findtext("category") == "Xây dựng Đảng"


def test_the_complaint_query_opens_the_form_on_the_home_page_only(client, texts):
    """?phan-anh is the home page's complaint form: the feed and the search keep their own answer."""
    assert feed(client.get(SITE_FEED + "?phan-anh")).xpath("/rss/channel/item")
    found = client.get("/tin-tuc/tim-kiem/?q=the+thao&phan-anh")
    assert found.status_code == 200 and b'name="kind"' not in found.content
    assert b'name="kind"' in client.get("/tin-tuc/?phan-anh").content


def test_a_section_feed_holds_its_own_articles_and_is_linked_from_its_page(client, texts):
    links = feed_links(client.get(SECTION_FEED))
    assert "http://testserver/tin-tuc/thoi-su/hoi-nghi/" in links
    assert not any("/xay-dung-dang/" in link for link in links)
    assert not any("nhap-ha-noi" in link or "kin-ha-noi" in link for link in links)
    assert feed(client.get(SECTION_FEED)).xpath("/rss/channel/link/text()") == ["http://testserver/tin-tuc/thoi-su/"]
    page = doc(client.get("/tin-tuc/thoi-su/"))
    assert page.xpath('//link[@rel="alternate"][@type="application/rss+xml"]/@href') == [SITE_FEED, SECTION_FEED]
    assert page.xpath('//a[@id="news-section-feed"]/@href') == [SECTION_FEED]
    assert doc(client.get("/tin-tuc/")).xpath('//a[@id="news-site-feed"]/@href') == [SITE_FEED]


def test_a_feed_uses_the_request_s_host(client, texts):
    links = feed_links(client.get(SITE_FEED, HTTP_HOST="localhost:8000"))
    assert links and all(link.startswith("http://localhost:8000/tin-tuc/") for link in links)


def test_a_feed_holds_the_latest_twenty(client, news_site):
    section = news_site[1]["thoi-su"]
    for n in range(22):
        article(section, f"Tin số {n}", datetime.date(2022, 1, 1) + datetime.timedelta(days=n), slug=f"tin-so-{n}")
    links = feed_links(client.get(SECTION_FEED))
    assert len(links) == 20 and links[0].endswith("/tin-so-21/") and links[-1].endswith("/tin-so-2/")


def test_a_restricted_section_s_feed_is_not_served_to_a_reader(client, texts):
    section = SectionPage.objects.get(slug="thoi-su")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(SECTION_FEED)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not any("/thoi-su/" in link for link in feed_links(client.get(SITE_FEED)))


# ---- sitemap -----------------------------------------------------------------------------------------------------

def test_the_sitemap_lists_the_live_public_pages(client, texts):
    locs = sitemap_locs(client.get(SITEMAP))
    base = "http://testserver/tin-tuc/"
    assert locs[0] == base
    assert f"{base}thoi-su/" in locs and f"{base}xay-dung-dang/" in locs
    assert f"{base}thoi-su/hoi-nghi/" in locs and f"{base}xay-dung-dang/khong-dau/" in locs
    assert not any("nhap-ha-noi" in loc or "kin-ha-noi" in loc for loc in locs)
    articles = ArticlePage.objects.live().exclude(pk=texts["hidden"].pk).count()
    assert len(locs) == 1 + SectionPage.objects.count() + articles


def test_the_sitemap_leaves_out_a_restricted_section_and_its_articles(client, texts):
    section = SectionPage.objects.get(slug="xay-dung-dang")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    locs = sitemap_locs(client.get(SITEMAP))
    assert locs and not any("/xay-dung-dang/" in loc for loc in locs)


def test_the_sitemap_is_empty_when_the_whole_site_is_restricted(client, texts):
    PageViewRestriction.objects.create(page=texts["marked"].get_parent().get_parent(),
                                       restriction_type=PageViewRestriction.LOGIN)
    assert sitemap_locs(client.get(SITEMAP)) == []


def test_the_app_s_pages_still_need_a_login_and_the_readers_pages_do_not(client, texts):
    for url in (SEARCH + "?q=ha+noi", SITE_FEED, SECTION_FEED, SITEMAP):
        assert client.get(url).status_code == 200, url
    assert client.get("/news/comments/").status_code == 302


# ---- query counts ------------------------------------------------------------------------------------------------

# Wagtail's routing (the site, the page, its ancestors' aliases and view restrictions), then ours: the restrictions'
# paths, the sections, the articles (and their count for the search's pages).
COUNTS = {SEARCH + "?q=tin+them": 8, SEARCH + "?q=tin+them&trang=2": 8, SITE_FEED: 7, SECTION_FEED: 10,
          SITEMAP: 5}


def _grow(section, start: int, n: int) -> None:
    for i in range(start, start + n):
        article(section, f"Tin thêm {i}", datetime.date(2019, 1, 1) + datetime.timedelta(days=i), slug=f"them-{i}")


@pytest.mark.parametrize("url", COUNTS)
def test_the_readers_pages_run_a_fixed_number_of_queries(client, news_site, django_assert_max_num_queries, url):
    section = news_site[1]["thoi-su"]
    _grow(section, 0, 14)
    client.get(url)  # warm-up: content types and the site's root paths are cached per process
    with django_assert_max_num_queries(COUNTS[url]) as small:
        assert client.get(url).status_code == 200
    _grow(section, 14, 30)
    with django_assert_max_num_queries(COUNTS[url]) as big:
        assert client.get(url).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)
