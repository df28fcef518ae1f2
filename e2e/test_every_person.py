"""Each demo person's path, in the browser, on a phone and on a desktop: the home page, every menu entry and the
pages one level below home (its links) answer 200, raise no console error and are never wider than the screen."""

import re

import pytest

from e2e.pages import login, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = ("khoi", "coso", "chibo", "dangvien", "ubkt")
SIZES = ((390, 844), (1366, 900))
SKIP = re.compile(r"^/(i18n|accounts/logout|static|media|admin)|export=|\.docx|/documents/|/attachments/|/evidence/")


def reachable(page) -> list[str]:
    """The menu's entries and the links of the page's main part, as paths of this site."""
    hrefs = page.eval_on_selector_all("#mainnav a.nav-link[href], #mainnav a.dropdown-item[href], main a[href]",
                                      "els => els.map(e => e.getAttribute('href'))")
    return sorted({h for h in hrefs if h and h.startswith("/") and not SKIP.search(h)})


@pytest.mark.parametrize("width,height", SIZES, ids=[f"{w}px" for w, _h in SIZES])
def test_every_person_reaches_only_working_pages(browser, live_server, demo_small, width, height):
    from django.contrib.auth import get_user_model

    present = set(get_user_model().objects.filter(username__in=PEOPLE).values_list("username", flat=True))
    assert present == set(PEOPLE), f"the small demo lacks {set(PEOPLE) - present}"
    problems = []
    for person in PEOPLE:
        context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base_url = live_server.url
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        login(page, person)
        settled(page)
        paths = ["/", *[p for p in reachable(page) if p != "/"]]
        if width >= 1200:  # a desktop's menu is one line (static/css/app.css), not three rows around the brand
            # a second line: an entry whose top is below the bottom of the first one (the entries differ in height)
            wrapped = page.eval_on_selector_all(
                "#mainnav > ul > li, #mainnav > form, #mainnav > a",
                "els => { const boxes = els.filter(e => e.offsetParent).map(e => e.getBoundingClientRect());"
                " const bottom = Math.min(...boxes.map(b => b.bottom));"
                " return boxes.filter(b => b.top >= bottom).length; }")
            if wrapped:
                problems.append(f"{person} {width}px: the menu wraps ({wrapped} entries on a second line)")
        for path in paths:
            errors.clear()
            response = page.goto(live_server.url + path)
            settled(page)
            wide = page.evaluate("document.documentElement.scrollWidth")
            if response.status >= 400:
                problems.append(f"{person} {width}px {path}: status {response.status}")
            if errors:
                problems.append(f"{person} {width}px {path}: console {errors[0][:100]}")
            if wide > width:
                problems.append(f"{person} {width}px {path}: {wide} px wide")
        context.close()
    assert not problems, "\n".join(problems)
