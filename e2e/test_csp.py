"""The Content-Security-Policy, enforced, in the browser (issue 15): for each demo person, every page of their menu
(read from the rendered navigation), a few detail pages reached from those lists, and for the administrator the
administration pages we use, at 1366 px — no violation reported (a `securitypolicyviolation` listener installed
before any script of the page runs, and Chromium's console messages about the policy), and every page sent with the
Content-Security-Policy header (enforced, not report-only).

A page's markup and scripts are the same whoever opens it, and rendering ~190 pages takes minutes on a busy machine:
a menu page already judged for an earlier person is not opened again (each person's home and the detail pages
reached from their lists always are). E2E_CSP_EVERY_PAGE=1 opens every menu page for every person."""

import os
import re

import pytest

from e2e.pages import login, settled

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PEOPLE = ("admin", "khoi", "coso", "chibo", "dangvien", "ubkt")
SKIP = re.compile(r"^/(i18n|accounts/logout|static|media)|export=|\.docx|/documents/|/attachments/|/evidence/"
                  r"|/file/|/errors/|/result/|/template/|/download")
DETAIL = re.compile(r"^/[a-z_-]+/(?:[a-z_-]+/)*\d+/$")
DETAILS_PER_PERSON = 6
ADMIN_PAGES = ("/admin/", "/admin/rules/rule/", "/admin/auth/user/", "/admin/core/holiday/")
# The editors' CMS (Wagtail, /cms/) has its own, looser policy (news/cms.py): judged under it, for the moderator.
CMS_PAGES = ("/cms/", "/cms/pages/", "/cms/images/")

# Installed before any script of any page runs: every violation of the page lands in window.__csp.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || '?'}:` +
                    `${e.lineNumber} ${e.sample || ''}`);
});
"""


def menu_paths(page) -> list[str]:
    hrefs = page.eval_on_selector_all("#mainnav a.nav-link[href], #mainnav a.dropdown-item[href]",
                                      "els => els.map(e => e.getAttribute('href'))")
    return sorted({h for h in hrefs if h and h.startswith("/") and not SKIP.search(h)})


def first_details(page, seen: set[str]) -> list[str]:
    """Detail pages linked from the page's main part, one per kind of record not seen yet."""
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    found = []
    for href in hrefs:
        if not href or not DETAIL.match(href) or SKIP.search(href):
            continue
        kind = re.sub(r"\d+/$", "", href)
        if kind in seen:
            continue
        seen.add(kind)
        found.append(href)
    return found


def visit(page, url: str, console: list[str]) -> list[str]:
    """Open `url`; the problems found there (status, header, violations)."""
    console.clear()
    response = page.goto(url)  # until "load": the page's styles, scripts and images are in, its scripts have run
    settled(page)  # blocks the page loads after itself (htmx): judged once they are in
    page.evaluate("() => new Promise((done) => setTimeout(done, 60))")  # violations are reported as tasks
    problems = []
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    if response is None or response.status >= 400:
        problems.append(f"/{path}: status {response.status if response else '-'}")
    elif "content-security-policy" not in response.headers:
        problems.append(f"/{path}: no Content-Security-Policy header")
    elif "style-src 'self'" not in response.headers["content-security-policy"]:
        problems.append(f"/{path}: unexpected policy {response.headers['content-security-policy']}")
    violations = page.evaluate("window.__csp || []")
    problems += [f"/{path}: {v}" for v in violations]
    problems += [f"/{path}: console {m[:160]}" for m in console]
    return problems


def test_no_page_of_any_menu_breaks_the_content_security_policy(browser, live_server, demo_small):
    from django.contrib.auth import get_user_model

    present = set(get_user_model().objects.filter(username__in=PEOPLE).values_list("username", flat=True))
    assert present == set(PEOPLE), f"the small demo lacks {set(PEOPLE) - present}"
    problems: list[str] = []
    visited = 0
    every_page = os.environ.get("E2E_CSP_EVERY_PAGE") == "1"
    judged: set[str] = set()
    for person in PEOPLE:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(15_000)
        context.add_init_script(LISTEN)
        page = context.new_page()
        page.base_url = live_server.url
        console: list[str] = []
        page.on("console", lambda m, console=console: console.append(m.text)
                if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
        if person == PEOPLE[0]:  # the login page, before anyone is signed in
            problems += [f"anonymous {p}" for p in visit(page, live_server.url + "/accounts/login/", console)]
        login(page, person)
        problems += [f"{person} login: {v}" for v in page.evaluate("window.__csp || []")]
        home = live_server.url + "/"
        problems += [f"{person} {p}" for p in visit(page, home, console)]
        page.click("#user-menu")  # a dropdown placed by Popper (styles set through the DOM, which CSP allows)
        page.wait_for_selector("#user-menu + .dropdown-menu.show")
        problems += [f"{person} user menu: {v}" for v in page.evaluate("window.__csp || []")]
        paths = [p for p in menu_paths(page) if p != "/"]
        if person == "admin":
            paths += [p for p in ADMIN_PAGES if p not in paths]
        seen_kinds: set[str] = set()
        details: list[str] = []
        for path in paths:
            if path in judged and not every_page:
                continue
            judged.add(path)
            problems += [f"{person} {p}" for p in visit(page, live_server.url + path, console)]
            visited += 1
            if len(details) < DETAILS_PER_PERSON:
                details += first_details(page, seen_kinds)[: DETAILS_PER_PERSON - len(details)]
        if person == "khoi":  # the CMS: its listings, an article's editor with its preview panel, an image's page
            from news.models import ArticlePage

            article = ArticlePage.objects.live().order_by("pk").first()
            for path in (*CMS_PAGES, f"/cms/pages/{article.pk}/edit/"):
                problems += [f"{person} {p}" for p in visit(page, live_server.url + path, console)]
                visited += 1
            page.click("[data-side-panel-toggle='preview']")  # the preview panel frames the article
            preview = page.frame_locator("#w-preview-iframe")
            assert preview.locator("h1").first.inner_text() == article.title
            problems += [f"{person} CMS preview: {v}" for v in page.evaluate("window.__csp || []")]
            problems += [f"{person} CMS preview: console {m[:160]}" for m in console]
        if person == "admin":  # the change forms of the administration (its widgets, calendar, related links)
            for listing in ("/admin/rules/rule/", "/admin/core/holiday/"):
                page.goto(live_server.url + listing)
                change = page.eval_on_selector_all("#result_list a[href*='/change/']",
                                                   "els => els.map(e => e.getAttribute('href'))")
                details += change[:1]
        for path in details:
            problems += [f"{person} {p}" for p in visit(page, live_server.url + path, console)]
            visited += 1
        context.close()
    assert len(judged) > 30 and visited > 40, f"only {visited} pages visited: the menus were not read"
    assert not problems, "\n".join(problems)
