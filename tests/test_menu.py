"""The menu shows a person only what they can open: every entry shown to a role answers 200 for it (after a
redirect, for an entry that leads to the person's own cell), and every entry hidden for want of a scope action
would have refused it (no dead end, nothing withheld that works)."""

import pytest
from django.urls import reverse

from core.menu import menu
from core.testing import USERS

pytestmark = pytest.mark.django_db


def shown_urls(user) -> dict[str, str]:
    return {e["key"]: e["url"] for g in menu.for_user(user) for e in g["entries"]}


@pytest.mark.parametrize("name", USERS)
def test_every_entry_shown_opens_and_every_hidden_one_is_refused(request, client_for, world, name):
    user = request.getfixturevalue(f"user_{name}")
    client = client_for(user)
    shown = shown_urls(user)
    assert shown, "every person has at least one menu entry"
    for key, url in shown.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{name}: menu entry {key} ({url}) answers {response.status_code}"
    for entry in menu.entries:
        if entry.key in shown or not entry.visible.__name__.startswith("holds_"):
            continue  # the other pages answer whoever asks, with what is theirs: the menu leaves out an empty one
        url = reverse(entry.url_name) + (f"?{entry.query}" if entry.query else "")
        status = client.get(url).status_code
        assert status in (302, 403, 404), f"{name}: hidden entry {entry.key} ({url}) opens ({status})"


@pytest.mark.parametrize("name", USERS)
def test_the_home_page_links_only_to_pages_that_open(request, client_for, world, name):
    from core.testing.pages import doc

    user = request.getfixturevalue(f"user_{name}")
    client = client_for(user)
    home = client.get("/")
    assert home.status_code == 200
    links = {a.get("href") for a in doc(home).xpath("//main//a[@href]")}
    links = {href for href in links if href.startswith("/") and "export=" not in href and ".docx" not in href}
    for href in sorted(links):
        status = client.get(href).status_code
        assert status == 200, f"{name}: the home page links to {href}, which answers {status}"


def test_own_record_is_in_the_user_menu_of_whoever_has_one(client_for, world, user_dangvien, user_khoi):
    from core.testing.pages import doc

    page = doc(client_for(user_dangvien).get("/"))
    link = page.xpath('//a[@id="nav-my-record"]/@href')
    assert link == [reverse("members:detail", args=[user_dangvien.member.pk])]
    assert not doc(client_for(user_khoi).get("/")).xpath('//a[@id="nav-my-record"]')  # khoi has no member record
