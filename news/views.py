"""The readers' comment and complaint forms (at the article's own address, served by Wagtail: no login), the
readers' search and feeds (routes of the home and section pages, served by Wagtail: no login), the sitemap, and the
moderators' queues of comments and complaints (the app's pages: login and the action NEWS)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.sitemaps import views as sitemap_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page as WagtailPage
from wagtail.models import Site

from audit.requests import client_ip
from core import security
from core.scope import NEWS, NEWS_WRITE
from core.views import ActionPage, ButtonAction, ObjectPage, Page, apply_validation_error

from . import drafts, selectors, services
from .feeds import ArticleFeed, NewsSitemap
from .forms import CommentForm, ComplaintForm, DismissForm, RejectForm, ReplyForm, ResolveForm, SearchForm
from .models import Comment, Complaint, NewsIndex

SENT = "binh-luan=cho-duyet"


def comment_post(article, request):
    """A reader's comment: held for moderation, then back to the article saying so. A robot that filled the honeypot
    is told the same and nothing is written; a refusal shows the form again with what was typed."""
    form = CommentForm(request.POST)
    done = HttpResponseRedirect(f"{article.url}?{SENT}#binh-luan")
    if form.is_robot():
        return done
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.comment_send(article=article, name=data["name"], email=data["email"], text=data["text"],
                                  ip=client_ip(request), user_agent=request.META.get("HTTP_USER_AGENT", ""))
        except services.RateLimited as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return done
    response = WagtailPage.serve(article, request, comment_form=form)
    response.status_code = status
    return response


def article_search(home, request):
    """The readers' search (/tin-tuc/tim-kiem/?q=…&trang=…): the live public articles holding every word, whatever
    the marks typed ("ha noi" finds "Hà Nội" and the other way round). An empty query shows the box; a query too
    long or of too many words says so on the field (400), nothing searched."""
    form = SearchForm(request.GET)
    valid = form.is_valid()
    words = form.cleaned_data["words"] if valid else []
    context = selectors.search_context(home, words, request.GET.get("trang"))
    context.update(page=home, form=form, query=form.cleaned_data.get("q", "") if valid else request.GET.get("q", ""))
    return TemplateResponse(request, "news/search.html", context, status=200 if valid else 400)


def article_feed(page, request):
    """RSS 2.0 of a section (its page's route rss/) or of the whole site (the home page's)."""
    return ArticleFeed(page)(request)


def sitemap(request):
    """/tin-tuc/sitemap.xml: the news site's live public pages (no login; dangbo.urls)."""
    site = Site.find_for_request(request)
    home = site.root_page.specific if site else None
    if not isinstance(home, NewsIndex):
        raise Http404
    return sitemap_views.sitemap(request, {"tin-tuc": NewsSitemap(home, request)}, template_name="news/sitemap.xml")


class CommentQueue(Page):
    """The moderators' queue: the held comments first (oldest first, those past the legal time marked), the
    decided ones by state."""

    needs = NEWS
    title = gettext_lazy("Reader comments")
    template_name = "news/queue.html"

    def get(self, request, *args, **kwargs):
        status = request.GET.get("status") or Comment.Status.HELD
        if status not in Comment.Status.values:
            errors = [{"name": "status", "label": _("Status"), "messages": [_("Choose a status from the list.")]}]
            return self.render(self.context(filter_errors=errors, comments=[], counts={}), status=400)
        page = Paginator(selectors.comment_queue(self.user, status=status), 25).get_page(request.GET.get("page"))
        hours, overdue_before = selectors.decision_window()
        return self.render(self.context(comments=page, status=status, counts=selectors.comment_counts(self.user),
                                        statuses=Comment.Status.choices, overdue_before=overdue_before,
                                        hours=hours, filter_errors=[]))


class CommentDetail(ObjectPage):
    """One comment with what only moderators see (e-mail, address, browser) and every decision taken on it."""

    selector = selectors.comment_get
    action = NEWS
    template_name = "news/comment.html"

    def get_title(self) -> str:
        return _("Comment of %(name)s") % {"name": self.object.name}

    def crumbs(self):
        from django.urls import reverse

        return [(_("Reader comments"), reverse("news:queue"))]

    def context(self, **extra) -> dict:
        return super().context(decisions=selectors.comment_decisions(self.user, self.object), **extra)


