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
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.locks import serialize
from core.scope import NEWS, scope_for
from core.text import nfc, nfc_text

from .models import ArticlePage, Comment, CommentDecision, Complaint, ComplaintDecision

# A link: an address with its scheme or www. (one link however long), or a bare domain name of a common ending.
LINK = re.compile(r"(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|vn|info|xyz|ru|top|io|biz)\b", re.IGNORECASE)


class RateLimited(ValidationError):
    """The address sent too many comments lately (the form answers 429)."""


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
        if ip:  # two comments from one address at once: the second counts the first (PostgreSQL would not wait)
            serialize(f"news-comment:{ip}")
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


# ---- readers' complaints ----------------------------------------------------------------------------------------
# A complaint is refused, nothing written, on the comments' limits (NEWS_COMMENT_RATE complaints from one address in
# NEWS_COMMENT_RATE_MINUTES, counted on the complaints; NEWS_COMMENT_MAX_LENGTH, NEWS_COMMENT_MAX_LINKS). It gets a
# reference code, PA-<year>-<number>, numbered from 1 each year (documents.numbering's locked counter: two complaints
# sent at once never share a number). Each moderator's step is a ComplaintDecision with its time.

PHONE = re.compile(r"^\+?[0-9 .()-]{6,20}$")
CODE_SERIES = "news/complaints/{year}"


def complaint_code(*, year: int | None = None) -> str:
    """The next reference code of the year (inside the caller's transaction)."""
    from documents.numbering import next_number

    year = year or timezone.localdate().year
    return f"PA-{year}-{next_number(CODE_SERIES.format(year=year)):04d}"


def complaints_from(ip: str | None, *, now=None) -> int:
    if not ip:
        return 0
    since = (now or timezone.now()) - datetime.timedelta(minutes=settings.NEWS_COMMENT_RATE_MINUTES)
    return Complaint.objects.filter(ip=ip, created_at__gte=since).count()


def check_complaint_text(text: str) -> str:
    text = nfc_text(text)
    if not text:
        raise ValidationError({"text": _("Say what is wrong.")})
    if len(text) > settings.NEWS_COMMENT_MAX_LENGTH:
        raise ValidationError({"text": _("A complaint holds at most %(limit)s characters (this one has %(n)s).")
                                       % {"limit": settings.NEWS_COMMENT_MAX_LENGTH, "n": len(text)}})
    if count_links(text) > settings.NEWS_COMMENT_MAX_LINKS:
        raise ValidationError({"text": _("A complaint holds at most %(limit)s links.")
                                       % {"limit": settings.NEWS_COMMENT_MAX_LINKS}})
    return text


def complaint_send(*, article: ArticlePage | None = None, comment: Comment | None = None, name: str, email: str,
                   kind: str, text: str, phone: str = "", ip: str | None = None, user_agent: str = "") -> Complaint:
    """A reader's complaint about a live article (or one of its shown comments), or about the site at large
    (`article` None): received, with its reference code."""
    if article is not None and not article.live:
        raise ValidationError(_("This article is no longer published."))
    if comment is not None and (article is None or comment.article_id != article.pk
                                or comment.status != Comment.Status.APPROVED):
        raise ValidationError({"comment": _("Choose a comment shown under this article.")})
    phone = nfc(phone)
    if phone and not PHONE.match(phone):
        raise ValidationError({"phone": _("Write a phone number (digits, spaces, +).")})
    with transaction.atomic():
        if ip:
            serialize(f"news-complaint:{ip}")
        if ip and complaints_from(ip) >= settings.NEWS_COMMENT_RATE:
            raise RateLimited(_("You have sent several complaints in a short time. Please try again in %(minutes)s "
                                "minutes.") % {"minutes": settings.NEWS_COMMENT_RATE_MINUTES})
        complaint = Complaint(article=article, article_title=article.title if article else "", comment=comment,
                              name=nfc(name), email=(email or "").strip(), phone=phone, kind=kind,
                              text=check_complaint_text(text), ip=ip or None, user_agent=(user_agent or "")[:300])
        complaint.full_clean(exclude=["code"])  # every check before a number is taken
        complaint.code = complaint_code()
        complaint.save()
    return complaint


def _step(complaint: Complaint, *, actor, action: str, note: str = "", status: str | None = None,
          answer: str | None = None) -> Complaint:
    if status is not None:
        complaint.status = status
        if not complaint.is_open:  # taking a complaint on decides nothing: who decided, and when, is who closed it
            complaint.decided_by = actor
            complaint.decided_at = timezone.now()
        if answer is not None:
            complaint.answer = answer
        complaint.full_clean()
        complaint.save()
    ComplaintDecision.objects.create(complaint=complaint, action=action, note=note, by=actor)
    return complaint


def _open(complaint: Complaint, *, actor) -> Complaint:
    """The complaint, locked, if it is still open (a second moderator deciding it meanwhile is told so)."""
    _moderator(actor)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not complaint.is_open:
        raise ValidationError(_("This complaint is already closed (%(status)s).")
                              % {"status": complaint.get_status_display()})
    return complaint


