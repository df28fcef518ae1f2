"""The Bloc's public news site: Wagtail pages (home, sections, articles) and the readers' moderated comments.

The pages are Wagtail's (drafts, revisions, the moderation workflow, images); the comments are ours: a reader's
comment is held until a moderator decides it, and every decision is kept with its time (CommentDecision), so a
violating comment is provably removed within the hours the law sets (the rule news_decision_hours: Decree 147/2024/NĐ-CP).
Readers' complaints about published content (Complaint) are kept the same way, each step a ComplaintDecision.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from . import search as news_search

# The readers' pages under the home page and each section (RoutablePageMixin: served by Wagtail, no login, behind
# the page's view restriction like the page itself): the search, the RSS feeds. A section or an article may not take
# these as its slug (the route would hide it).
SEARCH_ROUTE = "tim-kiem/"
FEED_ROUTE = "rss/"
RESERVED_SLUGS = frozenset(route.strip("/") for route in (SEARCH_ROUTE, FEED_ROUTE))


def _refuse_reserved_slug(page) -> None:
    if page.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address is taken by the site's search or its feed: choose another.")})


class NewsIndex(RoutablePageMixin, Page):
    """The site's home page: the latest articles of every section; the search and the whole site's feed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage"]
    max_count = 1
    template = "news/index.html"

    class Meta:
        verbose_name = _("news home page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self))
        return context

    def serve(self, request, *args, **kwargs):
        """?phan-anh is the readers' complaint form about the site's content at large (views.complaint_page)."""
        from .views import COMPLAINT, complaint_page

        view = args[0] if args else kwargs.get("view")  # the route RoutablePageMixin resolved
        if COMPLAINT in request.GET and getattr(view, "__name__", "index_route") == "index_route":
            return complaint_page(self, request)  # the home page's own address only: not its search nor its feed
        return super().serve(request, *args, **kwargs)

    @path(SEARCH_ROUTE, name="search")
    def search_view(self, request):
        from .views import article_search

        return article_search(self, request)

    @path(FEED_ROUTE, name="feed")
    def feed_view(self, request):
        from .views import article_feed

        return article_feed(self, request)


class SectionPage(RoutablePageMixin, Page):
    """A section of the site (Thời sự, Xây dựng Đảng…): its articles, newest first; its feed. It belongs to an
    organisation (none: the site's root organisation, the Bloc): whoever's role gives NEWS_WRITE over that
    organisation writes in it (news.editors keeps the section's Wagtail group); the organisation is chosen by a
    moderator or a superuser."""

    intro = models.TextField(_("introduction"), blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="news_sections",
        limit_choices_to={"kind__tier__in": ("superior", "grassroots")}, verbose_name=_("organisation"),
        help_text=_("Whose section this is: the editors of this organisation (and of those above it) write in it. "
                    "Empty: the Bloc's own section."))

    content_panels = [*Page.content_panels, FieldPanel("intro"),
                      FieldPanel("organization", permission="news.set_section_organization")]
    parent_page_types = ["news.NewsIndex"]
    subpage_types = ["news.ArticlePage"]
    template = "news/section.html"

    class Meta:
        verbose_name = _("section")
        permissions = [("set_section_organization", _("Can choose the organisation a news section belongs to"))]

    def get_context(self, request, *args, **kwargs):
        from .selectors import section_context

        context = super().get_context(request, *args, **kwargs)
        context.update(section_context(self, request))
        return context

    def clean(self):
        super().clean()
        _refuse_reserved_slug(self)

    @path(FEED_ROUTE, name="feed")
    def feed_view(self, request):
        from .views import article_feed

        return article_feed(self, request)


class SectionEditors(models.Model):
    """The Wagtail group of a section's writers, kept by news.editors from the app's role assignments: created with
    the section, renamed with it, its members those whose role gives NEWS_WRITE over the section's organisation.
    Never edited by hand (the next sync undoes it); a deleted section leaves the link empty and the sync removes
    the group."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, primary_key=True, related_name="news_section",
                                 verbose_name=_("group"))
    section = models.OneToOneField(SectionPage, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="editors", verbose_name=_("section"))

    class Meta:
        verbose_name = _("editors of a news section")
        verbose_name_plural = _("editors of the news sections")

    def __str__(self) -> str:
        return self.group.name


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=500)

    class Meta:
        icon = "image"
        template = "news/blocks/image.html"


class SourceKind(models.TextChoices):
    """The app's records an article may be drafted from (news.drafts)."""

    VISIT = "visit", _("Working-group visit")
    PILOT = "pilot", _("Cluster pilot thematic meeting")
    CONGRESS = "congress", _("Congress")


class ArticlePage(Page):
    """An article: its date, lead, body (paragraphs, images with captions), author or source, related articles.
    Its section is its parent page. An article drafted from one of the app's records (news.drafts) names it by
    `source_kind` and `source_id`, so that a second request for the same record opens the article already
    written."""

    date = models.DateField(_("date"))
    lead = models.TextField(pgettext_lazy("article", "lead"), blank=True)
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul"])),
            ("image", CaptionedImageBlock(label=_("image with caption"))),
        ],
        verbose_name=pgettext_lazy("article", "body"),
        blank=True,
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    related = ParentalManyToManyField("self", symmetrical=False, blank=True, verbose_name=_("related articles"))
    comments_open = models.BooleanField(_("readers may comment"), default=True)
    # The folded words of the title, lead and body (news.search: why a column, how it is kept and read).
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    # The record the article was drafted from (news.drafts), not editable in the CMS. No database uniqueness: Wagtail
    # copies every field into an alias of the page; the drafting service reads the existing article under a lock on
    # the record instead, and a copy made in the CMS starts without a source (exclude_fields_in_copy).
    source_kind = models.CharField(_("drafted from"), max_length=20, choices=SourceKind.choices, blank=True,
                                   editable=False)
    source_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True, editable=False)

    exclude_fields_in_copy = ["source_kind", "source_id"]
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("author"),
        FieldPanel("source"),
        FieldPanel("related"),
        FieldPanel("comments_open"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []
    template = "news/article.html"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [models.Index(fields=["date"], name="news_article_date"),
                   models.Index(fields=["source_kind", "source_id"], name="news_article_source")]

    def get_context(self, request, *args, **kwargs):
        from .selectors import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(self, request, form=kwargs.get("comment_form")))
        return context

    def clean(self):
        super().clean()
        _refuse_reserved_slug(self)

    def save(self, *args, **kwargs):
        """The folded search text follows the content whenever the content is written (a new page, a publication);
        a save of a few other fields (a draft's revision pointer) leaves it, as it leaves the live content."""
        fields = kwargs.get("update_fields")
        if fields is None or {"title", "lead", "body"} & set(fields):
            self.search_text = news_search.search_text(self.title, self.lead, self.body.raw_data)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_text"}
        return super().save(*args, **kwargs)

    def serializable_data(self):
        """A revision's content without the folded words: save() makes them again when the revision is published."""
        data = super().serializable_data()
        data.pop("search_text", None)
        return data

    def serve(self, request, *args, **kwargs):
        """GET shows the article; POST is a reader's comment (views.comment_post: held for moderation); ?phan-anh is
        the complaint form about the article or one of its comments (views.complaint_page)."""
        from .views import COMPLAINT, complaint_page

        if COMPLAINT in request.GET:
            return complaint_page(self, request)
        if request.method == "POST":
            from .views import comment_post

            return comment_post(self, request)
        return super().serve(request, *args, **kwargs)