class CommentApprove(ButtonAction):
    selector = selectors.comment_get
    action = NEWS
    success_message = gettext_lazy("The comment is approved: it is shown under the article.")

    def perform(self):
        services.comment_approve(comment=self.object, actor=self.user)


class CommentSpam(ButtonAction):
    selector = selectors.comment_get
    action = NEWS
    success_message = gettext_lazy("The comment is marked as spam.")

    def perform(self):
        services.comment_spam(comment=self.object, actor=self.user)


class CommentReject(ActionPage):
    selector = selectors.comment_get
    action = NEWS
    form_class = RejectForm
    title = gettext_lazy("Reject the comment")
    submit_label = gettext_lazy("Reject")
    success_message = gettext_lazy("The comment is rejected.")
    service = services.comment_reject
    object_kwarg = "comment"


class CommentReply(ActionPage):
    selector = selectors.comment_get
    action = NEWS
    form_class = ReplyForm
    title = gettext_lazy("Reply as the editorial office")
    submit_label = gettext_lazy("Reply")
    success_message = gettext_lazy("The reply is saved.")
    service = services.comment_reply
    object_kwarg = "comment"


# ---- readers' complaints ----------------------------------------------------------------------------------------
# The form is served by Wagtail at the page's own address with ?phan-anh: an article's (a complaint about it or one
# of its comments) or the home page's (about anything on the site). After sending, the reader comes back to the same
# address with the reference code, signed (?phan-anh=PA-2026-0001:<signature>), so no other code can be shown there.

COMPLAINT = "phan-anh"
COMPLAINT_SALT = "news.complaint.sent"


def complaint_page(page, request):
    """GET: the complaint form (or the received notice with the code); POST: the complaint, received, then back with
    its code. A robot that filled the honeypot is told it was received and nothing is written; a refusal shows the
    form again with what was typed (400, or 429 for an address that sent too many)."""
    from django.core import signing
    from django.template.response import TemplateResponse

    from .models import ArticlePage

    article = page if isinstance(page, ArticlePage) else None
    status, sent, form = 200, None, None
    if request.method == "POST":
        form = ComplaintForm(request.POST, article=article)
        if form.is_robot():
            return HttpResponseRedirect(f"{page.url}?{COMPLAINT}=0")
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_send(
                    article=article, comment=data.get("comment"), name=data["name"], email=data["email"],
                    phone=data["phone"], kind=data["kind"], text=data["text"], ip=client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""))
            except services.RateLimited as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                token = signing.Signer(salt=COMPLAINT_SALT).sign(complaint.code)
                return HttpResponseRedirect(f"{page.url}?{urlencode({COMPLAINT: token})}")
    elif request.GET.get(COMPLAINT):
        try:
            sent = signing.Signer(salt=COMPLAINT_SALT).unsign(request.GET[COMPLAINT])
        except signing.BadSignature:
            sent = ""  # the received notice without a code (the honeypot's answer), never a code not signed
    context = selectors.complaint_form_context(page, request, form=form, sent=sent)
    return TemplateResponse(request, "news/complaint_form.html", {"request": request, **context}, status=status)


class ComplaintQueue(Page):
    """The moderators' complaints: the open ones first, oldest first (those open longer than the legal time
    marked), or those of one state."""

    needs = NEWS
    title = gettext_lazy("Reader complaints")
    template_name = "news/complaints.html"

    def get(self, request, *args, **kwargs):
        status = request.GET.get("status") or "open"
        if status not in selectors.COMPLAINT_FILTERS:
            errors = [{"name": "status", "label": _("Status"), "messages": [_("Choose a status from the list.")]}]
            return self.render(self.context(filter_errors=errors, complaints=[], counts={}), status=400)
        hours, overdue_before = selectors.decision_window()
        page = Paginator(selectors.complaint_queue(self.user, status=status), 25).get_page(request.GET.get("page"))
        filters = [("open", _("Open")), *Complaint.Status.choices, ("all", _("All"))]
        return self.render(self.context(complaints=page, status=status, filters=filters, filter_errors=[],
                                        counts=selectors.complaint_counts(self.user, overdue_before=overdue_before),
                                        overdue_before=overdue_before, hours=hours))


