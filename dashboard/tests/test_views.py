"""The home page in the user's language, after logging in."""

import pytest
from django.utils import translation

from core.testing.pages import doc, text

pytestmark = pytest.mark.django_db


def test_login_works_with_the_password(client, user_khoi):
    from conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": user_khoi.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_vietnamese_is_the_default_and_english_can_be_chosen(client_for, world, user_khoi):
    client = client_for(user_khoi)
    response = client.get("/")
    assert '<html lang="vi">' in text(response)
    assert response["Content-Language"] == "vi"
    vi_title = doc(response).xpath("//main//h1")[0].text_content().strip()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.get("/")
    assert '<html lang="en">' in text(response)
    assert response["Content-Language"] == "en"
    assert doc(response).xpath("//main//h1")[0].text_content().strip() == "Overview"
    with translation.override("vi"):
        translated = translation.gettext("Overview")
    if translated != "Overview":  # the Vietnamese catalogue is compiled (make test compiles it)
        assert vi_title == translated

    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in text(client.get("/"))
