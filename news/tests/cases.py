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
WRITERS = frozenset({"admin", "khoi"})  # NEWS_WRITE: the sections they write (news.editors); no demo role is an editor


def _held(w, place):
    return [w.news["held"].pk]


def _approved(w, place):
    return [w.news["approved"].pk]


SCOPE_CASES = [
    ScopeCase("news:queue", MODERATORS, refusal=(403,)),
    ScopeCase("news:queue", MODERATORS, query="status=spam", refusal=(403,), name="spam"),
    ScopeCase("news:comment", MODERATORS, args=_held),
    ScopeCase("news:comment-approve", MODERATORS, args=_held, method="post"),
    ScopeCase("news:comment-spam", MODERATORS, args=_held, method="post"),
    ScopeCase("news:comment-reject", MODERATORS, args=_approved, payload=lambda w, place: {"reason": "Vi phạm"}),
    ScopeCase("news:comment-reply", MODERATORS, args=_approved,
              payload=lambda w, place: {"reply": "Cảm ơn bạn đọc."}),
    ScopeCase("news:sections", WRITERS, refusal=(403,)),
]


def build(w) -> None:
    from news.models import Comment

    from .factories import comment, site

    home, sections, articles = site(n_articles=2)
    first = articles[0]
    w.news = {"home": home, "sections": sections, "article": first, "articles": articles,
              "held": comment(first, "Bạn đọc chờ duyệt"),
              "approved": comment(first, "Bạn đọc đã duyệt", status=Comment.Status.APPROVED),
              "rejected": comment(first, "Bạn đọc bị từ chối", status=Comment.Status.REJECTED),
              "spam": comment(first, "Quảng cáo", status=Comment.Status.SPAM)}


def grow(w, factor: int) -> None:
    """`factor` slices: an article in Thời sự (related to the first), a held and an approved comment on the first."""
    from news.models import Comment

    from .factories import article, comment

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
        comment(first, f"Người đọc duyệt {n}", status=Comment.Status.APPROVED, ip=f"198.51.100.{n % 250}")
    first.save_revision().publish()


def snapshot() -> dict:
    from news.models import ArticlePage, Comment, CommentDecision

    return {
        "comments": list(Comment.objects.order_by("pk").values_list("pk", "status", "reason", "reply", "decided_at")),
        "decisions": list(CommentDecision.objects.order_by("pk").values_list("pk", "action")),
        "articles": list(ArticlePage.objects.order_by("pk").values_list("pk", "live", "latest_revision_id")),
    }


def queue_rows(response) -> list:
    return doc(response).xpath('//div[@id="news-queue"]/div[@data-comment]')


def card_rows(response) -> list:
    return doc(response).xpath('//article[@data-article]')


def section_rows(response) -> list:
    return doc(response).xpath('//div[@id="news-sections"]/div[@data-section]')


def comment_rows(response) -> list:
    return doc(response).xpath('//div[@data-comment]')


QUERY_CASES = [
    QueryCase("news_queue", "/news/comments/", 8, users=("khoi",), rows=queue_rows),
    QueryCase("news_home", "/tin-tuc/", 12, users=("khoi",), rows=card_rows),
    QueryCase("news_section", "/tin-tuc/thoi-su/", 16, users=("khoi",), rows=card_rows),
    QueryCase("news_article", lambda w: w.news["article"].url, 21, users=("khoi",), rows=comment_rows),
    QueryCase("news_sections", "/news/sections/", 8, users=("khoi",), rows=section_rows),
]