class ComplaintDetail(ObjectPage):
    """One complaint with what only moderators see (e-mail, phone, address, browser) and every step taken on it."""

    selector = selectors.complaint_get
    action = NEWS
    template_name = "news/complaint.html"

    def get_title(self) -> str:
        return _("Complaint %(code)s") % {"code": self.object.code}

    def crumbs(self):
        from django.urls import reverse

        return [(_("Reader complaints"), reverse("news:complaints"))]

    def context(self, **extra) -> dict:
        _hours, overdue_before = selectors.decision_window()
        return super().context(decisions=selectors.complaint_decisions(self.user, self.object),
                               overdue=self.object.is_open and self.object.created_at < overdue_before, **extra)


class ComplaintTake(ButtonAction):
    selector = selectors.complaint_get
    action = NEWS
    success_message = gettext_lazy("You have taken the complaint on: it is being handled.")

    def perform(self):
        services.complaint_take(complaint=self.object, actor=self.user)


class _ComplaintStep(ActionPage):
    """A closing step (resolve, dismiss): refused on a complaint already closed, back to its page saying so."""

    selector = selectors.complaint_get
    action = NEWS
    object_kwarg = "complaint"

    def blocked(self):
        if self.object.is_open:
            return None
        messages.error(self.request, _("This complaint is already closed (%(status)s).")
                       % {"status": self.object.get_status_display()})
        return HttpResponseRedirect(self.object.get_absolute_url())


class ComplaintResolve(_ComplaintStep):
    form_class = ResolveForm
    title = gettext_lazy("Resolve the complaint")
    submit_label = gettext_lazy("Resolve")
    success_message = gettext_lazy("The complaint is resolved.")
    service = services.complaint_resolve

    def form_kwargs(self) -> dict:
        return {"complaint": self.object, "user": self.user}


class ComplaintDismiss(_ComplaintStep):
    form_class = DismissForm
    title = gettext_lazy("Dismiss the complaint")
    submit_label = gettext_lazy("Dismiss")
    success_message = gettext_lazy("The complaint is dismissed.")
    service = services.complaint_dismiss


class ArticleDraftFromRecord(ButtonAction):
    """The button on a record's page (news.panels): an unpublished draft article composed from the record, then its
    page in the CMS (or the record's page, for a user who does not use the CMS). For those who see the record and
    may write for the site (drafts.may_draft); a record already drafted opens its article, nothing written."""

    kind = ""

    def guard(self):
        if not drafts.may_draft(self.user):
            security.security_event(security.REFUSED, request=self.request, detail="news draft")
            raise PermissionDenied
        return None

    def back_url(self) -> str:
        return drafts.SOURCES[self.kind].page(self.object)

    def post(self, request, *args, **kwargs):
        try:
            article, created = services.article_draft_from_record(kind=self.kind, record=self.object, actor=self.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(self.back_url())
        url = drafts.article_url(article, self.user)
        if created:
            messages.success(request, _("A draft article is written from the record, unpublished: check it, complete "
                                        "it and submit it for approval."))
        else:
            messages.info(request, _("An article was already drafted from this record; no second one was written."))
        if not url:
            messages.info(request, _("The site's editors complete the article in the news site's editing pages."))
        return redirect(url or self.back_url())


class VisitArticleDraft(ArticleDraftFromRecord):
    kind = drafts.SourceKind.VISIT
    selector = drafts.visit_get


class PilotArticleDraft(ArticleDraftFromRecord):
    kind = drafts.SourceKind.PILOT
    selector = drafts.pilot_get


class CongressArticleDraft(ArticleDraftFromRecord):
    kind = drafts.SourceKind.CONGRESS
    selector = drafts.congress_get


class SectionsWritten(Page):
    """The sections of the news site the user writes (their role's NEWS_WRITE), each with the way into the CMS:
    its articles, a new article. Articles are written and submitted there; the moderators publish them."""

    needs = NEWS_WRITE
    title = gettext_lazy("My news sections")
    template_name = "news/sections.html"

    def get(self, request, *args, **kwargs):
        return self.render(self.context(sections=selectors.sections_written(self.user)))
