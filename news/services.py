"""Every write of the news site's comments: a reader sends one (held), a moderator decides it or replies.

A reader's comment is refused, nothing written, when the address already sent settings.NEWS_COMMENT_RATE comments
in the last NEWS_COMMENT_RATE_MINUTES, when it is longer than NEWS_COMMENT_MAX_LENGTH or holds more than
NEWS_COMMENT_MAX_LINKS links (counted in the database: every process of the application sees the same count, no
outside service). Each moderator's step is kept as a CommentDecision with its time.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.scope import NEWS, scope_for
from core.text import nfc_text

from .models import ArticlePage, Comment, CommentDecision

# A link: an address with its scheme or www. (one link however long), or a bare domain name of a common ending.
LINK = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|vn|info|xyz|ru|top|io|biz)\b", re.IGNORECASE)


class RateLimited(ValidationError):
    """The address sent too many comments lately (the form answers 429)."""


def limits() -> dict:
    return {"rate": settings.NEWS_COMMENT_RATE, "minutes": settings.NEWS_COMMENT_RATE_MINUTES,
            "max_length": settings.NEWS_COMMENT_MAX_LENGTH, "max_links": settings.NEWS_COMMENT_MAX_LINKS}


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))


def recent_from(ip: str | None, *, now=None) -> int:
    if not ip:
        return 0
    since = (now or timezone.now()) - datetime.timedelta(minutes=settings.NEWS_COMMENT_RATE_MINUTES)
    return Comment.objects.filter(ip=ip, created_at__gte=since).count()


def check_text(text: str) -> str:
    """The comment's text, NFC and trimmed, or a refusal on the field `text` (empty, too long, too many links)."""
    text = nfc_text(text)
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    if len(text) > settings.NEWS_COMMENT_MAX_LENGTH:
        raise ValidationError({"text": _("A comment holds at most %(limit)s characters (this one has %(n)s).")
                                       % {"limit": settings.NEWS_COMMENT_MAX_LENGTH, "n": len(text)}})
    if count_links(text) > settings.NEWS_COMMENT_MAX_LINKS:
        raise ValidationError({"text": _("A comment holds at most %(limit)s links.")
                                       % {"limit": settings.NEWS_COMMENT_MAX_LINKS}})
    return text


def comment_send(*, article: ArticlePage, name: str, email: str, text: str, ip: str | None = None,
                 user_agent: str = "") -> Comment:
    """A reader's comment on a live article, held for moderation."""
    if not article.live or not article.comments_open:
        raise ValidationError(_("Comments on this article are closed."))
    with transaction.atomic():
        if ip and recent_from(ip) >= settings.NEWS_COMMENT_RATE:
            raise RateLimited(_("You have sent several comments in a short time. Please try again in %(minutes)s "
                                "minutes.") % {"minutes": settings.NEWS_COMMENT_RATE_MINUTES})
        comment = Comment(article=article, article_title=article.title, name=nfc_text(name),
                          email=(email or "").strip(), text=check_text(text), ip=ip or None,
                          user_agent=(user_agent or "")[:300])
        comment.full_clean()
        comment.save()
    return comment


def _moderator(actor) -> None:
    if not scope_for(actor).can(NEWS):
        raise PermissionDenied


def _decide(comment: Comment, *, actor, status: str, action: str, reason: str = "") -> Comment:
    _moderator(actor)
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        now = timezone.now()
        comment.status = status
        comment.reason = reason
        comment.decided_by = actor
        comment.decided_at = now
        comment.full_clean()
        comment.save()
        CommentDecision.objects.create(comment=comment, action=action, reason=reason, by=actor)
    return comment


def comment_approve(*, comment: Comment, actor) -> Comment:
    """Shown under the article from now on, with its date."""
    return _decide(comment, actor=actor, status=Comment.Status.APPROVED, action=CommentDecision.Action.APPROVE)


def comment_reject(*, comment: Comment, actor, reason: str) -> Comment:
    """Not shown (or no longer shown); the reason is kept."""
    reason = nfc_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the comment is rejected.")})
    return _decide(comment, actor=actor, status=Comment.Status.REJECTED, action=CommentDecision.Action.REJECT,
                   reason=reason)


def comment_spam(*, comment: Comment, actor) -> Comment:
    return _decide(comment, actor=actor, status=Comment.Status.SPAM, action=CommentDecision.Action.SPAM)


def comment_reply(*, comment: Comment, actor, reply: str) -> Comment:
    """The editorial office's reply, shown under the comment once it is approved."""
    _moderator(actor)
    reply = nfc_text(reply)
    if not reply:
        raise ValidationError({"reply": _("Write the reply.")})
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.reply = reply
        comment.replied_at = timezone.now()
        comment.full_clean()
        comment.save()
        CommentDecision.objects.create(comment=comment, action=CommentDecision.Action.REPLY, reason=reply, by=actor)
    return comment


# ---- the site itself --------------------------------------------------------------------------------------------

SECTIONS = (
    ("thoi-su", "Thời sự"),
    ("xay-dung-dang", "Xây dựng Đảng"),
    ("kiem-tra-giam-sat", "Kiểm tra – giám sát"),
    ("guong-dien-hinh", "Gương điển hình"),
    ("van-ban", "Văn bản"),
)


def site_ensure(*, title: str | None = None):
    """The site's home page and its sections, made once (the Wagtail site's root from then on): returns the home
    page. Wagtail's own placeholder welcome page, untouched since its migration, is replaced. The sections are the
    Bloc's: they belong to the tree's root (none when the tree has no single root yet: the same, news.editors)."""
    from wagtail.models import Page, Site

    from organizations.selectors import root_ids

    from .models import NewsIndex, SectionPage

    with transaction.atomic():
        home = NewsIndex.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            home = root.add_child(instance=NewsIndex(title=title or settings.WAGTAIL_SITE_NAME, slug="trang-chu"))
            site = Site.objects.filter(is_default_site=True).first()
            placeholder = site.root_page if site else None
            if site is None:
                Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                    site_name=settings.WAGTAIL_SITE_NAME)
            else:
                site.root_page = home
                site.site_name = settings.WAGTAIL_SITE_NAME
                site.save()
            if placeholder is not None and placeholder.specific_class is Page and placeholder.depth == 2:
                placeholder.delete()
        existing = set(SectionPage.objects.child_of(home).values_list("slug", flat=True))
        roots = root_ids() if set(dict(SECTIONS)) - existing else []
        for slug, name in SECTIONS:
            if slug not in existing:
                home.add_child(instance=SectionPage(title=name, slug=slug,
                                                    organization_id=roots[0] if len(roots) == 1 else None))
    return home
