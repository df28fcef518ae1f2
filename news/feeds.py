"""The news site's RSS feeds (one for the whole site, one per section) and its sitemap, for readers' feed readers
and search engines: live public articles only (news.selectors), addresses made absolute with the request's host."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from . import selectors
from .models import NewsIndex


class ArticleFeed(Feed):
    """RSS 2.0: the latest live public articles of a section (its page) or of the whole site (the home page): title,
    link, lead as the description, the article's date as pubDate, its section as category, its author."""

    feed_type = Rss201rev2Feed
    language = "vi"

    def __init__(self, page):
        super().__init__()
        self.page = page

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.articles = selectors.feed_articles(self.page)
        return self.page

    def title(self, page) -> str:
        site = settings.WAGTAIL_SITE_NAME
        return site if isinstance(page, NewsIndex) else f"{page.title} – {site}"

    def link(self, page) -> str:
        return page.get_url(self.request)

    def description(self, page) -> str:
        return page.search_description or page.intro or self.title(page)

    def items(self, page) -> list:
        return self.articles

    def item_title(self, article) -> str:
        return escape(article.title)  # Django's default: a reader may show the title as HTML

    def item_description(self, article) -> str:
        return escape(article.lead)

    def item_link(self, article) -> str:
        return article.get_url(self.request)

    def item_pubdate(self, article) -> datetime.datetime:
        return datetime.datetime.combine(article.date, datetime.time.min)  # made aware in TIME_ZONE by the feed

    def item_author_name(self, article) -> str | None:
        return article.author or None

    def item_categories(self, article) -> tuple:
        return (article.section.title,) if getattr(article, "section", None) else ()


class NewsSitemap(Sitemap):
    """The home page, the sections and the articles, live and public, each with its last publication."""

    def __init__(self, home, request):
        super().__init__()
        self.home, self.request = home, request
        self._paths = None

    def items(self) -> list:
        if self._paths is None:  # read once (Django's sitemap asks again for the latest date, the pages' count)
            self._paths = {}
            for page in selectors.sitemap_pages(self.home):
                parts = page.get_url_parts(self.request)
                if parts:  # a page outside every Wagtail site has no address
                    self._paths[page] = parts[2]
        return list(self._paths)

    def location(self, page) -> str:
        return self._paths[page]  # the path; the sitemap view adds the request's scheme and host

    def lastmod(self, page):
        return page.last_published_at
