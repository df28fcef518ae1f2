"""The public pages' queries for an anonymous reader: a fixed number, whatever the number of articles and comments
(the logged-in counts at 1× and 5× the data are QUERY_CASES in cases.py)."""

import datetime

import pytest

from news.models import Comment

from .factories import article, comment

pytestmark = pytest.mark.django_db

HOME, SECTION, ARTICLE = 7, 11, 16


@pytest.fixture
def big_site(news_site):
    home, sections, articles = news_site
    first = articles[0]
    for n in range(8):
        added = article(sections["thoi-su" if n % 2 else "xay-dung-dang"], f"Tin {n}",
                        datetime.date(2019, 1, 1) + datetime.timedelta(days=n), slug=f"tin-{n}")
        first.related.add(added)
        comment(first, f"Bạn đọc {n}", status=Comment.Status.APPROVED if n % 3 else Comment.Status.HELD)
    first.save_revision().publish()
    return first


@pytest.mark.parametrize("url,bound", [("/tin-tuc/", HOME), ("/tin-tuc/thoi-su/", SECTION), (None, ARTICLE)],
                         ids=["home", "section", "article"])
def test_public_pages_run_a_fixed_number_of_queries(client, big_site, django_assert_max_num_queries, url, bound):
    url = url or big_site.url
    client.get(url)  # warm-up: content types and the site's root paths are cached per process
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
