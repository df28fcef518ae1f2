"""Every read of the news site. The public pages read live pages only (drafts never reach a reader); the comment
queue reads through the moderator's scope (the action NEWS), and nobody else reaches an e-mail or an address."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.scope import NEWS, NEWS_WRITE, scope_for
from rules.codes import NEWS_DECISION_HOURS
from rules.selectors import rule_value
from rules.usage import applies

from .models import FEED_ROUTE, SEARCH_ROUTE, ArticlePage, Comment, Complaint, NewsIndex, SectionPage
from .search import SEARCH_MAX_LENGTH, matching

HOME_ARTICLES = 8
SECTION_PER_PAGE = 12
RELATED = 5
SEARCH_PER_PAGE = 12
FEED_ITEMS = 20


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
    return {"home": home, "site_name": settings.WAGTAIL_SITE_NAME, "search_route": SEARCH_ROUTE,
            "feed_route": FEED_ROUTE, "search_max_length": SEARCH_MAX_LENGTH}


def home_context(home) -> dict:
    restricted = restricted_paths()
    sections = _frame(home, restricted)
    rows = _public(ArticlePage.objects.descendant_of(home), restricted).defer_streamfields()
    latest = _with_sections(list(rows.order_by("-date", "-pk")[:HOME_ARTICLES]), sections)
    return {**_common(home), "sections": sections, "latest": latest}


def _home_of(page):
    """The news site's home above the page: the nearest, at whatever depth the CMS placed it (one query)."""
    steplen = NewsIndex.steplen
    ancestors = [page.path[: steplen * depth] for depth in range(1, len(page.path) // steplen)]
    return NewsIndex.objects.filter(path__in=ancestors).order_by("-depth").first()


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


def _listed(rows):
    """Articles for a list (cards, a feed, the sitemap): without their body and folded text, the long columns."""
    return rows.defer_streamfields().defer("search_text")


def search_context(home, words: list[str], page_number) -> dict:
    """The live public articles whose folded text holds every word (each beginning a word: news.search), newest
    first, one page of SEARCH_PER_PAGE; nothing when there is no word."""
    restricted = restricted_paths()
    sections = _frame(home, restricted)
    found = None
    if words:
        rows = _public(ArticlePage.objects.descendant_of(home), restricted).filter(matching(words))
        found = Paginator(_listed(rows).order_by("-date", "-pk"), SEARCH_PER_PAGE).get_page(page_number)
        found.object_list = _with_sections(list(found.object_list), sections) if found.paginator.count else []
    return {**_common(home), "sections": sections, "found": found}


def feed_articles(page) -> list:
    """The latest FEED_ITEMS live public articles of a section, or of the whole site from its home page, each with its
    section set."""
    restricted = restricted_paths()
    home = page if isinstance(page, NewsIndex) else _home_of(page)
    sections = _frame(home, restricted)
    rows = ArticlePage.objects.child_of(page) if isinstance(page, SectionPage) else ArticlePage.objects.descendant_of(home)
    articles = list(_listed(_public(rows, restricted)).order_by("-date", "-pk")[:FEED_ITEMS])
    return _with_sections(articles, sections)


def sitemap_pages(home) -> list:
    """The home page, its sections and their articles, live and public (nothing if the home page is not)."""
    restricted = restricted_paths()
    if not home.live or any(home.path.startswith(path) for path in restricted):
        return []
    articles = _listed(_public(ArticlePage.objects.descendant_of(home), restricted)).defer("lead")
    return [home, *_frame(home, restricted), *articles.order_by("path")]


@applies(NEWS_DECISION_HOURS, where=gettext_lazy("News site: the readers' comments and complaints waiting longer "
                                                 "are marked late in the moderators' queues and on their home page"),
         page="news:queue")
def decision_window() -> tuple[int, datetime.datetime]:
    """The hours a waiting comment or complaint may wait (the rule in force today), and the moment before which one
    that still waits is late."""
    hours = int(rule_value(NEWS_DECISION_HOURS, on=timezone.localdate()))
    return hours, timezone.now() - datetime.timedelta(hours=hours)


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


def held_comment_counts(user, *, overdue_before) -> tuple[int, int]:
    """The comments waiting for a decision, and how many of them since before `overdue_before` (one query)."""
    from django.db.models import Count

    _moderator(user)
    row = Comment.objects.filter(status=Comment.Status.HELD).aggregate(
        held=Count("pk"), overdue=Count("pk", filter=Q(created_at__lt=overdue_before)))
    return row["held"], row["overdue"]


def articles_to_approve_count(user) -> int:
    """The CMS's tasks waiting for this user's approval (Wagtail's group approval tasks of the groups they are in;
    every task for a superuser): the moderation step of the publishing workflow."""
    from wagtail.models import TaskState

    if not user.is_authenticated:
        return 0
    rows = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    if not user.is_superuser:
        rows = rows.filter(task__groupapprovaltask__groups__user=user)
    return rows.values("pk").distinct().count()


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


# ---- readers' complaints ----------------------------------------------------------------------------------------

COMPLAINT_FILTERS = ("open", *Complaint.Status.values, "all")


def complaint_form_context(page, request, *, form=None, sent: str | None = None) -> dict:
    """The complaint page of an article (`page` an ArticlePage: its shown comments to choose from) or of the whole
    site (`page` the home page): the frame of the public pages, the form, the code of a complaint just sent."""
    from .forms import ComplaintForm

    restricted = restricted_paths()
    article = page if isinstance(page, ArticlePage) else None
    home = _home_of(page) if article is not None else page
    sections = _frame(home, restricted)
    section = None
    if article is not None:
        section_path = article.path[: -ArticlePage.steplen]
        section = next((s for s in sections if s.path == section_path), None)
    if form is None:
        form = ComplaintForm(article=article, initial=ComplaintForm.initial_for(request))
    return {**_common(home), "page": page, "self": page, "article": article, "section": section,
            "sections": sections, "complaint_form": form, "complaint_sent": sent}


def complaint_queue(user, *, status: str = "open"):
    """The complaints of one state ("open": received or being handled; "all"): the open ones first, oldest first
    (the first to answer), then the closed ones, newest first."""
    from django.db.models import Case, F, IntegerField, Value, When

    _moderator(user)
    rows = Complaint.objects.select_related("decided_by")
    if status == "open":
        rows = rows.filter(status__in=Complaint.OPEN)
    elif status != "all":
        rows = rows.filter(status=status)
    is_open = Q(status__in=Complaint.OPEN)
    opened = Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField())
    waiting = Case(When(is_open, then=F("created_at")))  # NULL for the closed ones
    return rows.order_by(opened, waiting.asc(nulls_last=True), F("created_at").desc(), "-pk")


def complaint_counts(user, *, overdue_before=None) -> dict[str, int]:
    """The number of complaints in each state, the open ones ("open") and those open since before `overdue_before`
    ("overdue"), in one query."""
    from django.db.models import Count

    _moderator(user)
    counts = {status: Count("pk", filter=Q(status=status)) for status in Complaint.Status.values}
    counts["open"] = Count("pk", filter=Q(status__in=Complaint.OPEN))
    counts["all"] = Count("pk")
    if overdue_before is not None:
        counts["overdue"] = Count("pk", filter=Q(status__in=Complaint.OPEN, created_at__lt=overdue_before))
    return Complaint.objects.aggregate(**counts)


def complaint_get(user, pk: int, action: str = NEWS) -> Complaint:
    """One complaint with the reader's e-mail, phone and address: for moderators (404 for everyone else)."""
    if not scope_for(user).can(NEWS):
        raise Http404
    try:
        return Complaint.objects.select_related("article", "comment", "decided_by").get(pk=pk)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def complaint_decisions(user, complaint: Complaint) -> list:
    _moderator(user)
    return list(complaint.decisions.select_related("by").order_by("at", "pk"))


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