@transaction.atomic
def complaint_take(*, complaint: Complaint, actor) -> Complaint:
    """A moderator takes the complaint on: it is being handled."""
    complaint = _open(complaint, actor=actor)
    if complaint.status != Complaint.Status.RECEIVED:
        raise ValidationError(_("This complaint is already being handled."))
    return _step(complaint, actor=actor, action=ComplaintDecision.Action.TAKE, status=Complaint.Status.HANDLING)


def may_unpublish(complaint: Complaint, actor) -> bool:
    """Whether resolving the complaint may take its article off the site: the article is live and the moderator may
    unpublish it in the CMS (Wagtail's page permissions, the same as in /cms/)."""
    article = complaint.article
    return article is not None and article.live and article.permissions_for_user(actor).can_unpublish()


def may_reject_comment(complaint: Complaint) -> bool:
    """Whether resolving the complaint may reject its comment (one not already hidden)."""
    comment = complaint.comment
    return comment is not None and comment.status not in (Comment.Status.REJECTED, Comment.Status.SPAM)


@transaction.atomic
def complaint_resolve(*, complaint: Complaint, actor, answer: str, unpublish: bool = False,
                      reject_comment: bool = False) -> Complaint:
    """Resolved with the answer to the reader; in the same step, if asked, the article is unpublished (Wagtail's
    unpublish, in its history under the moderator) and the comment rejected (comment_reject, the complaint's code
    and kind as the reason): all or nothing, each kept as a step."""
    complaint = _open(complaint, actor=actor)
    answer = nfc_text(answer)
    errors = {}
    if not answer:
        errors["answer"] = _("Write the answer to the reader.")
    if unpublish and not may_unpublish(complaint, actor):
        errors["unpublish"] = _("The article is not published, or you may not unpublish it in the CMS.")
    if reject_comment and not may_reject_comment(complaint):
        errors["reject_comment"] = _("The complaint names no comment that is still shown.")
    if errors:
        raise ValidationError(errors)
    if unpublish:
        article = complaint.article
        article.unpublish(user=actor)
        _step(complaint, actor=actor, action=ComplaintDecision.Action.UNPUBLISH, note=article.title)
    if reject_comment:
        with translation.override(settings.LANGUAGE_CODE):  # stored: in the site's language, not the moderator's
            reason = _("Complaint %(code)s: %(kind)s") % {"code": complaint.code, "kind": complaint.get_kind_display()}
        comment_reject(comment=complaint.comment, actor=actor, reason=reason)
        _step(complaint, actor=actor, action=ComplaintDecision.Action.REJECT_COMMENT, note=reason)
    return _step(complaint, actor=actor, action=ComplaintDecision.Action.RESOLVE, note=answer,
                 status=Complaint.Status.RESOLVED, answer=answer)


@transaction.atomic
def complaint_dismiss(*, complaint: Complaint, actor, reason: str) -> Complaint:
    """Dismissed: nothing to change on the site; the reason is the answer kept for the reader."""
    complaint = _open(complaint, actor=actor)
    reason = nfc_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the complaint is dismissed.")})
    return _step(complaint, actor=actor, action=ComplaintDecision.Action.DISMISS, note=reason,
                 status=Complaint.Status.DISMISSED, answer=reason)


# ---- articles drafted from the app's records (news.drafts) -------------------------------------------------------

def article_draft_from_record(*, kind: str, record, actor) -> tuple[ArticlePage, bool]:
    """An unpublished draft article composed from one of the app's records (a working-group visit, a cluster pilot
    thematic meeting, a congress: news.drafts says what it may say), in its section, owned by the actor with its first
    revision; never published nor submitted (an editor completes it and sends it through the workflow). For a user
    who sees the record and may write for the site. A record already drafted gives its article back, nothing written:
    (article, False); a new draft is (article, True)."""
    from . import drafts

    source = drafts.SOURCES.get(kind)
    if source is None:
        raise ValidationError(_("Articles are not drafted from this kind of record."))
    if not drafts.may_draft(actor):
        raise PermissionDenied
    try:
        source.get(actor, record.pk)  # the actor sees the record (its own app's selector)
    except Http404:
        raise PermissionDenied from None
    with transaction.atomic():
        # Two clicks at once write one article: the second waits for the first's transaction, then finds it.
        record = source.model.objects.select_for_update().get(pk=record.pk)
        existing = drafts.existing_article(kind, record.pk)
        if existing is not None:
            return existing, False
        source.check(record)
        draft = source.compose(record)
        section = drafts.section_for_actor(source.section, actor, getattr(record, "organization_id", None))
        article = ArticlePage(title=draft.title[:255], slug=drafts.slug_for(draft.title, section), date=draft.date,
                              lead=draft.lead, body=drafts.body_of(draft), live=False, owner=actor,
                              source_kind=kind, source_id=record.pk)
        section.add_child(instance=article)  # Page.save: full_clean, and Wagtail's "created" log entry
        article.save_revision(user=actor, log_action=True)
    return article, True
