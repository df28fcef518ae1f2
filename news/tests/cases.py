"""The news app's scope and query-count cases.

The moderators' pages are for whoever holds the action NEWS (the administrator and the Bloc's standing committee):
everyone else is refused, whatever subtree they hold (the queue 403, a comment 404 as if it did not exist), and
their POST writes nothing. "My sections" is for whoever holds NEWS_WRITE (the administrator and the Bloc's standing
committee among the demo roles; the news site editor in news/tests/test_editors.py). The public pages are Wagtail's
(core.testing.FOREIGN_MODULES): no login, measured here for a logged-in reader and in test_queries.py for an
anonymous one.
"""

import datetime

from core.testing import QueryCase, ScopeCase
from core.testing.pages import doc

MODERATORS = frozenset({"admin", "khoi"})
# Who writes for the site (NEWS_WRITE: the administrator and the Bloc's standing committee; no role of this world is
# a section's editor): they draft articles from the records they see and reach the CMS. The cell's secretary and the
# member see records but do not write for the site.
WRITERS = frozenset({"admin", "khoi"})


def _held(w, place):
    return [w.news["held"].pk]


def _approved(w, place):
    return [w.news["approved"].pk]


CMS_IMAGE = "original_images/scope-case.png"


def _cms_image(w, place):
    return [CMS_IMAGE]


def _complaint(w, place):
    return [w.news["complaint"].pk]


def _visit(w, place):
    return [w.meetings.visits[place].pk]


def _pilot(w, place):
    return [w.meetings.pilots[place].pk]


def _congress(w, place):
    return [w.apparatus.terms[place].pk]


SCOPE_CASES = [
    # the CMS's image library: for the users Wagtail lets into the CMS (the writers, in their sections' groups)
    ScopeCase("news:cms-image", WRITERS, args=_cms_image, refusal=(404,)),
    ScopeCase("news:queue", MODERATORS, refusal=(403,)),
    ScopeCase("news:queue", MODERATORS, query="status=spam", refusal=(403,), name="spam"),
    ScopeCase("news:comment", MODERATORS, args=_held),
    ScopeCase("news:comment-approve", MODERATORS, args=_held, method="post"),
    ScopeCase("news:comment-spam", MODERATORS, args=_held, method="post"),
    ScopeCase("news:comment-reject", MODERATORS, args=_approved, payload=lambda w, place: {"reason": "Vi phạm"}),
    ScopeCase("news:comment-reply", MODERATORS, args=_approved,
              payload=lambda w, place: {"reply": "Cảm ơn bạn đọc."}),
    ScopeCase("news:complaints", MODERATORS, refusal=(403,)),
    ScopeCase("news:complaints", MODERATORS, query="status=all", refusal=(403,), name="all"),
    ScopeCase("news:complaint", MODERATORS, args=_complaint),
    ScopeCase("news:complaint-take", MODERATORS, args=_complaint, method="post"),
    ScopeCase("news:complaint-resolve", MODERATORS, args=_complaint,
              payload=lambda w, place: {"answer": "Ban biên tập đã đính chính bài viết."}),
    ScopeCase("news:complaint-dismiss", MODERATORS, args=_complaint,
              payload=lambda w, place: {"reason": "Thông tin trong bài là chính xác."}),
    ScopeCase("news:draft-visit", WRITERS, at=("cell_a1", "cell_b1"), args=_visit, method="post"),
    ScopeCase("news:draft-pilot", WRITERS, at=("cell_a2", "cell_b2"), args=_pilot, method="post"),
    ScopeCase("news:draft-congress", WRITERS, at=("cell_a1", "cell_b1"), args=_congress, method="post"),
    ScopeCase("news:sections", WRITERS, refusal=(403,)),
]


def build(w) -> None:
    from pathlib import Path

    from django.conf import settings

    from news.models import Comment, Complaint

    from .factories import comment, complaint, site

    home, sections, articles = site(n_articles=2)
    image = Path(settings.MEDIA_ROOT) / CMS_IMAGE
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    first = articles[0]
    w.news = {"home": home, "sections": sections, "article": first, "articles": articles,
              "held": comment(first, "Bạn đọc chờ duyệt"),
              "approved": comment(first, "Bạn đọc đã duyệt", status=Comment.Status.APPROVED),
              "rejected": comment(first, "Bạn đọc bị từ chối", status=Comment.Status.REJECTED),
              "spam": comment(first, "Quảng cáo", status=Comment.Status.SPAM)}
    w.news["complaint"] = complaint(first, "Người phản ánh", comment=w.news["approved"], kind=Complaint.Kind.COMMENT)


