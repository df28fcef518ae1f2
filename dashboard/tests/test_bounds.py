"""The home page takes no period parameter: whatever is put in the address (a month, a year, a period out of range or
not a date at all), it answers the same page, never a 500 (issue 15)."""

import pytest

from core.testing.pages import doc

pytestmark = pytest.mark.django_db

QUERIES = ["month=9999-12", "month=abc", "month=0000-00", "year=99999", "year=-1", "period=9999", "day=31/12/9999",
           "month=" + "9" * 1000]


@pytest.mark.parametrize("query", QUERIES)
def test_any_period_parameter_leaves_the_home_page_as_it_is(client_for, user_khoi, query):
    client = client_for(user_khoi)
    plain = client.get("/")
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    figures = '//*[@id="bloc-figures"]//*[@data-figure]'
    assert [e.text_content() for e in doc(response).xpath(figures)] == \
        [e.text_content() for e in doc(plain).xpath(figures)]
