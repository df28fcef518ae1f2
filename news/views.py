"""The readers' comment form (posted to the article's own address, served by Wagtail: no login) and the
moderators' queue (the app's pages: login and the action NEWS)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page as WagtailPage

from audit.requests import client_ip
from core.scope import NEWS, NEWS_WRITE
from core.views import ActionPage, ButtonAction, ObjectPage, Page, apply_validation_error

from . import selectors, services
from .forms import CommentForm, RejectForm, ReplyForm
from .models import Comment

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
        overdue_before = timezone.now() - datetime.timedelta(hours=settings.NEWS_COMMENT_DECISION_HOURS)
        return self.render(self.context(comments=page, status=status, counts=selectors.comment_counts(self.user),
                                        statuses=Comment.Status.choices, overdue_before=overdue_before,
                                        filter_errors=[]))


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


class SectionsWritten(Page):
    """The sections of the news site the user writes (their role's NEWS_WRITE), each with the way into the CMS:
    its articles, a new article. Articles are written and submitted there; the moderators publish them."""

    needs = NEWS_WRITE
    title = gettext_lazy("My news sections")
    template_name = "news/sections.html"

    def get(self, request, *args, **kwargs):
        return self.render(self.context(sections=selectors.sections_written(self.user)))
