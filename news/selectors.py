"""Every read of the news site. The public pages read live pages only (drafts never reach a reader); the comment
queue reads through the moderator's scope (the action NEWS), and nobody else reaches an e-mail or an address."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404

from core.scope import NEWS, NEWS_WRITE, scope_for

from .models import ArticlePage, Comment, NewsIndex, SectionPage

HOME_ARTICLES = 8
SECTION_PER_PAGE = 12
RELATED = 5


def restricted_paths() -> list[str]:
    """The paths of the pages under a view restriction (an editor made them private): one query per page view."""
    from wagtail.models import PageViewRestriction

    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _public(rows, restricted: list[str]):
    """Live pages outside every view restriction (Wagtail's .public(), with the restrictions read once)."""
    q = Q()
    for path in restricted:
        q |= Q(path__startswith=path)
    return rows.live().exclude(q) if restricted else rows.live()


def _frame(home, restricted: list[str]) -> list:
    return list(_public(SectionPage.objects.child_of(home), restricted).order_by("path"))


def _with_sections(articles: list, sections: list) -> list:
    """Each article's section (its parent) set on it, from the sections already read."""
    by_path = {s.path: s for s in sections}
    for article in articles:
        article.section = by_path.get(article.path[: -ArticlePage.steplen])
    return articles


def _common(home) -> dict:
    return {"home": home, "site_name": settings.WAGTAIL_SITE_NAME}


def home_context(home) -> dict:
    restricted = restricted_paths()
    sections = _frame(home, restricted)
    rows = _public(ArticlePage.objects.descendant_of(home), restricted).defer_streamfields()
    latest = _with_sections(list(rows.order_by("-date", "-pk")[:HOME_ARTICLES]), sections)
    return {**_common(home), "sections": sections, "latest": latest}


def _home_of(page):
    return NewsIndex.objects.get(path=page.path[: NewsIndex.steplen * 2])


def section_context(section, request) -> dict:
    restricted = restricted_paths()
    home = _home_of(section)
    rows = _public(ArticlePage.objects.child_of(section), restricted).defer_streamfields().order_by("-date", "-pk")
    page = Paginator(rows, SECTION_PER_PAGE).get_page(request.GET.get("trang"))
    return {**_common(home), "sections": _frame(home, restricted), "articles": page}


def article_context(article, request, *, form=None) -> dict:
    from .forms import CommentForm

    restricted = restricted_paths()
    home = _home_of(article)
    sections = _frame(home, restricted)
    section_path = article.path[: -ArticlePage.steplen]
    section = next((s for s in sections if s.path == section_path), None) or article.get_parent().specific
    siblings = _public(ArticlePage.objects.child_of(section), restricted).defer_streamfields()
    day, pk = article.date, article.pk
    newer = siblings.filter(Q(date__gt=day) | Q(date=day, pk__gt=pk)).order_by("date", "pk").first()
    older = siblings.filter(Q(date__lt=day) | Q(date=day, pk__lt=pk)).order_by("-date", "-pk").first()
    related_ids = [a.pk for a in article.related.all()]
    rows = _public(ArticlePage.objects.all(), restricted).defer_streamfields()
    related = list(rows.filter(pk__in=related_ids).order_by("-date", "-pk")[:RELATED]) if related_ids else []
    if not related:
        related = list(siblings.exclude(pk=pk).order_by("-date", "-pk")[:RELATED])
    comments = list(Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
                    .only("name", "text", "created_at", "reply", "replied_at").order_by("created_at", "pk"))
    return {**_common(home), "section": section, "sections": sections, "newer": newer, "older": older,
            "related": related, "comments": comments, "comment_form": form or CommentForm(),
            "comment_sent": request.GET.get("binh-luan") == "cho-duyet"}


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


def sections_written(user) -> list[SectionPage]:
    """The sections the user's roles let them write (NEWS_WRITE over the section's organisation: news.editors), in
    the site's order, with their organisation; a section's number of articles is its `numchild`."""
    from .editors import site_root_id, writes

    scope = scope_for(user)
    if not scope.can(NEWS_WRITE):
        return []
    sections = list(SectionPage.objects.select_related("organization").order_by("path"))
    root_id = site_root_id() if any(s.organization_id is None for s in sections) else None
    return [s for s in sections if writes(scope, s.organization_id, root_id)]
