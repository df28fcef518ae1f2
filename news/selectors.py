"""Every read of the news site. The public pages read live pages only (drafts never reach a reader); the comment
queue reads through the moderator's scope (the action NEWS), and nobody else reaches an e-mail or an address."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from core.scope import NEWS, scope_for

from .models import ArticlePage, Comment, SectionPage

HOME_ARTICLES = 8
SECTION_PER_PAGE = 12
RELATED = 5


def live_articles():
    return ArticlePage.objects.live().public().defer_streamfields()


def _with_sections(articles: list) -> list:
    """Each article's section (its parent) set on it, read in one query."""
    paths = {a.path[: -ArticlePage.steplen] for a in articles}
    sections = {s.path: s for s in SectionPage.objects.filter(path__in=paths)} if paths else {}
    for article in articles:
        article.section = sections.get(article.path[: -ArticlePage.steplen])
    return articles


def home_context(home) -> dict:
    sections = list(SectionPage.objects.child_of(home).live().public().order_by("path"))
    latest = _with_sections(list(live_articles().descendant_of(home).order_by("-date", "-pk")[:HOME_ARTICLES]))
    return {"sections": sections, "latest": latest, "site_name": settings.WAGTAIL_SITE_NAME}


def section_context(section, request) -> dict:
    home = section.get_parent().specific
    sections = list(SectionPage.objects.child_of(home).live().public().order_by("path"))
    rows = live_articles().child_of(section).order_by("-date", "-pk")
    page = Paginator(rows, SECTION_PER_PAGE).get_page(request.GET.get("trang"))
    return {"home": home, "sections": sections, "articles": page, "site_name": settings.WAGTAIL_SITE_NAME}


def article_context(article, request, *, form=None) -> dict:
    from .forms import CommentForm

    section = article.get_parent().specific
    home = section.get_parent().specific
    sections = list(SectionPage.objects.child_of(home).live().public().order_by("path"))
    siblings = live_articles().child_of(section)
    newer = siblings.filter(date__gt=article.date).order_by("date", "pk").first() or siblings.filter(
        date=article.date, pk__gt=article.pk).order_by("pk").first()
    older = siblings.filter(date__lt=article.date).order_by("-date", "-pk").first() or siblings.filter(
        date=article.date, pk__lt=article.pk).order_by("-pk").first()
    related = list(live_articles().filter(pk__in=article.related.values("pk")).order_by("-date")[:RELATED])
    if not related:
        related = list(siblings.exclude(pk=article.pk).order_by("-date", "-pk")[:RELATED])
    comments = list(Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
                    .only("name", "text", "created_at", "reply", "replied_at").order_by("created_at", "pk"))
    return {"section": section, "home": home, "sections": sections, "newer": newer, "older": older,
            "related": related, "comments": comments, "comment_form": form or CommentForm(),
            "comment_sent": request.GET.get("binh-luan") == "cho-duyet", "site_name": settings.WAGTAIL_SITE_NAME}


# ---- the moderators' queue -------------------------------------------------------------------------------------

def _moderator(user) -> None:
    if not scope_for(user).can(NEWS):
        raise PermissionDenied


def comment_queue(user, *, status: str = Comment.Status.HELD):
    """The comments in one state, oldest first for the held (the first to decide), newest first otherwise."""
    _moderator(user)
    rows = Comment.objects.filter(status=status).select_related("article", "decided_by")
    return rows.order_by("created_at", "pk") if status == Comment.Status.HELD else rows.order_by("-created_at", "-pk")


def comment_counts(user) -> dict[str, int]:
    from django.db.models import Count

    _moderator(user)
    counts = dict(Comment.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in Comment.Status.values}


def comment_get(user, pk: int, action: str = NEWS) -> Comment:
    """One comment with its e-mail and address: for moderators (404 for everyone else, as outside the scope)."""
    if not scope_for(user).can(NEWS):
        raise Http404
    try:
        return Comment.objects.select_related("article", "decided_by").get(pk=pk)
    except (Comment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def comment_decisions(user, comment: Comment) -> list:
    _moderator(user)
    return list(comment.decisions.select_related("by").order_by("at", "pk"))
