"""The editors' CMS beside the app: its own, looser Content-Security-Policy on /cms/ only (news/cms.py says why),
no call to an outside service, and its image library served to CMS users only (no other file under MEDIA_ROOT)."""

import pytest

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.fixture
def editor(make_user, tree):
    from accounts.models import Role

    return make_user("bien_tap_cms", role=Role.NEWS_EDITOR, organization=tree.bloc)  # the Bloc's sections


def test_the_cms_alone_allows_inline_script_and_its_own_frames(client_for, editor, news_site):
    client = client_for(editor)
    cms = client.get("/cms/")
    assert cms.status_code == 200
    policy = _policy(cms)
    assert "'unsafe-inline'" in policy["script-src"] and "'unsafe-inline'" in policy["style-src"]
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"  # only a preview may be framed, by the CMS
    assert policy["object-src"] == "object-src 'none'" and "'unsafe-inline'" not in policy["default-src"]
    assert b"gravatar" not in cms.content  # the editors' pictures are not asked of an outside service
    for url in ("/", "/tin-tuc/", "/news/comments/"):
        policy = _policy(client.get(url))
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"], url
        assert policy["frame-ancestors"] == "frame-ancestors 'none'", url


def test_the_preview_panel_may_frame_the_page_being_edited(client_for, editor, news_site):
    """A preview is the public page served by a request of its own (which sent the public policy): the CMS's
    policy replaces it, so the editor's preview panel can frame it."""
    _home, _sections, articles = news_site
    client, url = client_for(editor), f"/cms/pages/{articles[0].pk}/edit/preview/"
    posted = client.post(url, {"title": "Bài xem trước", "slug": "bai-xem-truoc", "date": "2018-05-14",
                               "lead": "Tóm tắt", "body-count": "0", "comments_open": "on"})
    assert posted.json()["is_valid"], posted.content
    response = client.get(url)
    assert response.status_code == 200 and "Bài xem trước".encode() in response.content
    assert _policy(response)["frame-ancestors"] == "frame-ancestors 'self'"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "meetings").mkdir()
    (tmp_path / "meetings" / "bien-ban.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path.parent / "outside.txt").write_text("secret")
    return tmp_path


def test_the_image_library_is_served_to_cms_users_only(client, client_for, editor, user_chibo, media, news_site):
    assert client_for(editor).get("/news/media/original_images/anh.png").status_code == 200
    (media / "avatar_images").mkdir()
    (media / "avatar_images" / "toi.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert client_for(editor).get("/news/media/avatar_images/toi.png").status_code == 200  # /cms/account/'s picture
    assert client.get("/news/media/original_images/anh.png").status_code == 302  # a reader: to the login page
    assert client_for(user_chibo).get("/news/media/original_images/anh.png").status_code == 404  # no CMS access


@pytest.mark.parametrize("path", ["meetings/bien-ban.pdf", "original_images/../meetings/bien-ban.pdf",
                                  "original_images/../../outside.txt", "original_images/khong-co.png"])
def test_no_other_file_under_media_root_is_served(client_for, editor, media, news_site, path):
    assert client_for(editor).get(f"/news/media/{path}").status_code == 404
