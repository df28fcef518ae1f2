import pytest

from . import factories


@pytest.fixture
def news_site(db):
    return factories.site()