class Comment(models.Model):
    """A reader's comment on an article: held until a moderator approves it (then shown with its date), rejects it
    with a reason or marks it spam. The e-mail and address are shown to moderators only."""

    class Status(models.TextChoices):
        HELD = "held", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    # An article deleted in the CMS leaves its comments and their decisions (the proof that a violating comment was
    # removed in time): the link is emptied, the title it had is kept.
    article = models.ForeignKey(ArticlePage, on_delete=models.SET_NULL, null=True, related_name="comments",
                                verbose_name=_("article"))
    article_title = models.CharField(_("article title"), max_length=255, blank=True)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    text = models.TextField(_("comment"))
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HELD)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reply = models.TextField(_("reply of the editorial office"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="news_comment_shown"),
            models.Index(fields=["status", "created_at"], name="news_comment_queue"),
            models.Index(fields=["ip", "created_at"], name="news_comment_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("news:comment", args=[self.pk])


class CommentDecision(models.Model):
    """Every moderation step, kept with its time and moderator (never changed, never deleted)."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        SPAM = "spam", _("Marked as spam")
        REPLY = "reply", _("Replied")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="decisions",
                                verbose_name=_("comment"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


class Complaint(models.Model):
    """A reader's complaint about published content (an article, a reader comment under it, or the site at large),
    with a reference code given to the reader. A moderator takes it on, then resolves it with an answer (taking the
    article off the site or rejecting the comment in the same step, if need be) or dismisses it with a reason; each
    step is a ComplaintDecision with its time. The e-mail, the phone and the address are shown to moderators only."""

    class Kind(models.TextChoices):
        FALSE = "false", _("False information")
        UNLAWFUL = "unlawful", _("Violates the law")
        PRIVACY = "privacy", _("Personal data or privacy")
        COMMENT = "comment", _("Offensive comment")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        HANDLING = "handling", _("Being handled")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    OPEN = (Status.RECEIVED, Status.HANDLING)

    code = models.CharField(_("reference"), max_length=20, unique=True)
    # As for comments: an article deleted in the CMS leaves the complaint (the link emptied, the title it had kept).
    article = models.ForeignKey(ArticlePage, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="complaints", verbose_name=_("article"))
    article_title = models.CharField(_("article title"), max_length=255, blank=True)
    comment = models.ForeignKey(Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints",
                                verbose_name=_("reader comment"))
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    kind = models.CharField(_("what is wrong"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("complaint"))
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(_("answer"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reader complaint")
        verbose_name_plural = _("reader complaints")
        indexes = [
            models.Index(fields=["status", "created_at"], name="news_complaint_queue"),
            models.Index(fields=["ip", "created_at"], name="news_complaint_rate"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:40]}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("news:complaint", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ComplaintDecision(models.Model):
    """Every step taken on a complaint, kept with its time and moderator (never changed, never deleted): taken on,
    the article unpublished, the comment rejected, resolved with the answer, dismissed with the reason."""

    class Action(models.TextChoices):
        TAKE = "take", _("Taken on")
        UNPUBLISH = "unpublish", _("Article unpublished")
        REJECT_COMMENT = "reject", _("Comment rejected")
        RESOLVE = "resolve", _("Resolved")
        DISMISS = "dismiss", _("Dismissed")

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="decisions",
                                  verbose_name=_("complaint"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    note = models.TextField(_("answer or reason"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("complaint decision")
        verbose_name_plural = _("complaint decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"