def grow(w, factor: int) -> None:
    """`factor` slices: an article in Thời sự (related to the first), a held and an approved comment on the first,
    a complaint about that comment and one about the site, being handled."""
    from django.utils import timezone

    from news.models import Comment, Complaint

    from .factories import article, comment, complaint

    if not hasattr(w, "news"):
        build(w)
    state = w.__dict__.setdefault("news_grown", {"n": 0})
    first = w.news["article"]
    for _ in range(factor):
        state["n"] += 1
        n = state["n"]
        added = article(w.news["sections"]["thoi-su"], f"Tin thêm {n}", datetime.date(2019, 1, 1) +
                        datetime.timedelta(days=n), slug=f"tin-them-{n}")
        first.related.add(added)
        comment(first, f"Người đọc {n}", ip=f"198.51.100.{n % 250}")
        approved = comment(first, f"Người đọc duyệt {n}", status=Comment.Status.APPROVED, ip=f"198.51.100.{n % 250}")
        complaint(first, f"Người phản ánh {n}", comment=approved, ip=f"198.51.100.{n % 250}")
        complaint(None, f"Người phản ánh chung {n}", status=Complaint.Status.HANDLING, decided_by=w.users["khoi"],
                  decided_at=timezone.now())
    first.save_revision().publish()


def snapshot() -> dict:
    from news.models import ArticlePage, Comment, CommentDecision, Complaint, ComplaintDecision

    return {
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "status", "reason", "reply", "decided_at")),
        "decisions": list(CommentDecision.objects.order_by("pk").values_list("pk", "action")),
        "articles": list(ArticlePage.objects.order_by("pk").values_list("pk", "live", "latest_revision_id")),
        "complaints": list(Complaint.objects.order_by("pk").values_list("pk", "status", "answer", "decided_at")),
        "complaint_decisions": list(ComplaintDecision.objects.order_by("pk").values_list("pk", "action")),
    }


def queue_rows(response) -> list:
    return doc(response).xpath('//div[@id="news-queue"]/div[@data-comment]')


def card_rows(response) -> list:
    return doc(response).xpath('//article[@data-article]')


def section_rows(response) -> list:
    return doc(response).xpath('//div[@id="news-sections"]/div[@data-section]')


def comment_rows(response) -> list:
    return doc(response).xpath('//div[@data-comment]')


def complaint_rows(response) -> list:
    return doc(response).xpath('//div[@id="news-complaints"]/div[@data-complaint]')


def comment_options(response) -> list:
    return doc(response).xpath('//select[@name="comment"]/option[@value!=""]')


def found_rows(response) -> list:
    return doc(response).xpath('//div[@id="news-found"]/article[@data-article]')


def xml_rows(path: str):
    """The rows of a feed (its items) or of the sitemap (its addresses)."""
    def rows(response) -> list:
        from lxml import etree

        return etree.fromstring(response.content).xpath(path)
    return rows


QUERY_CASES = [
    # The queues read the rule news_decision_hours (one query) to mark the items past the legal time.
    QueryCase("news_queue", "/news/comments/", 9, users=("khoi",), rows=queue_rows),
    QueryCase("news_home", "/tin-tuc/", 12, users=("khoi",), rows=card_rows),
    QueryCase("news_section", "/tin-tuc/thoi-su/", 16, users=("khoi",), rows=card_rows),
    QueryCase("news_article", lambda w: w.news["article"].url, 21, users=("khoi",), rows=comment_rows),
    QueryCase("news_complaints", "/news/complaints/", 9, users=("khoi",), rows=complaint_rows),
    QueryCase("news_complaints_all", "/news/complaints/?status=all", 9, users=("khoi",), rows=complaint_rows),
    QueryCase("news_complaint_form", lambda w: f'{w.news["article"].url}?phan-anh', 17, users=("khoi",),
              rows=comment_options),
    # The readers' search, feeds and sitemap (Wagtail's routes and a plain view: public, no scope case).
    QueryCase("news_search", "/tin-tuc/tim-kiem/?q=tin+them", 13, users=("khoi",), rows=found_rows),
    QueryCase("news_feed", "/tin-tuc/rss/", 9, users=("khoi",), rows=xml_rows("/rss/channel/item")),
    QueryCase("news_section_feed", "/tin-tuc/thoi-su/rss/", 12, users=("khoi",), rows=xml_rows("/rss/channel/item")),
    QueryCase("news_sitemap", "/tin-tuc/sitemap.xml", 10, users=("khoi",),
              rows=xml_rows("//*[local-name()='url']")),
    QueryCase("news_sections", "/news/sections/", 8, users=("khoi",), rows=section_rows),
]
