"""The Bloc's public news site: Wagtail pages (home, sections, articles) and the readers' moderated comments.

The pages are Wagtail's (drafts, revisions, the moderation workflow, images); the comments are ours: a reader's
comment is held until a moderator decides it, and every decision is kept with its time (CommentDecision), so a
violating comment is provably removed within the hours the law sets (settings.NEWS_COMMENT_DECISION_HOURS).
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index


class NewsIndex(Page):
    """The site's home page: the latest articles of every section."""

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


class SectionPage(Page):
    """A section of the site (Thời sự, Xây dựng Đảng…): its articles, newest first. It belongs to an organisation
    (none: the site's root organisation, the Bloc): whoever's role gives NEWS_WRITE over that organisation writes in
    it (news.editors keeps the section's Wagtail group); the organisation is chosen by a moderator or a superuser."""

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


class ArticlePage(Page):
    """An article: its date, lead, body (paragraphs, images with captions), author or source, related articles.
    Its section is its parent page."""

    date = models.DateField(_("date"))
    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(label=_("paragraph"), features=["bold", "italic", "link", "ol", "ul"])),
            ("image", CaptionedImageBlock(label=_("image with caption"))),
        ],
        verbose_name=_("body"),
        blank=True,
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    related = ParentalManyToManyField("self", symmetrical=False, blank=True, verbose_name=_("related articles"))
    comments_open = models.BooleanField(_("readers may comment"), default=True)

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
        indexes = [models.Index(fields=["date"], name="news_article_date")]

    def get_context(self, request, *args, **kwargs):
        from .selectors import article_context

        context = super().get_context(request, *args, **kwargs)
        context.update(article_context(self, request, form=kwargs.get("comment_form")))
        return context

    def serve(self, request, *args, **kwargs):
        """GET shows the article; POST is a reader's comment (views.comment_post: held for moderation)."""
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
