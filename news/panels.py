"""The news app's panels on the pages of the apps below it: the button that drafts an article from a working-group
visit, a cluster pilot thematic meeting or a congress (news.drafts), for those who may write for the site. The page
already read the record through its selector; a record with nothing to report (a cancelled pilot) shows no button.
A record already drafted shows the way to its article instead."""

from django.urls import reverse

from . import drafts


def _panel(kind: str):
    source = drafts.SOURCES[kind]

    def context(request, record) -> dict | None:
        user = getattr(request, "user", None)
        if record is None or not isinstance(record, source.model) or not source.reportable(record):
            return None
        if kind == drafts.SourceKind.PILOT and not record.is_pilot:
            return None
        if kind == drafts.SourceKind.CONGRESS and record.kind != record.Kind.CONGRESS:
            return None
        if not drafts.may_draft(user):
            return None
        article = drafts.existing_article(kind, record.pk)
        return {"news_draft": {"kind": kind, "action": reverse(f"news:draft-{kind}", args=[record.pk]),
                               "article": article, "url": drafts.article_url(article, user) if article else ""}}

    return context


visit_panel = _panel(drafts.SourceKind.VISIT)
pilot_panel = _panel(drafts.SourceKind.PILOT)
congress_panel = _panel(drafts.SourceKind.CONGRESS)


def register() -> None:
    from apparatus import hooks as apparatus_hooks
    from core.registry import Panel
    from meetings import hooks as meeting_hooks

    meeting_hooks.visit_actions.register(Panel("news-draft", "news/_draft_button.html", visit_panel, order=50))
    meeting_hooks.meeting_actions.register(Panel("news-draft", "news/_draft_button.html", pilot_panel, order=50))
    apparatus_hooks.term_actions.register(Panel("news-draft", "news/_draft_button.html", congress_panel, order=50))
